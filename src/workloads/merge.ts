/**
 * Strategic merge of a patch into a Deployment/DaemonSet, the way kustomize applies the operator's
 * patches and the `podTemplate` shortcut (`kind: <Kind>, spec: {template: <podTemplate>}`) before
 * it replaces images.
 *
 * What is implemented (pod-template subset of the core/v1 and apps/v1 patch strategies):
 * - maps merge recursively; a `null` value deletes the key;
 * - lists with a patch merge key are merged element by element (existing order kept, new elements
 *   appended): `containers`, `initContainers`, `ephemeralContainers`, `volumes`, `env`,
 *   `imagePullSecrets`, `resourceClaims`, `schedulingGates` by `name`; `volumeMounts` by
 *   `mountPath`; `volumeDevices` by `devicePath`; container `ports` by `containerPort`;
 *   `hostAliases` by `ip`; `topologySpreadConstraints` by `topologyKey`;
 * - every other list (`args`, `command`, `tolerations`, `nodeSelectorTerms`, capabilities, ...) is
 *   replaced as a whole;
 * - directives: `$patch: delete` on a list element (matched by merge key) or on a map,
 *   `$patch: replace` on a map, a `{$patch: replace}` element replacing the whole list,
 *   `$retainKeys`, `$deleteFromPrimitiveList/<field>`; `$setElementOrder/<field>` is accepted and
 *   ignored (kustomize's kyaml merge does not reorder either).
 *
 * Not implemented: JSON 6902 patches, merge keys of kinds other than pod templates, and kyaml's
 * schema-less key inference for custom resources.
 */
import { ErrorCodes, PiraeusError } from '../errors';
import { cloneJson, getOwn, hasOwn, isJsonObject, JsonObject, JsonValue, setOwn } from './json';

/** Patch merge keys of the pod-template fields, by field name. */
export const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  env: 'name',
  imagePullSecrets: 'name',
  resourceClaims: 'name',
  schedulingGates: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  ports: 'containerPort',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
};

const DELETE_FROM_PRIMITIVE = '$deleteFromPrimitiveList/';
const SET_ELEMENT_ORDER = '$setElementOrder/';

function bad(path: string, detail: string): never {
  throw new PiraeusError(ErrorCodes.INVALID_PROPS, `${path}: ${detail}`);
}

/** Removes directives and null members from a value that is being added (nothing to merge into). */
function materialize(value: JsonValue, path: string, field?: string): JsonValue | undefined {
  if (Array.isArray(value)) {
    const out: JsonValue[] = [];
    value.forEach((v, i) => {
      if (isJsonObject(v) && getOwn(v, '$patch') === 'replace' && Object.keys(v).length === 1) return;
      if (field && MERGE_KEYS[field] && isJsonObject(v) && getOwn(v, '$patch') === 'delete') return;
      const m = materialize(v, `${path}[${i}]`);
      if (m !== undefined) out.push(m);
    });
    return out;
  }
  if (isJsonObject(value)) {
    const directive = getOwn(value, '$patch');
    if (directive === 'delete') return undefined;
    const out: JsonObject = {};
    for (const key of Object.keys(value)) {
      if (key.startsWith('$')) continue;
      const v = value[key];
      if (v === null || v === undefined) continue;
      const m = materialize(v, `${path}.${key}`, key);
      if (m !== undefined) setOwn(out, key, m);
    }
    return out;
  }
  return value;
}

function mergeList(target: JsonValue[] | undefined, patch: JsonValue[], path: string, field: string): JsonValue[] {
  const mergeKey = MERGE_KEYS[field];
  const replaceAll = patch.some((p) => isJsonObject(p) && getOwn(p, '$patch') === 'replace' && Object.keys(p).length === 1);
  if (!mergeKey || replaceAll || target === undefined) {
    return (materialize(patch, path, replaceAll ? undefined : field) as JsonValue[] | undefined) ?? [];
  }
  const result: JsonValue[] = target.map((t) => cloneJson(t));
  patch.forEach((element, i) => {
    const at = `${path}[${i}]`;
    if (!isJsonObject(element)) bad(at, `must be an object with "${mergeKey}"`);
    if (!hasOwn(element, mergeKey)) bad(at, `has no "${mergeKey}" (the merge key of ${field})`);
    const key = element[mergeKey];
    const index = result.findIndex((r) => isJsonObject(r) && hasOwn(r, mergeKey) && r[mergeKey] === key);
    const directive = getOwn(element, '$patch');
    if (directive === 'delete') {
      if (index >= 0) result.splice(index, 1);
      return;
    }
    if (directive === 'replace') {
      const replaced = materialize(element, at);
      if (replaced === undefined) return;
      if (index >= 0) result[index] = replaced;
      else result.push(replaced);
      return;
    }
    if (index >= 0) {
      const merged = mergeValue(result[index], element, at, undefined);
      if (merged === undefined) result.splice(index, 1);
      else result[index] = merged;
    } else {
      const added = materialize(element, at);
      if (added !== undefined) result.push(added);
    }
  });
  return result;
}

function mergeObject(target: JsonObject | undefined, patch: JsonObject, path: string): JsonObject | undefined {
  const directive = getOwn(patch, '$patch');
  if (directive === 'delete') return undefined;
  if (directive === 'replace') return (materialize({ ...patch, $patch: null }, path) as JsonObject | undefined) ?? {};
  if (directive !== undefined && directive !== 'merge') bad(path, `unknown $patch directive ${JSON.stringify(directive)}`);

  const result: JsonObject = target ? cloneJson(target) : {};
  for (const key of Object.keys(patch)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith(SET_ELEMENT_ORDER)) continue;
    const value = patch[key];
    if (value === undefined) continue;
    if (key.startsWith(DELETE_FROM_PRIMITIVE)) {
      const field = key.slice(DELETE_FROM_PRIMITIVE.length);
      const current = getOwn(result, field);
      if (Array.isArray(value) && Array.isArray(current)) {
        setOwn(result, field, current.filter((c) => !value.some((v) => v === c)));
      }
      continue;
    }
    if (key.startsWith('$')) bad(`${path}.${key}`, 'unknown directive');
    if (value === null) {
      delete result[key];
      continue;
    }
    const merged = mergeValue(getOwn(result, key), value, `${path}.${key}`, key);
    if (merged === undefined) delete result[key];
    else setOwn(result, key, merged);
  }
  const retain = getOwn(patch, '$retainKeys');
  if (Array.isArray(retain)) {
    for (const key of Object.keys(result)) {
      if (!retain.includes(key)) delete result[key];
    }
  }
  return result;
}

function mergeValue(target: JsonValue | undefined, patch: JsonValue, path: string, field: string | undefined): JsonValue | undefined {
  if (isJsonObject(patch)) return mergeObject(isJsonObject(target) ? target : undefined, patch, path);
  if (Array.isArray(patch)) return mergeList(Array.isArray(target) ? target : undefined, patch, path, field ?? '');
  return patch;
}

/**
 * Returns a new object: `target` with the strategic-merge `patch` applied. Neither argument is
 * modified. `path` names the patch in error messages (`PiraeusError` `INVALID_PROPS`).
 */
export function strategicMerge(target: JsonObject, patch: JsonObject, path = 'patch'): JsonObject {
  return mergeObject(target, patch, path) ?? {};
}
