import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { buildSnapshotClassParameters, LinstorSnapshotTarget } from '../storage/snapshot-class-parameters';
import { LINSTOR_CSI_DRIVER } from '../storage/storage-class-parameters';
import { clusterScoped } from './cluster-scoped';
import { reportStorageWarnings } from './linstor-storage-class';


/** What happens to a snapshot's content (and the LINSTOR snapshot or backup) when the VolumeSnapshot is deleted. */
export enum SnapshotDeletionPolicy {
  /** Delete it. */
  DELETE = 'Delete',
  /** Keep it. */
  RETAIN = 'Retain',
}

/** Properties of a `LinstorVolumeSnapshotClass`. */
export interface LinstorVolumeSnapshotClassProps {
  /**
   * Name of the VolumeSnapshotClass; snapshots refer to it as `volumeSnapshotClassName`.
   * @default - derived from the construct path
   */
  readonly name?: string;
  /**
   * Extra labels on the object.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Mark this class as the default for the driver (`snapshot.storage.kubernetes.io/is-default-class`).
   * @default false
   */
  readonly defaultClass?: boolean;
  /**
   * What happens to the snapshot content when the VolumeSnapshot is deleted (a required field).
   * @default SnapshotDeletionPolicy.DELETE
   */
  readonly deletionPolicy?: SnapshotDeletionPolicy;
  /**
   * Where snapshots go: in the cluster, S3, or another LINSTOR cluster.
   * @default LinstorSnapshotTarget.inCluster()
   */
  readonly target?: LinstorSnapshotTarget;
  /**
   * Parameters passed as given, for what the target does not cover; checked by the same rules
   * and each reported as a warning (`STORAGE_EXTRA_PARAMETER`).
   * @default - none
   */
  readonly extraParameters?: Record<string, string>;
  /**
   * Fail synthesis on warnings instead of only recording them as construct metadata.
   * @default false
   */
  readonly failOnWarnings?: boolean;
}

/**
 * A `snapshot.storage.k8s.io/v1` VolumeSnapshotClass for LINSTOR CSI
 * (`driver: linstor.csi.linbit.com`). The parameters are typed, sorted and checked at
 * construction by the rules LINSTOR CSI reads them with. Cluster-scoped. Needs the
 * external-snapshotter CRDs and controller in the cluster.
 */
export class LinstorVolumeSnapshotClass extends Construct {
  /** The emitted API object. */
  public readonly apiObject: ApiObject;
  /** Name of the VolumeSnapshotClass. */
  public readonly name: string;
  /** The parameters as emitted, in key order. */
  public readonly parameters: Readonly<Record<string, string>>;
  /** Warnings about the parameters (`[CODE] message`), also recorded as construct metadata. */
  public readonly warnings: readonly string[];

  public constructor(scope: Construct, id: string, props: LinstorVolumeSnapshotClassProps = {}) {
    super(scope, id);
    const built = buildSnapshotClassParameters(props.target ?? LinstorSnapshotTarget.inCluster(), props.extraParameters, this.node.path);
    this.parameters = built.parameters;
    this.warnings = built.warnings;
    const annotations = props.defaultClass ? { 'snapshot.storage.kubernetes.io/is-default-class': 'true' } : undefined;
    this.apiObject = clusterScoped(new ApiObject(this, 'Resource', {
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshotClass',
      metadata: { ...(props.name !== undefined ? { name: props.name } : {}), labels: props.labels, annotations },
      driver: LINSTOR_CSI_DRIVER,
      deletionPolicy: props.deletionPolicy ?? SnapshotDeletionPolicy.DELETE,
      ...(Object.keys(built.parameters).length > 0 ? { parameters: { ...built.parameters } } : {}),
    }));
    this.name = this.apiObject.name;
    reportStorageWarnings(this, built.warnings, props.failOnWarnings ?? false);
  }
}
