import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { JsonObject } from '../workloads/json';
import { emitInstallObject } from './install-object';

/** Properties of `LinstorClusterPrerequisites`. */
export interface LinstorClusterPrerequisitesProps {
  /** The objects, each with its namespace (the operator's). */
  readonly objects: readonly JsonObject[];
}

/**
 * The namespaced objects a LinstorCluster needs before the operator reconciles it: the
 * self-signed CA's cert-manager Issuers and Certificates and the passphrase Secret, in the
 * operator's namespace. `PiraeusInstall` puts them in the operator phase, so the CA exists by the
 * time the LinstorCluster applies.
 */
export class LinstorClusterPrerequisites extends Construct {
  /** Every object, in emit order. */
  public readonly objects: readonly ApiObject[];

  public constructor(scope: Construct, id: string, props: LinstorClusterPrerequisitesProps) {
    super(scope, id);
    this.objects = props.objects.map((o) => emitInstallObject(this, o));
  }

  /** The cert-manager Issuers (the bootstrap Issuer and each CA's). */
  public get issuers(): ApiObject[] {
    return this.objects.filter((o) => o.kind === 'Issuer');
  }

  /** The CA Certificates. */
  public get certificates(): ApiObject[] {
    return this.objects.filter((o) => o.kind === 'Certificate');
  }

  /** The passphrase Secret, when the library makes it. */
  public get passphraseSecret(): ApiObject | undefined {
    return this.objects.find((o) => o.kind === 'Secret');
  }
}
