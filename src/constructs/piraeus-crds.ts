import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { buildInstall } from '../release/install';
import { OperatorRelease } from '../release/operator-release';
import { JsonObject } from '../workloads/json';
import { emitInstallObject } from './install-object';

/** Properties of `PiraeusCrds`. */
export interface PiraeusCrdsProps {
  /**
   * The release whose CRDs to emit.
   * @default OperatorRelease.latest()
   */
  readonly release?: OperatorRelease;
  /**
   * The CRD objects, already built (what `PiraeusOperator` passes); replaces `release`.
   * @default - the release's CRDs
   */
  readonly objects?: readonly JsonObject[];
}

/**
 * The piraeus.io CustomResourceDefinitions of a release (LinstorCluster, LinstorSatellite,
 * LinstorSatelliteConfiguration, LinstorNodeConnection), cluster-scoped, exactly as the release
 * defines them.
 */
export class PiraeusCrds extends Construct {
  /** One API object per CRD, in install order. */
  public readonly crds: readonly ApiObject[];

  public constructor(scope: Construct, id: string, props: PiraeusCrdsProps = {}) {
    super(scope, id);
    const objects = props.objects
      ?? buildInstall(props.release ?? OperatorRelease.latest()).filter((o) => o.role === 'crd').map((o) => o.object);
    this.crds = objects.map((o) => emitInstallObject(this, o));
  }
}
