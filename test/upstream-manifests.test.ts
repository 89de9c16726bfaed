import {
  EnvVarFact,
  GENCERT_CLUSTER_ROLE_RULES,
  GENCERT_CONTAINER,
  GENCERT_POD,
  GENCERT_ROLE_RULES,
  LEADER_ELECTION_ROLE_RULES,
  MANAGER_CONTAINER,
  MANAGER_POD,
  NAMESPACE_POD_SECURITY_LABELS,
  OPERATOR_CLUSTER_ROLE_RULES,
  PolicyRule,
  UPSTREAM_BINDINGS,
  UPSTREAM_COMMON_LABELS,
  UPSTREAM_CRD_NAMES,
  UPSTREAM_NAME_PREFIX,
  UPSTREAM_NAMES,
  UPSTREAM_OBJECTS,
  UPSTREAM_OPERATOR_IMAGE,
  UPSTREAM_SOURCE,
  VALIDATING_WEBHOOKS,
  WEBHOOK_CERT_MOUNT_PATH,
  WEBHOOK_SERVICE,
  certManagerVariant,
  resolveValidatingWebhooks,
} from './support/upstream-v2.10.4';

/** Whether `rules` grant `verb` on `group/resource` (optionally for one object name), RBAC semantics. */
function allows(rules: readonly PolicyRule[], group: string, resource: string, verb: string, name?: string): boolean {
  return rules.some(
    (r) =>
      (r.apiGroups.includes(group) || r.apiGroups.includes('*')) &&
      (r.resources.includes(resource) || r.resources.includes('*')) &&
      (r.verbs.includes(verb) || r.verbs.includes('*')) &&
      (r.resourceNames === undefined || r.resourceNames.length === 0 || (name !== undefined && r.resourceNames.includes(name))),
  );
}

const ruleSets: [string, readonly PolicyRule[]][] = [
  ['OPERATOR_CLUSTER_ROLE_RULES', OPERATOR_CLUSTER_ROLE_RULES],
  ['LEADER_ELECTION_ROLE_RULES', LEADER_ELECTION_ROLE_RULES],
  ['GENCERT_ROLE_RULES', GENCERT_ROLE_RULES],
  ['GENCERT_CLUSTER_ROLE_RULES', GENCERT_CLUSTER_ROLE_RULES],
];

const sorted = (xs: readonly string[]): string[] => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

describe('operator ClusterRole', () => {
  const granted: [string, string, string][] = [
    ['apps', 'daemonsets', 'create'],
    ['apps', 'daemonsets', 'patch'],
    ['apps', 'daemonsets', 'delete'],
    ['apps', 'deployments', 'create'],
    ['apps', 'deployments', 'patch'],
    ['apps', 'deployments', 'watch'],
    ['apps', 'replicasets', 'get'],
    ['', 'nodes', 'get'],
    ['', 'nodes', 'list'],
    ['', 'nodes', 'watch'],
    ['', 'nodes', 'patch'],
    ['', 'pods', 'delete'],
    ['', 'pods/eviction', 'create'],
    ['', 'secrets', 'create'],
    ['', 'configmaps', 'update'],
    ['', 'serviceaccounts', 'create'],
    ['', 'services', 'patch'],
    ['', 'persistentvolumeclaims', 'patch'],
    ['', 'persistentvolumeclaims/status', 'patch'],
    ['piraeus.io', 'linstorclusters', 'create'],
    ['piraeus.io', 'linstorclusters', 'delete'],
    ['piraeus.io', 'linstorsatellites', 'create'],
    ['piraeus.io', 'linstorsatellites', 'patch'],
    ['piraeus.io', 'linstornodeconnections', 'update'],
    ['piraeus.io', 'linstorsatelliteconfigurations', 'list'],
    ['piraeus.io', 'linstorsatelliteconfigurations', 'watch'],
    ['piraeus.io', 'linstorclusters/status', 'patch'],
    ['piraeus.io', 'linstorsatellites/status', 'update'],
    ['piraeus.io', 'linstornodeconnections/status', 'get'],
    ['piraeus.io', 'linstorsatelliteconfigurations/status', 'patch'],
    ['piraeus.io', 'linstorclusters/finalizers', 'update'],
    ['piraeus.io', 'linstorsatellites/finalizers', 'update'],
    ['piraeus.io', 'linstornodeconnections/finalizers', 'update'],
    ['rbac.authorization.k8s.io', 'clusterroles', 'create'],
    ['rbac.authorization.k8s.io', 'rolebindings', 'patch'],
    ['storage.k8s.io', 'csidrivers', 'create'],
    ['storage.k8s.io', 'csinodes', 'patch'],
    ['storage.k8s.io', 'volumeattachments', 'delete'],
    ['storage.k8s.io', 'volumeattributesclasses', 'watch'],
    ['apiextensions.k8s.io', 'customresourcedefinitions', 'create'],
    ['cert-manager.io', 'certificates', 'create'],
    ['internal.linstor.linbit.com', 'resourcedefinitions', 'deletecollection'],
    ['events.k8s.io', 'events', 'create'],
    ['cluster.x-k8s.io', 'machines', 'update'],
    ['discovery.k8s.io', 'endpointslices', 'create'],
    ['snapshot.storage.k8s.io', 'volumesnapshotcontents/status', 'update'],
    ['groupsnapshot.storage.k8s.io', 'volumegroupsnapshotcontents', 'patch'],
  ];
  test.each(granted)('grants %s/%s %s', (group, resource, verb) => {
    expect(allows(OPERATOR_CLUSTER_ROLE_RULES, group, resource, verb)).toBe(true);
  });

  const denied: [string, string, string][] = [
    ['', 'nodes', 'delete'],
    ['', 'nodes', 'create'],
    ['', 'pods/exec', 'create'], // arrives after the target release
    ['apiextensions.k8s.io', 'customresourcedefinitions/status', 'patch'], // newest main only
    ['piraeus.io', 'linstorsatelliteconfigurations', 'create'],
    ['piraeus.io', 'linstorsatelliteconfigurations', 'delete'],
    ['rbac.authorization.k8s.io', 'clusterroles', 'escalate'],
    ['rbac.authorization.k8s.io', 'clusterroles', 'bind'],
    ['apps', 'replicasets', 'delete'],
    ['storage.k8s.io', 'storageclasses', 'create'],
    ['admissionregistration.k8s.io', 'validatingwebhookconfigurations', 'update'],
    ['coordination.k8s.io', 'leases', 'create'],
  ];
  test.each(denied)('does not grant %s/%s %s', (group, resource, verb) => {
    expect(allows(OPERATOR_CLUSTER_ROLE_RULES, group, resource, verb)).toBe(false);
  });

  test('SCC use is limited to "privileged"', () => {
    expect(allows(OPERATOR_CLUSTER_ROLE_RULES, 'security.openshift.io', 'securitycontextconstraints', 'use', 'privileged')).toBe(true);
    expect(allows(OPERATOR_CLUSTER_ROLE_RULES, 'security.openshift.io', 'securitycontextconstraints', 'use', 'anyuid')).toBe(false);
    expect(allows(OPERATOR_CLUSTER_ROLE_RULES, 'security.openshift.io', 'securitycontextconstraints', 'use')).toBe(false);
  });

  test('rules are in controller-gen order: by API group, then first resource', () => {
    const keys = OPERATOR_CLUSTER_ROLE_RULES.map((r) => `${r.apiGroups[0]}\u0000${r.resources[0]}`);
    expect(keys).toEqual(sorted(keys));
    expect(OPERATOR_CLUSTER_ROLE_RULES).toHaveLength(30);
  });

  test('every (group, resource) pair lives in exactly one rule', () => {
    const seen = new Map<string, number>();
    OPERATOR_CLUSTER_ROLE_RULES.forEach((r, i) => {
      for (const g of r.apiGroups) for (const res of r.resources) {
        const key = `${g}/${res}`;
        expect([key, seen.get(key)]).toEqual([key, undefined]);
        seen.set(key, i);
      }
    });
  });
});

describe.each(ruleSets)('%s', (_name, rules) => {
  test('has no duplicate rules', () => {
    const canon = rules.map((r) => JSON.stringify([sorted(r.apiGroups), sorted(r.resources), sorted(r.verbs), sorted(r.resourceNames ?? [])]));
    expect(new Set(canon).size).toBe(canon.length);
  });
  test('has no duplicate entries inside a rule and no empty lists', () => {
    for (const r of rules) {
      for (const list of [r.apiGroups, r.resources, r.verbs, r.resourceNames ?? ['-']]) {
        expect(list.length).toBeGreaterThan(0);
        expect(new Set(list).size).toBe(list.length);
      }
    }
  });
  test('uses only known verbs', () => {
    const known = new Set(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'use']);
    for (const r of rules) for (const v of r.verbs) expect(known.has(v)).toBe(true);
  });
});

test('operator ClusterRole keeps controller-gen sorting of resources and verbs', () => {
  for (const r of OPERATOR_CLUSTER_ROLE_RULES) {
    expect(r.resources).toEqual(sorted(r.resources));
    expect(r.verbs).toEqual(sorted(r.verbs));
  }
});

describe('leader election Role', () => {
  test.each([
    ['coordination.k8s.io', 'leases', 'get'],
    ['coordination.k8s.io', 'leases', 'create'],
    ['coordination.k8s.io', 'leases', 'update'],
    ['', 'configmaps', 'update'],
    ['', 'events', 'create'],
    ['', 'events', 'patch'],
  ])('grants %s/%s %s', (g, r, v) => expect(allows(LEADER_ELECTION_ROLE_RULES, g, r, v)).toBe(true));
  test('does not grant reading events', () => expect(allows(LEADER_ELECTION_ROLE_RULES, '', 'events', 'get')).toBe(false));
});

describe('gencert RBAC', () => {
  test.each(['get', 'list', 'watch', 'create', 'patch', 'update'])('Role grants secrets %s', (v) =>
    expect(allows(GENCERT_ROLE_RULES, '', 'secrets', v)).toBe(true));
  test('Role does not grant deleting secrets', () => expect(allows(GENCERT_ROLE_RULES, '', 'secrets', 'delete')).toBe(false));
  test.each(['get', 'list', 'watch', 'update'])('ClusterRole grants %s on the final webhook configuration only', (v) => {
    const vwc = UPSTREAM_NAMES.validatingWebhookConfiguration;
    expect(allows(GENCERT_CLUSTER_ROLE_RULES, 'admissionregistration.k8s.io', 'validatingwebhookconfigurations', v, vwc)).toBe(true);
    expect(allows(GENCERT_CLUSTER_ROLE_RULES, 'admissionregistration.k8s.io', 'validatingwebhookconfigurations', v, 'other')).toBe(false);
  });
  test('ClusterRole resourceName is the prefixed name', () => {
    expect(GENCERT_CLUSTER_ROLE_RULES[0].resourceNames).toEqual(['piraeus-operator-validating-webhook-configuration']);
  });
});

describe('names and objects', () => {
  const prefixed = Object.entries(UPSTREAM_NAMES).filter(([k]) => k !== 'namespace' && k !== 'webhookCertSecret');
  test.each(prefixed)('%s = %s carries the overlay prefix', (_k, name) => {
    expect(name.startsWith(UPSTREAM_NAME_PREFIX)).toBe(true);
  });
  test.each(Object.entries(UPSTREAM_NAMES))('%s = %s is a DNS-1123 label', (_k, name) => {
    expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(name.length).toBeLessThanOrEqual(63);
  });
  test('namespace and secret keep their fixed names', () => {
    expect(UPSTREAM_NAMES.namespace).toBe('piraeus-datastore');
    expect(UPSTREAM_NAMES.webhookCertSecret).toBe('webhook-server-cert');
  });

  test('objects are unique by kind/namespace/name', () => {
    const keys = UPSTREAM_OBJECTS.map((o) => `${o.kind}/${o.namespace ?? ''}/${o.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(UPSTREAM_OBJECTS).toHaveLength(20);
  });

  const expectedObjects: [string, string, boolean][] = [
    ['Namespace', UPSTREAM_NAMES.namespace, false],
    ['ServiceAccount', UPSTREAM_NAMES.managerServiceAccount, true],
    ['ServiceAccount', UPSTREAM_NAMES.gencertServiceAccount, true],
    ['ClusterRole', UPSTREAM_NAMES.managerClusterRole, false],
    ['ClusterRole', UPSTREAM_NAMES.gencertClusterRole, false],
    ['ClusterRoleBinding', UPSTREAM_NAMES.managerClusterRoleBinding, false],
    ['ClusterRoleBinding', UPSTREAM_NAMES.gencertClusterRoleBinding, false],
    ['Role', UPSTREAM_NAMES.leaderElectionRole, true],
    ['Role', UPSTREAM_NAMES.gencertRole, true],
    ['RoleBinding', UPSTREAM_NAMES.leaderElectionRoleBinding, true],
    ['RoleBinding', UPSTREAM_NAMES.gencertRoleBinding, true],
    ['ConfigMap', UPSTREAM_NAMES.imageConfigMap, true],
    ['Service', UPSTREAM_NAMES.webhookService, true],
    ['Deployment', UPSTREAM_NAMES.managerDeployment, true],
    ['Deployment', UPSTREAM_NAMES.gencertDeployment, true],
    ['ValidatingWebhookConfiguration', UPSTREAM_NAMES.validatingWebhookConfiguration, false],
    ...UPSTREAM_CRD_NAMES.map((n): [string, string, boolean] => ['CustomResourceDefinition', n, false]),
  ];
  test.each(expectedObjects)('install has %s %s (namespaced: %s)', (kind, name, namespaced) => {
    const found = UPSTREAM_OBJECTS.find((o) => o.kind === kind && o.name === name);
    expect(found).toBeDefined();
    expect(found?.namespace).toBe(namespaced ? UPSTREAM_NAMES.namespace : undefined);
  });
  test('the webhook cert Secret is not an install object (gencert creates it)', () => {
    expect(UPSTREAM_OBJECTS.some((o) => o.kind === 'Secret')).toBe(false);
  });
});

describe('bindings', () => {
  test.each(UPSTREAM_BINDINGS.map((b) => [b.kind, b.name, b] as const))('%s %s refers to an install object', (_k, _n, b) => {
    expect(UPSTREAM_OBJECTS.some((o) => o.kind === b.kind && o.name === b.name)).toBe(true);
    expect(UPSTREAM_OBJECTS.some((o) => o.kind === b.roleRef.kind && o.name === b.roleRef.name)).toBe(true);
    for (const s of b.subjects) {
      expect(s.namespace).toBe(UPSTREAM_NAMES.namespace);
      expect(UPSTREAM_OBJECTS.some((o) => o.kind === 'ServiceAccount' && o.name === s.name)).toBe(true);
    }
  });
  test('leader election binds both the manager and gencert', () => {
    const b = UPSTREAM_BINDINGS.find((x) => x.name === UPSTREAM_NAMES.leaderElectionRoleBinding);
    expect(b?.subjects.map((s) => s.name)).toEqual([UPSTREAM_NAMES.managerServiceAccount, UPSTREAM_NAMES.gencertServiceAccount]);
  });
  test('each Role/ClusterRole of the install is bound', () => {
    const roles = UPSTREAM_OBJECTS.filter((o) => o.kind === 'Role' || o.kind === 'ClusterRole');
    for (const r of roles) expect(UPSTREAM_BINDINGS.some((b) => b.roleRef.kind === r.kind && b.roleRef.name === r.name)).toBe(true);
  });
});

describe('validating webhooks', () => {
  test('five webhooks with unique names and paths', () => {
    expect(VALIDATING_WEBHOOKS).toHaveLength(5);
    expect(new Set(VALIDATING_WEBHOOKS.map((w) => w.name)).size).toBe(5);
    expect(new Set(VALIDATING_WEBHOOKS.map((w) => w.path)).size).toBe(5);
  });

  const expected: [string, string, string, string][] = [
    ['LinstorCluster', 'vlinstorcluster.kb.io', '/validate-piraeus-io-v1-linstorcluster', 'linstorclusters'],
    ['LinstorSatellite', 'vlinstorsatellite.kb.io', '/validate-piraeus-io-v1-linstorsatellite', 'linstorsatellites'],
    ['LinstorSatelliteConfiguration', 'vlinstorsatelliteconfiguration.kb.io', '/validate-piraeus-io-v1-linstorsatelliteconfiguration', 'linstorsatelliteconfigurations'],
    ['LinstorNodeConnection', 'vlinstornodeconnection.kb.io', '/validate-piraeus-io-v1-linstornodeconnection', 'linstornodeconnections'],
    ['StorageClass', 'vstorageclass.kb.io', '/validate-storage-k8s-io-v1-storageclass', 'storageclasses'],
  ];
  test.each(expected)('%s is validated by %s at %s', (kind, name, path, resource) => {
    const w = VALIDATING_WEBHOOKS.find((x) => x.kind === kind);
    expect(w).toBeDefined();
    expect(w?.name).toBe(name);
    expect(w?.path).toBe(path);
    expect(w?.rules).toEqual([
      {
        apiGroups: [kind === 'StorageClass' ? 'storage.k8s.io' : 'piraeus.io'],
        apiVersions: ['v1'],
        operations: ['CREATE', 'UPDATE'],
        resources: [resource],
      },
    ]);
    expect(w?.admissionReviewVersions).toEqual(['v1']);
    expect(w?.sideEffects).toBe('None');
    expect(w?.failurePolicy).toBe('Fail');
    expect(w?.matchPolicy).toBeUndefined();
  });

  test('every piraeus.io CRD has a webhook', () => {
    for (const crd of UPSTREAM_CRD_NAMES) {
      const plural = crd.split('.')[0];
      expect(VALIDATING_WEBHOOKS.some((w) => w.rules.some((r) => r.resources.includes(plural)))).toBe(true);
    }
  });

  test.each([
    [undefined, undefined, UPSTREAM_NAMES.namespace, UPSTREAM_NAMES.webhookService],
    ['storage', 'my-webhook', 'storage', 'my-webhook'],
  ])('resolve(%s, %s) points every webhook at %s/%s', (ns, svc, wantNs, wantSvc) => {
    const resolved = resolveValidatingWebhooks(ns, svc);
    expect(resolved).toHaveLength(VALIDATING_WEBHOOKS.length);
    resolved.forEach((w, i) => {
      expect(w.name).toBe(VALIDATING_WEBHOOKS[i].name);
      expect(w.clientConfig.service).toEqual({ name: wantSvc, namespace: wantNs, path: VALIDATING_WEBHOOKS[i].path });
    });
  });

  test('resolving does not mutate the definitions', () => {
    resolveValidatingWebhooks('x', 'y');
    expect(VALIDATING_WEBHOOKS.some((w) => 'clientConfig' in w)).toBe(false);
  });
});

describe('webhook plumbing is consistent', () => {
  test('Service targets the manager webhook port and selects the manager pods', () => {
    expect(WEBHOOK_SERVICE.port).toBe(443);
    expect(MANAGER_CONTAINER.ports.map((p) => p.containerPort)).toContain(WEBHOOK_SERVICE.targetPort);
    for (const [k, v] of Object.entries(WEBHOOK_SERVICE.selector)) expect(MANAGER_POD.labels[k]).toBe(v);
    expect(GENCERT_POD.labels['app.kubernetes.io/component']).not.toBe(WEBHOOK_SERVICE.selector['app.kubernetes.io/component']);
  });
  test('manager mounts the Secret gencert writes at the controller-runtime cert dir', () => {
    const mount = MANAGER_CONTAINER.volumeMounts.find((m) => m.mountPath === WEBHOOK_CERT_MOUNT_PATH);
    expect(mount?.readOnly).toBe(true);
    const vol = MANAGER_POD.volumes.find((v) => v.name === mount?.name);
    expect(vol?.secretName).toBe(UPSTREAM_NAMES.webhookCertSecret);
    expect(vol?.defaultMode).toBe(0o644);
    expect(envValue(GENCERT_CONTAINER.env, 'WEBHOOK_TLS_SECRET_NAME')).toBe(UPSTREAM_NAMES.webhookCertSecret);
  });
  test.each([
    [GENCERT_CONTAINER, 'WEBHOOK_CONFIGURATION_NAME', UPSTREAM_NAMES.validatingWebhookConfiguration],
    [GENCERT_CONTAINER, 'WEBHOOK_SERVICE_NAME', UPSTREAM_NAMES.webhookService],
    [MANAGER_CONTAINER, 'IMAGE_CONFIG_MAP_NAME', UPSTREAM_NAMES.imageConfigMap],
    [MANAGER_CONTAINER, 'ZAP_DEVEL', 'false'],
    [MANAGER_CONTAINER, 'REQUEUE_INTERVAL', '1m'],
  ])('%#: env %s carries the overlay value', (c, name, value) => {
    expect(envValue(c.env, name)).toBe(value);
  });
});

function envValue(env: readonly EnvVarFact[], name: string): string | undefined {
  const e = env.find((x) => x.name === name);
  return e && 'value' in e ? e.value : undefined;
}

describe.each([
  ['manager', MANAGER_CONTAINER, MANAGER_POD],
  ['gencert', GENCERT_CONTAINER, GENCERT_POD],
])('%s Deployment', (name, container, pod) => {
  test('every $(VAR) in args is defined in env', () => {
    const defined = new Set(container.env.map((e) => e.name));
    for (const arg of container.args) {
      for (const m of arg.matchAll(/\$\(([A-Z_][A-Z0-9_]*)\)/g)) expect([arg, defined.has(m[1])]).toEqual([arg, true]);
    }
  });
  test('env names are unique and NAMESPACE comes from the downward API', () => {
    expect(new Set(container.env.map((e) => e.name)).size).toBe(container.env.length);
    expect(container.env.find((e) => e.name === 'NAMESPACE')).toEqual({ name: 'NAMESPACE', fieldRef: 'metadata.namespace' });
  });
  test('runs non-root, read-only, without privilege escalation', () => {
    expect(pod.podSecurityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
  });
  test('probes hit the health port 8081', () => {
    expect(container.livenessProbe).toEqual({ path: '/healthz', port: 8081, initialDelaySeconds: 15, periodSeconds: 20 });
    expect(container.readinessProbe).toEqual({ path: '/readyz', port: 8081, initialDelaySeconds: 5, periodSeconds: 10 });
  });
  test('uses the leader-elect flag and its own service account', () => {
    expect(container.args).toContain('--leader-elect');
    expect(container.command).toEqual([`/${name}`]);
    expect(pod.podAnnotations['kubectl.kubernetes.io/default-container']).toBe(name);
    expect(UPSTREAM_OBJECTS.some((o) => o.kind === 'ServiceAccount' && o.name === pod.serviceAccountName)).toBe(true);
    expect(UPSTREAM_OBJECTS.some((o) => o.kind === 'Deployment' && o.name === pod.deploymentName)).toBe(true);
  });
  test('tolerates the DRBD HA taints and carries the common label', () => {
    expect(pod.tolerations.map((t) => t.key)).toEqual(['drbd.linbit.com/lost-quorum', 'drbd.linbit.com/force-io-error']);
    for (const [k, v] of Object.entries(UPSTREAM_COMMON_LABELS)) expect(pod.labels[k]).toBe(v);
  });
  test('image is the placeholder the overlay rewrites', () => {
    expect(container.image).toBe(UPSTREAM_OPERATOR_IMAGE.placeholder);
  });
});

test('manager facts', () => {
  expect(MANAGER_CONTAINER.args).toEqual([
    '--leader-elect',
    '--metrics-bind-address=0',
    '--namespace=$(NAMESPACE)',
    '--zap-devel=$(ZAP_DEVEL)',
    '--image-config-map-name=$(IMAGE_CONFIG_MAP_NAME)',
    '--requeue-interval=$(REQUEUE_INTERVAL)',
  ]);
  expect(MANAGER_CONTAINER.resources).toEqual({ limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '10m', memory: '64Mi' } });
  expect(MANAGER_POD.priorityClassName).toBe('system-cluster-critical');
  expect(GENCERT_CONTAINER.resources).toEqual({ limits: { cpu: '50m', memory: '128Mi' }, requests: { cpu: '5m', memory: '32Mi' } });
});

test('namespace pod security is privileged in all three modes', () => {
  for (const mode of ['enforce', 'warn', 'audit']) {
    expect(NAMESPACE_POD_SECURITY_LABELS[`pod-security.kubernetes.io/${mode}`]).toBe('privileged');
    expect(NAMESPACE_POD_SECURITY_LABELS[`pod-security.kubernetes.io/${mode}-version`]).toBe('latest');
  }
});

test('cert-manager variant wires Issuer, Certificate and annotation together', () => {
  const v = certManagerVariant();
  expect(v.issuer.name).toBe('piraeus-operator-selfsigned-issuer');
  expect(v.certificate.spec.issuerRef.name).toBe(v.issuer.name);
  expect(v.certificate.spec.secretName).toBe(UPSTREAM_NAMES.webhookCertSecret);
  expect(v.certificate.spec.dnsNames).toEqual([
    'piraeus-operator-webhook-service.piraeus-datastore.svc',
    'piraeus-operator-webhook-service.piraeus-datastore.svc.cluster.local',
  ]);
  expect(v.webhookAnnotations['cert-manager.io/inject-ca-from']).toBe('piraeus-datastore/piraeus-operator-serving-cert');
  expect(certManagerVariant('ns', 'svc').certificate.spec.dnsNames[0]).toBe('svc.ns.svc');
});

describe('UPSTREAM_SOURCE', () => {
  test('records the target release and full commit ids', () => {
    expect(UPSTREAM_SOURCE.repository).toBe('piraeusdatastore/piraeus-operator');
    expect(UPSTREAM_SOURCE.targetRelease).toBe(UPSTREAM_OPERATOR_IMAGE.targetTag);
    expect(UPSTREAM_SOURCE.files.length).toBeGreaterThan(10);
    for (const f of UPSTREAM_SOURCE.files) expect(f.commit).toMatch(/^[0-9a-f]{40}$/);
  });
  test.each(['config/rbac/role.yaml', 'config/gencert/rbac.yaml', 'config/webhook/manifests.yaml', 'config/manager/manager.yaml', 'config/default/kustomization.yaml'])(
    'names %s',
    (path) => expect(UPSTREAM_SOURCE.files.some((f) => f.path === path)).toBe(true),
  );
});

