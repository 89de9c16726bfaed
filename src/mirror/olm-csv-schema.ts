/**
 * A structural schema of `operators.coreos.com/v1alpha1` ClusterServiceVersion: the field names,
 * types and required fields of OLM's API (operator-framework/api,
 * pkg/operators/v1alpha1/clusterserviceversion_types.go), as a JSON-schema subset, and a small
 * checker for it. Objects marked `open` keep unknown fields as Kubernetes objects embedded in the
 * CSV do (a Deployment spec, a label selector); elsewhere an unknown field is one the API server
 * would prune, reported as a warning.
 *
 * Pure: no cdk8s, no I/O, no validator library.
 */

/** The subset of JSON schema the checker understands. */
export interface CsvSchema {
  readonly type?: 'object' | 'array' | 'string' | 'integer' | 'boolean';
  readonly properties?: Readonly<Record<string, CsvSchema>>;
  readonly required?: readonly string[];
  readonly items?: CsvSchema;
  /** A map whose values all have this schema. */
  readonly additionalProperties?: CsvSchema;
  readonly enum?: readonly string[];
  /** Integer or string (`x-kubernetes-int-or-string`). */
  readonly 'x-kubernetes-int-or-string'?: boolean;
  /** Unknown fields are kept (`x-kubernetes-preserve-unknown-fields`). */
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
}

const str: CsvSchema = { type: 'string' };
const strings: CsvSchema = { type: 'array', items: str };
const stringMap: CsvSchema = { type: 'object', additionalProperties: str };
const open: CsvSchema = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };

const policyRule: CsvSchema = {
  type: 'object', required: ['verbs'],
  properties: { apiGroups: strings, nonResourceURLs: strings, resourceNames: strings, resources: strings, verbs: strings },
};
const permission: CsvSchema = {
  type: 'object', required: ['rules', 'serviceAccountName'],
  properties: { rules: { type: 'array', items: policyRule }, serviceAccountName: str },
};
const descriptor: CsvSchema = {
  type: 'object', required: ['path'],
  properties: { 'description': str, 'displayName': str, 'path': str, 'value': str, 'x-descriptors': strings },
};
const crdDescription: CsvSchema = {
  type: 'object', required: ['kind', 'name', 'version'],
  properties: {
    actionDescriptors: { type: 'array', items: descriptor },
    description: str,
    displayName: str,
    kind: str,
    name: str,
    resources: { type: 'array', items: { type: 'object', required: ['kind', 'name', 'version'], properties: { kind: str, name: str, version: str } } },
    specDescriptors: { type: 'array', items: descriptor },
    statusDescriptors: { type: 'array', items: descriptor },
    version: str,
  },
};
const apiServiceDescription: CsvSchema = {
  type: 'object', required: ['group', 'kind', 'name', 'version'],
  properties: {
    actionDescriptors: { type: 'array', items: descriptor }, containerPort: { type: 'integer' }, deploymentName: str, description: str,
    displayName: str, group: str, kind: str, name: str,
    resources: { type: 'array', items: { type: 'object', required: ['kind', 'name', 'version'], properties: { kind: str, name: str, version: str } } },
    specDescriptors: { type: 'array', items: descriptor }, statusDescriptors: { type: 'array', items: descriptor }, version: str,
  },
};
const webhookRule: CsvSchema = {
  type: 'object',
  properties: { apiGroups: strings, apiVersions: strings, operations: strings, resources: strings, scope: str },
};

/** The ClusterServiceVersion schema. */
export const CLUSTER_SERVICE_VERSION_SCHEMA: CsvSchema = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { type: 'string', enum: ['operators.coreos.com/v1alpha1'] },
    kind: { type: 'string', enum: ['ClusterServiceVersion'] },
    metadata: open,
    spec: {
      type: 'object',
      required: ['displayName', 'install'],
      properties: {
        annotations: stringMap,
        apiservicedefinitions: { type: 'object', properties: { owned: { type: 'array', items: apiServiceDescription }, required: { type: 'array', items: apiServiceDescription } } },
        cleanup: { type: 'object', required: ['enabled'], properties: { enabled: { type: 'boolean' } } },
        customresourcedefinitions: { type: 'object', properties: { owned: { type: 'array', items: crdDescription }, required: { type: 'array', items: crdDescription } } },
        description: str,
        displayName: str,
        icon: { type: 'array', items: { type: 'object', required: ['base64data', 'mediatype'], properties: { base64data: str, mediatype: str } } },
        install: {
          type: 'object', required: ['strategy'],
          properties: {
            spec: {
              type: 'object', required: ['deployments'],
              properties: {
                clusterPermissions: { type: 'array', items: permission },
                deployments: {
                  type: 'array',
                  items: { type: 'object', required: ['name', 'spec'], properties: { label: stringMap, name: str, spec: open } },
                },
                permissions: { type: 'array', items: permission },
              },
            },
            strategy: str,
          },
        },
        installModes: { type: 'array', items: { type: 'object', required: ['supported', 'type'], properties: { supported: { type: 'boolean' }, type: str } } },
        keywords: strings,
        labels: stringMap,
        links: { type: 'array', items: { type: 'object', properties: { name: str, url: str } } },
        maintainers: { type: 'array', items: { type: 'object', properties: { email: str, name: str } } },
        maturity: str,
        minKubeVersion: str,
        nativeAPIs: { type: 'array', items: { type: 'object', required: ['group', 'kind', 'version'], properties: { group: str, kind: str, version: str } } },
        provider: { type: 'object', properties: { name: str, url: str } },
        relatedImages: { type: 'array', items: { type: 'object', required: ['image', 'name'], properties: { image: str, name: str } } },
        replaces: str,
        selector: open,
        skips: strings,
        version: str,
        webhookdefinitions: {
          type: 'array',
          items: {
            type: 'object', required: ['admissionReviewVersions', 'generateName', 'sideEffects', 'type'],
            properties: {
              admissionReviewVersions: strings,
              containerPort: { type: 'integer' },
              conversionCRDs: strings,
              deploymentName: str,
              failurePolicy: str,
              generateName: str,
              matchPolicy: str,
              objectSelector: open,
              reinvocationPolicy: str,
              rules: { type: 'array', items: webhookRule },
              sideEffects: str,
              targetPort: { 'x-kubernetes-int-or-string': true },
              timeoutSeconds: { type: 'integer' },
              type: { type: 'string', enum: ['ValidatingAdmissionWebhook', 'MutatingAdmissionWebhook', 'ConversionWebhook'] },
              webhookPath: str,
            },
          },
        },
      },
    },
    status: open,
  },
};

/** One finding of the schema check. */
export interface SchemaFinding {
  /** `error` for a wrong type or missing field, `warning` for a field the API server would prune. */
  readonly severity: 'error' | 'warning';
  /** The field, as a path (`spec.install.spec.deployments[0].name`). */
  readonly field: string;
  readonly message: string;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function join(path: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;
}

/** Checks `value` against `schema`; findings in document order. */
export function checkSchema(value: unknown, schema: CsvSchema = CLUSTER_SERVICE_VERSION_SCHEMA, path = ''): SchemaFinding[] {
  const out: SchemaFinding[] = [];
  const at = path === '' ? '(the document)' : path;
  if (schema['x-kubernetes-int-or-string']) {
    if (typeOf(value) !== 'integer' && typeof value !== 'string') out.push({ severity: 'error', field: at, message: `must be an integer or a string, is ${typeOf(value)}` });
    return out;
  }
  if (schema.type !== undefined && typeOf(value) !== schema.type) {
    out.push({ severity: 'error', field: at, message: `must be ${schema.type === 'integer' || schema.type === 'array' || schema.type === 'object' ? 'an' : 'a'} ${schema.type}, is ${typeOf(value)}` });
    return out;
  }
  if (schema.enum && !schema.enum.includes(value as string)) {
    out.push({ severity: 'error', field: at, message: `must be one of ${schema.enum.join(', ')}; is ${JSON.stringify(value)}` });
  }
  if (schema.type === 'array' && schema.items) {
    (value as unknown[]).forEach((item, i) => out.push(...checkSchema(item, schema.items, `${path}[${i}]`)));
  }
  if (schema.type === 'object') {
    const obj = value as Record<string, unknown>;
    for (const r of schema.required ?? []) {
      if (!Object.prototype.hasOwnProperty.call(obj, r)) out.push({ severity: 'error', field: join(path, r), message: 'is required' });
    }
    for (const key of Object.keys(obj)) {
      const own = schema.properties && Object.prototype.hasOwnProperty.call(schema.properties, key) ? schema.properties[key] : undefined;
      const sub = own ?? schema.additionalProperties;
      if (sub) out.push(...checkSchema(obj[key], sub, join(path, key)));
      else if (!schema['x-kubernetes-preserve-unknown-fields']) {
        out.push({ severity: 'warning', field: join(path, key), message: 'is not a field of the API; the API server drops it' });
      }
    }
  }
  return out;
}
