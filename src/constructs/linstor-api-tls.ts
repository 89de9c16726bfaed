import type * as piraeus from '../imports/piraeus.io';
import type { ApiTlsSettings } from '../manifests/cluster-tls';
import type { CertManagerIssuerRef } from '../release/customize';

/**
 * The Secrets of the LINSTOR API's TLS: the controller's server certificate and its clients'.
 * Every name defaults to the operator's own.
 */
export interface LinstorApiTlsOptions {
  /**
   * The controller's server certificate.
   * @default 'linstor-api-tls'
   */
  readonly apiSecretName?: string;
  /**
   * The operator's client certificate.
   * @default 'linstor-client-tls'
   */
  readonly clientSecretName?: string;
  /**
   * The CSI controller's client certificate.
   * @default 'linstor-csi-controller-tls'
   */
  readonly csiControllerSecretName?: string;
  /**
   * The CSI nodes' client certificate.
   * @default 'linstor-csi-node-tls'
   */
  readonly csiNodeSecretName?: string;
  /**
   * The affinity controller's client certificate (operator v2.10 and later read it).
   * @default 'linstor-affinity-controller-tls'
   */
  readonly affinityControllerSecretName?: string;
  /**
   * The NFS server's client certificate (operator v2.10 and later read it).
   * @default 'linstor-csi-nfs-server-tls'
   */
  readonly nfsServerSecretName?: string;
  /**
   * Where the CA that verifies peers is read from.
   * @default - `ca.crt` of each TLS Secret
   */
  readonly caReference?: piraeus.LinstorClusterSpecApiTlsCaReference;
}

/** Options of `LinstorApiTls.selfSignedCa()`. */
export interface LinstorSelfSignedApiTlsOptions extends LinstorApiTlsOptions {
  /**
   * Name of the CA: its Certificate, its Secret and the `ca` Issuer that signs with it.
   * @default '<cluster>-api-ca'
   */
  readonly caName?: string;
}

/**
 * TLS for the LINSTOR API (`LinstorCluster.spec.apiTLS`): where the controller's and its clients'
 * certificates come from. With cert-manager, the operator creates the Certificates itself in its
 * namespace; the library only names the issuer, or makes the CA.
 */
export class LinstorApiTls {
  /**
   * cert-manager issues every certificate from an issuer of yours: an `Issuer` in the operator's
   * namespace, a `ClusterIssuer`, or an external issuer named with its `group`.
   */
  public static certManager(issuerRef: CertManagerIssuerRef, options: LinstorApiTlsOptions = {}): LinstorApiTls {
    return new LinstorApiTls('cert-manager', options, { issuerRef: { ...issuerRef } });
  }

  /**
   * cert-manager issues every certificate from a CA the library makes in the operator's namespace,
   * as upstream's linstor-cluster chart does: a self-signed Issuer `<cluster>-ca-bootstrapper`, a
   * ten-year CA Certificate and a `ca` Issuer, both named `caName`. Requires cert-manager.
   */
  public static selfSignedCa(options: LinstorSelfSignedApiTlsOptions = {}): LinstorApiTls {
    const { caName, ...rest } = options;
    return new LinstorApiTls('self-signed-ca', rest, { caName });
  }

  /**
   * Secrets you provide (`tls.crt`, `tls.key` and, without `caReference`, `ca.crt`), in the
   * operator's namespace, under the names of `options`. Rotating them is yours to do.
   */
  public static fromSecrets(options: LinstorApiTlsOptions = {}): LinstorApiTls {
    return new LinstorApiTls('secrets', options);
  }

  /** `cert-manager`, `self-signed-ca` or `secrets`. */
  public readonly method: 'cert-manager' | 'self-signed-ca' | 'secrets';
  /** The issuer of yours, for `cert-manager`. */
  public readonly issuerRef?: CertManagerIssuerRef;
  /** The CA's name when given, for `self-signed-ca`. */
  public readonly caName?: string;
  /** The Secret names and the CA reference. */
  public readonly options: LinstorApiTlsOptions;

  private constructor(method: LinstorApiTls['method'], options: LinstorApiTlsOptions, parts: { issuerRef?: CertManagerIssuerRef; caName?: string } = {}) {
    this.method = method;
    this.options = { ...options };
    this.issuerRef = parts.issuerRef;
    this.caName = parts.caName;
  }
}

/** The settings the cluster's TLS plan reads. */
export function apiTlsSettings(tls: LinstorApiTls): ApiTlsSettings {
  const { caReference, ...names } = tls.options;
  return {
    ...names,
    caReference,
    source: tls.method === 'cert-manager' ? { kind: 'cert-manager', issuerRef: tls.issuerRef! }
      : tls.method === 'self-signed-ca' ? { kind: 'self-signed-ca', caName: tls.caName } : { kind: 'secrets' },
  };
}
