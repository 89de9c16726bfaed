import { Construct } from 'constructs';
import * as piraeus from '../imports/piraeus.io';
import { validateClusterSpec } from '../manifests/validate-specs';
import { clusterScoped } from './cluster-scoped';

/** Properties of a `LinstorCluster`: the whole `piraeus.io/v1` LinstorCluster spec, plus its name. */
export interface LinstorClusterProps extends piraeus.LinstorClusterSpec {
  /**
   * Name of the LinstorCluster object (the operator manages one per cluster).
   * @default 'linstorcluster'
   */
  readonly name?: string;
  /**
   * Extra labels on the object.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/**
 * The `LinstorCluster` resource: which nodes run satellites, the LINSTOR controller and CSI
 * components, TLS, and `repository`, which replaces the base of every image document.
 * Cluster-scoped. The spec is checked at synth time (properties need names, patches need text,
 * replicas are non-negative, the repository is a valid registry prefix, ...).
 */
export class LinstorCluster extends Construct {
  /** The emitted API object. */
  public readonly apiObject: piraeus.LinstorCluster;
  /** Name of the object. */
  public readonly name: string;
  /** `spec.repository`, or '' when unset. */
  public readonly repository: string;
  /** Whether the cluster uses an external LINSTOR controller (`spec.externalController`). */
  public readonly externalController: boolean;
  /** The spec as emitted. */
  public readonly spec: piraeus.LinstorClusterSpec;

  public constructor(scope: Construct, id: string, props: LinstorClusterProps = {}) {
    super(scope, id);
    const { name, labels, ...spec } = props;
    validateClusterSpec(spec as Record<string, unknown>, this.node.path);
    this.name = name ?? 'linstorcluster';
    this.repository = spec.repository ?? '';
    this.externalController = spec.externalController !== undefined;
    this.spec = spec;
    this.apiObject = clusterScoped(new piraeus.LinstorCluster(this, 'Resource', {
      metadata: { name: this.name, labels },
      spec,
    }));
  }
}
