/**
 * The few cert-manager (`cert-manager.io/v1`) objects the library emits, as plain JSON: one shape
 * for the webhook's serving certificate and for the LINSTOR CAs. Pure.
 */
import { JsonObject } from '../workloads/json';
import type { CertManagerIssuerRef } from './customize';

/** cert-manager's API group and version. */
export const CERT_MANAGER_API_VERSION = 'cert-manager.io/v1';

function metadata(name: string, namespace: string, labels: JsonObject | undefined): JsonObject {
  return labels === undefined ? { name, namespace } : { name, namespace, labels };
}

/** A namespaced `Issuer` with the given spec (`{ selfSigned: {} }`, `{ ca: { secretName } }`). */
export function certManagerIssuer(name: string, namespace: string, spec: JsonObject, labels?: JsonObject): JsonObject {
  return { apiVersion: CERT_MANAGER_API_VERSION, kind: 'Issuer', metadata: metadata(name, namespace, labels), spec };
}

/** A `Certificate` with the given spec. */
export function certManagerCertificate(name: string, namespace: string, spec: JsonObject, labels?: JsonObject): JsonObject {
  return { apiVersion: CERT_MANAGER_API_VERSION, kind: 'Certificate', metadata: metadata(name, namespace, labels), spec };
}

/** An issuer reference as cert-manager's `issuerRef` (and the operator's `certManager`) take it. */
export function issuerRefJson(ref: CertManagerIssuerRef): JsonObject {
  return { ...(ref.group !== undefined ? { group: ref.group } : {}), kind: ref.kind, name: ref.name };
}

/** What a self-signed CA takes: the names of its objects. */
export interface SelfSignedCaNames {
  /** The self-signed Issuer that signs the CA certificate (one for every CA of an install). */
  readonly bootstrapIssuer: string;
  /** The CA: its Certificate, the Secret it lands in and the `ca` Issuer that signs with it. */
  readonly ca: string;
}

/**
 * A CA cert-manager keeps in the cluster: a Certificate with `isCA` (ten years, as upstream's
 * linstor-cluster chart issues it), signed by the bootstrap Issuer, and a `ca` Issuer over its
 * Secret. The bootstrap Issuer itself is `selfSignedBootstrapIssuer`.
 *
 * Facts: piraeusdatastore/helm-charts charts/linstor-cluster/templates/api-tls.yaml and
 * internal-tls.yaml @ dda8b65a2d7eb897897c7fef69b41fa9e48113c7 (commonName and secretName are the
 * CA's name, duration 87600h, usages signing, key encipherment, cert sign).
 */
export function selfSignedCaObjects(names: SelfSignedCaNames, namespace: string, labels?: JsonObject): JsonObject[] {
  return [
    certManagerCertificate(names.ca, namespace, {
      commonName: names.ca,
      duration: '87600h',
      isCA: true,
      issuerRef: { kind: 'Issuer', name: names.bootstrapIssuer },
      secretName: names.ca,
      usages: ['signing', 'key encipherment', 'cert sign'],
    }, labels),
    certManagerIssuer(names.ca, namespace, { ca: { secretName: names.ca } }, labels),
  ];
}

/** The self-signed Issuer that signs the CA certificates (charts/linstor-cluster ca-bootstrapper.yaml). */
export function selfSignedBootstrapIssuer(name: string, namespace: string, labels?: JsonObject): JsonObject {
  return certManagerIssuer(name, namespace, { selfSigned: {} }, labels);
}
