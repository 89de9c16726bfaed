/**
 * Reading a Kubernetes manifest (several YAML documents, or a `kind: List`) into plain objects,
 * each with the line it starts on, the way `kubectl apply -f` reads a file. Pure; no I/O.
 */
import { ErrorCodes, firstLine, PiraeusError } from '../errors';
import { yamlPackage } from '../resolver/on-demand';
import { goPlainValue } from '../resolver/yaml/scalar';
import { isJsonObject, JsonObject, JsonValue } from '../workloads/json';

/** One object of a manifest and where it stands. */
export interface ManifestObject {
  readonly object: JsonObject;
  /** 1-based line of the document (or List item) in the file. */
  readonly line: number;
}

/** An object's metadata, or an empty object when it has none (read-only use). */
export function metadataOf(o: JsonObject): JsonObject {
  return isJsonObject(o.metadata) ? o.metadata : {};
}

/** An object's `metadata.name`, or '' when it has none. */
export function nameOf(o: JsonObject): string {
  const name = metadataOf(o).name;
  return name === undefined || name === null ? '' : String(name);
}

/** The pod spec of a workload's pod template, or an empty object when it has none (read-only use). */
export function podSpecOf(o: JsonObject): JsonObject {
  const spec = isJsonObject(o.spec) ? o.spec : {};
  const template = isJsonObject(spec.template) ? spec.template : {};
  return isJsonObject(template.spec) ? template.spec : {};
}

/** The containers of a workload's pod template (empty when malformed). */
export function podContainers(o: JsonObject): JsonObject[] {
  const pod = podSpecOf(o);
  return Array.isArray(pod.containers) ? pod.containers.filter(isJsonObject) : [];
}

/** The Secret a pod mounts first, by volume order: where the operator's webhook certificate lives. */
export function firstSecretVolume(o: JsonObject): { readonly volume: string; readonly secretName: string } | undefined {
  const volumes = Array.isArray(podSpecOf(o).volumes) ? (podSpecOf(o).volumes as JsonValue[]).filter(isJsonObject) : [];
  const v = volumes.find((x) => isJsonObject(x.secret) && typeof x.secret.secretName === 'string');
  return v ? { volume: String(v.name), secretName: String((v.secret as JsonObject).secretName) } : undefined;
}

/** `kind/name` (with `namespace/` when set): how messages and diffs name an object. */
export function objectId(o: JsonObject): string {
  const meta = metadataOf(o);
  const ns = typeof meta.namespace === 'string' && meta.namespace !== '' ? `${meta.namespace}/` : '';
  return `${String(o.kind)} ${ns}${String(meta.name)}`;
}

/** The identity the API server uses: group, kind, namespace, name. */
export function objectKey(o: JsonObject): string {
  const apiVersion = typeof o.apiVersion === 'string' ? o.apiVersion : '';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const meta = metadataOf(o);
  return `${group}|${String(o.kind)}|${String(meta.namespace ?? '')}|${String(meta.name)}`;
}

/**
 * Parses manifest text. kubectl reads YAML through go-yaml v2, so YAML 1.1 scalars and `<<` merges
 * apply; duplicate keys keep the last value.
 * @param source file name, for messages
 * @throws PiraeusError INVALID_RELEASE naming the file and line of the first problem
 */
export function parseManifestText(text: string, source: string): ManifestObject[] {
  const fail = (detail: string, line?: number): never => {
    throw new PiraeusError(ErrorCodes.INVALID_RELEASE, detail, { path: line === undefined ? source : `${source}:${line}` });
  };
  if (text.includes('\u0000')) fail('is binary, not a YAML manifest');
  const { isScalar, LineCounter, parseAllDocuments, visit } = yamlPackage();
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { version: '1.1', merge: true, uniqueKeys: false, lineCounter: lines });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: ManifestObject[] = [];
  for (const doc of list) {
    const line = lines.linePos(doc.range[0]).line;
    const [err] = doc.errors;
    if (err) fail(`is not valid YAML: ${firstLine(err.message)}`, lines.linePos(err.pos[0]).line);
    if (doc.contents === null) continue;
    visit(doc, {
      Scalar(_key, node) {
        if (isScalar(node) && node.type === 'PLAIN' && node.tag === undefined && typeof node.source === 'string') node.value = goPlainValue(node.source);
      },
    });
    const value: unknown = doc.toJS({ maxAliasCount: 1000 });
    if (value === null || value === undefined) continue;
    if (!isJsonObject(value) || typeof value.kind !== 'string' || typeof value.apiVersion !== 'string') {
      fail('holds a YAML document that is not a Kubernetes object (no apiVersion and kind)', line);
    }
    const obj = value as JsonObject;
    if (obj.kind === 'List' && Array.isArray(obj.items)) {
      for (const item of obj.items) {
        if (!isJsonObject(item) || typeof item.kind !== 'string') fail('holds a List item that is not a Kubernetes object', line);
        out.push({ object: item as JsonObject, line });
      }
    } else {
      out.push({ object: obj, line });
    }
  }
  if (out.length === 0) fail('holds no Kubernetes objects');
  return out;
}
