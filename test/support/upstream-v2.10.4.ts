/**
 * Test fixture: the v2.10.4 install as facts typed from upstream files, an independent check of
 * the built-in release data in releases/v2.10.4 (the data was first written from these facts).
 *
 * What `kubectl kustomize config/default` of the Piraeus Operator creates, as plain data.
 *
 * Every fact below was read from `github.com/piraeusdatastore/piraeus-operator` (paths and commits
 * in `UPSTREAM_SOURCE` and in each constant's JSDoc) and is restated here as TypeScript data; no
 * upstream file is reproduced. Target: operator release v2.10.4 (see `UPSTREAM_SOURCE`). Names are
 * the *final* names, after the overlay's `namePrefix: piraeus-operator-` and
 * `namespace: piraeus-datastore`.
 *
 * Pure data: no cdk8s, no I/O.
 */

/** GitHub repository every path in this module refers to. */
export const UPSTREAM_REPOSITORY = 'piraeusdatastore/piraeus-operator';

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

/** One RBAC PolicyRule, field for field (`rbac.authorization.k8s.io/v1`). */
export interface PolicyRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  readonly resourceNames?: readonly string[];
}

/** One upstream file read: repository path and the commit of the version read. */
export interface UpstreamFile {
  readonly path: string;
  readonly commit: string;
  /** What was taken from it, or how the version relates to the target release. */
  readonly note?: string;
}

/** An object of the rendered install: kind, API version, final name, scope. */
export interface UpstreamObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** Namespace of namespaced objects; absent for cluster-scoped ones. */
  readonly namespace?: string;
}

/** A ServiceAccount subject of a (Cluster)RoleBinding. */
export interface ServiceAccountSubject {
  readonly kind: 'ServiceAccount';
  readonly name: string;
  readonly namespace: string;
}

/** A RoleBinding or ClusterRoleBinding of the install. */
export interface UpstreamBinding {
  readonly kind: 'RoleBinding' | 'ClusterRoleBinding';
  readonly name: string;
  readonly roleRef: { readonly kind: 'Role' | 'ClusterRole'; readonly name: string };
  readonly subjects: readonly ServiceAccountSubject[];
}

/** A container environment variable: a literal value or a pod field reference. */
export type EnvVarFact =
  | { readonly name: string; readonly value: string }
  | { readonly name: string; readonly fieldRef: string };

/** An HTTP GET probe. */
export interface HttpProbeFact {
  readonly path: string;
  readonly port: number;
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
}

/** CPU / memory quantities of a container. */
export interface ResourcesFact {
  readonly limits: { readonly cpu: string; readonly memory: string };
  readonly requests: { readonly cpu: string; readonly memory: string };
}

/** Container-level securityContext. */
export interface ContainerSecurityContextFact {
  readonly allowPrivilegeEscalation: boolean;
  readonly readOnlyRootFilesystem: boolean;
}

/** A named container port. */
export interface ContainerPortFact {
  readonly name: string;
  readonly containerPort: number;
  readonly protocol: 'TCP';
}

/** A volume mount. */
export interface VolumeMountFact {
  readonly name: string;
  readonly mountPath: string;
  readonly readOnly: boolean;
}

/** A toleration as written upstream (key + effect; operator defaults to `Equal`, value empty). */
export interface TolerationFact {
  readonly key: string;
  readonly effect: 'NoSchedule' | 'NoExecute' | 'PreferNoSchedule';
}

/** One container of an upstream Deployment. */
export interface ContainerFact {
  readonly name: string;
  /** Image as written in the base manifest (replaced by the overlay's `images:` entry). */
  readonly image: string;
  readonly command: readonly string[];
  readonly args: readonly string[];
  readonly env: readonly EnvVarFact[];
  readonly ports: readonly ContainerPortFact[];
  readonly volumeMounts: readonly VolumeMountFact[];
  readonly securityContext: ContainerSecurityContextFact;
  readonly livenessProbe: HttpProbeFact;
  readonly readinessProbe: HttpProbeFact;
  readonly resources: ResourcesFact;
}

/** Pod- and Deployment-level facts of an upstream Deployment. */
export interface PodFact {
  readonly deploymentName: string;
  readonly replicas: number;
  /** Labels on the Deployment, its selector and its pod template (common label included). */
  readonly labels: Readonly<Record<string, string>>;
  readonly podAnnotations: Readonly<Record<string, string>>;
  readonly podSecurityContext: { readonly runAsNonRoot: boolean };
  readonly serviceAccountName: string;
  readonly terminationGracePeriodSeconds: number;
  /** Absent when upstream sets none. */
  readonly priorityClassName?: string;
  readonly tolerations: readonly TolerationFact[];
  readonly volumes: readonly {
    readonly name: string;
    readonly secretName: string;
    /** Decimal, as the API stores it (420 = 0644). */
    readonly defaultMode: number;
  }[];
}

/** One rule of a validating webhook. */
export interface WebhookRuleFact {
  readonly apiGroups: readonly string[];
  readonly apiVersions: readonly string[];
  readonly operations: readonly ('CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT')[];
  readonly resources: readonly string[];
}

/** One webhook of the ValidatingWebhookConfiguration, before its Service is known. */
export interface ValidatingWebhookDef {
  readonly name: string;
  /** `clientConfig.service.path`. */
  readonly path: string;
  /** Kind the webhook validates (for documentation and tests). */
  readonly kind: string;
  readonly rules: readonly WebhookRuleFact[];
  readonly admissionReviewVersions: readonly string[];
  readonly sideEffects: 'None';
  readonly failurePolicy: 'Fail';
  /** Not set upstream; the API server then applies `Equivalent`. */
  readonly matchPolicy?: 'Exact' | 'Equivalent';
  /** Not set upstream; the API server then applies 10 seconds. */
  readonly timeoutSeconds?: number;
}

/** A webhook with its `clientConfig.service` filled in. */
export interface ResolvedValidatingWebhook extends ValidatingWebhookDef {
  readonly clientConfig: {
    readonly service: { readonly name: string; readonly namespace: string; readonly path: string };
  };
}

// ---------------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------------

/**
 * The repository, target release and every file (path@commit) read for this module, plus what
 * changed upstream after the target release. Read through the stored public index; commits are
 * the versions the index holds, not necessarily the release tag itself (see each `note`).
 */
export const UPSTREAM_SOURCE = {
  repository: UPSTREAM_REPOSITORY,
  targetRelease: 'v2.10.4',
  files: [
    { path: 'config/default/kustomization.yaml', commit: '07b8f28353a4ad3b40df4531abb567cbd8852dbd', note: 'namespace, namePrefix, labels, images, resources, patches, replacements (newest version in the index; pins operator tag v2.9.1)' },
    { path: 'config/default/gencert_rbac_patch.yaml', commit: '3380018fa5687f9d35fa4a9975bdd0889158a3ab', note: 'leader-election RoleBinding subjects: controller-manager and gencert' },
    { path: 'config/default/manager_webhook_patch.yaml', commit: '387a9f49020d20599d41a935fb3fdf00bc872356', note: 'port 9443 webhook-server, cert volume and mount' },
    { path: 'config/rbac/kustomization.yaml', commit: 'b5d074fb3bca8ddd44bb514ee5f18d7bc04f79f3', note: 'resource list (newest main; namespaced_role_binding.yaml is new there, not in v2.10.4)' },
    { path: 'config/rbac/role.yaml', commit: '1fa2f3d33687700da3434e54319d0c29e2e9fd6b', note: 'after v2.10.7; the pods/exec rule is dropped for v2.10.4, see internal/controller markers' },
    { path: 'internal/controller/linstorcluster_controller.go', commit: '005014c732625d343833b2da3ca926e5577816fb', note: 'kubebuilder:rbac markers just after v2.10.4 (no pods/exec)' },
    { path: 'internal/controller/linstorsatellite_controller.go', commit: '1fa2f3d33687700da3434e54319d0c29e2e9fd6b', note: 'pods/exec marker arrives with the storage-pool probe (PodExecutor), unreleased after v2.10.7' },
    { path: 'internal/controller/linstornodeconnection_controller.go', commit: '7dfe1acf3bce8029700183e2cde59cede98839a6', note: 'kubebuilder:rbac markers' },
    { path: 'config/rbac/role_binding.yaml', commit: '387a9f49020d20599d41a935fb3fdf00bc872356' },
    { path: 'config/rbac/leader_election_role_binding.yaml', commit: '1aed80161e2988925a0c03dd1a2b9f31cad94a40' },
    { path: 'charts/piraeus/templates/rbac.yaml', commit: '1e2259069d4df491d573e182ad672462b6d441c2', note: 'leader-election rules (copied from config/rbac/leader_election_role.yaml by tools/copy-rbac-config-to-chart.sh; that file itself is not in the index)' },
    { path: 'config/gencert/kustomization.yaml', commit: '1aed80161e2988925a0c03dd1a2b9f31cad94a40' },
    { path: 'config/gencert/gencert.yaml', commit: 'd31eb75a5b3a90cda92eec8feb9e9536a9c43e5d', note: 'plus --zap-devel=$(ZAP_DEVEL), present in a newer version (upstream commit ececbc84)' },
    { path: 'config/gencert/rbac.yaml', commit: '046022ee98cf9bdc3a0d4abbfed1388c941dd92c' },
    { path: 'config/manager/manager.yaml', commit: 'd704d69d31ce263849d0d7dedee7019e4fd1d27c', note: 'v2.8.1, read at tag v2.8.1 of the fork that carries the upstream tags; the index itself only holds d31eb75a (v2.3) and 13d73905' },
    { path: 'config/manager/kustomization.yaml', commit: '17559664b70f5c40852f16571a5e8e40d09fc1ab' },
    { path: 'config/crd/kustomization.yaml', commit: '2dcea476a07980ce3012cd3e712602c108acf44e' },
    { path: 'config/webhook/manifests.yaml', commit: '30a9c8246d21c6637e2f3c033e80641e05325e33', note: 'five webhooks; same set as charts/piraeus/templates/validating-webhook-configuration.yaml@96dd73cc' },
    { path: 'config/webhook/service.yaml', commit: '9d2effbfe751e5722fd611e5c94a44ddf7f415b9' },
    { path: 'config/certmanager/certificate.yaml', commit: '9d2effbfe751e5722fd611e5c94a44ddf7f415b9', note: 'cert-manager variant, used by the overlay up to v2.1.x only' },
    { path: 'config/default/webhookcainjection_patch.yaml', commit: '9d2effbfe751e5722fd611e5c94a44ddf7f415b9' },
    { path: 'config/default/kustomization.yaml', commit: '30db509fe285dba55ae9cfc13f42e5d793e50231', note: 'v2.1.0 overlay with ../certmanager and the inject-ca-from replacements' },
    { path: 'docs/CHANGELOG.md', commit: 'b5d074fb3bca8ddd44bb514ee5f18d7bc04f79f3', note: 'release history up to v2.11.0 and Unreleased' },
  ] as readonly UpstreamFile[],
  /** Changes on main after the target release that this module deliberately does not apply. */
  afterTarget: [
    'v2.10.8 line (1fa2f3d3): ClusterRole gains core pods/exec [create, get] for the storage-pool backend probe.',
    'Unreleased after v2.11.0 (b5d074fb): Secrets leave the ClusterRole; new Role controller-manager (secrets, all verbs) bound by RoleBinding manager-namespaced-rolebinding; ClusterRole gains apiextensions.k8s.io customresourcedefinitions/status [patch].',
  ] as readonly string[],
} as const;

// ---------------------------------------------------------------------------------------------
// Overlay, names, objects
// ---------------------------------------------------------------------------------------------

/** `namePrefix` of the overlay (config/default/kustomization.yaml@07b8f283). */
export const UPSTREAM_NAME_PREFIX = 'piraeus-operator-';

/**
 * Labels the overlay adds to every object, and (`includeSelectors: true`) to Deployment selectors,
 * pod templates and the Service selector (config/default/kustomization.yaml@07b8f283).
 */
export const UPSTREAM_COMMON_LABELS: Readonly<Record<string, string>> = {
  'app.kubernetes.io/name': 'piraeus-datastore',
};

/**
 * Final names of every object the overlay creates, plus the unprefixed certificate Secret
 * (config/default/kustomization.yaml@07b8f283 namePrefix/namespace applied to config/rbac,
 * config/manager, config/webhook, config/gencert at the commits in UPSTREAM_SOURCE).
 */
export const UPSTREAM_NAMES = {
  namespace: 'piraeus-datastore',
  managerServiceAccount: 'piraeus-operator-controller-manager',
  gencertServiceAccount: 'piraeus-operator-gencert',
  managerClusterRole: 'piraeus-operator-controller-manager',
  managerClusterRoleBinding: 'piraeus-operator-manager-rolebinding',
  leaderElectionRole: 'piraeus-operator-leader-election-role',
  leaderElectionRoleBinding: 'piraeus-operator-leader-election-rolebinding',
  gencertRole: 'piraeus-operator-gencert',
  gencertRoleBinding: 'piraeus-operator-gencert',
  gencertClusterRole: 'piraeus-operator-gencert',
  gencertClusterRoleBinding: 'piraeus-operator-gencert',
  validatingWebhookConfiguration: 'piraeus-operator-validating-webhook-configuration',
  webhookService: 'piraeus-operator-webhook-service',
  /** Not a kustomize resource, so never prefixed; created and rotated by gencert. */
  webhookCertSecret: 'webhook-server-cert',
  managerDeployment: 'piraeus-operator-controller-manager',
  gencertDeployment: 'piraeus-operator-gencert',
  imageConfigMap: 'piraeus-operator-image-config',
} as const;

/** The operator's four CRDs, cluster-scoped, never prefixed (config/crd/kustomization.yaml@2dcea476). */
export const UPSTREAM_CRD_NAMES: readonly string[] = [
  'linstorclusters.piraeus.io',
  'linstorsatellites.piraeus.io',
  'linstorsatelliteconfigurations.piraeus.io',
  'linstornodeconnections.piraeus.io',
];

const NS = UPSTREAM_NAMES.namespace;

/**
 * Every object of the v2.10.4 install, by kind and final name, grouped as the overlay lists its
 * resources: crd, rbac, manager, webhook, gencert (config/default/kustomization.yaml@07b8f283 and
 * the component kustomizations at the commits in UPSTREAM_SOURCE).
 */
export const UPSTREAM_OBJECTS: readonly UpstreamObject[] = [
  ...UPSTREAM_CRD_NAMES.map((name) => ({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name })),
  { apiVersion: 'v1', kind: 'ServiceAccount', name: UPSTREAM_NAMES.managerServiceAccount, namespace: NS },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: UPSTREAM_NAMES.managerClusterRole },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', name: UPSTREAM_NAMES.managerClusterRoleBinding },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', name: UPSTREAM_NAMES.leaderElectionRole, namespace: NS },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', name: UPSTREAM_NAMES.leaderElectionRoleBinding, namespace: NS },
  { apiVersion: 'v1', kind: 'Namespace', name: NS },
  { apiVersion: 'v1', kind: 'ConfigMap', name: UPSTREAM_NAMES.imageConfigMap, namespace: NS },
  { apiVersion: 'apps/v1', kind: 'Deployment', name: UPSTREAM_NAMES.managerDeployment, namespace: NS },
  { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', name: UPSTREAM_NAMES.validatingWebhookConfiguration },
  { apiVersion: 'v1', kind: 'Service', name: UPSTREAM_NAMES.webhookService, namespace: NS },
  { apiVersion: 'apps/v1', kind: 'Deployment', name: UPSTREAM_NAMES.gencertDeployment, namespace: NS },
  { apiVersion: 'v1', kind: 'ServiceAccount', name: UPSTREAM_NAMES.gencertServiceAccount, namespace: NS },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', name: UPSTREAM_NAMES.gencertRole, namespace: NS },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', name: UPSTREAM_NAMES.gencertRoleBinding, namespace: NS },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: UPSTREAM_NAMES.gencertClusterRole },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', name: UPSTREAM_NAMES.gencertClusterRoleBinding },
];

/**
 * Operator image: the base manifests' placeholder, the overlay's replacement repository, the tag
 * the newest overlay read pins (config/default/kustomization.yaml@07b8f283) and the tag this
 * library targets (UPSTREAM_SOURCE.targetRelease).
 */
export const UPSTREAM_OPERATOR_IMAGE = {
  placeholder: 'controller:latest',
  repository: 'quay.io/piraeusdatastore/piraeus-operator',
  overlayTag: 'v2.9.1',
  targetTag: 'v2.10.4',
} as const;

/**
 * Pod-security labels of the Namespace: all three modes `privileged` at version `latest`
 * (config/manager/manager.yaml@d704d69d; enforce-only in older versions).
 */
export const NAMESPACE_POD_SECURITY_LABELS: Readonly<Record<string, string>> = {
  'pod-security.kubernetes.io/enforce': 'privileged',
  'pod-security.kubernetes.io/enforce-version': 'latest',
  'pod-security.kubernetes.io/warn': 'privileged',
  'pod-security.kubernetes.io/warn-version': 'latest',
  'pod-security.kubernetes.io/audit': 'privileged',
  'pod-security.kubernetes.io/audit-version': 'latest',
};

// ---------------------------------------------------------------------------------------------
// RBAC
// ---------------------------------------------------------------------------------------------

const ALL_VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] as const;
const READ_VERBS = ['get', 'list', 'watch'] as const;

/**
 * Rules of ClusterRole `piraeus-operator-controller-manager` at v2.10.4, in controller-gen's order
 * (by API group, then first resource; resources and verbs sorted). Source:
 * config/rbac/role.yaml@1fa2f3d3 without its core `pods/exec` rule, which the kubebuilder markers
 * of internal/controller/linstorcluster_controller.go@005014c7 show was not yet there.
 */
export const OPERATOR_CLUSTER_ROLE_RULES: readonly PolicyRule[] = [
  { apiGroups: [''], resources: ['configmaps', 'events', 'persistentvolumes', 'pods', 'secrets', 'serviceaccounts', 'services'], verbs: ALL_VERBS },
  { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'patch', 'update', 'watch'] },
  { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['delete', 'get', 'list', 'patch', 'update', 'watch'] },
  { apiGroups: [''], resources: ['persistentvolumeclaims/status'], verbs: ['patch'] },
  { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
  { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ALL_VERBS },
  { apiGroups: ['apps'], resources: ['daemonsets', 'deployments'], verbs: ALL_VERBS },
  { apiGroups: ['apps'], resources: ['replicasets'], verbs: ['get'] },
  { apiGroups: ['cert-manager.io'], resources: ['certificates'], verbs: ALL_VERBS },
  { apiGroups: ['cluster.x-k8s.io'], resources: ['machines'], verbs: ['get', 'update'] },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices', 'endpointslices/restricted'], verbs: ['create', 'delete'] },
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['create', 'get', 'list', 'patch', 'update', 'watch'] },
  { apiGroups: ['groupsnapshot.storage.k8s.io'], resources: ['volumegroupsnapshotclasses', 'volumesnapshots'], verbs: READ_VERBS },
  { apiGroups: ['groupsnapshot.storage.k8s.io'], resources: ['volumegroupsnapshotcontents'], verbs: ['get', 'list', 'patch', 'update', 'watch'] },
  { apiGroups: ['groupsnapshot.storage.k8s.io'], resources: ['volumegroupsnapshotcontents/status'], verbs: ['patch', 'update'] },
  { apiGroups: ['internal.linstor.linbit.com'], resources: ['*'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] },
  { apiGroups: ['piraeus.io'], resources: ['linstorclusters', 'linstornodeconnections', 'linstorsatellites'], verbs: ALL_VERBS },
  { apiGroups: ['piraeus.io'], resources: ['linstorclusters/finalizers', 'linstornodeconnections/finalizers', 'linstorsatellites/finalizers'], verbs: ['update'] },
  { apiGroups: ['piraeus.io'], resources: ['linstorclusters/status', 'linstornodeconnections/status', 'linstorsatelliteconfigurations/status', 'linstorsatellites/status'], verbs: ['get', 'patch', 'update'] },
  { apiGroups: ['piraeus.io'], resources: ['linstorsatelliteconfigurations'], verbs: READ_VERBS },
  { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterrolebindings', 'clusterroles', 'rolebindings', 'roles'], verbs: ALL_VERBS },
  { apiGroups: ['security.openshift.io'], resources: ['securitycontextconstraints'], resourceNames: ['privileged'], verbs: ['use'] },
  { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshotclasses', 'volumesnapshots'], verbs: READ_VERBS },
  { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshotcontents'], verbs: ['get', 'list', 'patch', 'update', 'watch'] },
  { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshotcontents/status'], verbs: ['patch', 'update'] },
  { apiGroups: ['storage.k8s.io'], resources: ['csidrivers', 'csistoragecapacities'], verbs: ALL_VERBS },
  { apiGroups: ['storage.k8s.io'], resources: ['csinodes'], verbs: ['get', 'list', 'patch', 'watch'] },
  { apiGroups: ['storage.k8s.io'], resources: ['storageclasses', 'volumeattributesclasses'], verbs: READ_VERBS },
  { apiGroups: ['storage.k8s.io'], resources: ['volumeattachments'], verbs: ['delete', 'get', 'list', 'patch', 'watch'] },
  { apiGroups: ['storage.k8s.io'], resources: ['volumeattachments/status'], verbs: ['patch'] },
];

/**
 * Rules of Role `piraeus-operator-leader-election-role`, in upstream order (configmaps, leases,
 * events); charts/piraeus/templates/rbac.yaml@1e225906, a generated copy of
 * config/rbac/leader_election_role.yaml.
 */
export const LEADER_ELECTION_ROLE_RULES: readonly PolicyRule[] = [
  { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
  { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
];

/** Rules of Role `piraeus-operator-gencert`, in upstream order (config/gencert/rbac.yaml@046022ee). */
export const GENCERT_ROLE_RULES: readonly PolicyRule[] = [
  { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'update'] },
];

/**
 * Rules of ClusterRole `piraeus-operator-gencert` (config/gencert/rbac.yaml@046022ee); the overlay
 * replaces `resourceNames[0]` with the final ValidatingWebhookConfiguration name
 * (config/default/kustomization.yaml@07b8f283 replacements).
 */
export const GENCERT_CLUSTER_ROLE_RULES: readonly PolicyRule[] = [
  {
    apiGroups: ['admissionregistration.k8s.io'],
    resources: ['validatingwebhookconfigurations'],
    resourceNames: [UPSTREAM_NAMES.validatingWebhookConfiguration],
    verbs: ['get', 'list', 'watch', 'update'],
  },
];

const sa = (name: string): ServiceAccountSubject => ({ kind: 'ServiceAccount', name, namespace: NS });

/**
 * The four bindings with final names and subjects (config/rbac/role_binding.yaml@387a9f49,
 * config/rbac/leader_election_role_binding.yaml@1aed8016 + config/default/gencert_rbac_patch.yaml@3380018f,
 * config/gencert/rbac.yaml@046022ee); kustomize sets every subject's namespace.
 */
export const UPSTREAM_BINDINGS: readonly UpstreamBinding[] = [
  {
    kind: 'ClusterRoleBinding',
    name: UPSTREAM_NAMES.managerClusterRoleBinding,
    roleRef: { kind: 'ClusterRole', name: UPSTREAM_NAMES.managerClusterRole },
    subjects: [sa(UPSTREAM_NAMES.managerServiceAccount)],
  },
  {
    kind: 'RoleBinding',
    name: UPSTREAM_NAMES.leaderElectionRoleBinding,
    roleRef: { kind: 'Role', name: UPSTREAM_NAMES.leaderElectionRole },
    subjects: [sa(UPSTREAM_NAMES.managerServiceAccount), sa(UPSTREAM_NAMES.gencertServiceAccount)],
  },
  {
    kind: 'RoleBinding',
    name: UPSTREAM_NAMES.gencertRoleBinding,
    roleRef: { kind: 'Role', name: UPSTREAM_NAMES.gencertRole },
    subjects: [sa(UPSTREAM_NAMES.gencertServiceAccount)],
  },
  {
    kind: 'ClusterRoleBinding',
    name: UPSTREAM_NAMES.gencertClusterRoleBinding,
    roleRef: { kind: 'ClusterRole', name: UPSTREAM_NAMES.gencertClusterRole },
    subjects: [sa(UPSTREAM_NAMES.gencertServiceAccount)],
  },
];

// ---------------------------------------------------------------------------------------------
// Deployments
// ---------------------------------------------------------------------------------------------

/** Tolerations of both operator pods: the HA Controller's DRBD taints (config/manager/manager.yaml@d704d69d, config/gencert/gencert.yaml@d31eb75a). */
export const OPERATOR_TOLERATIONS: readonly TolerationFact[] = [
  { key: 'drbd.linbit.com/lost-quorum', effect: 'NoSchedule' },
  { key: 'drbd.linbit.com/force-io-error', effect: 'NoSchedule' },
];

/** Liveness probe of both operator containers (config/manager/manager.yaml@d704d69d, config/gencert/gencert.yaml@d31eb75a). */
export const OPERATOR_LIVENESS_PROBE: HttpProbeFact = { path: '/healthz', port: 8081, initialDelaySeconds: 15, periodSeconds: 20 };

/** Readiness probe of both operator containers (config/manager/manager.yaml@d704d69d, config/gencert/gencert.yaml@d31eb75a). */
export const OPERATOR_READINESS_PROBE: HttpProbeFact = { path: '/readyz', port: 8081, initialDelaySeconds: 5, periodSeconds: 10 };

/** Container securityContext of both operator containers (config/manager/manager.yaml@d704d69d, config/gencert/gencert.yaml@d31eb75a). */
export const OPERATOR_CONTAINER_SECURITY_CONTEXT: ContainerSecurityContextFact = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
};

/** Directory controller-runtime reads the webhook serving certificate from (config/default/manager_webhook_patch.yaml@387a9f49). */
export const WEBHOOK_CERT_MOUNT_PATH = '/tmp/k8s-webhook-server/serving-certs';

/** Port the manager's webhook server listens on (config/default/manager_webhook_patch.yaml@387a9f49). */
export const WEBHOOK_SERVER_PORT: ContainerPortFact = { name: 'webhook-server', containerPort: 9443, protocol: 'TCP' };

/**
 * Container `manager` of Deployment `piraeus-operator-controller-manager` after the overlay
 * (config/manager/manager.yaml@d704d69d, + manager_webhook_patch.yaml@387a9f49,
 * + the IMAGE_CONFIG_MAP_NAME replacement of config/default/kustomization.yaml@07b8f283).
 */
export const MANAGER_CONTAINER: ContainerFact = {
  name: 'manager',
  image: UPSTREAM_OPERATOR_IMAGE.placeholder,
  command: ['/manager'],
  args: [
    '--leader-elect',
    '--metrics-bind-address=0',
    '--namespace=$(NAMESPACE)',
    '--zap-devel=$(ZAP_DEVEL)',
    '--image-config-map-name=$(IMAGE_CONFIG_MAP_NAME)',
    '--requeue-interval=$(REQUEUE_INTERVAL)',
  ],
  env: [
    { name: 'NAMESPACE', fieldRef: 'metadata.namespace' },
    { name: 'ZAP_DEVEL', value: 'false' },
    { name: 'IMAGE_CONFIG_MAP_NAME', value: UPSTREAM_NAMES.imageConfigMap },
    { name: 'REQUEUE_INTERVAL', value: '1m' },
  ],
  ports: [WEBHOOK_SERVER_PORT],
  volumeMounts: [{ name: 'cert', mountPath: WEBHOOK_CERT_MOUNT_PATH, readOnly: true }],
  securityContext: OPERATOR_CONTAINER_SECURITY_CONTEXT,
  livenessProbe: OPERATOR_LIVENESS_PROBE,
  readinessProbe: OPERATOR_READINESS_PROBE,
  resources: { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '10m', memory: '64Mi' } },
};

/**
 * Deployment/pod facts of `piraeus-operator-controller-manager` (config/manager/manager.yaml@d704d69d
 *, + manager_webhook_patch.yaml@387a9f49, + common label).
 */
export const MANAGER_POD: PodFact = {
  deploymentName: UPSTREAM_NAMES.managerDeployment,
  replicas: 1,
  labels: { 'app.kubernetes.io/component': 'piraeus-operator', ...UPSTREAM_COMMON_LABELS },
  podAnnotations: { 'kubectl.kubernetes.io/default-container': 'manager' },
  podSecurityContext: { runAsNonRoot: true },
  serviceAccountName: UPSTREAM_NAMES.managerServiceAccount,
  terminationGracePeriodSeconds: 10,
  priorityClassName: 'system-cluster-critical',
  tolerations: OPERATOR_TOLERATIONS,
  volumes: [{ name: 'cert', secretName: UPSTREAM_NAMES.webhookCertSecret, defaultMode: 420 }],
};

/**
 * Container `gencert` of Deployment `piraeus-operator-gencert` after the overlay's replacements
 * (config/gencert/gencert.yaml@d31eb75a, + --zap-devel from the newer version (upstream commit
 * ececbc84); ZAP_DEVEL="false" inferred from the manager, since $(ZAP_DEVEL) must resolve).
 */
export const GENCERT_CONTAINER: ContainerFact = {
  name: 'gencert',
  image: UPSTREAM_OPERATOR_IMAGE.placeholder,
  command: ['/gencert'],
  args: [
    '--leader-elect',
    '--namespace=$(NAMESPACE)',
    '--zap-devel=$(ZAP_DEVEL)',
    '--webhook-configuration-name=$(WEBHOOK_CONFIGURATION_NAME)',
    '--webhook-service-name=$(WEBHOOK_SERVICE_NAME)',
    '--webhook-tls-secret-name=$(WEBHOOK_TLS_SECRET_NAME)',
  ],
  env: [
    { name: 'NAMESPACE', fieldRef: 'metadata.namespace' },
    { name: 'ZAP_DEVEL', value: 'false' },
    { name: 'WEBHOOK_CONFIGURATION_NAME', value: UPSTREAM_NAMES.validatingWebhookConfiguration },
    { name: 'WEBHOOK_SERVICE_NAME', value: UPSTREAM_NAMES.webhookService },
    { name: 'WEBHOOK_TLS_SECRET_NAME', value: UPSTREAM_NAMES.webhookCertSecret },
  ],
  ports: [],
  volumeMounts: [],
  securityContext: OPERATOR_CONTAINER_SECURITY_CONTEXT,
  livenessProbe: OPERATOR_LIVENESS_PROBE,
  readinessProbe: OPERATOR_READINESS_PROBE,
  resources: { limits: { cpu: '50m', memory: '128Mi' }, requests: { cpu: '5m', memory: '32Mi' } },
};

/** Deployment/pod facts of `piraeus-operator-gencert` (config/gencert/gencert.yaml@d31eb75a, + common label; no priorityClassName upstream). */
export const GENCERT_POD: PodFact = {
  deploymentName: UPSTREAM_NAMES.gencertDeployment,
  replicas: 1,
  labels: { 'app.kubernetes.io/component': 'piraeus-operator-gencert', ...UPSTREAM_COMMON_LABELS },
  podAnnotations: { 'kubectl.kubernetes.io/default-container': 'gencert' },
  podSecurityContext: { runAsNonRoot: true },
  serviceAccountName: UPSTREAM_NAMES.gencertServiceAccount,
  terminationGracePeriodSeconds: 10,
  tolerations: OPERATOR_TOLERATIONS,
  volumes: [],
};

// ---------------------------------------------------------------------------------------------
// Webhook
// ---------------------------------------------------------------------------------------------

/**
 * Service `piraeus-operator-webhook-service`: 443/TCP → 9443, selecting the manager pods
 * (config/webhook/service.yaml@9d2effbf + common label through includeSelectors).
 */
export const WEBHOOK_SERVICE = {
  name: UPSTREAM_NAMES.webhookService,
  port: 443,
  targetPort: WEBHOOK_SERVER_PORT.containerPort,
  protocol: 'TCP',
  selector: { 'app.kubernetes.io/component': 'piraeus-operator', ...UPSTREAM_COMMON_LABELS } as Readonly<Record<string, string>>,
} as const;

const webhook = (name: string, kind: string, group: string, resource: string): ValidatingWebhookDef => ({
  name,
  kind,
  path: `/validate-${group.replace(/\./g, '-')}-v1-${kind.toLowerCase()}`,
  rules: [{ apiGroups: [group], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: [resource] }],
  admissionReviewVersions: ['v1'],
  sideEffects: 'None',
  failurePolicy: 'Fail',
});

/**
 * The five webhooks of ValidatingWebhookConfiguration `piraeus-operator-validating-webhook-configuration`,
 * in upstream order, without their Service (config/webhook/manifests.yaml@30a9c824). No caBundle:
 * gencert injects it.
 */
export const VALIDATING_WEBHOOKS: readonly ValidatingWebhookDef[] = [
  webhook('vstorageclass.kb.io', 'StorageClass', 'storage.k8s.io', 'storageclasses'),
  webhook('vlinstorcluster.kb.io', 'LinstorCluster', 'piraeus.io', 'linstorclusters'),
  webhook('vlinstornodeconnection.kb.io', 'LinstorNodeConnection', 'piraeus.io', 'linstornodeconnections'),
  webhook('vlinstorsatellite.kb.io', 'LinstorSatellite', 'piraeus.io', 'linstorsatellites'),
  webhook('vlinstorsatelliteconfiguration.kb.io', 'LinstorSatelliteConfiguration', 'piraeus.io', 'linstorsatelliteconfigurations'),
];

/**
 * VALIDATING_WEBHOOKS with `clientConfig.service` pointing at the given Service, as kustomize
 * rewrites upstream's `webhook-service`/`system` (config/webhook/manifests.yaml@30a9c824).
 */
export function resolveValidatingWebhooks(
  namespace: string = UPSTREAM_NAMES.namespace,
  serviceName: string = UPSTREAM_NAMES.webhookService,
): ResolvedValidatingWebhook[] {
  return VALIDATING_WEBHOOKS.map((w) => ({
    ...w,
    clientConfig: { service: { name: serviceName, namespace, path: w.path } },
  }));
}

// ---------------------------------------------------------------------------------------------
// cert-manager variant (overlays up to v2.1.x; replaced by gencert since v2.2.0)
// ---------------------------------------------------------------------------------------------

/**
 * The cert-manager way of issuing the webhook certificate: a self-signed Issuer, a Certificate for
 * the Service DNS names into the unprefixed Secret, and the inject-ca-from annotation on the
 * ValidatingWebhookConfiguration (config/certmanager/certificate.yaml@9d2effbf,
 * config/default/webhookcainjection_patch.yaml@9d2effbf, overlay config/default/kustomization.yaml@30db509f).
 */
export function certManagerVariant(
  namespace: string = UPSTREAM_NAMES.namespace,
  serviceName: string = UPSTREAM_NAMES.webhookService,
) {
  const issuerName = `${UPSTREAM_NAME_PREFIX}selfsigned-issuer`;
  const certificateName = `${UPSTREAM_NAME_PREFIX}serving-cert`;
  return {
    issuer: { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', name: issuerName, namespace, spec: { selfSigned: {} } },
    certificate: {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      name: certificateName,
      namespace,
      spec: {
        dnsNames: [`${serviceName}.${namespace}.svc`, `${serviceName}.${namespace}.svc.cluster.local`],
        issuerRef: { kind: 'Issuer', name: issuerName },
        secretName: UPSTREAM_NAMES.webhookCertSecret,
      },
    },
    webhookAnnotations: { 'cert-manager.io/inject-ca-from': `${namespace}/${certificateName}` },
  } as const;
}
