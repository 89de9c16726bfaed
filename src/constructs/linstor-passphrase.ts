import type { PassphraseSettings } from '../manifests/cluster-tls';

/** Options of `LinstorPassphrase.fromValue()`. */
export interface LinstorPassphraseValueOptions {
  /**
   * Name of the Secret made in the operator's namespace.
   * @default '<cluster>-passphrase'
   */
  readonly secretName?: string;
}

/**
 * The LINSTOR master passphrase (`LinstorCluster.spec.linstorPassphraseSecret`): LINSTOR derives
 * the keys of LUKS-encrypted volumes from it and encrypts the credentials of backup remotes with
 * it. Losing it loses those volumes; keep a copy outside the cluster.
 */
export class LinstorPassphrase {
  /**
   * A Secret you create in the operator's namespace, with the key `MASTER_PASSPHRASE`. The
   * passphrase stays out of the synthesized output: the way to use with GitOps (a sealed or
   * external secret).
   */
  public static fromSecret(secretName: string): LinstorPassphrase {
    return new LinstorPassphrase(secretName, undefined);
  }

  /**
   * A Secret the library makes from the passphrase, as upstream's linstor-cluster chart does with
   * `linstorPassphrase`. The passphrase is then in the synthesized output, only base64-encoded,
   * so the cluster records a `SECRET_IN_OUTPUT` warning: do not commit that output unencrypted.
   */
  public static fromValue(passphrase: string, options: LinstorPassphraseValueOptions = {}): LinstorPassphrase {
    return new LinstorPassphrase(options.secretName, passphrase);
  }

  /** The Secret's name when given (the default is derived from the cluster's name). */
  public readonly secretName?: string;
  /** Whether the library makes the Secret (and so puts the passphrase into the output). */
  public readonly createsSecret: boolean;
  private declare readonly value?: string;

  private constructor(secretName: string | undefined, value: string | undefined) {
    this.secretName = secretName;
    this.createsSecret = value !== undefined;
    // Not enumerable: the passphrase stays out of JSON.stringify, logs and construct metadata.
    Object.defineProperty(this, 'value', { value, enumerable: false, writable: false, configurable: false });
  }

}

/** The settings the cluster's TLS plan reads (the value is private to the class and this module). */
export function passphraseSettings(p: LinstorPassphrase): PassphraseSettings {
  return { secretName: p.secretName, value: p['value'] };
}
