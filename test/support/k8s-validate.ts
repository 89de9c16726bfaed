/**
 * Offline validation of every object this library emits.
 *
 * - Built-in kinds: the matching kubernetes-models 4.x class (`new Deployment(obj).validate()`),
 *   plus checks kubernetes-models does not do: the top-level fields of the object and of its
 *   `metadata` must be ones the kind has (kubernetes-models ignores unknown fields), `metadata.name`
 *   is required, and cluster-scoped kinds must not carry `metadata.namespace`.
 * - `piraeus.io/v1` kinds: `validatePiraeusObject` (ajv against the vendored CRDs, strict: unknown
 *   fields are rejected).
 * - cert-manager `Issuer` / `Certificate`: a minimal shape check (no schema is vendored).
 *
 * An apiVersion/kind pair without a validator throws: a new kind must be added here on purpose,
 * never skipped silently.
 */
import Ajv from 'ajv';
import * as admissionregistration from 'kubernetes-models/admissionregistration.k8s.io/v1';
import * as apiextensions from 'kubernetes-models/apiextensions.k8s.io/v1';
import * as apps from 'kubernetes-models/apps/v1';
import * as networking from 'kubernetes-models/networking.k8s.io/v1';
import * as policy from 'kubernetes-models/policy/v1';
import * as rbac from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import * as storage from 'kubernetes-models/storage.k8s.io/v1';
import * as core from 'kubernetes-models/v1';
import { PIRAEUS_API_VERSION, validatePiraeusObject } from './crd-validator';

type Json = Record<string, any>;

/** A kubernetes-models class: constructed from plain data, `validate()` throws on a problem. */
type ModelClass = new (data: any) => { validate(): void };

interface BuiltinKind {
  readonly model: ModelClass;
  readonly clusterScoped: boolean;
  /** Top-level fields besides apiVersion, kind and metadata. */
  readonly fields: readonly string[];
}

const WORKLOAD = ['spec', 'status'];

/** apiVersion/kind -> validator. */
const BUILTIN: Readonly<Record<string, BuiltinKind>> = {
  'v1/Namespace': { model: core.Namespace, clusterScoped: true, fields: WORKLOAD },
  'v1/ConfigMap': { model: core.ConfigMap, clusterScoped: false, fields: ['data', 'binaryData', 'immutable'] },
  'v1/Secret': { model: core.Secret, clusterScoped: false, fields: ['data', 'stringData', 'type', 'immutable'] },
  'v1/ServiceAccount': { model: core.ServiceAccount, clusterScoped: false, fields: ['secrets', 'imagePullSecrets', 'automountServiceAccountToken'] },
  'v1/Service': { model: core.Service, clusterScoped: false, fields: WORKLOAD },
  'v1/Pod': { model: core.Pod, clusterScoped: false, fields: WORKLOAD },
  'v1/PersistentVolumeClaim': { model: core.PersistentVolumeClaim, clusterScoped: false, fields: WORKLOAD },
  'apps/v1/Deployment': { model: apps.Deployment, clusterScoped: false, fields: WORKLOAD },
  'apps/v1/DaemonSet': { model: apps.DaemonSet, clusterScoped: false, fields: WORKLOAD },
  'apps/v1/StatefulSet': { model: apps.StatefulSet, clusterScoped: false, fields: WORKLOAD },
  'networking.k8s.io/v1/NetworkPolicy': { model: networking.NetworkPolicy, clusterScoped: false, fields: ['spec'] },
  'policy/v1/PodDisruptionBudget': { model: policy.PodDisruptionBudget, clusterScoped: false, fields: WORKLOAD },
  'rbac.authorization.k8s.io/v1/ClusterRole': { model: rbac.ClusterRole, clusterScoped: true, fields: ['rules', 'aggregationRule'] },
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': { model: rbac.ClusterRoleBinding, clusterScoped: true, fields: ['roleRef', 'subjects'] },
  'rbac.authorization.k8s.io/v1/Role': { model: rbac.Role, clusterScoped: false, fields: ['rules'] },
  'rbac.authorization.k8s.io/v1/RoleBinding': { model: rbac.RoleBinding, clusterScoped: false, fields: ['roleRef', 'subjects'] },
  'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration': {
    model: admissionregistration.ValidatingWebhookConfiguration, clusterScoped: true, fields: ['webhooks'],
  },
  'apiextensions.k8s.io/v1/CustomResourceDefinition': { model: apiextensions.CustomResourceDefinition, clusterScoped: true, fields: WORKLOAD },
  'storage.k8s.io/v1/StorageClass': {
    model: storage.StorageClass, clusterScoped: true,
    fields: ['provisioner', 'parameters', 'reclaimPolicy', 'mountOptions', 'allowVolumeExpansion', 'volumeBindingMode', 'allowedTopologies'],
  },
};

const METADATA_FIELDS = new Set([
  'name', 'generateName', 'namespace', 'labels', 'annotations', 'finalizers', 'ownerReferences',
  'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'managedFields', 'selfLink',
]);

/** Kinds whose objects are never namespaced (built-in, piraeus.io and cert-manager alike). */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  ...Object.entries(BUILTIN).filter(([, v]) => v.clusterScoped).map(([k]) => k.slice(k.lastIndexOf('/') + 1)),
  'LinstorCluster', 'LinstorSatellite', 'LinstorSatelliteConfiguration', 'LinstorNodeConnection', 'ClusterIssuer',
]);

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isNonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v !== '';
}

/** DNS-1123 subdomain (object names). */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function metadataProblems(obj: Json, clusterScoped: boolean): string[] {
  const problems: string[] = [];
  const md = obj.metadata;
  if (!isObject(md)) return ['metadata is required'];
  for (const key of Object.keys(md)) {
    if (!METADATA_FIELDS.has(key)) problems.push(`metadata.${key} is not an ObjectMeta field`);
  }
  if (!isNonEmptyString(md.name)) {
    problems.push('metadata.name is required');
  } else if (md.name.length > 253 || !DNS_SUBDOMAIN.test(md.name)) {
    problems.push(`metadata.name ${JSON.stringify(md.name)} is not a DNS-1123 subdomain`);
  }
  if (clusterScoped && md.namespace !== undefined) {
    problems.push(`metadata.namespace must not be set: ${obj.kind} is cluster-scoped`);
  }
  for (const field of ['labels', 'annotations']) {
    const map = md[field];
    if (map === undefined) continue;
    if (!isObject(map)) {
      problems.push(`metadata.${field} must be a map`);
      continue;
    }
    for (const [k, v] of Object.entries(map)) {
      if (typeof v !== 'string') problems.push(`metadata.${field}.${k} must be a string`);
    }
  }
  return problems;
}

function builtinProblems(obj: Json, kind: BuiltinKind): string[] {
  const problems = metadataProblems(obj, kind.clusterScoped);
  const allowed = new Set(['apiVersion', 'kind', 'metadata', ...kind.fields]);
  for (const key of Object.keys(obj)) {
    if (!allowed.has(key)) problems.push(`${key} is not a field of ${obj.kind}`);
  }
  try {
    new kind.model(obj).validate();
  } catch (e) {
    problems.push(`kubernetes-models: ${e instanceof Error ? e.message : String(e)}`);
  }
  return problems;
}

const CERT_MANAGER_API_VERSION = 'cert-manager.io/v1';
const ISSUER_TYPES = ['selfSigned', 'ca', 'acme', 'vault', 'venafi'];
const CERTIFICATE_SPEC_FIELDS = new Set([
  'secretName', 'issuerRef', 'dnsNames', 'commonName', 'duration', 'renewBefore', 'ipAddresses', 'uris',
  'emailAddresses', 'usages', 'privateKey', 'isCA', 'subject', 'secretTemplate', 'keystores', 'literalSubject',
  'revisionHistoryLimit', 'additionalOutputFormats', 'nameConstraints', 'otherNames', 'encodeUsagesInRequest', 'renewBeforePercentage',
]);

function certManagerProblems(obj: Json): string[] {
  const clusterScoped = obj.kind === 'ClusterIssuer';
  const problems = metadataProblems(obj, clusterScoped);
  if (!clusterScoped && !isNonEmptyString(obj.metadata?.namespace)) problems.push(`metadata.namespace is required for ${obj.kind}`);
  for (const key of Object.keys(obj)) {
    if (!['apiVersion', 'kind', 'metadata', 'spec', 'status'].includes(key)) problems.push(`${key} is not a field of ${obj.kind}`);
  }
  const spec = obj.spec;
  if (!isObject(spec)) return [...problems, 'spec is required'];
  if (obj.kind === 'Issuer' || obj.kind === 'ClusterIssuer') {
    const types = Object.keys(spec).filter((k) => ISSUER_TYPES.includes(k));
    const unknown = Object.keys(spec).filter((k) => !ISSUER_TYPES.includes(k));
    if (types.length !== 1) problems.push(`spec must set exactly one issuer type of ${ISSUER_TYPES.join(', ')} (got ${types.join(', ') || 'none'})`);
    for (const k of unknown) problems.push(`spec.${k} is not an Issuer field`);
    for (const t of types) if (!isObject(spec[t])) problems.push(`spec.${t} must be an object`);
  } else {
    for (const k of Object.keys(spec)) if (!CERTIFICATE_SPEC_FIELDS.has(k)) problems.push(`spec.${k} is not a Certificate field`);
    if (!isNonEmptyString(spec.secretName)) problems.push('spec.secretName is required');
    const ref = spec.issuerRef;
    if (!isObject(ref) || !isNonEmptyString(ref.name)) problems.push('spec.issuerRef.name is required');
    else if (ref.kind !== undefined && !['Issuer', 'ClusterIssuer'].includes(ref.kind) && ref.group === undefined) {
      problems.push(`spec.issuerRef.kind must be Issuer or ClusterIssuer (got ${JSON.stringify(ref.kind)})`);
    }
    if (spec.dnsNames !== undefined && (!Array.isArray(spec.dnsNames) || !spec.dnsNames.every(isNonEmptyString))) {
      problems.push('spec.dnsNames must be a list of non-empty strings');
    }
    if (spec.dnsNames === undefined && spec.commonName === undefined && spec.ipAddresses === undefined && spec.uris === undefined) {
      problems.push('spec needs at least one of dnsNames, commonName, ipAddresses, uris');
    }
  }
  return problems;
}

/**
 * The external-snapshotter v1 VolumeSnapshotClass schema, as facts from
 * kubernetes-csi/external-snapshotter client/config/crd/snapshot.storage.k8s.io_volumesnapshotclasses.yaml
 * @ 0e0475953e86523f32e36f4dcb08b9959c97e18d: `driver` and `deletionPolicy` (Delete or Retain) are
 * required, `parameters` is a map of strings; plus: no other top-level fields, a DNS name, no namespace.
 */
const validateSnapshotClass = new Ajv({ allErrors: true }).compile({
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'driver', 'deletionPolicy'],
  additionalProperties: false,
  properties: {
    apiVersion: { const: 'snapshot.storage.k8s.io/v1' },
    kind: { const: 'VolumeSnapshotClass' },
    metadata: {
      type: 'object', required: ['name'], not: { required: ['namespace'] },
      properties: { name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$' } },
    },
    driver: { type: 'string' },
    deletionPolicy: { enum: ['Delete', 'Retain'] },
    parameters: { type: 'object', additionalProperties: { type: 'string' } },
  },
});

/**
 * Validates one emitted object. Returns its problems (empty: valid).
 * @throws Error when no validator knows the object's apiVersion and kind
 */
export function validateK8sObject(obj: unknown): string[] {
  if (!isObject(obj)) return ['object must be a mapping'];
  const { apiVersion, kind } = obj;
  if (!isNonEmptyString(apiVersion) || !isNonEmptyString(kind)) return ['apiVersion and kind are required'];
  if (apiVersion === PIRAEUS_API_VERSION) return validatePiraeusObject(obj);
  if (apiVersion === CERT_MANAGER_API_VERSION && ['Issuer', 'ClusterIssuer', 'Certificate'].includes(kind)) return certManagerProblems(obj);
  if (apiVersion === 'snapshot.storage.k8s.io/v1' && kind === 'VolumeSnapshotClass') {
    return validateSnapshotClass(obj) ? [] : (validateSnapshotClass.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
  }
  const builtin = BUILTIN[`${apiVersion}/${kind}`];
  if (!builtin) {
    throw new Error(`k8s-validate: no validator for ${apiVersion} ${kind} (${JSON.stringify(obj.metadata?.name)}); add it to test/support/k8s-validate.ts`);
  }
  return builtinProblems(obj, builtin);
}

/** A readable label for an object: `Kind namespace/name`. */
export function describeObject(obj: Json): string {
  const md = isObject(obj?.metadata) ? obj.metadata : {};
  return `${obj?.kind} ${md.namespace ? `${md.namespace}/` : ''}${md.name}`;
}

/**
 * Validates every object; returns `Kind ns/name: problem` lines (empty when all are valid), so a
 * test can `expect(validateAll(objs)).toEqual([])` and see every problem at once.
 */
export function validateAll(objects: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const obj of objects) {
    for (const p of validateK8sObject(obj)) out.push(`${describeObject(obj as Json)}: ${p}`);
  }
  return out;
}
