/**
 * The objects of an operator install, built from a release's own objects: relocated to the
 * chosen namespace, with the chosen operator image, image ConfigMap data and manager variables,
 * and (optionally) cert-manager in place of gencert. Pure: constructs only emit what this returns.
 */
import { ErrorCodes, PiraeusError } from '../errors';
import { compareBytewise } from '../resolver/order';
import { isJsonObject, JsonObject, JsonValue } from '../workloads/json';
import { certManagerCertificate, selfSignedBootstrapIssuer } from './cert-manager';
import { CertManagerIssuerRef, customizeInstall, CustomizeOptions, WebhookSecretSource } from './customize';
import { GENCERT_CONTAINER, layoutObject, MANAGER_CONTAINER } from './load';
import { firstSecretVolume, podContainers } from './manifest';
import { OperatorRelease } from './operator-release';

/** What an object is for; decides its construct and its apply phase. */
export type InstallRole = 'namespace' | 'crd' | 'rbac' | 'image-config' | 'webhook' | 'gencert' | 'manager' | 'cert-manager' | 'other';

/** One object of the install and its role. */
export interface InstallObject {
  readonly role: InstallRole;
  readonly object: JsonObject;
}

/** A plain environment variable of the manager container. */
export interface ManagerEnvVar {
  readonly name: string;
  readonly value: string;
}

/** Choices of `buildInstall`; every default is the release's own. */
export interface InstallOptions {
  /** Namespace of the operator. Default: the release's. */
  readonly namespace?: string;
  /** Whether to emit the Namespace object. Default: true. */
  readonly createNamespace?: boolean;
  /** Whether to emit the piraeus.io CRDs. Default: true. */
  readonly installCrds?: boolean;
  /** The operator image of manager and gencert. Default: the release's. */
  readonly operatorImage?: string;
  /** The image ConfigMap's data. Default: the release's documents. */
  readonly imageConfigData?: Readonly<Record<string, string>>;
  /** Variables appended to the manager container, in order. Default: none. */
  readonly managerEnv?: readonly ManagerEnvVar[];
  /**
   * Variables reading a field of the manager's own pod (the downward API, `fieldPath` such as
   * `metadata.annotations['olm.relatedImage.linstor-controller']`), appended after `managerEnv`,
   * in order. Default: none.
   */
  readonly managerFieldRefEnv?: ReadonlyArray<{ readonly name: string; readonly fieldPath: string }>;
  /**
   * Annotations added to the manager's pod template. A key the release already sets is refused
   * (it would silently change the release's meaning). Default: none.
   */
  readonly managerPodAnnotations?: Readonly<Record<string, string>>;
  /** Pull secrets of the operator pods. Default: none. */
  readonly imagePullSecrets?: readonly string[];
  /**
   * Issue the webhook certificate with cert-manager instead of gencert: `true` with a self-signed
   * Issuer the install creates, or an issuer of the user's. Default: false.
   */
  readonly certManager?: boolean | CertManagerIssuerRef;
  /** A webhook certificate Secret the user provides, instead of gencert. Default: none. */
  readonly webhookSecret?: WebhookSecretSource;
  /**
   * OLM provides the webhook certificate: no gencert, and the manager's certificate volume and
   * its mount are removed (OLM mounts its own at the same path). Default: false.
   */
  readonly olmCertificates?: boolean;
  /** Production settings of the Deployments and webhooks (see `customizeInstall`). Default: none. */
  readonly customize?: Omit<CustomizeOptions, 'issuerRef' | 'webhookSecret'>;
}

const RBAC_KINDS = new Set(['ServiceAccount', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

function meta(o: JsonObject): JsonObject {
  if (!isJsonObject(o.metadata)) o.metadata = {};
  return o.metadata as JsonObject;
}

function podSpec(o: JsonObject): JsonObject {
  return ((o.spec as JsonObject).template as JsonObject).spec as JsonObject;
}

function subjects(o: JsonObject): JsonObject[] {
  return Array.isArray(o.subjects) ? o.subjects.filter(isJsonObject) : [];
}

/**
 * Moves namespaced objects and every reference to the namespace (binding subjects, webhook and
 * CRD conversion services, cert-manager's inject annotation), as kustomize's `namespace:` does.
 */
export function relocate(objects: readonly JsonObject[], from: string, to: string): void {
  if (from === to) return;
  const moveService = (clientConfig: JsonValue | undefined) => {
    if (isJsonObject(clientConfig) && isJsonObject(clientConfig.service) && clientConfig.service.namespace === from) {
      clientConfig.service.namespace = to;
    }
  };
  for (const o of objects) {
    const m = meta(o);
    if (o.kind === 'Namespace' && m.name === from) m.name = to;
    if (m.namespace === from) m.namespace = to;
    for (const s of subjects(o)) if (s.kind === 'ServiceAccount' && s.namespace === from) s.namespace = to;
    if (Array.isArray(o.webhooks)) for (const w of o.webhooks) if (isJsonObject(w)) moveService(w.clientConfig);
    if (o.kind === 'CustomResourceDefinition' && isJsonObject(o.spec) && isJsonObject(o.spec.conversion)
      && isJsonObject(o.spec.conversion.webhook)) moveService(o.spec.conversion.webhook.clientConfig);
    const annotations = isJsonObject(m.annotations) ? m.annotations : undefined;
    const inject = annotations?.['cert-manager.io/inject-ca-from'];
    if (typeof inject === 'string' && inject.startsWith(`${from}/`)) annotations!['cert-manager.io/inject-ca-from'] = `${to}/${inject.slice(from.length + 1)}`;
  }
}

/** The gencert ServiceAccount's objects: its Deployment, itself, and what binds only it. */
function gencertObjects(objects: readonly JsonObject[], gencert: number): Set<JsonObject> {
  const out = new Set<JsonObject>();
  if (gencert < 0) return out;
  const deployment = layoutObject(objects, gencert, 'gencert Deployment');
  out.add(deployment);
  const sa = podSpec(deployment).serviceAccountName;
  const ns = meta(deployment).namespace;
  const isGencertSubject = (s: JsonObject) => s.kind === 'ServiceAccount' && s.name === sa && s.namespace === ns;
  const roles = new Set<string>();
  for (const o of objects) {
    if (o.kind === 'ServiceAccount' && meta(o).name === sa && meta(o).namespace === ns) out.add(o);
    const subs = subjects(o);
    if ((o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding') && subs.length > 0 && subs.every(isGencertSubject)) {
      out.add(o);
      const ref = o.roleRef as JsonObject;
      roles.add(`${String(ref.kind)}|${String(ref.name)}`);
    }
  }
  for (const o of objects) if (roles.has(`${String(o.kind)}|${String(meta(o).name)}`)) out.add(o);
  return out;
}

function roleOf(o: JsonObject, i: number, release: OperatorRelease, gencert: Set<JsonObject>): InstallRole {
  const layout = release.layout;
  if (i === layout.namespaceObject) return 'namespace';
  if (layout.crds.includes(i)) return 'crd';
  if (i === layout.imageConfigMap) return 'image-config';
  if (i === layout.manager) return 'manager';
  if (gencert.has(o)) return 'gencert';
  if (RBAC_KINDS.has(String(o.kind))) return 'rbac';
  if (o.kind === 'ValidatingWebhookConfiguration' || o.kind === 'MutatingWebhookConfiguration' || o.kind === 'Service') return 'webhook';
  return 'other';
}

function setImage(deployment: JsonObject, container: string, image: string, pullSecrets: readonly string[]): void {
  const c = podContainers(deployment).find((x) => x.name === container);
  if (c) c.image = image;
  if (pullSecrets.length > 0) podSpec(deployment).imagePullSecrets = pullSecrets.map((name) => ({ name }));
}

function addPodAnnotations(deployment: JsonObject, added: Readonly<Record<string, string>>): void {
  const template = (deployment.spec as JsonObject).template as JsonObject;
  const m = meta(template);
  const annotations: JsonObject = isJsonObject(m.annotations) ? m.annotations : {};
  for (const [key, value] of Object.entries(added).sort(([a], [b]) => compareBytewise(a, b))) {
    if (key in annotations) {
      throw new PiraeusError(ErrorCodes.INVALID_PROPS,
        `the manager's pod template already has the annotation ${JSON.stringify(key)}; choose another key`, { path: `Deployment ${String(meta(deployment).name)}` });
    }
    annotations[key] = value;
  }
  m.annotations = annotations;
}

/** The cert-manager objects that replace gencert: a self-signed Issuer and the serving Certificate. */
function certManagerObjects(release: OperatorRelease, objects: readonly JsonObject[], namespace: string): JsonObject[] {
  const manager = layoutObject(objects, release.layout.manager, 'manager Deployment');
  const managerName = String(meta(manager).name);
  const prefix = managerName.endsWith('controller-manager') ? managerName.slice(0, -'controller-manager'.length) : '';
  const secretName = firstSecretVolume(manager)?.secretName ?? 'webhook-server-cert';
  const webhookConfig = objects.find((o) => o.kind === 'ValidatingWebhookConfiguration');
  const firstHook = webhookConfig && Array.isArray(webhookConfig.webhooks) ? webhookConfig.webhooks.find(isJsonObject) : undefined;
  const service = firstHook && isJsonObject(firstHook.clientConfig) && isJsonObject(firstHook.clientConfig.service)
    ? String(firstHook.clientConfig.service.name) : `${prefix}webhook-service`;
  const managerLabels = isJsonObject(meta(manager).labels) ? meta(manager).labels as JsonObject : {};
  const labels: JsonObject = typeof managerLabels['app.kubernetes.io/name'] === 'string'
    ? { 'app.kubernetes.io/name': managerLabels['app.kubernetes.io/name'] } : {};
  const issuer = `${prefix}selfsigned-issuer`;
  const certificate = `${prefix}serving-cert`;
  if (webhookConfig) {
    const m = meta(webhookConfig);
    m.annotations = { ...(isJsonObject(m.annotations) ? m.annotations : {}), 'cert-manager.io/inject-ca-from': `${namespace}/${certificate}` };
  }
  return [
    selfSignedBootstrapIssuer(issuer, namespace, labels),
    certManagerCertificate(certificate, namespace, {
      dnsNames: [`${service}.${namespace}.svc`, `${service}.${namespace}.svc.cluster.local`],
      issuerRef: { kind: 'Issuer', name: issuer },
      secretName,
    }, labels),
  ];
}

/** Removes the manager's Secret volume that serves the webhook, and every mount of it. */
function dropCertificateVolume(manager: JsonObject): void {
  const pod = podSpec(manager);
  const volumes = Array.isArray(pod.volumes) ? pod.volumes.filter(isJsonObject) : [];
  const certNames = new Set(volumes.filter((v) => isJsonObject(v.secret)).map((v) => String(v.name)));
  if (certNames.size === 0) return;
  const kept = volumes.filter((v) => !certNames.has(String(v.name)));
  if (kept.length) pod.volumes = kept;
  else delete pod.volumes;
  for (const c of podContainers(manager)) {
    if (!Array.isArray(c.volumeMounts)) continue;
    const mounts = c.volumeMounts.filter((m) => !(isJsonObject(m) && certNames.has(String(m.name))));
    if (mounts.length) c.volumeMounts = mounts;
    else delete c.volumeMounts;
  }
}

/** Builds the install: every object of the release, adjusted by `options`, with its role. */
export function buildInstall(release: OperatorRelease, options: InstallOptions = {}): InstallObject[] {
  const objects = release.objects();
  const layout = release.layout;
  const namespace = options.namespace ?? release.namespace;
  const gencert = gencertObjects(objects, layout.gencert);
  const pullSecrets = options.imagePullSecrets ?? [];
  const image = options.operatorImage ?? release.operatorImage;

  const manager = layoutObject(objects, layout.manager, 'manager Deployment');
  const gencertDeployment = layout.gencert >= 0 ? layoutObject(objects, layout.gencert, 'gencert Deployment') : undefined;
  setImage(manager, MANAGER_CONTAINER, image, pullSecrets);
  const managerContainer = podContainers(manager).find((c) => c.name === MANAGER_CONTAINER)!;
  if (options.managerEnv?.length) {
    const env = Array.isArray(managerContainer.env) ? managerContainer.env : [];
    managerContainer.env = [...env, ...options.managerEnv.map((e) => ({ name: e.name, value: e.value }))];
  }
  if (options.managerFieldRefEnv?.length) {
    const env = Array.isArray(managerContainer.env) ? managerContainer.env : [];
    managerContainer.env = [...env, ...options.managerFieldRefEnv.map((e) => ({ name: e.name, valueFrom: { fieldRef: { fieldPath: e.fieldPath } } }))];
  }
  if (options.managerPodAnnotations && Object.keys(options.managerPodAnnotations).length) {
    addPodAnnotations(manager, options.managerPodAnnotations);
  }
  if (gencertDeployment) setImage(gencertDeployment, GENCERT_CONTAINER, image, pullSecrets);

  const configMap = layoutObject(objects, layout.imageConfigMap, 'image ConfigMap');
  const data = options.imageConfigData ?? release.imageConfigData();
  const sorted: Record<string, string> = {};
  for (const [key, value] of Object.entries(data).sort(([a], [b]) => compareBytewise(a, b))) sorted[key] = value;
  configMap.data = sorted;

  let extra: JsonObject[] = [];
  const noGencert = Boolean(options.certManager) || options.webhookSecret !== undefined || options.olmCertificates === true;
  if (options.olmCertificates) dropCertificateVolume(manager);
  if (noGencert) {
    const gencertSa = gencertDeployment ? podSpec(gencertDeployment).serviceAccountName : undefined;
    for (const o of objects) {
      if (gencert.has(o) || !Array.isArray(o.subjects)) continue;
      o.subjects = subjects(o).filter((s) => !(s.kind === 'ServiceAccount' && s.name === gencertSa));
    }
  }
  relocate(objects, release.namespace, namespace);
  if (options.certManager) extra = certManagerObjects(release, objects, namespace);
  const out: InstallObject[] = [];
  objects.forEach((o, i) => {
    const role = roleOf(o, i, release, gencert);
    if (role === 'namespace' && options.createNamespace === false) return;
    if (role === 'crd' && options.installCrds === false) return;
    if (role === 'gencert' && noGencert) return;
    out.push({ role, object: o });
  });
  for (const o of extra) out.push({ role: 'cert-manager', object: o });
  const issuerRef = typeof options.certManager === 'object' ? options.certManager : undefined;
  if (!options.customize && !issuerRef && !options.webhookSecret) return out;
  return customizeInstall(out, release.parsedVersion, { ...options.customize, issuerRef, webhookSecret: options.webhookSecret });
}
