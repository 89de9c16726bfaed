/**
 * LINSTOR's TLS and passphrase settings turned into what a LinstorCluster emits: the
 * `apiTLS`/`internalTLS`/`linstorPassphraseSecret` spec fields, the satellites' `internalTLS`,
 * and the namespaced objects they need (a self-signed CA through cert-manager, the passphrase
 * Secret). Pure.
 *
 * Facts (github.com/piraeusdatastore/piraeus-operator @ 0ef32285b13b0a3cd22e0a3b7a09f3becd9cb9ec):
 * - with `certManager` set, the operator creates the Certificates itself, in its namespace, for
 *   every Secret the TLS settings name (internal/controller linstorcluster_controller.go,
 *   pkg/resources/cluster/controller/cert-manager/*, pkg/resources/satellite/satellite/cert-manager);
 *   so an issuer reference is all it needs;
 * - the Secret names default to `linstor-api-tls`, `linstor-client-tls`,
 *   `linstor-csi-controller-tls`, `linstor-csi-node-tls` (api/v1/linstorcluster_types.go),
 *   `linstor-controller-internal-tls` for the controller's internal TLS and `<satellite>-tls` for
 *   each satellite (internal/controller/linstorsatellite_controller.go);
 * - the passphrase Secret holds the key `MASTER_PASSPHRASE` (pkg/resources/cluster/patches/passphrase.yaml).
 *
 * Facts (github.com/piraeusdatastore/helm-charts charts/linstor-cluster @ dda8b65a2d7eb897897c7fef69b41fa9e48113c7):
 * the chart's `cert-manager` mode creates `<name>-ca-bootstrapper` (self-signed), `<name>-api-ca`
 * and `<name>-internal-ca` (CA Certificate and `ca` Issuer each) and a LinstorSatelliteConfiguration
 * `internal-tls` that turns on internal TLS on every satellite; `linstorPassphrase` becomes the
 * Secret `<name>-passphrase`.
 */
import { ErrorCodes, PiraeusError } from '../errors';
import type * as piraeus from '../imports/piraeus.io';
import { issuerRefJson, selfSignedBootstrapIssuer, selfSignedCaObjects } from '../release/cert-manager';
import { CertManagerIssuerRef, isDnsSubdomain, issuerRefProblem } from '../release/customize';
import { compareBytewise } from '../resolver/order';
import { JsonObject } from '../workloads/json';

/** The passphrase Secret's key, as the operator reads it. */
export const PASSPHRASE_KEY = 'MASTER_PASSPHRASE';

/** Name of the satellite configuration that turns on internal TLS on every satellite (as upstream's chart names it). */
export const INTERNAL_TLS_SATELLITE_CONFIGURATION = 'internal-tls';

/** Where one TLS connection's certificates come from. */
export type TlsCertificateSource =
  | { readonly kind: 'cert-manager'; readonly issuerRef: CertManagerIssuerRef }
  | { readonly kind: 'self-signed-ca'; readonly caName?: string }
  | { readonly kind: 'secrets' };

/** A CA certificate reference (`caReference` of the operator's TLS settings). */
export interface CaReference {
  readonly kind?: string;
  readonly name: string;
  readonly key?: string;
  readonly optional?: boolean;
}

/** The LINSTOR API's TLS: the Secrets of the controller and its clients. */
export interface ApiTlsSettings {
  readonly source: TlsCertificateSource;
  readonly apiSecretName?: string;
  readonly clientSecretName?: string;
  readonly csiControllerSecretName?: string;
  readonly csiNodeSecretName?: string;
  readonly affinityControllerSecretName?: string;
  readonly nfsServerSecretName?: string;
  readonly caReference?: CaReference;
}

/** TLS between the LINSTOR controller and the satellites. */
export interface InternalTlsSettings {
  readonly source: TlsCertificateSource;
  /** The controller's client certificate Secret (on a satellite configuration: the satellites'). */
  readonly secretName?: string;
  readonly caReference?: CaReference;
  /** Whether to turn internal TLS on for every satellite as well (cluster only). */
  readonly satellites?: boolean;
  /** The one Secret every satellite serves with, for Secrets the user provides (cluster only). */
  readonly satelliteSecretName?: string;
  /** Run tlshd beside each satellite so DRBD can use TLS (satellites only). */
  readonly tlsHandshakeDaemon?: boolean;
}

/** The LINSTOR passphrase: an existing Secret, or one made from a value. */
export interface PassphraseSettings {
  readonly secretName?: string;
  /** The passphrase itself; the Secret is then emitted (in plain base64) with the install. */
  readonly value?: string;
}

/** What `planClusterTls` takes. */
export interface ClusterTlsInput {
  /** The LinstorCluster's name: the prefix of the objects made for it. */
  readonly clusterName: string;
  /** The operator's namespace, where the operator reads Secrets and creates Certificates. */
  readonly namespace: string;
  readonly api?: ApiTlsSettings;
  readonly internal?: InternalTlsSettings;
  readonly passphrase?: PassphraseSettings;
  /** Labels of the made objects. */
  readonly labels?: Readonly<Record<string, string>>;
  /** The construct path, for errors. */
  readonly where: string;
}

/** What a LinstorCluster emits for its TLS and passphrase settings. */
export interface ClusterTlsPlan {
  /** `spec.apiTls`, when API TLS is on. */
  readonly apiTls?: piraeus.LinstorClusterSpecApiTls;
  /** `spec.internalTls`, when internal TLS is on. */
  readonly internalTls?: piraeus.LinstorClusterSpecInternalTls;
  /** `spec.linstorPassphraseSecret`, when a passphrase is set. */
  readonly linstorPassphraseSecret?: string;
  /** `spec.internalTls` of the satellite configuration that turns TLS on for every satellite. */
  readonly satelliteInternalTls?: piraeus.LinstorSatelliteConfigurationSpecInternalTls;
  /** The issuer the operator's API Certificates use, with cert-manager. */
  readonly apiIssuerRef?: CertManagerIssuerRef;
  /** The issuer the operator's internal Certificates use, with cert-manager. */
  readonly internalIssuerRef?: CertManagerIssuerRef;
  /** Namespaced objects to apply before the LinstorCluster: the CA's Issuers and Certificates, the passphrase Secret. */
  readonly objects: readonly JsonObject[];
  /** Whether `spec` carries a passphrase value that ends up in the synthesized output. */
  readonly passphraseInOutput: boolean;
}

/** The API TLS Secret names the operator uses when a name is not given, by setting. */
export const API_TLS_SECRET_DEFAULTS = {
  apiSecretName: 'linstor-api-tls',
  clientSecretName: 'linstor-client-tls',
  csiControllerSecretName: 'linstor-csi-controller-tls',
  csiNodeSecretName: 'linstor-csi-node-tls',
  affinityControllerSecretName: 'linstor-affinity-controller-tls',
  nfsServerSecretName: 'linstor-csi-nfs-server-tls',
} as const;

/** The controller's internal TLS Secret when none is named. */
export const INTERNAL_TLS_SECRET_DEFAULT = 'linstor-controller-internal-tls';

type Fail = (detail: string) => never;

function failer(where: string): Fail {
  return (detail) => {
    throw new PiraeusError(ErrorCodes.INVALID_PROPS, detail, { path: where });
  };
}

function checkName(label: string, name: unknown, fail: Fail): void {
  if (name !== undefined && !isDnsSubdomain(name)) fail(`${label} ${JSON.stringify(name)} is not a DNS-1123 name (lower-case letters, digits, "-" and ".")`);
}

function checkCaReference(label: string, ref: CaReference | undefined, fail: Fail): JsonObject | undefined {
  if (ref === undefined) return undefined;
  checkName(`${label}.name`, ref.name, fail);
  if (ref.name === undefined) fail(`${label}.name is required`);
  if (ref.kind !== undefined && ref.kind !== 'Secret' && ref.kind !== 'ConfigMap') fail(`${label}.kind ${JSON.stringify(ref.kind)} must be Secret or ConfigMap`);
  if (ref.key !== undefined && (typeof ref.key !== 'string' || !/^[-._a-zA-Z0-9]+$/.test(ref.key))) fail(`${label}.key ${JSON.stringify(ref.key)} is not a valid data key`);
  const out: JsonObject = {};
  for (const k of ['key', 'kind', 'name', 'optional'] as const) if (ref[k] !== undefined) out[k] = ref[k] as string | boolean;
  return out;
}

function checkIssuer(label: string, ref: CertManagerIssuerRef, fail: Fail): void {
  const problem = issuerRefProblem(ref);
  if (problem) fail(`${label}: the issuer's ${problem}`);
}

/** The issuer a source gives the operator, and the CA name when the library makes the CA. */
function issuerOf(source: TlsCertificateSource, defaultCa: string, label: string, fail: Fail): { ref?: CertManagerIssuerRef; ca?: string } {
  switch (source.kind) {
    case 'cert-manager':
      checkIssuer(label, source.issuerRef, fail);
      return { ref: { ...source.issuerRef } };
    case 'self-signed-ca': {
      const ca = source.caName ?? defaultCa;
      checkName(`${label}: caName`, ca, fail);
      return { ref: { kind: 'Issuer', name: ca }, ca };
    }
    default:
      return {};
  }
}

function sorted(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o).sort(compareBytewise)) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/**
 * The spec fields and objects for a LinstorCluster's TLS and passphrase settings.
 * @throws PiraeusError INVALID_PROPS for a name Kubernetes would refuse, an issuer kind that does
 *   not exist, two Certificates writing one Secret, or settings that contradict each other
 */
export function planClusterTls(input: ClusterTlsInput): ClusterTlsPlan {
  const fail = failer(input.where);
  const { clusterName, namespace } = input;
  const labels = input.labels && Object.keys(input.labels).length ? sorted(input.labels) as JsonObject : undefined;
  const cas: string[] = [];
  const objects: JsonObject[] = [];
  let apiTls: piraeus.LinstorClusterSpecApiTls | undefined;
  let internalTls: piraeus.LinstorClusterSpecInternalTls | undefined;
  let satelliteInternalTls: piraeus.LinstorSatelliteConfigurationSpecInternalTls | undefined;
  let apiIssuerRef: CertManagerIssuerRef | undefined;
  let internalIssuerRef: CertManagerIssuerRef | undefined;

  if (input.api) {
    const api = input.api;
    const issuer = issuerOf(api.source, `${clusterName}-api-ca`, 'tls.api', fail);
    const names: Record<string, string> = {};
    for (const key of Object.keys(API_TLS_SECRET_DEFAULTS) as (keyof typeof API_TLS_SECRET_DEFAULTS)[]) {
      checkName(`tls.api.${key}`, api[key], fail);
      names[key] = api[key] ?? API_TLS_SECRET_DEFAULTS[key];
    }
    if (issuer.ref) {
      // The operator creates one Certificate per Secret: two that write one Secret would take turns.
      const seen = new Map<string, string>();
      for (const [key, name] of Object.entries(names)) {
        if (seen.has(name)) fail(`tls.api: ${seen.get(name)} and ${key} are both "${name}"; with cert-manager each needs a Secret of its own`);
        seen.set(name, key);
      }
      if (issuer.ca && seen.has(issuer.ca)) fail(`tls.api: the CA's Secret "${issuer.ca}" is also ${seen.get(issuer.ca)}; give the CA another caName`);
    }
    if (issuer.ca) cas.push(issuer.ca);
    apiIssuerRef = issuer.ref;
    apiTls = sorted({
      affinityControllerSecretName: api.affinityControllerSecretName,
      apiSecretName: api.apiSecretName,
      caReference: checkCaReference('tls.api.caReference', api.caReference, fail),
      certManager: issuer.ref && issuerRefJson(issuer.ref),
      clientSecretName: api.clientSecretName,
      csiControllerSecretName: api.csiControllerSecretName,
      csiNodeSecretName: api.csiNodeSecretName,
      nfsServerSecretName: api.nfsServerSecretName,
    }) as piraeus.LinstorClusterSpecApiTls;
  }

  if (input.internal) {
    const internal = input.internal;
    const issuer = issuerOf(internal.source, `${clusterName}-internal-ca`, 'tls.internal', fail);
    checkName('tls.internal.secretName', internal.secretName, fail);
    checkName('tls.internal.satelliteSecretName', internal.satelliteSecretName, fail);
    const caReference = checkCaReference('tls.internal.caReference', internal.caReference, fail);
    if (issuer.ca && issuer.ca === (internal.secretName ?? INTERNAL_TLS_SECRET_DEFAULT)) {
      fail(`tls.internal: the CA's Secret "${issuer.ca}" is also the controller's certificate; give the CA another caName`);
    }
    if (issuer.ca && cas.includes(issuer.ca)) fail(`tls.internal: caName "${issuer.ca}" is the API's CA too; give each CA its own name`);
    if (issuer.ca) cas.push(issuer.ca);
    internalIssuerRef = issuer.ref;
    internalTls = sorted({
      caReference,
      certManager: issuer.ref && issuerRefJson(issuer.ref),
      secretName: internal.secretName,
    }) as piraeus.LinstorClusterSpecInternalTls;
    const satellites = internal.satellites ?? true;
    if (!satellites && internal.tlsHandshakeDaemon) fail('tls.internal: tlsHandshakeDaemon runs on the satellites, but satellites is false');
    if (!satellites && internal.satelliteSecretName !== undefined) fail('tls.internal: satelliteSecretName is for the satellites, but satellites is false');
    if (issuer.ref && internal.satelliteSecretName !== undefined) {
      fail('tls.internal: satelliteSecretName is for Secrets you provide; with cert-manager each satellite gets its own (<node>-tls)');
    }
    if (satellites) {
      if (!issuer.ref && internal.satelliteSecretName === undefined) {
        fail('tls.internal: the satellites need a certificate too: give satelliteSecretName (a Secret every satellite serves with), '
          + 'or satellites: false and set internal TLS on your satellite configurations');
      }
      satelliteInternalTls = sorted({
        caReference,
        certManager: issuer.ref && issuerRefJson(issuer.ref),
        secretName: issuer.ref ? undefined : internal.satelliteSecretName,
        tlsHandshakeDaemon: internal.tlsHandshakeDaemon ? true : undefined,
      }) as piraeus.LinstorSatelliteConfigurationSpecInternalTls;
    }
  }

  if (cas.length) {
    const bootstrap = `${clusterName}-ca-bootstrapper`;
    checkName('the CA bootstrap Issuer', bootstrap, fail);
    if (cas.includes(bootstrap)) fail(`tls: caName "${bootstrap}" is the bootstrap Issuer's name; choose another`);
    objects.push(selfSignedBootstrapIssuer(bootstrap, namespace, labels));
    for (const ca of cas) objects.push(...selfSignedCaObjects({ bootstrapIssuer: bootstrap, ca }, namespace, labels));
  }

  let linstorPassphraseSecret: string | undefined;
  const passphrase = input.passphrase;
  if (passphrase) {
    const secretName = passphrase.secretName ?? `${clusterName}-passphrase`;
    checkName('passphrase secretName', secretName, fail);
    if (passphrase.value !== undefined) {
      if (typeof passphrase.value !== 'string' || passphrase.value === '') fail('passphrase: the value must not be empty');
      objects.push({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: labels === undefined ? { name: secretName, namespace } : { name: secretName, namespace, labels },
        data: { [PASSPHRASE_KEY]: Buffer.from(passphrase.value, 'utf8').toString('base64') },
      });
    }
    linstorPassphraseSecret = secretName;
  }

  return {
    apiTls, internalTls, satelliteInternalTls, apiIssuerRef, internalIssuerRef, linstorPassphraseSecret, objects,
    passphraseInOutput: passphrase?.value !== undefined,
  };
}

/**
 * A satellite configuration's `internalTLS` from its settings (the satellites' Secret is
 * `secretName`, `<node>-tls` when cert-manager issues it and none is named).
 * @throws PiraeusError INVALID_PROPS for a CA the library would have to make (the cluster makes
 *   it: pass its issuer), settings that belong to a LinstorCluster, or an invalid name or issuer
 */
export function satelliteInternalTls(settings: InternalTlsSettings, where: string): piraeus.LinstorSatelliteConfigurationSpecInternalTls {
  const fail = failer(where);
  if (settings.source.kind === 'self-signed-ca') {
    fail("tls: a satellite configuration cannot make a CA; the LinstorCluster's does: use "
      + 'LinstorInternalTls.certManager(cluster.internalTlsIssuerRef) with a cluster whose internal TLS is selfSignedCa()');
  }
  if (settings.satellites !== undefined) fail('tls: satellites is a LinstorCluster setting; a satellite configuration is for satellites already');
  if (settings.satelliteSecretName !== undefined) fail('tls: satelliteSecretName is a LinstorCluster setting; use secretName here');
  checkName('tls.secretName', settings.secretName, fail);
  const issuer = issuerOf(settings.source, '', 'tls', fail);
  if (!issuer.ref && settings.secretName === undefined) fail('tls: Secrets you provide need secretName (the Secret the selected satellites serve with)');
  return sorted({
    caReference: checkCaReference('tls.caReference', settings.caReference, fail),
    certManager: issuer.ref && issuerRefJson(issuer.ref),
    secretName: settings.secretName,
    tlsHandshakeDaemon: settings.tlsHandshakeDaemon ? true : undefined,
  }) as piraeus.LinstorSatelliteConfigurationSpecInternalTls;
}

/** Warning codes of the LinstorCluster's settings. */
export const ClusterDiagnosticCodes = {
  /** A Secret's value (the LINSTOR passphrase) is part of the synthesized output, only base64-encoded. */
  SECRET_IN_OUTPUT: 'SECRET_IN_OUTPUT',
} as const;
