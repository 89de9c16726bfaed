import type { CertManagerIssuerRef, WebhookSecretSource } from '../release/customize';

/** How the admission webhook gets its serving certificate. */
export class WebhookCertificates {
  /** Upstream's default: the `gencert` Deployment creates and rotates a self-signed certificate. */
  public static gencert(): WebhookCertificates {
    return new WebhookCertificates('gencert');
  }

  /**
   * cert-manager issues the certificate (a self-signed Issuer and a Certificate are created) and
   * injects the CA into the webhook configuration. Requires cert-manager in the cluster.
   */
  public static certManager(): WebhookCertificates {
    return new WebhookCertificates('cert-manager');
  }

  /**
   * cert-manager issues the certificate from an issuer of yours (an `Issuer` in the operator's
   * namespace or a `ClusterIssuer`) and injects the CA into the webhook configuration; no Issuer is
   * created. The reference is checked when the operator is constructed.
   */
  public static certManagerIssuer(issuerRef: CertManagerIssuerRef): WebhookCertificates {
    return new WebhookCertificates('cert-manager', { issuerRef: { ...issuerRef } });
  }

  /**
   * A Secret you provide (`tls.crt` and `tls.key`, in the operator's namespace) serves the webhook;
   * `caBundle` (the signing CA's PEM, base64-encoded) goes into every webhook's
   * `clientConfig.caBundle`. No gencert runs, so rotating the certificate is yours to do.
   */
  public static fromSecret(source: WebhookSecretSource): WebhookCertificates {
    return new WebhookCertificates('secret', { secret: { ...source } });
  }

  /**
   * OLM issues the certificate: an operator installed from an OLM bundle gets its serving
   * certificate mounted by OLM, which also owns the webhook configuration. No gencert runs and
   * the manager keeps no certificate volume of its own (OLM mounts one at the same path).
   * `OlmBundle` needs this.
   */
  public static olm(): WebhookCertificates {
    return new WebhookCertificates('olm');
  }

  /** `gencert`, `cert-manager`, `secret` or `olm`. */
  public readonly method: 'gencert' | 'cert-manager' | 'secret' | 'olm';
  /** The issuer cert-manager uses, when it is the user's. */
  public readonly issuerRef?: CertManagerIssuerRef;
  /** The user's certificate, for `secret`. */
  public readonly secret?: WebhookSecretSource;

  private constructor(method: 'gencert' | 'cert-manager' | 'secret' | 'olm', parts: { issuerRef?: CertManagerIssuerRef; secret?: WebhookSecretSource } = {}) {
    this.method = method;
    this.issuerRef = parts.issuerRef;
    this.secret = parts.secret;
  }
}
