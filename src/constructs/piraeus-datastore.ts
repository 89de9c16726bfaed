import { Construct } from 'constructs';
import { ErrorCodes, PiraeusError } from '../errors';
import { compareCodeUnits } from '../resolver/util';
import { LinstorCluster, LinstorClusterProps } from './linstor-cluster';
import { LinstorSatelliteConfiguration, LinstorSatelliteConfigurationProps } from './linstor-satellite-configuration';
import { PiraeusOperator, PiraeusOperatorProps } from './piraeus-operator';

/** Properties of `PiraeusDatastore`. */
export interface PiraeusDatastoreProps {
  /**
   * The operator install. `repository`, `externalController` and `externalControllerVersion` are
   * taken from `cluster` and must not be set here.
   * @default - the upstream install with default images
   */
  readonly operator?: PiraeusOperatorProps;
  /**
   * The LinstorCluster. Its `repository` is also used for the operator's image pins.
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
export class PiraeusDatastore extends Construct {
  /** The operator install. */
  public readonly operator: PiraeusOperator;
  /** The LinstorCluster. */
  public readonly cluster: LinstorCluster;
  /** Satellite configurations in id order. */
  public readonly satelliteConfigurations: readonly LinstorSatelliteConfiguration[];

  public constructor(scope: Construct, id: string, props: PiraeusDatastoreProps = {}) {
    super(scope, id);
    const clusterProps = props.cluster ?? {};
    for (const field of ['repository', 'externalController', 'externalControllerVersion'] as const) {
      if (props.operator?.[field] !== undefined) {
        throw new PiraeusError(ErrorCodes.INVALID_PROPS,
          `operator.${field} must not be set: PiraeusDatastore takes it from ${field === 'externalControllerVersion' ? 'its own externalControllerVersion' : `cluster.${field}`}`,
          { path: this.node.path });
      }
    }
    if (props.externalControllerVersion !== undefined && clusterProps.externalController === undefined) {
      throw new PiraeusError(ErrorCodes.INVALID_PROPS, 'externalControllerVersion is set but cluster.externalController is not', { path: this.node.path });
    }
    this.operator = new PiraeusOperator(this, 'Operator', {
      ...props.operator,
      repository: clusterProps.repository,
      externalController: clusterProps.externalController !== undefined,
      externalControllerVersion: props.externalControllerVersion,
    });
    this.cluster = new LinstorCluster(this, 'Cluster', clusterProps);
    const configs = props.satelliteConfigurations ?? {};
    this.satelliteConfigurations = Object.keys(configs).sort(compareCodeUnits).map((cid) =>
      new LinstorSatelliteConfiguration(this, cid, { name: cid, ...configs[cid] }));
  }
}
