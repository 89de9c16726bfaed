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

  /** `gencert` or `cert-manager`. */
  public readonly method: 'gencert' | 'cert-manager';

  private constructor(method: 'gencert' | 'cert-manager') {
    this.method = method;
  }
}
