/**
 * From ConfigMap data to documents, in the operator's order, and reading a ConfigMap
 * manifest the way `kubectl get configmap -o yaml` prints it.
 */
import { ErrorCodes, firstLine, PiraeusError } from '../errors';
import { DecodedEntries } from './decoded-entries';
import { decodeImageDocument, yamlPackage } from './on-demand';
import { compareBytewise, surprisingKeyOrder } from './order';
import { Diagnostic, DiagnosticCodes, ImageConfigDocument } from './types';
import { isRecord } from './util';
import { goPlainValue } from './yaml/scalar';

/** Documents in the operator's order plus everything worth a warning. */
export interface LoadedImageConfig {
  readonly documents: ImageConfigDocument[];
  readonly diagnostics: Diagnostic[];
}

/** What the API server accepts as a ConfigMap data key. */
const CONFIGMAP_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * Decodes every data entry, in byte-wise key order.
 * @param decoded entries decoded before (a built-in release's defaults, decoded at build time):
 *   one is reused when its key and text are exactly this data's
 * @throws PiraeusError YAML_SYNTAX / DECODE_TYPE naming the key and line: one bad entry rejects
 *   the whole ConfigMap, as in the operator
 */
export function loadImageConfig(data: Readonly<Record<string, string>>, decoded?: DecodedEntries): LoadedImageConfig {
  const entries = Object.entries(data).sort(([a], [b]) => compareBytewise(a, b));
  const diagnostics: Diagnostic[] = [];
  const documents: ImageConfigDocument[] = [];
  for (const [key, text] of entries) {
    if (!CONFIGMAP_KEY.test(key) || key.length > 253) {
      diagnostics.push({
        code: DiagnosticCodes.INVALID_KEY, severity: 'warning', location: { key },
        message: 'is not a valid ConfigMap key (only letters, digits, "-", "_" and "." up to 253 characters); '
          + 'the API server rejects the ConfigMap.',
      });
    }
    const known = decoded?.get(key);
    const entry = known !== undefined && known.text === text ? known.result : decodeImageDocument(key, text);
    documents.push(entry.document);
    diagnostics.push(...entry.diagnostics);
  }
  for (const [earlier, later] of surprisingKeyOrder(entries.map(([key]) => key))) {
    diagnostics.push({
      code: DiagnosticCodes.KEY_ORDER, severity: 'warning', location: { key: earlier },
      message: `sorts before "${later}" (keys are compared byte by byte, not as numbers), so it is read `
        + `first and "${later}" wins over it for every component both define. Pad the numbers (e.g. "02_", "10_").`,
    });
  }
  return { documents, diagnostics };
}

/**
 * Reads one ConfigMap manifest (YAML or JSON) and returns its `.data` the way kubectl reads it
 * (go-yaml v2: YAML 1.1 scalars, `<<` merges, the last of duplicate keys wins; a null value is the
 * empty string, as encoding/json leaves a `map[string]string` value empty). No `.data` (or a null
 * one) is no entries: the operator accepts it. `.binaryData` is ignored as the operator ignores it.
 * @param source file name or `-`, for messages
 */
export function parseConfigMapManifest(text: string, source: string): Record<string, string> {
  const where = { path: source };
  if (text.includes('\u0000')) {
    throw new PiraeusError(ErrorCodes.INVALID_INPUT, 'input is binary, not a YAML or JSON ConfigMap', where);
  }
  if (text.trim() === '') {
    throw new PiraeusError(ErrorCodes.INVALID_INPUT, 'input is empty; expected a ConfigMap as `kubectl get configmap -o yaml` prints it', where);
  }
  const { isScalar, parseAllDocuments, visit } = yamlPackage();
  let docs;
  try {
    docs = parseAllDocuments(text, { prettyErrors: true, version: '1.1', merge: true, uniqueKeys: false });
  } catch (e) {
    throw new PiraeusError(ErrorCodes.INVALID_INPUT, `cannot parse input: ${(e as Error).message}`, where);
  }
  const list = Array.isArray(docs) ? docs : [docs];
  const nonEmpty = list.filter((d) => d.contents !== null);
  for (const d of nonEmpty) {
    const [error] = d.errors;
    if (error) throw new PiraeusError(ErrorCodes.INVALID_INPUT, `not valid YAML: ${firstLine(error.message)}`, where);
  }
  const [doc, ...others] = nonEmpty;
  if (doc === undefined || others.length) {
    throw new PiraeusError(ErrorCodes.INVALID_INPUT,
      `expected exactly one ConfigMap, found ${nonEmpty.length} YAML documents`, where);
  }
  visit(doc, {
    Scalar(_key, node) {
      if (isScalar(node) && node.type === 'PLAIN' && node.tag === undefined && typeof node.source === 'string') {
        node.value = goPlainValue(node.source);
      }
    },
  });
  const obj: unknown = doc.toJS({ maxAliasCount: 100 });
  if (!isRecord(obj) || obj.kind !== 'ConfigMap') {
    const kind = isRecord(obj) && typeof obj.kind === 'string' ? `kind ${obj.kind}` : 'no kind';
    throw new PiraeusError(ErrorCodes.INVALID_INPUT, `expected a ConfigMap, found ${kind}`, where);
  }
  if (obj.data === undefined || obj.data === null) return Object.create(null) as Record<string, string>;
  if (!isRecord(obj.data)) {
    throw new PiraeusError(ErrorCodes.INVALID_INPUT, '.data must be a mapping of key to text', where);
  }
  // A null prototype, so a key such as `__proto__` is stored as data.
  const data: Record<string, string> = Object.create(null);
  for (const key of Object.keys(obj.data)) {
    const value = obj.data[key] === null ? '' : obj.data[key];
    if (typeof value !== 'string') {
      throw new PiraeusError(ErrorCodes.INVALID_INPUT,
        `.data["${key}"] must be a string (the API server rejects anything else), found ${value === null ? 'null' : typeof value}`, where);
    }
    data[key] = value;
  }
  return data;
}
