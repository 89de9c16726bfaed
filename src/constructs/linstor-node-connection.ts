import { Construct } from 'constructs';
import * as piraeus from '../imports/piraeus.io';
import { validateNodeConnectionSpec } from '../manifests/validate-specs';
import { clusterScoped } from './cluster-scoped';

/** Properties of a `LinstorNodeConnection`: the whole spec, plus its name. */
export interface LinstorNodeConnectionProps extends piraeus.LinstorNodeConnectionSpec {
  /**
   * Name of the object.
   * @default - derived from the construct path
   */
  readonly name?: string;
  /**
   * Extra labels on the object.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/**
 * A `LinstorNodeConnection`: properties and network paths between the node pairs its selector
 * picks. Cluster-scoped; checked at synth time (selector ops, paths with names and interfaces).
 */
export class LinstorNodeConnection extends Construct {
  /** The emitted API object. */
  public readonly apiObject: piraeus.LinstorNodeConnection;
  /** Name of the object. */
  public readonly name: string;
  /** The spec as emitted. */
  public readonly spec: piraeus.LinstorNodeConnectionSpec;

  public constructor(scope: Construct, id: string, props: LinstorNodeConnectionProps = {}) {
    super(scope, id);
    const { name, labels, ...spec } = props;
    validateNodeConnectionSpec(spec as Record<string, unknown>, this.node.path);
    this.spec = spec;
    this.apiObject = clusterScoped(new piraeus.LinstorNodeConnection(this, 'Resource', {
      metadata: { ...(name !== undefined ? { name } : {}), labels },
      spec,
    }));
    this.name = this.apiObject.name;
  }
}
