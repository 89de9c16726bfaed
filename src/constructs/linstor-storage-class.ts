import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { formatProblem } from '../errors';
import {
  buildStorageClassParameters, LINSTOR_CSI_DRIVER, LinstorStorageClassParameterOptions,
} from '../storage/storage-class-parameters';
import { clusterScoped } from './cluster-scoped';
import { addWarning } from './diagnostics';


/** When a PersistentVolumeClaim is bound to a volume. */
export enum VolumeBindingMode {
  /** Provision as soon as the claim exists, wherever LINSTOR places it. */
  IMMEDIATE = 'Immediate',
  /** Provision once a pod using the claim is scheduled, so a replica can be placed on or near its node. */
  WAIT_FOR_FIRST_CONSUMER = 'WaitForFirstConsumer',
}

/** What happens to a provisioned volume when its claim is deleted. */
export enum StorageClassReclaimPolicy {
  /** Delete the volume (and its LINSTOR resource). */
  DELETE = 'Delete',
  /** Keep the volume for manual reclamation. */
  RETAIN = 'Retain',
}

/** Properties of a `LinstorStorageClass`: the LINSTOR CSI parameters plus the StorageClass fields. */
export interface LinstorStorageClassProps extends LinstorStorageClassParameterOptions {
  /**
   * Name of the StorageClass; claims refer to it as `storageClassName`.
   * @default - derived from the construct path
   */
  readonly name?: string;
  /**
   * Extra labels on the object.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Mark this class as the cluster's default (`storageclass.kubernetes.io/is-default-class`).
   * @default false
   */
  readonly defaultClass?: boolean;
  /**
   * When claims are bound. `WaitForFirstConsumer`, as in the Piraeus Operator's own tutorials,
   * lets LINSTOR CSI see the node the pod is scheduled to and place a replica there (or one
   * reachable from there, see `allowRemoteVolumeAccess`); Kubernetes' own default, `Immediate`,
   * places volumes before any pod is known.
   * @default VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER
   */
  readonly volumeBindingMode?: VolumeBindingMode;
  /**
   * Whether claims may be resized; LINSTOR CSI supports online expansion, and the operator's
   * tutorials enable it.
   * @default true
   */
  readonly allowVolumeExpansion?: boolean;
  /**
   * What happens to a volume when its claim is deleted.
   * @default - Kubernetes' default, Delete (the field is omitted)
   */
  readonly reclaimPolicy?: StorageClassReclaimPolicy;
  /**
   * Mount options for volumes of this class (`mountOptions`, e.g. `noatime`).
   * @default - none
   */
  readonly mountOptions?: string[];
  /**
   * Fail synthesis on warnings (each `extraParameters` entry) instead of only recording them as
   * construct metadata.
   * @default false
   */
  readonly failOnWarnings?: boolean;
}

/**
 * A StorageClass for LINSTOR CSI (`provisioner: linstor.csi.linbit.com`). The parameters are
 * typed, sorted and checked at construction by the rules of the Piraeus Operator's StorageClass
 * webhook, so a class that synthesizes is one the webhook admits. Cluster-scoped.
 *
 * Use it from a cdk8s-plus `PersistentVolumeClaim` as `storageClassName: sc.name`.
 */
export class LinstorStorageClass extends Construct {
  /** The emitted API object. */
  public readonly apiObject: ApiObject;
  /** Name of the StorageClass (the `storageClassName` of claims). */
  public readonly name: string;
  /** The parameters as emitted, in key order. */
  public readonly parameters: Readonly<Record<string, string>>;
  /** Warnings about the parameters (`[CODE] message`), also recorded as construct metadata. */
  public readonly warnings: readonly string[];

  public constructor(scope: Construct, id: string, props: LinstorStorageClassProps = {}) {
    super(scope, id);
    const built = buildStorageClassParameters(props, this.node.path);
    this.parameters = built.parameters;
    this.warnings = built.warnings;
    const annotations = props.defaultClass ? { 'storageclass.kubernetes.io/is-default-class': 'true' } : undefined;
    // A plain API object: the StorageClass needs no typed builder, and loading cdk8s-plus's
    // generated classes for it would cost every synth.
    this.apiObject = clusterScoped(new ApiObject(this, 'Resource', {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { ...(props.name !== undefined ? { name: props.name } : {}), labels: props.labels, annotations },
      provisioner: LINSTOR_CSI_DRIVER,
      parameters: Object.keys(built.parameters).length > 0 ? { ...built.parameters } : undefined,
      volumeBindingMode: props.volumeBindingMode ?? VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER,
      allowVolumeExpansion: props.allowVolumeExpansion ?? true,
      reclaimPolicy: props.reclaimPolicy,
      mountOptions: props.mountOptions,
    }));
    this.name = this.apiObject.name;
    reportStorageWarnings(this, built.warnings, props.failOnWarnings ?? false);
  }
}

/**
 * Records warnings (`[CODE] message`) as construct metadata in the one-line form `runSynth`
 * prints; with `failOnWarnings` they fail validation instead.
 */
export function reportStorageWarnings(scope: Construct, warnings: readonly string[], failOnWarnings: boolean): void {
  const lines = warnings.map((w) => {
    // Both groups take part in every match.
    const m = /^\[([A-Z_]+)\] ([\s\S]*)$/.exec(w);
    return m ? formatProblem({ path: scope.node.path }, m[2]!, m[1]!) : formatProblem({ path: scope.node.path }, w, 'WARNING');
  });
  if (failOnWarnings) {
    if (lines.length > 0) scope.node.addValidation({ validate: () => lines });
  } else {
    for (const line of lines) addWarning(scope, line);
  }
}
