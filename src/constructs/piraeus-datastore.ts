import { Construct } from 'constructs';
import { ErrorCodes, PiraeusError } from '../errors';
import { OperatorRelease } from '../release/operator-release';
import { compareCodeUnits } from '../resolver/util';
import { LinstorCluster, LinstorClusterProps } from './linstor-cluster';
import { LinstorSatelliteConfiguration, LinstorSatelliteConfigurationProps } from './linstor-satellite-configuration';
import { PiraeusOperator, PiraeusOperatorProps, refuseOwnedOperatorProps } from './piraeus-operator';
import type { IPiraeusInstall } from './piraeus-preview';

/** Properties of `PiraeusDatastore`. */
export interface PiraeusDatastoreProps {
  /**
   * The operator install. It serves `cluster`, so `cluster` and `externalControllerVersion` are
   * set here and must not be given inside.
   * @default - the release's install with default images
   */
  readonly operator?: PiraeusOperatorProps;
  /**
   * The operator release (shorthand for `operator.release`).
   * @default OperatorRelease.latest()
   */
  readonly release?: OperatorRelease;
  /**
   * The LinstorCluster. Its `repository` is also used for the operator's image pins; its
   * `operatorNamespace` is the operator's.
   * @default - a LinstorCluster named 'linstorcluster' with an empty spec
   */
  readonly cluster?: LinstorClusterProps;
  /**
   * Satellite configurations, by construct id.
   * @default - none
   */
  readonly satelliteConfigurations?: Record<string, LinstorSatelliteConfigurationProps>;
  /**
   * Version of the external LINSTOR controller when `cluster.externalController` is set: pins the
   * satellite image to `v<version>`.
   * @default - satellite image left unpinned with an external controller
   */
  readonly externalControllerVersion?: string;
}

/**
 * Piraeus Datastore in one construct: the operator, a LinstorCluster and optional satellite
 * configurations, with `repository` wired into both the LinstorCluster and the image pins.
 */
export class PiraeusDatastore extends Construct implements IPiraeusInstall {
  /** The operator install. */
  public readonly operator: PiraeusOperator;
  /** The LinstorCluster. */
  public readonly cluster: LinstorCluster;
  /** Satellite configurations in id order. */
  public readonly satelliteConfigurations: readonly LinstorSatelliteConfiguration[];

  public constructor(scope: Construct, id: string, props: PiraeusDatastoreProps = {}) {
    super(scope, id);
    const clusterProps = props.cluster ?? {};
    refuseOwnedOperatorProps(this, 'PiraeusDatastore', props.operator, ['cluster', 'externalControllerVersion']);
    if (props.release && props.operator?.release && props.release !== props.operator.release) {
      throw new PiraeusError(ErrorCodes.INVALID_PROPS, 'release and operator.release differ; give one', { path: this.node.path });
    }
    if (props.externalControllerVersion !== undefined && clusterProps.externalController === undefined) {
      throw new PiraeusError(ErrorCodes.INVALID_PROPS, 'externalControllerVersion is set but cluster.externalController is not', { path: this.node.path });
    }
    const release = props.release ?? props.operator?.release ?? OperatorRelease.latest();
    this.cluster = new LinstorCluster(this, 'Cluster', {
      operatorNamespace: props.operator?.namespace ?? release.namespace,
      ...clusterProps,
    });
    this.operator = new PiraeusOperator(this, 'Operator', {
      ...props.operator,
      release,
      cluster: this.cluster,
      externalControllerVersion: props.externalControllerVersion,
    });
    const configs = props.satelliteConfigurations ?? {};
    this.satelliteConfigurations = Object.keys(configs).sort(compareCodeUnits).map((cid) =>
      new LinstorSatelliteConfiguration(this, cid, { name: cid, ...configs[cid] }));
  }
}
