/**
 * Offline checks of an OLM bundle, the ones `operator-sdk bundle validate` makes without a network
 * and the ones OLM needs at install time: the CSV against the structural schema, required fields,
 * owned CRDs present in `manifests/` (and every CRD there owned), webhook deployments in the
 * install strategy, every Deployment's ServiceAccount granted, related images that parse and, when
 * the CSV claims disconnected support, that carry digests; the bundle metadata and Dockerfile
 * labels. Each finding names its file and field.
 *
 * Pure: reads the file map, no I/O.
 */
import { firstLine, formatProblem } from '../errors';
import { yamlPackage } from '../resolver/on-demand';
import { parseNormalizedReference } from '../resolver/reference';
import { compareCodeUnits } from '../resolver/util';
import { isJsonObject, JsonObject, JsonValue } from '../workloads/json';
import { FEATURE_ANNOTATION_PREFIX, isDigestPinned, REQUIRED_FEATURES } from './olm';
import { BUNDLE_ANNOTATIONS, BUNDLE_MEDIA_TYPE } from './olm-bundle';
import { checkSchema } from './olm-csv-schema';

/** Stable codes of the bundle checks. */
export const OlmBundleRules = {
  /** The CSV does not fit the ClusterServiceVersion schema. */
  SCHEMA: 'OLM_SCHEMA',
  /** A field the CSV needs is missing or malformed. */
  REQUIRED_FIELD: 'OLM_REQUIRED_FIELD',
  /** An owned CRD is not in manifests/, or a CRD there is not owned. */
  CRD_OWNERSHIP: 'OLM_CRD_OWNERSHIP',
  /** A webhook names a Deployment the install strategy does not have. */
  WEBHOOK_DEPLOYMENT: 'OLM_WEBHOOK_DEPLOYMENT',
  /** A Deployment runs as a ServiceAccount the CSV grants nothing (OLM would not create it). */
  SERVICE_ACCOUNT: 'OLM_SERVICE_ACCOUNT',
  /** A related image is empty or not a valid reference. */
  RELATED_IMAGE: 'OLM_RELATED_IMAGE',
  /** The CSV claims disconnected support but an image has no digest. */
  DISCONNECTED: 'OLM_DISCONNECTED',
  /** metadata/annotations.yaml or bundle.Dockerfile is missing or inconsistent. */
  BUNDLE_METADATA: 'OLM_BUNDLE_METADATA',
} as const;

/** One finding. */
export interface BundleProblem {
  readonly severity: 'error' | 'warning';
  /** A value of `OlmBundleRules`. */
  readonly rule: string;
  /** The file, relative to the bundle directory. */
  readonly file: string;
  /** The field, when the finding is about one. */
  readonly field?: string;
  readonly message: string;
}

/** `<file> <field>: <message> [RULE]`. */
export function formatBundleProblem(p: BundleProblem): string {
  return formatProblem({ path: p.field ? `${p.file} ${p.field}` : p.file }, p.message, p.rule);
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
const DNS_SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;

/** The objects of one YAML or JSON file; a file that does not parse yields one problem. */
function documentsOf(path: string, text: string, problems: BundleProblem[]): JsonObject[] {
  try {
    const docs = yamlPackage().parseAllDocuments(text);
    const out: JsonObject[] = [];
    for (const d of docs) {
      if (d.errors.length) throw d.errors[0];
      const v = d.toJSON() as unknown;
      if (isJsonObject(v)) out.push(v);
    }
    return out;
  } catch (e) {
    problems.push({ severity: 'error', rule: OlmBundleRules.BUNDLE_METADATA, file: path, message: `does not parse: ${firstLine((e as Error).message)}` });
    return [];
  }
}

function list(v: JsonValue | undefined): JsonObject[] {
  return Array.isArray(v) ? v.filter(isJsonObject) : [];
}

function obj(v: JsonValue | undefined): JsonObject {
  return isJsonObject(v) ? v : {};
}

/** The manifests of a bundle: every object of every file under `manifests/`. */
export interface BundleManifest {
  readonly file: string;
  readonly object: JsonObject;
}

/** Reads the objects under `manifests/`. */
export function bundleManifests(files: Readonly<Record<string, string>>, problems: BundleProblem[] = []): BundleManifest[] {
  const out: BundleManifest[] = [];
  for (const [path, text] of Object.entries(files).sort(([a], [b]) => compareCodeUnits(a, b))) {
    if (!path.startsWith('manifests/') || !/\.(ya?ml|json)$/.test(path)) continue;
    for (const object of documentsOf(path, text, problems)) out.push({ file: path, object });
  }
  return out;
}

/** Checks the CSV alone (schema, required fields, related images, disconnected). */
function checkCsv(file: string, csv: JsonObject, problems: BundleProblem[]): void {
  const add = (rule: string, field: string | undefined, message: string, severity: 'error' | 'warning' = 'error'): void => {
    problems.push({ severity, rule, file, field, message });
  };
  for (const f of checkSchema(csv)) add(OlmBundleRules.SCHEMA, f.field, f.message, f.severity);
  const metadata = obj(csv.metadata);
  const spec = obj(csv.spec);
  const name = metadata.name;
  if (typeof name !== 'string' || name === '') add(OlmBundleRules.REQUIRED_FIELD, 'metadata.name', 'is required');
  else if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) add(OlmBundleRules.REQUIRED_FIELD, 'metadata.name', `${JSON.stringify(name)} is not a DNS subdomain`);
  if (typeof spec.displayName !== 'string' || spec.displayName === '') add(OlmBundleRules.REQUIRED_FIELD, 'spec.displayName', 'is required');
  if (typeof spec.version !== 'string' || !SEMVER.test(spec.version)) add(OlmBundleRules.REQUIRED_FIELD, 'spec.version', `must be a semantic version; is ${JSON.stringify(spec.version ?? null)}`);
  if (spec.minKubeVersion !== undefined && (typeof spec.minKubeVersion !== 'string' || !SEMVER.test(spec.minKubeVersion))) {
    add(OlmBundleRules.REQUIRED_FIELD, 'spec.minKubeVersion', `must be a semantic version; is ${JSON.stringify(spec.minKubeVersion)}`);
  }
  const install = obj(spec.install);
  if (install.strategy !== 'deployment') add(OlmBundleRules.REQUIRED_FIELD, 'spec.install.strategy', `must be "deployment"; is ${JSON.stringify(install.strategy ?? null)}`);
  if (list(obj(install.spec).deployments).length === 0) add(OlmBundleRules.REQUIRED_FIELD, 'spec.install.spec.deployments', 'must name at least one Deployment');
  const modes = list(spec.installModes);
  if (!modes.some((m) => m.supported === true)) add(OlmBundleRules.REQUIRED_FIELD, 'spec.installModes', 'must support at least one install mode');
  const annotations = obj(metadata.annotations);
  const examples = annotations['alm-examples'];
  if (typeof examples === 'string') {
    try {
      if (!Array.isArray(JSON.parse(examples))) add(OlmBundleRules.REQUIRED_FIELD, 'metadata.annotations["alm-examples"]', 'must be a JSON list');
    } catch {
      add(OlmBundleRules.REQUIRED_FIELD, 'metadata.annotations["alm-examples"]', 'is not valid JSON');
    }
  }
  for (const f of REQUIRED_FEATURES) {
    const key = FEATURE_ANNOTATION_PREFIX + f;
    const v = annotations[key];
    if (v !== 'true' && v !== 'false') add(OlmBundleRules.REQUIRED_FIELD, `metadata.annotations["${key}"]`, `must be "true" or "false"; is ${JSON.stringify(v ?? null)}`);
  }
  const related = list(spec.relatedImages);
  related.forEach((r, i) => {
    const field = `spec.relatedImages[${i}].image`;
    if (typeof r.image !== 'string' || r.image === '') {
      add(OlmBundleRules.RELATED_IMAGE, field, 'is empty');
      return;
    }
    try {
      parseNormalizedReference(r.image);
    } catch (e) {
      add(OlmBundleRules.RELATED_IMAGE, field, `${JSON.stringify(r.image)} is not a valid image reference: ${(e as { detail?: string }).detail ?? (e as Error).message}`);
    }
  });
  if (annotations[`${FEATURE_ANNOTATION_PREFIX}disconnected`] === 'true') {
    if (related.length === 0) add(OlmBundleRules.DISCONNECTED, 'spec.relatedImages', 'is empty, but the CSV claims disconnected support');
    related.forEach((r, i) => {
      if (typeof r.image === 'string' && !isDigestPinned(r.image)) {
        add(OlmBundleRules.DISCONNECTED, `spec.relatedImages[${i}].image`, `${r.image} has no digest, but the CSV claims disconnected support`);
      }
    });
    list(obj(install.spec).deployments).forEach((d, i) => {
      const pod = obj(obj(obj(d.spec).template).spec);
      for (const part of ['initContainers', 'containers'] as const) {
        list(pod[part]).forEach((c, j) => {
          if (typeof c.image === 'string' && !isDigestPinned(c.image)) {
            add(OlmBundleRules.DISCONNECTED, `spec.install.spec.deployments[${i}].spec.template.spec.${part}[${j}].image`,
              `${c.image} has no digest, but the CSV claims disconnected support`);
          }
        });
      }
    });
  }
}

/** Checks the CSV against the other manifests (CRDs, webhooks, ServiceAccounts). */
function checkConsistency(file: string, csv: JsonObject, manifests: readonly BundleManifest[], problems: BundleProblem[]): void {
  const spec = obj(csv.spec);
  const installSpec = obj(obj(spec.install).spec);
  const crds = manifests.filter((m) => m.object.kind === 'CustomResourceDefinition');
  const owned = list(obj(spec.customresourcedefinitions).owned);
  const ownedNames = new Set<string>();
  owned.forEach((o, i) => {
    const field = `spec.customresourcedefinitions.owned[${i}]`;
    ownedNames.add(String(o.name));
    const crd = crds.find((c) => obj(c.object.metadata).name === o.name);
    if (!crd) {
      problems.push({ severity: 'error', rule: OlmBundleRules.CRD_OWNERSHIP, file, field, message: `owns ${String(o.name)}, but manifests/ has no such CustomResourceDefinition` });
      return;
    }
    const crdSpec = obj(crd.object.spec);
    const kind = obj(crdSpec.names).kind;
    if (kind !== o.kind) problems.push({ severity: 'error', rule: OlmBundleRules.CRD_OWNERSHIP, file, field: `${field}.kind`, message: `is ${JSON.stringify(o.kind)}, but ${crd.file} defines kind ${JSON.stringify(kind)}` });
    const served = list(crdSpec.versions).filter((v) => v.served !== false).map((v) => v.name);
    if (!served.includes(o.version as string)) {
      problems.push({ severity: 'error', rule: OlmBundleRules.CRD_OWNERSHIP, file, field: `${field}.version`, message: `is ${JSON.stringify(o.version)}, but ${crd.file} serves ${served.join(', ') || 'no version'}` });
    }
  });
  for (const c of crds) {
    const name = String(obj(c.object.metadata).name);
    if (!ownedNames.has(name)) problems.push({ severity: 'error', rule: OlmBundleRules.CRD_OWNERSHIP, file: c.file, message: `CustomResourceDefinition ${name} is in the bundle but the CSV does not own it` });
  }
  const deployments = list(installSpec.deployments);
  const deploymentNames = new Set(deployments.map((d) => String(d.name)));
  list(spec.webhookdefinitions).forEach((w, i) => {
    const field = `spec.webhookdefinitions[${i}].deploymentName`;
    if (typeof w.deploymentName !== 'string' || w.deploymentName === '') {
      problems.push({ severity: 'error', rule: OlmBundleRules.WEBHOOK_DEPLOYMENT, file, field, message: 'is required' });
    } else if (!deploymentNames.has(w.deploymentName)) {
      problems.push({ severity: 'error', rule: OlmBundleRules.WEBHOOK_DEPLOYMENT, file, field,
        message: `${JSON.stringify(w.deploymentName)} is not a Deployment of the install strategy (${[...deploymentNames].sort(compareCodeUnits).join(', ') || 'none'})` });
    }
  });
  const granted = new Set([...list(installSpec.permissions), ...list(installSpec.clusterPermissions)].map((p) => String(p.serviceAccountName)));
  deployments.forEach((d, i) => {
    const sa = obj(obj(obj(d.spec).template).spec).serviceAccountName;
    if (typeof sa === 'string' && sa !== 'default' && !granted.has(sa)) {
      problems.push({ severity: 'error', rule: OlmBundleRules.SERVICE_ACCOUNT, file, field: `spec.install.spec.deployments[${i}].spec.template.spec.serviceAccountName`,
        message: `${JSON.stringify(sa)} has no permissions or clusterPermissions entry, so OLM would not create it` });
    }
  });
}

/** Checks metadata/annotations.yaml and bundle.Dockerfile. */
function checkMetadata(files: Readonly<Record<string, string>>, problems: BundleProblem[]): void {
  const file = 'metadata/annotations.yaml';
  const add = (f: string, field: string | undefined, message: string): void => {
    problems.push({ severity: 'error', rule: OlmBundleRules.BUNDLE_METADATA, file: f, field, message });
  };
  if (files[file] === undefined) return add(file, undefined, 'is missing');
  const doc = documentsOf(file, files[file], problems)[0] ?? {};
  const annotations = obj(doc.annotations);
  const want: Record<string, string> = {
    [BUNDLE_ANNOTATIONS.mediaType]: BUNDLE_MEDIA_TYPE, [BUNDLE_ANNOTATIONS.manifests]: 'manifests/', [BUNDLE_ANNOTATIONS.metadata]: 'metadata/',
  };
  for (const [k, v] of Object.entries(want)) if (annotations[k] !== v) add(file, `annotations["${k}"]`, `must be ${JSON.stringify(v)}; is ${JSON.stringify(annotations[k] ?? null)}`);
  const pkg = annotations[BUNDLE_ANNOTATIONS.package];
  if (typeof pkg !== 'string' || pkg === '') add(file, `annotations["${BUNDLE_ANNOTATIONS.package}"]`, 'is required');
  const channels = typeof annotations[BUNDLE_ANNOTATIONS.channels] === 'string' ? (annotations[BUNDLE_ANNOTATIONS.channels] as string).split(',').filter((c) => c !== '') : [];
  if (!channels.length) add(file, `annotations["${BUNDLE_ANNOTATIONS.channels}"]`, 'must name at least one channel');
  const def = annotations[BUNDLE_ANNOTATIONS.defaultChannel];
  if (def !== undefined && !channels.includes(def as string)) add(file, `annotations["${BUNDLE_ANNOTATIONS.defaultChannel}"]`, `${JSON.stringify(def)} is not one of the channels`);
  const dockerfile = files['bundle.Dockerfile'];
  if (dockerfile === undefined) return add('bundle.Dockerfile', undefined, 'is missing');
  const labels = new Map<string, string>();
  for (const line of dockerfile.split('\n')) {
    const m = /^LABEL\s+([^=\s]+)=(.*)$/.exec(line.trim());
    if (m) labels.set(m[1]!, m[2]!.trim()); // both groups take part in every match
  }
  for (const k of Object.keys(annotations).sort(compareCodeUnits)) {
    if (labels.get(k) !== String(annotations[k])) add('bundle.Dockerfile', `LABEL ${k}`, `must be ${JSON.stringify(String(annotations[k]))} as in ${file}; is ${JSON.stringify(labels.get(k) ?? null)}`);
  }
}

/**
 * Validates a bundle given as path -> content. Errors first, then warnings, each group in file
 * and field order.
 */
export function validateOlmBundle(files: Readonly<Record<string, string>>): BundleProblem[] {
  const problems: BundleProblem[] = [];
  const manifests = bundleManifests(files, problems);
  const csvs = manifests.filter((m) => m.object.kind === 'ClusterServiceVersion');
  if (csvs.length !== 1) {
    problems.push({ severity: 'error', rule: OlmBundleRules.REQUIRED_FIELD, file: 'manifests/', message: `must hold exactly one ClusterServiceVersion; holds ${csvs.length}` });
  }
  for (const csv of csvs.slice(0, 1)) {
    checkCsv(csv.file, csv.object, problems);
    checkConsistency(csv.file, csv.object, manifests, problems);
  }
  checkMetadata(files, problems);
  const rank = (p: BundleProblem) => (p.severity === 'error' ? 0 : 1);
  return problems.map((p, i) => ({ p, i })).sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i).map((x) => x.p);
}
