import { Construct } from 'constructs';
import { ErrorCodes, PiraeusError } from '../errors';
import { OperatorRelease } from '../release/operator-release';
import { compareCodeUnits } from '../resolver/util';
import { GitOps } from './gitops';
import { LinstorCluster, LinstorClusterProps } from './linstor-cluster';
import { LinstorSatelliteConfiguration, LinstorSatelliteConfigurationProps } from './linstor-satellite-configuration';
import { PhaseChart } from './phase-chart';
import { PiraeusOperator, PiraeusOperatorProps, refuseOwnedOperatorProps } from './piraeus-operator';
import type { IPiraeusInstall } from './piraeus-preview';

/** Properties of `PiraeusInstall`. */
export interface PiraeusInstallProps {
  /**
   * The operator release to install.
   * @default OperatorRelease.latest()
   */
  readonly release?: OperatorRelease;
  /**
   * The operator install. It serves `cluster`; `release`, `foundation`, `cluster` and
   * `externalControllerVersion` are set by `PiraeusInstall` and must not be given here.
   * @default - the release's install with default images
   */
  readonly operator?: PiraeusOperatorProps;
  /**
   * The LinstorCluster. Its `operatorNamespace` is the operator's; the objects its `tls` and
   * `passphrase` make (CA Issuers and Certificates, the passphrase Secret) go to the operator chart.
   * @default - a LinstorCluster named 'linstorcluster' with an empty spec
   */
  readonly cluster?: LinstorClusterProps;
  /**
   * Satellite configurations, by construct id.
   * @default - none
   */
  readonly satelliteConfigurations?: Record<string, LinstorSatelliteConfigurationProps>;
  /**
   * Version of the external LINSTOR controller when `cluster.externalController` is set.
   * @default - satellite image left unpinned with an external controller
   */
  readonly externalControllerVersion?: string;
  /**
   * Annotations that make a GitOps tool apply the phases in order.
   * @default GitOps.none()
   */
  readonly gitops?: GitOps;
}

/**
 * Piraeus Datastore in three charts that apply in order on an empty cluster, each once the one
 * before is ready: `crds` (Namespace and CRDs), `operator` (RBAC, image ConfigMap, webhook,
 * gencert, the operator Deployment) and `cluster` (the LinstorCluster, satellite configurations
 * and whatever else the webhook validates: add StorageClasses, snapshot classes and node
 * connections to `clusterChart`). The charts are created beside this construct, named
 * `<id>-crds`, `<id>-operator` and `<id>-cluster`; with the app's default output they synthesize
 * to files whose names sort in apply order (`0000-<id>-crds.k8s.yaml`, ...). For one chart, use `PiraeusDatastore` instead.
 */
export class PiraeusInstall extends Construct implements IPiraeusInstall {
  /** Phase 0: the Namespace and the CRDs. */
  public readonly crdsChart: PhaseChart;
  /** Phase 1: the operator. */
  public readonly operatorChart: PhaseChart;
  /** Phase 2: what the operator reconciles and its webhook validates. */
  public readonly clusterChart: PhaseChart;
  /** The operator install. */
  public readonly operator: PiraeusOperator;
  /** The LinstorCluster. */
  public readonly cluster: LinstorCluster;
  /** Satellite configurations in id order. */
  public readonly satelliteConfigurations: readonly LinstorSatelliteConfiguration[];

  public constructor(scope: Construct, id: string, props: PiraeusInstallProps = {}) {
    super(scope, id);
    refuseOwnedOperatorProps(this, 'PiraeusInstall', props.operator, ['release', 'foundation', 'cluster', 'externalControllerVersion'],
      ['release', 'cluster', 'externalControllerVersion']);
    const clusterProps = props.cluster ?? {};
    if (props.externalControllerVersion !== undefined && clusterProps.externalController === undefined) {
      throw new PiraeusError(ErrorCodes.INVALID_PROPS, 'externalControllerVersion is set but cluster.externalController is not', { path: this.node.path });
    }
    const gitops = props.gitops ?? GitOps.none();
    const release = props.release ?? OperatorRelease.latest();
    // Siblings of this construct, so that their file names are `<id>-crds.k8s.yaml`, ... (a chart
    // nested deeper gets a hash in its name).
    this.crdsChart = new PhaseChart(scope, `${id}-crds`, { phase: 0, gitops });
    this.operatorChart = new PhaseChart(scope, `${id}-operator`, { phase: 1, gitops });
    this.clusterChart = new PhaseChart(scope, `${id}-cluster`, { phase: 2, gitops });
    this.operatorChart.addDependency(this.crdsChart);
    this.clusterChart.addDependency(this.operatorChart);

    if (clusterProps.prerequisites !== undefined) {
      throw new PiraeusError(ErrorCodes.INVALID_PROPS, 'cluster.prerequisites must not be set: PiraeusInstall puts the cluster\'s CA and passphrase objects in its operator chart',
        { path: this.node.path });
    }
    // The cluster's namespaced objects (CA, passphrase Secret) apply with the operator, one phase
    // before the LinstorCluster whose certificates they sign.
    this.cluster = new LinstorCluster(this.clusterChart, 'Cluster', {
      operatorNamespace: props.operator?.namespace ?? release.namespace,
      ...clusterProps,
      prerequisites: this.operatorChart,
    });
    this.operator = new PiraeusOperator(this.operatorChart, 'Operator', {
      ...props.operator,
      release,
      foundation: this.crdsChart,
      cluster: this.cluster,
      externalControllerVersion: props.externalControllerVersion,
    });
    const configs = props.satelliteConfigurations ?? {};
    this.satelliteConfigurations = Object.keys(configs).sort(compareCodeUnits).map((cid) =>
      new LinstorSatelliteConfiguration(this.clusterChart, cid, { name: cid, ...configs[cid] }));
  }
}
