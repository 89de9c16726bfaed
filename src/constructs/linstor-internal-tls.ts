import type * as piraeus from '../imports/piraeus.io';
import type { InternalTlsSettings } from '../manifests/cluster-tls';
import type { CertManagerIssuerRef } from '../release/customize';

/** Options of internal TLS (between the LINSTOR controller and the satellites). */
export interface LinstorInternalTlsOptions {
  /**
   * The Secret of the certificate: on a LinstorCluster the controller's client certificate, on a
   * satellite configuration the satellites' own.
   * @default - the operator's: `linstor-controller-internal-tls` for the controller, `<node>-tls` for each satellite
   */
  readonly secretName?: string;
  /**
   * Where the CA that verifies peers is read from.
   * @default - `ca.crt` of the TLS Secret
   */
  readonly caReference?: piraeus.LinstorClusterSpecInternalTlsCaReference;
  /**
   * On a LinstorCluster: also turn internal TLS on for every satellite, with a
   * LinstorSatelliteConfiguration `internal-tls` (as upstream's linstor-cluster chart does).
   * Configurations apply in name order, later ones winning: one of yours that sets internal TLS
   * for some nodes and sorts after `internal-tls` wins there. Not allowed on a satellite configuration.
   * @default true
   */
  readonly satellites?: boolean;
  /**
   * Run the tlshd handshake daemon beside each satellite (`tlsHandshakeDaemon`), so DRBD can
   * replicate over TLS with the same certificate. DRBD does so for resources with the LINSTOR
   * property `DrbdOptions/Net/tls: "yes"` (on the LinstorCluster's `properties`, or a
   * StorageClass's); it needs DRBD 9.2.6 or later and kernel TLS on the hosts.
   * @default false
   */
  readonly tlsHandshakeDaemon?: boolean;
}

/** Options of `LinstorInternalTls.fromSecrets()`. */
export interface LinstorInternalTlsSecretOptions extends LinstorInternalTlsOptions {
  /**
   * On a LinstorCluster with `satellites`: the Secret every satellite serves with (one certificate
   * for all of them). Not allowed on a satellite configuration: use `secretName` there.
   * @default - none; required on a LinstorCluster unless `satellites` is false
   */
  readonly satelliteSecretName?: string;
}

/** Options of `LinstorInternalTls.selfSignedCa()`. */
export interface LinstorSelfSignedInternalTlsOptions extends LinstorInternalTlsOptions {
  /**
   * Name of the CA: its Certificate, its Secret and the `ca` Issuer that signs with it.
   * @default '<cluster>-internal-ca'
   */
  readonly caName?: string;
}

/**
 * TLS between the LINSTOR controller and the satellites (`spec.internalTLS` of a LinstorCluster
 * and of satellite configurations): where the certificates come from. With cert-manager the
 * operator creates the Certificates itself, one for the controller and one per satellite.
 */
export class LinstorInternalTls {
  /**
   * cert-manager issues the certificates from an issuer of yours: an `Issuer` in the operator's
   * namespace, a `ClusterIssuer`, or an external issuer named with its `group`. On a satellite
   * configuration, pass `cluster.internalTlsIssuerRef` to use the cluster's issuer.
   */
  public static certManager(issuerRef: CertManagerIssuerRef, options: LinstorInternalTlsOptions = {}): LinstorInternalTls {
    return new LinstorInternalTls('cert-manager', options, { issuerRef: { ...issuerRef } });
  }

  /**
   * cert-manager issues the certificates from a CA the library makes in the operator's namespace
   * (a self-signed Issuer `<cluster>-ca-bootstrapper`, a ten-year CA Certificate and a `ca`
   * Issuer, both named `caName`). LinstorCluster only: the satellites get it through `satellites`
   * or `cluster.internalTlsIssuerRef`. Requires cert-manager.
   */
  public static selfSignedCa(options: LinstorSelfSignedInternalTlsOptions = {}): LinstorInternalTls {
    const { caName, ...rest } = options;
    return new LinstorInternalTls('self-signed-ca', rest, { caName });
  }

  /**
   * Secrets you provide (`tls.crt`, `tls.key` and, without `caReference`, `ca.crt`) in the
   * operator's namespace: `secretName` (on a LinstorCluster the controller's, default
   * `linstor-controller-internal-tls`) and `satelliteSecretName` for the satellites.
   */
  public static fromSecrets(options: LinstorInternalTlsSecretOptions = {}): LinstorInternalTls {
    return new LinstorInternalTls('secrets', options);
  }

  /** `cert-manager`, `self-signed-ca` or `secrets`. */
  public readonly method: 'cert-manager' | 'self-signed-ca' | 'secrets';
  /** The issuer of yours, for `cert-manager`. */
  public readonly issuerRef?: CertManagerIssuerRef;
  /** The CA's name when given, for `self-signed-ca`. */
  public readonly caName?: string;
  /** The Secret names, the CA reference and the satellite settings. */
  public readonly options: LinstorInternalTlsSecretOptions;

  private constructor(method: LinstorInternalTls['method'], options: LinstorInternalTlsSecretOptions, parts: { issuerRef?: CertManagerIssuerRef; caName?: string } = {}) {
    this.method = method;
    this.options = { ...options };
    this.issuerRef = parts.issuerRef;
    this.caName = parts.caName;
  }
}

/** The settings the TLS plan reads. */
export function internalTlsSettings(tls: LinstorInternalTls): InternalTlsSettings {
  return {
    ...tls.options,
    source: tls.method === 'cert-manager' ? { kind: 'cert-manager', issuerRef: tls.issuerRef! }
      : tls.method === 'self-signed-ca' ? { kind: 'self-signed-ca', caName: tls.caName } : { kind: 'secrets' },
  };
}
