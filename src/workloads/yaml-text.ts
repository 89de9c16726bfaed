/**
 * Plain JSON written as block-style YAML, fast enough for a preview of thousands of workloads.
 * A string is written plain only when go-yaml reads the same string back (`isPlainString`), it
 * does not start with a digit, and it holds nothing YAML treats specially; anything else is a JSON string, which is also a valid
 * YAML double-quoted scalar. Keys keep the object's order. Pure.
 */
import { isPlainString } from '../resolver/yaml/scalar';
import { JsonValue } from './json';

// Never plain when it starts with a digit: YAML 1.2 readers take `0o17` or `1e3` as numbers.
const SAFE_PLAIN = /^[A-Za-z_/$(][A-Za-z0-9_./$()=-]*$/;

/** A scalar string as YAML text. */
export function yamlString(s: string): string {
  return SAFE_PLAIN.test(s) && isPlainString(s) ? s : JSON.stringify(s);
}

/** Strings seen in one call, written once: a preview repeats the same values thousands of times. */
type StringCache = Map<string, string>;

function cachedString(s: string, cache: StringCache): string {
  let out = cache.get(s);
  if (out === undefined) {
    out = yamlString(s);
    cache.set(s, out);
  }
  return out;
}

function scalar(v: JsonValue, cache: StringCache): string | undefined {
  if (v === null) return 'null';
  if (typeof v === 'string') return cachedString(v, cache);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : JSON.stringify(String(v));
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return v.length === 0 ? '[]' : undefined;
  return Object.keys(v).length === 0 ? '{}' : undefined;
}

function write(v: JsonValue, indent: string, out: string[], cache: StringCache): void {
  if (Array.isArray(v)) {
    for (const item of v) {
      const s = scalar(item, cache);
      if (s !== undefined) {
        out.push(`${indent}- ${s}\n`);
      } else {
        // The first line of a nested block goes after the dash; the rest keeps the indent.
        const inner: string[] = [];
        write(item, `${indent}  `, inner, cache);
        // A collection that is not written inline has at least one line.
        out.push(`${indent}- ${inner[0]!.slice(indent.length + 2)}`, ...inner.slice(1));
      }
    }
    return;
  }
  for (const [k, item] of Object.entries(v as Record<string, JsonValue>)) {
    const s = scalar(item, cache);
    const key = cachedString(k, cache);
    if (s !== undefined) {
      out.push(`${indent}${key}: ${s}\n`);
    } else {
      out.push(`${indent}${key}:\n`);
      write(item, Array.isArray(item) ? indent : `${indent}  `, out, cache);
    }
  }
}

/** Objects as a multi-document YAML stream (`---` between documents). */
export function toYamlDocuments(objects: readonly JsonValue[]): string {
  const out: string[] = [];
  const cache: StringCache = new Map();
  objects.forEach((o, i) => {
    if (i > 0) out.push('---\n');
    const s = scalar(o, cache);
    if (s !== undefined) out.push(`${s}\n`);
    else write(o, '', out, cache);
  });
  return out.join('');
}
