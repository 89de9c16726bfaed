import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { JsonObject } from '../workloads/json';
import { emitInstallObject, findObject } from './install-object';

/** Properties of the operator's RBAC. */
export interface OperatorRbacProps {
  /** The release's ServiceAccounts, Roles, ClusterRoles and bindings, as `buildInstall` returns them. */
  readonly objects: readonly JsonObject[];
}

/**
 * ServiceAccounts, Roles, ClusterRoles and bindings of the operator (and of gencert), exactly the
 * release's: same names, same rules, nothing added.
 */
export class OperatorRbac extends Construct {
  /** Every RBAC object, in install order. */
  public readonly objects: readonly ApiObject[];

  public constructor(scope: Construct, id: string, props: OperatorRbacProps) {
    super(scope, id);
    this.objects = props.objects.map((o) => emitInstallObject(this, o));
  }

  /** The manager's ClusterRole. */
  public get clusterRole(): ApiObject | undefined {
    return findObject(this.objects, 'ClusterRole', this.objects.find((o) => o.kind === 'ClusterRoleBinding')?.name)
      ?? findObject(this.objects, 'ClusterRole');
  }
}
