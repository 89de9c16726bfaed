import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import {
  GENCERT_CLUSTER_ROLE_RULES, GENCERT_ROLE_RULES, LEADER_ELECTION_ROLE_RULES, OPERATOR_CLUSTER_ROLE_RULES,
  PolicyRule, UPSTREAM_NAMES,
} from '../manifests/upstream';
import { clusterScoped } from './cluster-scoped';

/** Properties of the operator's RBAC. */
export interface OperatorRbacProps {
  /** Namespace of the operator. */
  readonly namespace: string;
  /**
   * Whether to create the gencert ServiceAccount, Role, ClusterRole and bindings.
   * @default true
   */
  readonly gencert?: boolean;
  /**
   * Labels of every object.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

function rules(list: readonly PolicyRule[]): k8s.PolicyRule[] {
  return list.map((r) => ({
    apiGroups: [...r.apiGroups],
    resources: [...r.resources],
    ...(r.resourceNames ? { resourceNames: [...r.resourceNames] } : {}),
    verbs: [...r.verbs],
  }));
}

/**
 * ServiceAccounts, ClusterRoles, Roles and bindings of the operator, with exactly upstream's
 * permissions (release v2.10.4) and names.
 */
export class OperatorRbac extends Construct {
  /** ServiceAccount of the manager. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** ServiceAccount of gencert, when created. */
  public readonly gencertServiceAccount?: k8s.KubeServiceAccount;
  /** ClusterRole of the manager. */
  public readonly clusterRole: k8s.KubeClusterRole;
  /** Leader-election Role. */
  public readonly leaderElectionRole: k8s.KubeRole;

  public constructor(scope: Construct, id: string, props: OperatorRbacProps) {
    super(scope, id);
    const ns = props.namespace;
    const meta = (name: string, namespaced: boolean) => ({ name, labels: props.labels, ...(namespaced ? { namespace: ns } : {}) });
    const subject = (name: string) => ({ kind: 'ServiceAccount', name, namespace: ns });
    const gencert = props.gencert !== false;

    this.serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: meta(UPSTREAM_NAMES.managerServiceAccount, true) });
    this.clusterRole = clusterScoped(new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: meta(UPSTREAM_NAMES.managerClusterRole, false), rules: rules(OPERATOR_CLUSTER_ROLE_RULES),
    }));
    clusterScoped(new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: meta(UPSTREAM_NAMES.managerClusterRoleBinding, false),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: UPSTREAM_NAMES.managerClusterRole },
      subjects: [subject(UPSTREAM_NAMES.managerServiceAccount)],
    }));
    this.leaderElectionRole = new k8s.KubeRole(this, 'LeaderElectionRole', {
      metadata: meta(UPSTREAM_NAMES.leaderElectionRole, true), rules: rules(LEADER_ELECTION_ROLE_RULES),
    });
    new k8s.KubeRoleBinding(this, 'LeaderElectionRoleBinding', {
      metadata: meta(UPSTREAM_NAMES.leaderElectionRoleBinding, true),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: UPSTREAM_NAMES.leaderElectionRole },
      subjects: [subject(UPSTREAM_NAMES.managerServiceAccount), ...(gencert ? [subject(UPSTREAM_NAMES.gencertServiceAccount)] : [])],
    });

    if (gencert) {
      this.gencertServiceAccount = new k8s.KubeServiceAccount(this, 'GencertServiceAccount', { metadata: meta(UPSTREAM_NAMES.gencertServiceAccount, true) });
      new k8s.KubeRole(this, 'GencertRole', { metadata: meta(UPSTREAM_NAMES.gencertRole, true), rules: rules(GENCERT_ROLE_RULES) });
      new k8s.KubeRoleBinding(this, 'GencertRoleBinding', {
        metadata: meta(UPSTREAM_NAMES.gencertRoleBinding, true),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: UPSTREAM_NAMES.gencertRole },
        subjects: [subject(UPSTREAM_NAMES.gencertServiceAccount)],
      });
      clusterScoped(new k8s.KubeClusterRole(this, 'GencertClusterRole', {
        metadata: meta(UPSTREAM_NAMES.gencertClusterRole, false), rules: rules(GENCERT_CLUSTER_ROLE_RULES),
      }));
      clusterScoped(new k8s.KubeClusterRoleBinding(this, 'GencertClusterRoleBinding', {
        metadata: meta(UPSTREAM_NAMES.gencertClusterRoleBinding, false),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: UPSTREAM_NAMES.gencertClusterRole },
        subjects: [subject(UPSTREAM_NAMES.gencertServiceAccount)],
      }));
    }
  }
}
