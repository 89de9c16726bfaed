/**
 * The production settings of an install (what upstream's Helm chart lets a user set) applied to
 * the install's objects: the manager and gencert pods, a PodDisruptionBudget, the operator's
 * flags, the webhooks and where their certificate comes from. Pure: returns new objects; an
 * unset setting leaves the release's value untouched, so no settings give the release's objects.
 *
 * Facts (github.com/piraeusdatastore/piraeus-operator, cmd/main.go at v2.6.0 d8e4ddaa and v2.8.1
 * 6dbbb9d7 via the wildsheepz fork): the manager's flags and defaults; `requeue-interval` is new in
 * v2.8.1; controller-runtime's zap options add `zap-devel`, `zap-encoder`, `zap-log-level`,
 * `zap-stacktrace-level` and `zap-time-encoding`.
 */
import { ErrorCodes, PiraeusError } from '../errors';
import { compareBytewise } from '../resolver/order';
import { parseReference } from '../resolver/reference';
import { goParseDuration, isKubernetesQuantity } from '../storage/go-values';
import { isJsonObject, JsonObject, JsonValue } from '../workloads/json';
import { issuerRefJson } from './cert-manager';
import type { InstallObject } from './install';
import { GENCERT_CONTAINER, MANAGER_CONTAINER } from './load';
import { firstSecretVolume } from './manifest';
import { atLeast, ReleaseVersion } from './version';

/** Quantities of one resource list, as Kubernetes quantity strings (`500m`, `256Mi`). */
export interface ResourceQuantities {
  /**
   * CPU (`10m`, `1`).
   * @default - none
   */
  readonly cpu?: string;
  /**
   * Memory (`64Mi`, `1Gi`).
   * @default - none
   */
  readonly memory?: string;
  /**
   * Ephemeral storage (`1Gi`).
   * @default - none
   */
  readonly ephemeralStorage?: string;
}

/** A container's resources; replaces the release's block as a whole (as the Helm chart does). */
export interface ContainerResources {
  /**
   * What the scheduler reserves.
   * @default - none
   */
  readonly requests?: ResourceQuantities;
  /**
   * What the container may use at most.
   * @default - none
   */
  readonly limits?: ResourceQuantities;
}

/** `imagePullPolicy` of a container. */
export type ImagePullPolicy = 'Always' | 'IfNotPresent' | 'Never';

/** Pod-level settings of an operator Deployment (manager or gencert), with plain JSON for Kubernetes structures. */
export interface PodSettings {
  /**
   * The container's resources (replacing the release's).
   * @default - the release's (manager: requests 10m/64Mi, limits 500m/256Mi at v2.10.4)
   */
  readonly resources?: ContainerResources;
  /**
   * Node labels the pod requires, merged with the release's (none).
   * @default - none
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * The pod's affinity.
   * @default - none
   */
  readonly affinity?: JsonObject;
  /**
   * Tolerations added to the release's (the two `drbd.linbit.com` NoSchedule taints).
   * @default - none added
   */
  readonly tolerations?: readonly JsonObject[];
  /**
   * The pod's priority class.
   * @default - the release's (`system-cluster-critical` for the manager)
   */
  readonly priorityClassName?: string;
  /**
   * Annotations added to the pod template's.
   * @default - none added
   */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Labels added to the pod template's; the selector's labels cannot be changed.
   * @default - none added
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /**
   * Pod security context fields, merged key by key over the release's (`runAsNonRoot: true`).
   * @default - the release's
   */
  readonly podSecurityContext?: JsonObject;
  /**
   * Container security context fields, merged key by key over the release's
   * (`allowPrivilegeEscalation: false`, `readOnlyRootFilesystem: true`).
   * @default - the release's
   */
  readonly securityContext?: JsonObject;
  /**
   * The container's image pull policy.
   * @default - unset (Kubernetes: `IfNotPresent` for a tagged image)
   */
  readonly imagePullPolicy?: ImagePullPolicy;
}

/** A PodDisruptionBudget for the manager Deployment. */
export interface PodDisruptionBudgetSettings {
  /**
   * Pods that must stay available during a voluntary disruption: a count or a percentage (`50%`).
   * @default 1
   */
  readonly minAvailable?: number | string;
}

/**
 * The manager's flags (the operator's `cmd/main.go` and controller-runtime's zap options). The
 * library sets `namespace`, `image-config-map-name` and `pull-secret` itself.
 */
export interface OperatorFlags {
  /**
   * `--leader-elect`: only one replica is active at a time.
   * @default true
   */
  readonly leaderElect?: boolean;
  /**
   * `--metrics-bind-address` (`0` disables the metrics endpoint).
   * @default '0'
   */
  readonly metricsBindAddress?: string;
  /**
   * `--health-probe-bind-address`; the liveness and readiness probes follow its port.
   * @default ':8081'
   */
  readonly healthProbeBindAddress?: string;
  /**
   * `--linstor-api-qps`: requests per second to the LINSTOR API.
   * @default 100
   */
  readonly linstorApiQps?: number;
  /**
   * `--linstor-node-cache-duration` (a Go duration): how long node and storage pool answers are cached.
   * @default '1m'
   */
  readonly linstorNodeCacheDuration?: string;
  /**
   * `--requeue-interval` (a Go duration): longest time between reconciliations. v2.8.1 and later.
   * @default '1m'
   */
  readonly requeueInterval?: string;
  /**
   * `--zap-devel`: development logging (console encoder, debug level).
   * @default false (v2.8.0 and later; true before)
   */
  readonly zapDevel?: boolean;
  /**
   * `--zap-log-level`: `debug`, `info`, `error` or an integer above 0.
   * @default - from zapDevel (`info` in production mode)
   */
  readonly zapLogLevel?: string;
  /**
   * `--zap-encoder`.
   * @default - from zapDevel (`json` in production mode)
   */
  readonly zapEncoder?: 'json' | 'console';
  /**
   * `--zap-stacktrace-level`.
   * @default - from zapDevel (`error` in production mode)
   */
  readonly zapStacktraceLevel?: 'info' | 'error' | 'panic';
  /**
   * `--zap-time-encoding`.
   * @default - controller-runtime's (RFC 3339)
   */
  readonly zapTimeEncoding?: 'epoch' | 'millis' | 'nano' | 'iso8601' | 'rfc3339' | 'rfc3339nano';
}

/** Settings of the manager Deployment, with plain JSON for Kubernetes structures. */
export interface ManagerSettings extends PodSettings {
  /**
   * Replicas of the manager (leader election keeps one active).
   * @default 1
   */
  readonly replicas?: number;
  /**
   * A PodDisruptionBudget (policy/v1) for the manager's pods.
   * @default - none
   */
  readonly podDisruptionBudget?: PodDisruptionBudgetSettings;
  /**
   * The manager's flags as typed settings.
   * @default - the release's
   */
  readonly options?: OperatorFlags;
  /**
   * Further flags (`--cluster-api-kubeconfig=/etc/capi/kubeconfig`): a flag already in the
   * release's arguments is replaced, any other appended.
   * @default - none
   */
  readonly extraArgs?: readonly string[];
  /**
   * Environment variables appended to the manager container.
   * @default - none
   */
  readonly env?: readonly JsonObject[];
  /**
   * Volumes added to the pod.
   * @default - none
   */
  readonly volumes?: readonly JsonObject[];
  /**
   * Volume mounts added to the manager container.
   * @default - none
   */
  readonly volumeMounts?: readonly JsonObject[];
  /**
   * Annotations of the manager's ServiceAccount (workload identity).
   * @default - none
   */
  readonly serviceAccountAnnotations?: Readonly<Record<string, string>>;
}

/** Settings of every webhook of the release's ValidatingWebhookConfiguration. */
export interface WebhookSettings {
  /**
   * What the API server does when the webhook cannot be reached.
   * @default 'Fail'
   */
  readonly failurePolicy?: 'Fail' | 'Ignore';
  /**
   * Seconds the API server waits for the webhook, 1 to 30.
   * @default - unset (the API server's 10; upstream's Helm chart sets 2)
   */
  readonly timeoutSeconds?: number;
}

/** A cert-manager issuer the webhook's Certificate names. */
export interface CertManagerIssuerRef {
  /** `Issuer` (in the operator's namespace) or `ClusterIssuer`. */
  readonly kind: string;
  /** Name of the issuer. */
  readonly name: string;
  /**
   * API group of the issuer.
   * @default - cert-manager's (`cert-manager.io`)
   */
  readonly group?: string;
}

/** A webhook certificate the user provides. */
export interface WebhookSecretSource {
  /** Secret in the operator's namespace with `tls.crt` and `tls.key`. */
  readonly secretName: string;
  /** The CA that signed `tls.crt`: PEM, base64-encoded (as `clientConfig.caBundle` takes it). */
  readonly caBundle: string;
}

/**
 * The kube-rbac-proxy sidecar of the manager, as upstream's Helm chart offers it
 * (`kubeRbacProxy`): the operator's metrics move to 127.0.0.1:8080 and the proxy serves them on
 * 8443 over TLS (the webhook's certificate), letting in only callers whose token may `get` the
 * metrics path.
 */
export interface KubeRbacProxySettings {
  /**
   * The proxy image. Kubebuilder has deprecated the images under `gcr.io/kubebuilder` and
   * announced their removal: mirror the default, or name a current image
   * (`quay.io/brancz/kube-rbac-proxy:v0.18.2`).
   * @default 'gcr.io/kubebuilder/kube-rbac-proxy:v0.13.1' (upstream's chart)
   */
  readonly image?: string;
  /**
   * The proxy's image pull policy.
   * @default 'IfNotPresent' (upstream's chart)
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * The proxy's resources.
   * @default - none
   */
  readonly resources?: ContainerResources;
  /**
   * The proxy's security context (replaces the chart's default as a whole).
   * @default - upstream's chart: drop ALL capabilities, read-only root file system, non-root, user 1000
   */
  readonly securityContext?: JsonObject;
  /**
   * Further flags of the proxy: one the chart's defaults have (`--logtostderr=true`, `--v=0`) is
   * replaced, any other appended. The listen address, upstream and TLS files are the library's.
   * @default - none
   */
  readonly extraArgs?: readonly string[];
  /**
   * Volume mounts added to the proxy container; each names a volume of the pod.
   * @default - none
   */
  readonly volumeMounts?: readonly JsonObject[];
}

/** Everything `customizeInstall` applies; every unset field keeps the release's value. */
export interface CustomizeOptions {
  /** The manager Deployment. */
  readonly manager?: ManagerSettings;
  /** The gencert Deployment (ignored when it is not installed). */
  readonly gencert?: PodSettings;
  /** The webhooks. */
  readonly webhook?: WebhookSettings;
  /** The issuer of cert-manager's Certificate, in place of the self-signed Issuer. */
  readonly issuerRef?: CertManagerIssuerRef;
  /** A user-provided webhook certificate. */
  readonly webhookSecret?: WebhookSecretSource;
  /** The kube-rbac-proxy sidecar, its metrics Service and its RBAC (off when unset). */
  readonly kubeRbacProxy?: KubeRbacProxySettings;
  /** Where the settings come from (a construct path), for error messages. */
  readonly where?: string;
}

/** cert-manager's API group. */
const CERT_MANAGER_GROUP = 'cert-manager.io';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Whether `name` is a DNS-1123 subdomain, as Kubernetes requires of most object names. */
export function isDnsSubdomain(name: unknown): name is string {
  return typeof name === 'string' && name.length <= 253 && DNS_SUBDOMAIN.test(name);
}

/** One manager flag offered as a typed setting. */
interface FlagSpec {
  readonly prop: keyof OperatorFlags;
  readonly flag: string;
  /** The first release that has the flag. */
  readonly since?: readonly [number, number, number];
  /** The program's default (what an absent flag means), rendered as the flag takes it. */
  readonly programDefault?: string;
  /** A problem with the value, or undefined. */
  readonly check: (value: unknown) => string | undefined;
}

const isBool = (v: unknown) => (typeof v === 'boolean' ? undefined : 'must be true or false');
const oneOf = (...values: string[]) => (v: unknown) => (typeof v === 'string' && values.includes(v) ? undefined : `must be one of ${values.join(', ')}`);
const ADDRESS = /^(\[[0-9A-Fa-f:.]+\]|[^:\s[\]]*):([0-9]{1,5})$/;
const addressPort = (v: string): number | undefined => {
  const m = ADDRESS.exec(v);
  const port = m ? Number(m[2]) : NaN;
  return port >= 1 && port <= 65535 ? port : undefined;
};
const isAddress = (allowOff: boolean) => (v: unknown) => (typeof v === 'string' && ((allowOff && v === '0') || addressPort(v) !== undefined)
  ? undefined : `must be host:port with a port from 1 to 65535${allowOff ? ", or '0' to disable it" : ''}`);
const isDuration = (v: unknown) => (typeof v === 'string' && (goParseDuration(v) ?? -1) > 0 ? undefined : 'must be a positive Go duration (30s, 1m, 1h30m)');
const isQps = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? undefined : 'must be a number above 0');
const isLogLevel = (v: unknown) => (typeof v === 'string' && (['debug', 'info', 'error'].includes(v) || /^[1-9][0-9]{0,8}$/.test(v))
  ? undefined : "must be 'debug', 'info', 'error' or an integer above 0");

/** The typed manager flags, in the order they are appended. */
const MANAGER_FLAGS: readonly FlagSpec[] = [
  { prop: 'leaderElect', flag: 'leader-elect', programDefault: 'false', check: isBool },
  { prop: 'metricsBindAddress', flag: 'metrics-bind-address', programDefault: ':8080', check: isAddress(true) },
  { prop: 'healthProbeBindAddress', flag: 'health-probe-bind-address', programDefault: ':8081', check: isAddress(false) },
  { prop: 'linstorApiQps', flag: 'linstor-api-qps', programDefault: '100', check: isQps },
  { prop: 'linstorNodeCacheDuration', flag: 'linstor-node-cache-duration', programDefault: '1m', check: isDuration },
  { prop: 'requeueInterval', flag: 'requeue-interval', since: [2, 8, 1], programDefault: '1m', check: isDuration },
  { prop: 'zapDevel', flag: 'zap-devel', programDefault: 'true', check: isBool },
  { prop: 'zapLogLevel', flag: 'zap-log-level', check: isLogLevel },
  { prop: 'zapEncoder', flag: 'zap-encoder', check: oneOf('json', 'console') },
  { prop: 'zapStacktraceLevel', flag: 'zap-stacktrace-level', check: oneOf('info', 'error', 'panic') },
  { prop: 'zapTimeEncoding', flag: 'zap-time-encoding', check: oneOf('epoch', 'millis', 'nano', 'iso8601', 'rfc3339', 'rfc3339nano') },
];

/** Flags the library sets from other settings (namespace, image ConfigMap, pull secrets). */
const LIBRARY_FLAGS = new Set(['namespace', 'image-config-map-name', 'pull-secret']);

type Fail = (detail: string, code?: typeof ErrorCodes.INVALID_PROPS | typeof ErrorCodes.RELEASE_CAPABILITY) => never;

function failer(where: string | undefined): Fail {
  return (detail, code = ErrorCodes.INVALID_PROPS) => {
    throw new PiraeusError(code, detail, where === undefined ? undefined : { path: where });
  };
}

function objectAt(o: JsonObject, key: string): JsonObject {
  if (!isJsonObject(o[key])) o[key] = {};
  return o[key] as JsonObject;
}

function listAt(o: JsonObject, key: string): JsonValue[] {
  if (!Array.isArray(o[key])) o[key] = [];
  return o[key] as JsonValue[];
}

function podTemplate(deployment: JsonObject): JsonObject {
  return objectAt(objectAt(deployment, 'spec'), 'template');
}

function sortedMap(entries: Record<string, JsonValue>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(entries).sort(([a], [b]) => compareBytewise(a, b))) out[k] = v;
  return out;
}

/** `o[key]` merged with `added`, keys sorted; unchanged when nothing is added. */
function mergeMap(o: JsonObject, key: string, added: Readonly<Record<string, string>> | undefined): void {
  if (!added || Object.keys(added).length === 0) return;
  o[key] = sortedMap({ ...(isJsonObject(o[key]) ? o[key] as JsonObject : {}), ...added });
}

/** The flag name of an argument (`--zap-devel=true` -> `zap-devel`), or undefined for a non-flag. */
export function flagName(arg: string): string | undefined {
  const m = /^--?([^=\s-][^=\s]*)(=|$)/.exec(arg);
  return m ? m[1] : undefined;
}

/** Resource names by setting, in the order Kubernetes lists them. */
const RESOURCE_NAMES: ReadonlyArray<readonly [keyof ResourceQuantities, string]> = [
  ['cpu', 'cpu'], ['memory', 'memory'], ['ephemeralStorage', 'ephemeral-storage'],
];

function resourceList(q: ResourceQuantities | undefined, label: string, fail: Fail): JsonObject | undefined {
  if (q === undefined) return undefined;
  const out: JsonObject = {};
  for (const [prop, name] of RESOURCE_NAMES) {
    const v = q[prop];
    if (v === undefined) continue;
    if (typeof v !== 'string' || !isKubernetesQuantity(v)) {
      fail(`${label}.${prop} ${JSON.stringify(v)} is not a Kubernetes quantity (e.g. 500m, 256Mi, 1Gi)`);
    }
    if (v.startsWith('-')) fail(`${label}.${prop} ${JSON.stringify(v)} must not be negative`);
    out[name] = v;
  }
  return out;
}

/** Sets the pod-level settings on one Deployment; `label` names the props group in messages. */
function applyPod(deployment: JsonObject, containerName: string, s: PodSettings, label: string, fail: Fail): void {
  const template = podTemplate(deployment);
  const meta = objectAt(template, 'metadata');
  const spec = objectAt(template, 'spec');
  const container = listAt(spec, 'containers').filter(isJsonObject).find((c) => c.name === containerName);
  if (!container) fail(`${label}: the release's Deployment has no container "${containerName}"`);
  const c = container as JsonObject;

  if (s.resources) {
    const requests = resourceList(s.resources.requests, `${label}.resources.requests`, fail);
    const limits = resourceList(s.resources.limits, `${label}.resources.limits`, fail);
    const out: JsonObject = {};
    if (limits) out.limits = limits;
    if (requests) out.requests = requests;
    c.resources = out;
  }
  if (s.imagePullPolicy !== undefined) {
    if (!['Always', 'IfNotPresent', 'Never'].includes(s.imagePullPolicy)) {
      fail(`${label}.imagePullPolicy ${JSON.stringify(s.imagePullPolicy)} must be Always, IfNotPresent or Never`);
    }
    c.imagePullPolicy = s.imagePullPolicy;
  }
  if (s.securityContext) c.securityContext = { ...(isJsonObject(c.securityContext) ? c.securityContext : {}), ...s.securityContext };
  if (s.podSecurityContext) spec.securityContext = { ...(isJsonObject(spec.securityContext) ? spec.securityContext : {}), ...s.podSecurityContext };

  const selector = isJsonObject(deployment.spec) && isJsonObject(deployment.spec.selector) && isJsonObject(deployment.spec.selector.matchLabels)
    ? deployment.spec.selector.matchLabels : {};
  for (const key of Object.keys(s.podLabels ?? {})) {
    if (key in selector) fail(`${label}.podLabels must not set "${key}": the Deployment's selector uses it`);
  }
  mergeMap(meta, 'labels', s.podLabels);
  mergeMap(meta, 'annotations', s.podAnnotations);
  mergeMap(spec, 'nodeSelector', s.nodeSelector);
  if (s.affinity) spec.affinity = structuredClone(s.affinity);
  if (s.priorityClassName !== undefined) {
    if (!DNS_SUBDOMAIN.test(s.priorityClassName)) fail(`${label}.priorityClassName ${JSON.stringify(s.priorityClassName)} is not a DNS-1123 name`);
    spec.priorityClassName = s.priorityClassName;
  }
  if (s.tolerations?.length) {
    const list = listAt(spec, 'tolerations');
    const seen = new Set(list.map((t) => JSON.stringify(t)));
    for (const t of s.tolerations) if (!seen.has(JSON.stringify(t))) list.push(structuredClone(t));
  }
}

/**
 * Sets one flag on the container: through its `$(VAR)` variable when the release passes it so,
 * else in the arguments; an absent flag set to the program's default stays absent.
 */
function setFlag(c: JsonObject, spec: FlagSpec, value: string, bare: boolean): void {
  const flag = spec.flag;
  const args = listAt(c, 'args');
  const i = args.findIndex((a) => typeof a === 'string' && flagName(a) === flag);
  const rendered = bare ? `--${flag}` : `--${flag}=${value}`;
  if (i < 0) {
    if (value !== spec.programDefault) args.push(rendered);
    return;
  }
  const current = args[i] as string;
  if (bare && current === `--${flag}`) return;
  const indirect = /^--[^=]+=\$\(([A-Za-z_][A-Za-z0-9_]*)\)$/.exec(current);
  const env = Array.isArray(c.env) ? c.env.filter(isJsonObject) : [];
  const variable = indirect ? env.find((e) => e.name === indirect[1] && typeof e.value === 'string') : undefined;
  if (variable && !bare) variable.value = value;
  else args[i] = rendered;
}

function applyFlags(c: JsonObject, flags: OperatorFlags, extraArgs: readonly string[], version: ReleaseVersion, fail: Fail): void {
  const typed = new Set<string>();
  for (const spec of MANAGER_FLAGS) {
    const value = flags[spec.prop];
    if (value === undefined) continue;
    const problem = spec.check(value);
    if (problem) fail(`deployment.options.${spec.prop} ${JSON.stringify(value)} ${problem}`);
    if (spec.since && !atLeast(version, ...spec.since)) {
      fail(`deployment.options.${spec.prop} (--${spec.flag}): release ${version.tag}'s operator has no such flag (v${spec.since.join('.')} and later)`,
        ErrorCodes.RELEASE_CAPABILITY);
    }
    typed.add(spec.flag);
    setFlag(c, spec, String(value), value === true && spec.flag === 'leader-elect');
  }
  if (flags.healthProbeBindAddress !== undefined) {
    const port = addressPort(flags.healthProbeBindAddress)!;
    for (const probe of ['livenessProbe', 'readinessProbe']) {
      const p = c[probe];
      if (isJsonObject(p) && isJsonObject(p.httpGet)) p.httpGet.port = port;
    }
  }
  for (const arg of extraArgs) {
    const name = typeof arg === 'string' ? flagName(arg) : undefined;
    if (name === undefined) fail(`deployment.extraArgs entry ${JSON.stringify(arg)} is not a flag (--name or --name=value)`);
    if (typed.has(name!)) fail(`deployment.extraArgs sets --${name}, which deployment.options also sets`);
    if (LIBRARY_FLAGS.has(name!)) fail(`deployment.extraArgs must not set --${name}: the library sets it (namespace, image config and pull secrets have their own props)`);
    const args = listAt(c, 'args');
    const i = args.findIndex((a) => typeof a === 'string' && flagName(a) === name);
    if (i >= 0) args[i] = arg;
    else args.push(arg);
  }
}

function names(list: JsonValue | undefined, key = 'name'): Set<string> {
  return new Set((Array.isArray(list) ? list : []).filter(isJsonObject).map((x) => String(x[key])));
}

function applyManager(objects: JsonObject[], deployment: JsonObject, s: ManagerSettings, version: ReleaseVersion, fail: Fail): JsonObject[] {
  applyPod(deployment, MANAGER_CONTAINER, s, 'deployment', fail);
  const spec = objectAt(deployment, 'spec');
  const pod = objectAt(podTemplate(deployment), 'spec');
  const c = listAt(pod, 'containers').filter(isJsonObject).find((x) => x.name === MANAGER_CONTAINER)!;

  if (s.replicas !== undefined) {
    if (!Number.isInteger(s.replicas) || s.replicas < 0) fail(`deployment.replicas ${JSON.stringify(s.replicas)} must be a whole number of 0 or more`);
    spec.replicas = s.replicas;
  }
  const replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
  if (replicas > 1 && s.options?.leaderElect === false) {
    fail(`deployment.replicas is ${replicas} but deployment.options.leaderElect is false: every replica would reconcile at once`);
  }
  applyFlags(c, s.options ?? {}, s.extraArgs ?? [], version, fail);

  if (s.env?.length) {
    const env = listAt(c, 'env');
    const taken = names(env);
    for (const e of s.env) {
      const name = String(e.name);
      if (typeof e.name !== 'string' || e.name === '') fail('deployment.env: every variable needs a name');
      if (taken.has(name)) fail(`deployment.env sets ${name}, which the manager container already has (the release or another prop sets it)`);
      taken.add(name);
      env.push(structuredClone(e));
    }
  }
  if (s.volumes?.length) {
    const volumes = listAt(pod, 'volumes');
    const taken = names(volumes);
    for (const v of s.volumes) {
      if (typeof v.name !== 'string' || v.name === '') fail('deployment.volumes: every volume needs a name');
      if (taken.has(String(v.name))) fail(`deployment.volumes: a volume "${String(v.name)}" already exists`);
      taken.add(String(v.name));
      volumes.push(structuredClone(v));
    }
  }
  if (s.volumeMounts?.length) {
    const volumes = names(pod.volumes);
    const mounts = listAt(c, 'volumeMounts');
    const paths = names(mounts, 'mountPath');
    for (const m of s.volumeMounts) {
      if (!volumes.has(String(m.name))) fail(`deployment.volumeMounts: no volume "${String(m.name)}" in the pod (add it to deployment.volumes)`);
      if (paths.has(String(m.mountPath))) fail(`deployment.volumeMounts: ${String(m.mountPath)} is already mounted`);
      paths.add(String(m.mountPath));
      mounts.push(structuredClone(m));
    }
  }
  if (s.serviceAccountAnnotations && Object.keys(s.serviceAccountAnnotations).length) {
    const ns = isJsonObject(deployment.metadata) ? deployment.metadata.namespace : undefined;
    const sa = objects.find((o) => o.kind === 'ServiceAccount' && isJsonObject(o.metadata)
      && o.metadata.name === pod.serviceAccountName && o.metadata.namespace === ns);
    if (!sa) fail(`deployment.serviceAccountAnnotations: the install has no ServiceAccount "${String(pod.serviceAccountName)}"`);
    mergeMap(objectAt(sa!, 'metadata'), 'annotations', s.serviceAccountAnnotations);
  }
  return s.podDisruptionBudget ? [disruptionBudget(deployment, s.podDisruptionBudget, replicas, fail)] : [];
}

/** The pods a `minAvailable` requires of `replicas` (a percentage rounds up, as the disruption controller does). */
function requiredAvailable(minAvailable: number | string, replicas: number, fail: Fail): number {
  if (typeof minAvailable === 'number') {
    if (!Number.isInteger(minAvailable) || minAvailable < 0) fail(`deployment.podDisruptionBudget.minAvailable ${minAvailable} must be a whole number of 0 or more`);
    return minAvailable;
  }
  const m = /^([0-9]{1,3})%$/.exec(minAvailable);
  if (!m || Number(m[1]) > 100) fail(`deployment.podDisruptionBudget.minAvailable ${JSON.stringify(minAvailable)} must be a count or a percentage (0% to 100%)`);
  return Math.ceil((replicas * Number(m![1])) / 100);
}

function disruptionBudget(deployment: JsonObject, s: PodDisruptionBudgetSettings, replicas: number, fail: Fail): JsonObject {
  const minAvailable = s.minAvailable ?? 1;
  const required = requiredAvailable(minAvailable, replicas, fail);
  if (required >= 1 && required >= replicas) {
    fail(`deployment.podDisruptionBudget.minAvailable ${JSON.stringify(minAvailable)} with ${replicas} replica(s) never allows an eviction, `
      + 'so every node drain would block: set deployment.replicas above it (e.g. 2 with minAvailable 1)');
  }
  const meta = isJsonObject(deployment.metadata) ? deployment.metadata : {};
  const spec = deployment.spec as JsonObject;
  const metadata: JsonObject = { name: String(meta.name), namespace: String(meta.namespace) };
  if (isJsonObject(meta.labels)) metadata.labels = structuredClone(meta.labels);
  return {
    apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata,
    spec: { minAvailable, selector: structuredClone(spec.selector as JsonObject) },
  };
}

function applyWebhook(objects: readonly JsonObject[], s: WebhookSettings, fail: Fail): void {
  if (s.failurePolicy !== undefined && !['Fail', 'Ignore'].includes(s.failurePolicy)) {
    fail(`webhook.failurePolicy ${JSON.stringify(s.failurePolicy)} must be Fail or Ignore`);
  }
  if (s.timeoutSeconds !== undefined && (!Number.isInteger(s.timeoutSeconds) || s.timeoutSeconds < 1 || s.timeoutSeconds > 30)) {
    fail(`webhook.timeoutSeconds ${JSON.stringify(s.timeoutSeconds)} must be a whole number from 1 to 30`);
  }
  for (const o of objects) {
    if (o.kind !== 'ValidatingWebhookConfiguration' || !Array.isArray(o.webhooks)) continue;
    for (const w of o.webhooks.filter(isJsonObject)) {
      if (s.failurePolicy !== undefined) w.failurePolicy = s.failurePolicy;
      if (s.timeoutSeconds !== undefined) w.timeoutSeconds = s.timeoutSeconds;
    }
  }
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----/;

/** A problem with a `caBundle` (base64 of one or more PEM certificates), or undefined. */
export function caBundleProblem(caBundle: string): string | undefined {
  if (caBundle.includes('-----BEGIN')) return 'is PEM text; encode it with base64 (clientConfig.caBundle takes base64)';
  if (caBundle.length === 0 || caBundle.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(caBundle)) return 'is not base64';
  const text = Buffer.from(caBundle, 'base64').toString('latin1');
  return PEM_CERTIFICATE.test(text) ? undefined : 'does not decode to a PEM certificate (-----BEGIN CERTIFICATE-----)';
}

/**
 * A problem with an issuer reference, or undefined. cert-manager's own kinds are `Issuer` and
 * `ClusterIssuer`; an external issuer (AWS PCA, step-issuer, ...) has a kind of its own and is
 * named with its API group.
 */
export function issuerRefProblem(ref: CertManagerIssuerRef): string | undefined {
  const external = ref.group !== undefined && ref.group !== CERT_MANAGER_GROUP;
  if (typeof ref.kind !== 'string' || !(external ? /^[A-Z][A-Za-z0-9]*$/.test(ref.kind) : ref.kind === 'Issuer' || ref.kind === 'ClusterIssuer')) {
    return `kind ${JSON.stringify(ref.kind)} must be Issuer or ClusterIssuer${external ? ' or a kind name' : ' (an external issuer\'s kind needs its group)'}`;
  }
  if (typeof ref.name !== 'string' || !DNS_SUBDOMAIN.test(ref.name)) return `name ${JSON.stringify(ref.name)} is not a DNS-1123 name`;
  if (ref.group !== undefined && !DNS_SUBDOMAIN.test(ref.group)) return `group ${JSON.stringify(ref.group)} is not an API group`;
  return undefined;
}

function applyIssuer(out: InstallObject[], ref: CertManagerIssuerRef, fail: Fail): InstallObject[] {
  const problem = issuerRefProblem(ref);
  if (problem) fail(`webhookCertificates: the issuer's ${problem}`);
  const certificate = out.find((o) => o.role === 'cert-manager' && o.object.kind === 'Certificate');
  if (!certificate) fail('webhookCertificates: an issuer reference needs cert-manager certificates');
  objectAt(certificate!.object, 'spec').issuerRef = issuerRefJson(ref);
  return out.filter((o) => !(o.role === 'cert-manager' && o.object.kind === 'Issuer'));
}

function applySecret(out: readonly InstallObject[], manager: JsonObject, source: WebhookSecretSource, fail: Fail): void {
  if (typeof source.secretName !== 'string' || !DNS_SUBDOMAIN.test(source.secretName)) {
    fail(`webhookCertificates: secretName ${JSON.stringify(source.secretName)} is not a DNS-1123 name`);
  }
  const problem = caBundleProblem(String(source.caBundle));
  if (problem) fail(`webhookCertificates: caBundle ${problem}`);
  const pod = objectAt(podTemplate(manager), 'spec');
  const volume = listAt(pod, 'volumes').filter(isJsonObject).find((v) => isJsonObject(v.secret));
  if (!volume) fail("webhookCertificates: the release's manager has no certificate volume");
  (volume!.secret as JsonObject).secretName = source.secretName;
  for (const o of out) {
    if (o.object.kind !== 'ValidatingWebhookConfiguration' || !Array.isArray(o.object.webhooks)) continue;
    for (const w of o.object.webhooks.filter(isJsonObject)) objectAt(w, 'clientConfig').caBundle = source.caBundle;
  }
}

/** The proxy's container name, and what the library sets on it. */
export const KUBE_RBAC_PROXY_CONTAINER = 'kube-rbac-proxy';
/** Upstream's chart's proxy image (piraeus-operator charts/piraeus/values.yaml). */
export const KUBE_RBAC_PROXY_IMAGE = 'gcr.io/kubebuilder/kube-rbac-proxy:v0.13.1';
/** Where the manager serves its metrics behind the proxy, and the proxy's port. */
const PROXY_UPSTREAM = '127.0.0.1:8080';
const PROXY_PORT = 8443;
const PROXY_TLS_DIR = '/etc/tls';
/** The proxy flags the library sets; `extraArgs` may not. */
const PROXY_OWN_FLAGS = ['secure-listen-address', 'upstream', 'tls-private-key-file', 'tls-cert-file'];
/** The chart's `kubeRbacProxy.options` defaults, rendered as it renders them (keys in order). */
const PROXY_DEFAULT_FLAGS = ['--logtostderr=true', '--v=0'];

/**
 * The sidecar, the manager's metrics behind it, the metrics Service and the proxy's RBAC.
 *
 * Facts (github.com/piraeusdatastore/piraeus-operator charts/piraeus @ 27114ea514d825b0fb90984320378a0eea65d736
 * templates/deployment.yaml and values.yaml, templates/metrics-service.yaml @ 96dd73cc06f62d0092f1068b8b9eef8c41b28498,
 * templates/rbac.yaml @ 0ef32285b13b0a3cd22e0a3b7a09f3becd9cb9ec): the manager's
 * `--metrics-bind-address=127.0.0.1:8080`; the proxy's `--secure-listen-address=0.0.0.0:8443`,
 * `--upstream=http://127.0.0.1:8080/`, TLS key and certificate from the manager's certificate
 * volume at /etc/tls, port `https` 8443; the Service `<prefix>controller-manager-metrics-service`
 * (port `metrics` 443 to 8443); the ClusterRole `<prefix>proxy-role` (create `tokenreviews` and
 * `subjectaccessreviews`) bound to the manager's ServiceAccount by `<prefix>proxy-rolebinding`.
 */
function applyKubeRbacProxy(
  manager: JsonObject, s: KubeRbacProxySettings, managerSettings: ManagerSettings | undefined, fail: Fail,
): { service: JsonObject; rbac: JsonObject[] } {
  if (managerSettings?.options?.metricsBindAddress !== undefined
    || (managerSettings?.extraArgs ?? []).some((a) => typeof a === 'string' && flagName(a) === 'metrics-bind-address')) {
    fail(`kubeRbacProxy serves the operator's metrics and binds them to ${PROXY_UPSTREAM} behind it: do not set --metrics-bind-address (deployment.options.metricsBindAddress or deployment.extraArgs)`);
  }
  const image = s.image ?? KUBE_RBAC_PROXY_IMAGE;
  try {
    parseReference(image);
  } catch (e) {
    fail(`kubeRbacProxy.image ${JSON.stringify(image)}: ${e instanceof PiraeusError ? e.detail : String(e)}`);
  }
  if (s.imagePullPolicy !== undefined && !['Always', 'IfNotPresent', 'Never'].includes(s.imagePullPolicy)) {
    fail(`kubeRbacProxy.imagePullPolicy ${JSON.stringify(s.imagePullPolicy)} must be Always, IfNotPresent or Never`);
  }
  const cert = firstSecretVolume(manager);
  if (!cert) fail("kubeRbacProxy serves TLS with the manager's certificate volume, which this install has none of (OLM mounts its own)");
  const metadata = isJsonObject(manager.metadata) ? manager.metadata : {};
  const managerName = String(metadata.name);
  const namespace = String(metadata.namespace);
  const prefix = managerName.endsWith('controller-manager') ? managerName.slice(0, -'controller-manager'.length) : '';
  const pod = objectAt(podTemplate(manager), 'spec');
  const containers = listAt(pod, 'containers').filter(isJsonObject);
  if (containers.some((c) => c.name === KUBE_RBAC_PROXY_CONTAINER)) fail(`kubeRbacProxy: the manager already has a container "${KUBE_RBAC_PROXY_CONTAINER}"`);
  const c = containers.find((x) => x.name === MANAGER_CONTAINER)!;
  setFlag(c, MANAGER_FLAGS.find((f) => f.prop === 'metricsBindAddress')!, PROXY_UPSTREAM, false);

  const args = [
    `--secure-listen-address=0.0.0.0:${PROXY_PORT}`, `--upstream=http://${PROXY_UPSTREAM}/`,
    `--tls-private-key-file=${PROXY_TLS_DIR}/tls.key`, `--tls-cert-file=${PROXY_TLS_DIR}/tls.crt`, ...PROXY_DEFAULT_FLAGS,
  ];
  for (const arg of s.extraArgs ?? []) {
    const name = typeof arg === 'string' ? flagName(arg) : undefined;
    if (name === undefined) fail(`kubeRbacProxy.extraArgs entry ${JSON.stringify(arg)} is not a flag (--name or --name=value)`);
    if (PROXY_OWN_FLAGS.includes(name!)) fail(`kubeRbacProxy.extraArgs must not set --${name}: the library wires the proxy to the manager and its certificate`);
    const i = args.findIndex((a) => flagName(a) === name);
    if (i >= 0) args[i] = arg;
    else args.push(arg);
  }
  const mounts: JsonObject[] = [{ mountPath: PROXY_TLS_DIR, name: cert!.volume, readOnly: true }];
  const volumes = names(pod.volumes);
  for (const m of s.volumeMounts ?? []) {
    if (!volumes.has(String(m.name))) fail(`kubeRbacProxy.volumeMounts: no volume "${String(m.name)}" in the pod (add it to deployment.volumes)`);
    if (mounts.some((x) => x.mountPath === m.mountPath)) fail(`kubeRbacProxy.volumeMounts: ${String(m.mountPath)} is already mounted`);
    mounts.push(structuredClone(m));
  }
  const container: JsonObject = {
    name: KUBE_RBAC_PROXY_CONTAINER,
    image,
    imagePullPolicy: s.imagePullPolicy ?? 'IfNotPresent',
    args,
    ports: [{ containerPort: PROXY_PORT, name: 'https', protocol: 'TCP' }],
  };
  if (s.resources) {
    const limits = resourceList(s.resources.limits, 'kubeRbacProxy.resources.limits', fail);
    const requests = resourceList(s.resources.requests, 'kubeRbacProxy.resources.requests', fail);
    container.resources = { ...(limits ? { limits } : {}), ...(requests ? { requests } : {}) };
  }
  container.securityContext = s.securityContext ? structuredClone(s.securityContext)
    : { capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 1000 };
  container.volumeMounts = mounts;
  containers.splice(containers.indexOf(c) + 1, 0, container);
  pod.containers = containers;

  const managerLabels = isJsonObject(metadata.labels) ? metadata.labels : {};
  const nameLabel: JsonObject = typeof managerLabels['app.kubernetes.io/name'] === 'string' ? { 'app.kubernetes.io/name': managerLabels['app.kubernetes.io/name'] } : {};
  const spec = objectAt(manager, 'spec');
  const selector = isJsonObject(spec.selector) && isJsonObject(spec.selector.matchLabels) ? spec.selector.matchLabels : {};
  const role = `${prefix}proxy-role`;
  const service: JsonObject = {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name: `${prefix}controller-manager-metrics-service`, namespace, labels: structuredClone(managerLabels) },
    spec: { type: 'ClusterIP', selector: structuredClone(selector), ports: [{ name: 'metrics', port: 443, targetPort: PROXY_PORT }] },
  };
  const rbac: JsonObject[] = [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: role, labels: nameLabel },
      rules: [
        { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
        { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: `${prefix}proxy-rolebinding`, labels: structuredClone(nameLabel) },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
      subjects: [{ kind: 'ServiceAccount', name: String(pod.serviceAccountName), namespace }],
    },
  ];
  return { service, rbac };
}

/**
 * Applies `options` to an install (`buildInstall`'s objects) and returns the result; the input is
 * not changed. A PodDisruptionBudget, when asked for, follows the manager Deployment.
 * @throws PiraeusError INVALID_PROPS for a value Kubernetes or the operator would reject, and
 *   RELEASE_CAPABILITY for a flag the release's operator does not have
 */
export function customizeInstall(install: readonly InstallObject[], version: ReleaseVersion, options: CustomizeOptions = {}): InstallObject[] {
  const fail = failer(options.where);
  let out: InstallObject[] = install.map((o) => ({ role: o.role, object: structuredClone(o.object) }));
  const objects = out.map((o) => o.object);
  const manager = out.find((o) => o.role === 'manager')?.object;
  const gencert = out.find((o) => o.role === 'gencert' && o.object.kind === 'Deployment');
  if (options.gencert && gencert) applyPod(gencert.object, GENCERT_CONTAINER, options.gencert, 'gencertDeployment', fail);
  if (options.webhook) applyWebhook(objects, options.webhook, fail);
  if (options.issuerRef) out = applyIssuer(out, options.issuerRef, fail);
  if (options.webhookSecret && manager) applySecret(out, manager, options.webhookSecret, fail);
  if (options.manager && manager) {
    const extra = applyManager(objects, manager, options.manager, version, fail);
    const at = out.findIndex((o) => o.role === 'manager') + 1;
    out = [...out.slice(0, at), ...extra.map((object) => ({ role: 'other' as const, object })), ...out.slice(at)];
  }
  if (options.kubeRbacProxy && manager) {
    const { service, rbac } = applyKubeRbacProxy(manager, options.kubeRbacProxy, options.manager, fail);
    out = [...out, ...rbac.map((object) => ({ role: 'rbac' as const, object })), { role: 'other', object: service }];
  }
  return out;
}
