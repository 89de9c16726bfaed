/**
 * Offline validation of piraeus.io/v1 objects against the vendored CRDs (crds/piraeus.io.yaml).
 *
 * Each CRD's openAPIV3Schema is converted to an ajv schema:
 * - `x-kubernetes-int-or-string: true` becomes `anyOf: [integer, string]`;
 * - the other `x-kubernetes-*` keywords are registered as annotations (no-ops), except that
 *   `x-kubernetes-list-type: map` / `set` also reject duplicate keys / items, as the API server does;
 * - Kubernetes formats (int32, int64, byte, date-time, ...) come from ajv-formats;
 * - `nullable` is kept (ajv understands it);
 * - strict mode: every object schema that lists `properties` and does not carry
 *   `x-kubernetes-preserve-unknown-fields` gets `additionalProperties: false`, so unknown fields are
 *   reported instead of being pruned silently (like `kubectl --validate=strict`).
 *
 * Not covered: CEL rules (`x-kubernetes-validations`; the vendored CRDs have none), defaulting, and
 * the API server's own metadata checks beyond the ones done here.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { AnySchemaObject, ErrorObject, SchemaValidateFunction, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parseAllDocuments } from 'yaml';

export const CRD_FILE = path.resolve(__dirname, '..', '..', 'crds', 'piraeus.io.yaml');
export const PIRAEUS_API_VERSION = 'piraeus.io/v1';

type Json = Record<string, any>;

let cachedDocs: any[] | undefined;

/** All documents of crds/piraeus.io.yaml, parsed (a fresh deep copy on every call). */
export function crdDocuments(): any[] {
  if (!cachedDocs) {
    const text = fs.readFileSync(CRD_FILE, 'utf8');
    const docs = parseAllDocuments(text);
    const parsed: any[] = [];
    for (const doc of docs) {
      if (doc.errors.length > 0) {
        throw new Error(`${CRD_FILE}: ${doc.errors.map((e) => e.message).join('; ')}`);
      }
      const value = doc.toJS();
      if (value !== null && value !== undefined) {
        parsed.push(value);
      }
    }
    cachedDocs = parsed;
  }
  return JSON.parse(JSON.stringify(cachedDocs));
}

const NO_OP_KEYWORDS = [
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
];

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Converts one (structural) Kubernetes OpenAPI v3 schema node into an ajv schema. */
export function toAjvSchema(node: unknown, strict = true): unknown {
  if (!isObject(node)) {
    return node;
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    switch (key) {
      case 'properties':
      case 'patternProperties':
      case 'definitions': {
        const props: Json = {};
        for (const [name, sub] of Object.entries(value as Json)) {
          props[name] = toAjvSchema(sub, strict);
        }
        out[key] = props;
        break;
      }
      case 'items':
      case 'additionalProperties':
      case 'not':
        out[key] = Array.isArray(value) ? value.map((v) => toAjvSchema(v, strict)) : toAjvSchema(value, strict);
        break;
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        out[key] = (value as unknown[]).map((v) => toAjvSchema(v, strict));
        break;
      default:
        out[key] = value;
    }
  }

  if (node['x-kubernetes-int-or-string'] === true) {
    delete out.type;
    const alternatives = [{ type: 'integer' }, { type: 'string' }];
    if (out.anyOf) {
      out.allOf = [...(out.allOf ?? []), { anyOf: out.anyOf }];
    }
    out.anyOf = alternatives;
  }

  const preserveUnknown = node['x-kubernetes-preserve-unknown-fields'] === true;
  if (strict && isObject(node.properties) && !preserveUnknown && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  return out;
}

/** Rejects duplicate entries in `x-kubernetes-list-type: map` (by key tuple) and `set` lists. */
const listTypeCheck: SchemaValidateFunction = (listType: string, data: unknown, parentSchema?: AnySchemaObject): boolean => {
  const errors: Partial<ErrorObject>[] = [];
  listTypeCheck.errors = errors;
  if (!Array.isArray(data) || (listType !== 'map' && listType !== 'set')) {
    return true;
  }
  const keys: string[] = listType === 'map' ? (parentSchema?.['x-kubernetes-list-map-keys'] ?? []) : [];
  const seen = new Map<string, number>();
  data.forEach((item, index) => {
    const identity = listType === 'map'
      ? JSON.stringify(keys.map((k) => (isObject(item) ? item[k] : undefined)))
      : JSON.stringify(item);
    const first = seen.get(identity);
    if (first !== undefined) {
      const what = listType === 'map' ? `key ${keys.join(',')}=${identity}` : `value ${identity}`;
      errors.push({
        keyword: 'x-kubernetes-list-type',
        message: `must not contain duplicate ${what} (items ${first} and ${index})`,
        params: { listType, first, duplicate: index },
      });
    } else {
      seen.set(identity, index);
    }
  });
  return errors.length === 0;
};

function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: true, strictRequired: false });
  addFormats(ajv);
  for (const keyword of NO_OP_KEYWORDS) {
    ajv.addKeyword({ keyword });
  }
  ajv.addKeyword({ keyword: 'x-kubernetes-list-type', schemaType: 'string', validate: listTypeCheck, errors: true });
  return ajv;
}

interface KindEntry {
  readonly crd: any;
  readonly validate: ValidateFunction;
}

let cachedKinds: Map<string, KindEntry> | undefined;

function kinds(): Map<string, KindEntry> {
  if (!cachedKinds) {
    const ajv = newAjv();
    const map = new Map<string, KindEntry>();
    for (const crd of crdDocuments()) {
      if (crd?.kind !== 'CustomResourceDefinition') {
        continue;
      }
      const version = (crd.spec?.versions ?? []).find((v: any) => `${crd.spec.group}/${v.name}` === PIRAEUS_API_VERSION);
      if (!version) {
        continue;
      }
      const schema = toAjvSchema(version.schema.openAPIV3Schema) as AnySchemaObject;
      map.set(crd.spec.names.kind, { crd, validate: ajv.compile(schema) });
    }
    cachedKinds = map;
  }
  return cachedKinds;
}

/** Kinds defined by the vendored CRDs, e.g. `LinstorCluster`. */
export function knownKinds(): string[] {
  return [...kinds().keys()];
}

function formatError(e: ErrorObject): string {
  const where = e.instancePath === '' ? '/' : e.instancePath;
  let text = `${where} ${e.message ?? e.keyword}`;
  if (e.keyword === 'additionalProperties') {
    text += ` (${e.params.additionalProperty})`;
  } else if (e.keyword === 'enum') {
    text += ` (${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')})`;
  }
  return text;
}

/**
 * Validates a piraeus.io/v1 object (as it would be applied) against the vendored CRDs.
 * Returns human-readable problems; an empty array means the object is valid.
 */
export function validatePiraeusObject(obj: unknown): string[] {
  if (!isObject(obj)) {
    return ['object must be a mapping'];
  }
  const problems: string[] = [];
  if (obj.apiVersion !== PIRAEUS_API_VERSION) {
    problems.push(`apiVersion must be ${PIRAEUS_API_VERSION} (got ${JSON.stringify(obj.apiVersion)})`);
  }
  const entry = typeof obj.kind === 'string' ? kinds().get(obj.kind) : undefined;
  if (!entry) {
    problems.push(`kind must be one of ${knownKinds().join(', ')} (got ${JSON.stringify(obj.kind)})`);
    return problems;
  }

  const metadata = obj.metadata;
  if (!isObject(metadata)) {
    problems.push('metadata is required');
  } else {
    if (typeof metadata.name !== 'string' || metadata.name === '') {
      problems.push('metadata.name is required');
    }
    if (metadata.namespace !== undefined && entry.crd.spec.scope === 'Cluster') {
      problems.push(`metadata.namespace must not be set: ${obj.kind} is cluster-scoped`);
    }
  }

  if (!entry.validate(obj)) {
    for (const e of entry.validate.errors ?? []) {
      const text = formatError(e);
      if (!problems.includes(text)) {
        problems.push(text);
      }
    }
  }
  return problems;
}
