/**
 * Plain JSON values as Kubernetes reads them, and the few helpers the workload code needs.
 *
 * Everything in `src/workloads` builds and returns plain objects (no classes, no cdk8s), so that a
 * rendered workload can be compared with `kubectl get -o json` output field by field.
 */

import { isRecord } from '../resolver/util';

/** Code-unit string comparison, for deterministic sorting (one implementation: `compareCodeUnits`). */
export { compareCodeUnits as compareStrings } from '../resolver/util';

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** True for a non-null, non-array object. */
export function isJsonObject(value: unknown): value is JsonObject {
  return isRecord(value);
}

/** Own-property lookup that never consults the prototype chain (`__proto__`, `constructor`). */
export function hasOwn(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** Reads an own property, or undefined. */
export function getOwn(obj: JsonObject, key: string): JsonValue | undefined {
  return hasOwn(obj, key) ? obj[key] : undefined;
}

/**
 * Sets an own property, also for keys such as `__proto__` that a plain assignment would turn into
 * a prototype change.
 */
export function setOwn(obj: JsonObject, key: string, value: JsonValue): void {
  // defineProperty is only needed for `__proto__`; it turns objects into slow dictionaries.
  if (key === '__proto__') {
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}

/**
 * Deep copy of a JSON-compatible value. `undefined` members are dropped (as `JSON.stringify`
 * would); anything that is not JSON (functions, symbols, class instances with methods) is
 * rejected by the caller's validation before it gets here.
 */
export function cloneJson<T extends JsonValue>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => cloneJson(v)) as T;
  if (isJsonObject(value)) {
    const out: JsonObject = {};
    for (const key of Object.keys(value)) {
      const v = value[key];
      if (v === undefined) continue;
      setOwn(out, key, cloneJson(v));
    }
    return out as T;
  }
  return value;
}

/**
 * Checks that `value` is plain JSON (strings, finite numbers, booleans, null, arrays, plain
 * objects; `undefined` members allowed and ignored). Returns a description of the first offending
 * path, or undefined when it is fine.
 */
export function findNonJson(value: unknown, path = ''): string | undefined {
  if (value === null) return undefined;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `${path || '<root>'} is not a finite number`;
    case 'object': {
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const bad = findNonJson(value[i], `${path}[${i}]`);
          if (bad) return bad;
        }
        return undefined;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        return `${path || '<root>'} is not a plain object`;
      }
      for (const key of Object.keys(value)) {
        const v = (value as Record<string, unknown>)[key];
        if (v === undefined) continue;
        const bad = findNonJson(v, path ? `${path}.${key}` : key);
        if (bad) return bad;
      }
      return undefined;
    }
    default:
      return `${path || '<root>'} is a ${typeof value}, not JSON`;
  }
}

/** Walks `obj` along `keys`, returning undefined as soon as a step is missing or not an object. */
export function getPath(obj: JsonValue | undefined, keys: readonly string[]): JsonValue | undefined {
  let cur: JsonValue | undefined = obj;
  for (const k of keys) {
    if (!isJsonObject(cur)) return undefined;
    cur = getOwn(cur, k);
  }
  return cur;
}

/** Walks `obj` along `keys`, creating empty objects where a step is missing. */
export function ensurePath(obj: JsonObject, keys: readonly string[]): JsonObject {
  let cur = obj;
  for (const k of keys) {
    const next = getOwn(cur, k);
    if (isJsonObject(next)) {
      cur = next;
    } else {
      const created: JsonObject = {};
      setOwn(cur, k, created);
      cur = created;
    }
  }
  return cur;
}
