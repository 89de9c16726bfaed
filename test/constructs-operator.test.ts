/**
 * PiraeusOperator: what the upstream install creates (names, namespaces, RBAC, webhook,
 * Deployments) and the image pins. Snapshots are always backed by targeted assertions.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, ChartProps, JsonPatch, Testing } from 'cdk8s';
import {
  ErrorCodes, ImageConfigOverride, ImageOverride, LinstorCluster, LinstorClusterProps, LinstorNodeConnection,
  LinstorSatelliteConfiguration, OperatorImage, OperatorRelease, collectWarnings, WARNING_METADATA, PiraeusDatastore, PiraeusError, PiraeusOperator, PiraeusOperatorProps,
  runSynth, WebhookCertificates,
} from '../src';
import { expectPiraeusError } from './support/errors';
import { CLUSTER_SCOPED_KINDS, validateAll } from './support/k8s-validate';
import {
  GENCERT_CLUSTER_ROLE_RULES, GENCERT_CONTAINER, GENCERT_POD, GENCERT_ROLE_RULES, LEADER_ELECTION_ROLE_RULES,
  MANAGER_CONTAINER, MANAGER_POD, NAMESPACE_POD_SECURITY_LABELS, OPERATOR_CLUSTER_ROLE_RULES, PolicyRule,
  resolveValidatingWebhooks, UPSTREAM_BINDINGS, UPSTREAM_COMMON_LABELS, UPSTREAM_CRD_NAMES, UPSTREAM_NAMES,
  UPSTREAM_OBJECTS, WEBHOOK_SERVICE,
} from './support/upstream-v2.10.4';

type Obj = Record<string, any>;

const DIGEST_A = 'sha256:' + 'a'.repeat(64);
const DIGEST_B = 'sha256:' + 'b'.repeat(64);

/** Operator props, plus the spec of a LinstorCluster the operator serves (created beside it). */
type OperatorTestProps = Omit<PiraeusOperatorProps, 'cluster'> & { readonly cluster?: LinstorClusterProps };

function synthOperator(props: OperatorTestProps = {}, chartProps: ChartProps = {}) {
  const app = Testing.app();
  const chart = new Chart(app, 'test', chartProps);
  const { cluster: clusterProps, ...rest } = props;
  const cluster = clusterProps ? new LinstorCluster(chart, 'cluster', clusterProps) : undefined;
  const operator = new PiraeusOperator(chart, 'piraeus', { ...rest, cluster });
  return { app, chart, operator, objects: Testing.synth(chart) as Obj[] };
}

function find(objects: readonly Obj[], kind: string, name?: string): Obj {
  const hits = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
  if (hits.length !== 1) throw new Error(`expected exactly one ${kind} ${name ?? ''}, found ${hits.length}`);
  return hits[0];
}

const manager = (objects: readonly Obj[]) => find(objects, 'Deployment', UPSTREAM_NAMES.managerDeployment);
const managerContainer = (objects: readonly Obj[]) => manager(objects).spec.template.spec.containers[0];
const managerEnv = (objects: readonly Obj[]): Obj[] => managerContainer(objects).env;
const relatedEnv = (objects: readonly Obj[]): Obj[] => managerEnv(objects).filter((e) => e.name.startsWith('RELATED_IMAGE_'));
const envMap = (objects: readonly Obj[]) => new Map<string, string>(managerEnv(objects).filter((e) => 'value' in e).map((e) => [e.name, e.value]));

/** PolicyRule facts as the API writes them. */
function plainRules(list: readonly PolicyRule[]): Obj[] {
  return list.map((r) => ({
    apiGroups: [...r.apiGroups], resources: [...r.resources], ...(r.resourceNames ? { resourceNames: [...r.resourceNames] } : {}), verbs: [...r.verbs],
  }));
}


const codeUnitOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe('PiraeusOperator with default props', () => {
  const { objects, operator } = synthOperator();

  test('snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('every emitted object is valid for its schema', () => {
    expect(validateAll(objects)).toEqual([]);
  });

  test('emits exactly the kind/name/namespace set of the upstream install', () => {
    const key = (o: { apiVersion: string; kind: string; name: string; namespace?: string }) =>
      `${o.apiVersion} ${o.kind} ${o.namespace ?? '-'}/${o.name}`;
    const emitted = objects.map((o) => key({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace }));
    expect(emitted.sort()).toEqual(UPSTREAM_OBJECTS.map(key).sort());
    expect(new Set(emitted).size).toBe(emitted.length);
  });

  test('the CRDs are the four piraeus.io CRDs, named as upstream', () => {
    expect(objects.filter((o) => o.kind === 'CustomResourceDefinition').map((o) => o.metadata.name).sort())
      .toEqual([...UPSTREAM_CRD_NAMES].sort());
  });

  test('every object carries the overlay\'s common labels (kustomize `labels:` applies to all resources, CRDs included)', () => {
    const missing = objects.filter((o) => Object.entries(UPSTREAM_COMMON_LABELS).some(([k, v]) => o.metadata.labels?.[k] !== v))
      .map((o) => `${o.kind} ${o.metadata.name}`);
    expect(missing).toEqual([]);
  });

  test('the Namespace admits privileged pods', () => {
    const ns = find(objects, 'Namespace');
    expect(ns.metadata.name).toBe(UPSTREAM_NAMES.namespace);
    expect(ns.metadata.labels).toMatchObject({ ...NAMESPACE_POD_SECURITY_LABELS, ...UPSTREAM_COMMON_LABELS });
    expect(ns.metadata.namespace).toBeUndefined();
  });

  describe('manager Deployment', () => {
    const dep = manager(objects);
    const pod = dep.spec.template.spec;
    const c = pod.containers[0];

    test('Deployment spec sets only replicas, selector and template (no cdk8s-plus strategy, deadlines, ...)', () => {
      expect(Object.keys(dep.spec).sort()).toEqual(['replicas', 'selector', 'template']);
      expect(dep.spec.replicas).toBe(1);
    });

    test('selector labels are upstream\'s and select the pod template', () => {
      expect(dep.spec.selector).toEqual({ matchLabels: { ...MANAGER_POD.labels } });
      expect(dep.spec.template.metadata.labels).toMatchObject(MANAGER_POD.labels);
      expect(dep.metadata.labels).toMatchObject(MANAGER_POD.labels);
      expect(dep.spec.template.metadata.annotations).toEqual({ 'kubectl.kubernetes.io/default-container': 'manager' });
    });

    test('pod spec has exactly upstream\'s fields and values', () => {
      expect(Object.keys(pod).sort()).toEqual([
        'automountServiceAccountToken', 'containers', 'priorityClassName', 'securityContext', 'serviceAccountName',
        'terminationGracePeriodSeconds', 'tolerations', 'volumes',
      ]);
      expect(pod.automountServiceAccountToken).toBe(true);
      expect(pod.securityContext).toEqual({ runAsNonRoot: true });
      expect(pod.serviceAccountName).toBe(UPSTREAM_NAMES.managerServiceAccount);
      expect(pod.terminationGracePeriodSeconds).toBe(10);
      expect(pod.priorityClassName).toBe('system-cluster-critical');
      expect(pod.tolerations).toEqual([
        { key: 'drbd.linbit.com/lost-quorum', effect: 'NoSchedule' },
        { key: 'drbd.linbit.com/force-io-error', effect: 'NoSchedule' },
      ]);
      expect(pod.volumes).toEqual([{ name: 'cert', secret: { secretName: UPSTREAM_NAMES.webhookCertSecret, defaultMode: 420 } }]);
      expect(pod.containers).toHaveLength(1);
    });

    test('container has exactly upstream\'s fields: no imagePullPolicy, resources and security context as upstream', () => {
      expect(Object.keys(c).sort()).toEqual([
        'args', 'command', 'env', 'image', 'livenessProbe', 'name', 'ports', 'readinessProbe', 'resources', 'securityContext', 'volumeMounts',
      ]);
      expect(c.name).toBe('manager');
      expect(c.image).toBe('quay.io/piraeusdatastore/piraeus-operator:v2.10.4');
      expect(c.imagePullPolicy).toBeUndefined();
      expect(c.command).toEqual(['/manager']);
      expect(c.args).toEqual(MANAGER_CONTAINER.args);
      expect(c.resources).toEqual(MANAGER_CONTAINER.resources);
      expect(c.resources).toEqual({ limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '10m', memory: '64Mi' } });
      expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
      expect(c.ports).toEqual([{ name: 'webhook-server', containerPort: 9443, protocol: 'TCP' }]);
      expect(c.volumeMounts).toEqual([{ name: 'cert', mountPath: '/tmp/k8s-webhook-server/serving-certs', readOnly: true }]);
      expect(c.livenessProbe).toEqual({ httpGet: { path: '/healthz', port: 8081 }, initialDelaySeconds: 15, periodSeconds: 20 });
      expect(c.readinessProbe).toEqual({ httpGet: { path: '/readyz', port: 8081 }, initialDelaySeconds: 5, periodSeconds: 10 });
    });

    test('env starts with upstream\'s variables, in order', () => {
      expect(c.env.slice(0, 4)).toEqual([
        { name: 'NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
        { name: 'ZAP_DEVEL', value: 'false' },
        { name: 'IMAGE_CONFIG_MAP_NAME', value: UPSTREAM_NAMES.imageConfigMap },
        { name: 'REQUEUE_INTERVAL', value: '1m' },
      ]);
    });

    test('then one RELATED_IMAGE_<component>_<image> per reachable variant, sorted, unique', () => {
      const related = relatedEnv(objects);
      expect(c.env.slice(4)).toEqual(related);
      const names = related.map((e) => e.name);
      expect([...names].sort(codeUnitOrder)).toEqual(names);
      expect(new Set(names).size).toBe(names.length);
      const expected = new Set(operator.imagePlan.resolver.variants().filter((v) => v.reachable).map((v) => `RELATED_IMAGE_${v.component}_${v.image}`));
      expect(new Set(names)).toEqual(expected);
    });

    test('never a component-only RELATED_IMAGE_<component> variable', () => {
      const components = operator.imagePlan.resolver.components();
      for (const e of relatedEnv(objects)) {
        expect(components.map((comp) => `RELATED_IMAGE_${comp}`)).not.toContain(e.name);
      }
      expect(envMap(objects).has('RELATED_IMAGE_drbd-module-loader')).toBe(false);
    });

    test.each([
      ['RELATED_IMAGE_linstor-controller_piraeus-server', 'quay.io/piraeusdatastore/piraeus-server:v1.32.3'],
      ['RELATED_IMAGE_linstor-satellite_piraeus-server', 'quay.io/piraeusdatastore/piraeus-server:v1.32.3'],
      ['RELATED_IMAGE_linstor-csi_piraeus-csi', 'quay.io/piraeusdatastore/piraeus-csi:v1.10.5'],
      ['RELATED_IMAGE_drbd-module-loader_drbd9-noble', 'quay.io/piraeusdatastore/drbd9-noble:v9.2.16'],
      ['RELATED_IMAGE_drbd-module-loader_drbd9-jammy', 'quay.io/piraeusdatastore/drbd9-jammy:v9.2.16'],
      ['RELATED_IMAGE_drbd-module-loader_drbd9-almalinux9', 'quay.io/piraeusdatastore/drbd9-almalinux9:v9.2.16'],
      ['RELATED_IMAGE_csi-provisioner_csi-provisioner', 'registry.k8s.io/sig-storage/csi-provisioner:v6.1.0'],
      ['RELATED_IMAGE_csi-livenessprobe_livenessprobe', 'registry.k8s.io/sig-storage/livenessprobe:v2.17.0'],
    ])('%s = %s', (name, value) => {
      expect(envMap(objects).get(name)).toBe(value);
    });

    test('no PULL_SECRET and no imagePullSecrets without pull secrets', () => {
      expect(envMap(objects).has('PULL_SECRET')).toBe(false);
      expect(pod.imagePullSecrets).toBeUndefined();
    });
  });

  describe('gencert Deployment', () => {
    const dep = find(objects, 'Deployment', UPSTREAM_NAMES.gencertDeployment);
    const pod = dep.spec.template.spec;
    const c = pod.containers[0];

    test('Deployment, pod and container as upstream, no cdk8s-plus defaults', () => {
      expect(Object.keys(dep.spec).sort()).toEqual(['replicas', 'selector', 'template']);
      expect(dep.spec.replicas).toBe(1);
      expect(dep.spec.selector).toEqual({ matchLabels: { ...GENCERT_POD.labels } });
      expect(dep.spec.template.metadata.labels).toMatchObject(GENCERT_POD.labels);
      expect(Object.keys(pod).sort()).toEqual([
        'automountServiceAccountToken', 'containers', 'securityContext', 'serviceAccountName', 'terminationGracePeriodSeconds', 'tolerations',
      ]);
      expect(pod.automountServiceAccountToken).toBe(true);
      expect(pod.securityContext).toEqual({ runAsNonRoot: true });
      expect(pod.serviceAccountName).toBe(UPSTREAM_NAMES.gencertServiceAccount);
      expect(Object.keys(c).sort()).toEqual(['args', 'command', 'env', 'image', 'livenessProbe', 'name', 'readinessProbe', 'resources', 'securityContext']);
      expect(c.image).toBe('quay.io/piraeusdatastore/piraeus-operator:v2.10.4');
      expect(c.command).toEqual(['/gencert']);
      expect(c.args).toEqual(GENCERT_CONTAINER.args);
      expect(c.resources).toEqual({ limits: { cpu: '50m', memory: '128Mi' }, requests: { cpu: '5m', memory: '32Mi' } });
      expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    });

    test('env names the webhook objects by their final names and has no image pins', () => {
      expect(c.env).toEqual([
        { name: 'NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
        { name: 'ZAP_DEVEL', value: 'false' },
        { name: 'WEBHOOK_CONFIGURATION_NAME', value: UPSTREAM_NAMES.validatingWebhookConfiguration },
        { name: 'WEBHOOK_SERVICE_NAME', value: UPSTREAM_NAMES.webhookService },
        { name: 'WEBHOOK_TLS_SECRET_NAME', value: UPSTREAM_NAMES.webhookCertSecret },
      ]);
    });
  });

  describe('RBAC', () => {
    test.each([
      ['ClusterRole', UPSTREAM_NAMES.managerClusterRole, OPERATOR_CLUSTER_ROLE_RULES],
      ['Role', UPSTREAM_NAMES.leaderElectionRole, LEADER_ELECTION_ROLE_RULES],
      ['Role', UPSTREAM_NAMES.gencertRole, GENCERT_ROLE_RULES],
      ['ClusterRole', UPSTREAM_NAMES.gencertClusterRole, GENCERT_CLUSTER_ROLE_RULES],
    ] as const)('%s %s has exactly upstream\'s rules', (kind, name, rules) => {
      expect(find(objects, kind, name).rules).toEqual(plainRules(rules));
    });

    test('the manager ClusterRole has no pods/exec (not in v2.10.4)', () => {
      const rules = find(objects, 'ClusterRole', UPSTREAM_NAMES.managerClusterRole).rules as Obj[];
      expect(rules.some((r) => r.resources.includes('pods/exec'))).toBe(false);
    });

    test('gencert may only touch the webhook configuration by name', () => {
      const rules = find(objects, 'ClusterRole', UPSTREAM_NAMES.gencertClusterRole).rules as Obj[];
      expect(rules[0].resourceNames).toEqual([UPSTREAM_NAMES.validatingWebhookConfiguration]);
    });

    test.each(UPSTREAM_BINDINGS.map((b) => [b.kind, b.name, b] as const))('%s %s: roleRef and subjects as upstream', (kind, name, b) => {
      const binding = find(objects, kind, name);
      expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: b.roleRef.kind, name: b.roleRef.name });
      expect(binding.subjects).toEqual(b.subjects.map((s) => ({ ...s })));
    });

    test('ServiceAccounts are namespaced', () => {
      for (const name of [UPSTREAM_NAMES.managerServiceAccount, UPSTREAM_NAMES.gencertServiceAccount]) {
        expect(find(objects, 'ServiceAccount', name).metadata.namespace).toBe(UPSTREAM_NAMES.namespace);
      }
    });
  });

  describe('admission webhook', () => {
    test('ValidatingWebhookConfiguration has upstream\'s five webhooks pointing at the Service', () => {
      const vwc = find(objects, 'ValidatingWebhookConfiguration');
      expect(vwc.metadata.name).toBe(UPSTREAM_NAMES.validatingWebhookConfiguration);
      expect(vwc.metadata.annotations).toBeUndefined();
      expect(vwc.webhooks).toEqual(resolveValidatingWebhooks().map((w) => ({
        name: w.name,
        admissionReviewVersions: [...w.admissionReviewVersions],
        clientConfig: { service: { ...w.clientConfig.service } },
        failurePolicy: 'Fail',
        rules: w.rules.map((r) => ({ ...r })),
        sideEffects: 'None',
      })));
      expect(vwc.webhooks.map((w: Obj) => w.name)).toEqual([
        'vstorageclass.kb.io', 'vlinstorcluster.kb.io', 'vlinstornodeconnection.kb.io', 'vlinstorsatellite.kb.io', 'vlinstorsatelliteconfiguration.kb.io',
      ]);
      for (const w of vwc.webhooks) {
        expect(w.clientConfig.service).toMatchObject({ name: UPSTREAM_NAMES.webhookService, namespace: UPSTREAM_NAMES.namespace });
        expect(w.clientConfig.caBundle).toBeUndefined();
      }
    });

    test('the Service forwards 443 to the manager\'s webhook port and selects only the manager pods', () => {
      const svc = find(objects, 'Service', UPSTREAM_NAMES.webhookService);
      expect(svc.spec.ports).toEqual([{ port: 443, protocol: 'TCP', targetPort: 9443 }]);
      expect(svc.spec.selector).toEqual({ ...WEBHOOK_SERVICE.selector });
      const selects = (o: Obj) => Object.entries(svc.spec.selector).every(([k, v]) => o.spec.template.metadata.labels[k] === v);
      expect(selects(manager(objects))).toBe(true);
      expect(selects(find(objects, 'Deployment', UPSTREAM_NAMES.gencertDeployment))).toBe(false);
    });
  });

  test('the image ConfigMap holds exactly the default documents', () => {
    const cm = find(objects, 'ConfigMap', UPSTREAM_NAMES.imageConfigMap);
    expect(cm.metadata.namespace).toBe(UPSTREAM_NAMES.namespace);
    expect(cm.data).toEqual(OperatorRelease.latest().imageConfigData());
    expect(cm.immutable).toBeUndefined();
  });

  test('no warnings for the default configuration', () => {
    expect(operator.diagnostics).toEqual([]);
  });
});

describe('determinism', () => {
  const build = (order: 'ab' | 'ba') => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const overrides = [
      ImageOverride.forVariant('drbd-module-loader', 'drbd9-jammy', `mirror.example.com/drbd9-jammy:v9.2.16@${DIGEST_A}`),
      ImageOverride.forComponent('linstor-controller', `mirror.example.com/piraeus-server:v1.32.3@${DIGEST_B}`),
    ];
    new PiraeusDatastore(chart, 'piraeus', {
      operator: {
        imageOverrides: order === 'ab' ? overrides : [...overrides].reverse(),
        imagePullSecrets: ['s1'],
        imageConfig: [ImageConfigOverride.fromComponents({ base: 'mirror.example.com', components: { 'linstor-csi': { image: 'piraeus-csi', tag: 'v1.10.5' } } })],
      },
      satelliteConfigurations: { b: { storagePools: [{ name: 'pool', lvmPool: {} }] }, a: { properties: [{ name: 'x', value: 'y' }] } },
    });
    return app.synthYaml();
  };

  test('synthesizing twice gives byte-identical YAML', () => {
    expect(build('ab')).toBe(build('ab'));
  });

  test('the order of explicit overrides does not change the output', () => {
    expect(build('ba')).toBe(build('ab'));
  });
});

describe('namespaces', () => {
  test('a custom namespace reaches every namespaced object, binding subject, webhook client config and cert-manager DNS name', () => {
    const { objects } = synthOperator({ namespace: 'storage-system', webhookCertificates: WebhookCertificates.certManager() });
    expect(validateAll(objects)).toEqual([]);
    expect(find(objects, 'Namespace').metadata.name).toBe('storage-system');
    for (const o of objects) {
      if (CLUSTER_SCOPED_KINDS.has(o.kind)) expect(o.metadata.namespace).toBeUndefined();
      else expect(`${o.kind} ${o.metadata.namespace}`).toBe(`${o.kind} storage-system`);
    }
    for (const b of objects.filter((o) => /RoleBinding$/.test(o.kind))) {
      for (const s of b.subjects) expect(s.namespace).toBe('storage-system');
    }
    for (const w of find(objects, 'ValidatingWebhookConfiguration').webhooks) expect(w.clientConfig.service.namespace).toBe('storage-system');
    expect(find(objects, 'Certificate').spec.dnsNames).toEqual([
      'piraeus-operator-webhook-service.storage-system.svc', 'piraeus-operator-webhook-service.storage-system.svc.cluster.local',
    ]);
    expect(find(objects, 'ValidatingWebhookConfiguration').metadata.annotations)
      .toEqual({ 'cert-manager.io/inject-ca-from': 'storage-system/piraeus-operator-serving-cert' });
  });

  test('createNamespace: false and installCrds: false leave those objects out', () => {
    const { objects, operator } = synthOperator({ createNamespace: false, installCrds: false });
    expect(objects.filter((o) => o.kind === 'Namespace')).toEqual([]);
    expect(objects.filter((o) => o.kind === 'CustomResourceDefinition')).toEqual([]);
    expect(operator.namespaceObject).toBeUndefined();
    expect(operator.crds).toBeUndefined();
    expect(find(objects, 'ConfigMap').metadata.namespace).toBe(UPSTREAM_NAMES.namespace);
  });

  describe('cluster-scoped objects never carry metadata.namespace, whichever chart they are in', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: 'other' });
    new PiraeusDatastore(chart, 'piraeus', {
      operator: { webhookCertificates: WebhookCertificates.gencert() },
      satelliteConfigurations: { pools: { storagePools: [{ name: 'thin', lvmThinPool: {} }] } },
    });
    new LinstorSatelliteConfiguration(chart, 'extra', { name: 'extra' });
    new LinstorNodeConnection(chart, 'conn', { name: 'conn' });
    const objects = Testing.synth(chart) as Obj[];

    test.each([
      'Namespace', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding', 'ValidatingWebhookConfiguration',
      'LinstorCluster', 'LinstorSatelliteConfiguration', 'LinstorNodeConnection',
    ])('%s', (kind) => {
      const list = objects.filter((o) => o.kind === kind);
      expect(list.length).toBeGreaterThan(0);
      for (const o of list) expect(o.metadata).not.toHaveProperty('namespace');
    });

    test('namespaced objects keep the operator namespace, not the chart\'s', () => {
      const namespaced = objects.filter((o) => !CLUSTER_SCOPED_KINDS.has(o.kind));
      expect(namespaced.length).toBeGreaterThan(0);
      for (const o of namespaced) expect(`${o.kind} ${o.metadata.name} ${o.metadata.namespace}`).toBe(`${o.kind} ${o.metadata.name} ${UPSTREAM_NAMES.namespace}`);
    });

    test('all objects validate', () => {
      expect(validateAll(objects)).toEqual([]);
    });
  });
});

describe('cert-manager variant', () => {
  const { objects, operator } = synthOperator({ webhookCertificates: WebhookCertificates.certManager(), installCrds: false });

  test('snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('every object validates', () => {
    expect(validateAll(objects)).toEqual([]);
  });

  test('a self-signed Issuer and a Certificate for the webhook Service into the Secret the manager mounts', () => {
    const issuer = find(objects, 'Issuer');
    expect(issuer).toMatchObject({ apiVersion: 'cert-manager.io/v1', metadata: { name: 'piraeus-operator-selfsigned-issuer', namespace: UPSTREAM_NAMES.namespace } });
    expect(issuer.spec).toEqual({ selfSigned: {} });
    const cert = find(objects, 'Certificate');
    expect(cert).toMatchObject({ apiVersion: 'cert-manager.io/v1', metadata: { name: 'piraeus-operator-serving-cert', namespace: UPSTREAM_NAMES.namespace } });
    expect(cert.spec).toEqual({
      dnsNames: ['piraeus-operator-webhook-service.piraeus-datastore.svc', 'piraeus-operator-webhook-service.piraeus-datastore.svc.cluster.local'],
      issuerRef: { kind: 'Issuer', name: 'piraeus-operator-selfsigned-issuer' },
      secretName: UPSTREAM_NAMES.webhookCertSecret,
    });
    expect(manager(objects).spec.template.spec.volumes[0].secret.secretName).toBe(cert.spec.secretName);
  });

  test('the webhook configuration gets the inject-ca-from annotation', () => {
    expect(find(objects, 'ValidatingWebhookConfiguration').metadata.annotations)
      .toEqual({ 'cert-manager.io/inject-ca-from': 'piraeus-datastore/piraeus-operator-serving-cert' });
  });

  test('no gencert Deployment and none of its RBAC', () => {
    expect(operator.gencert).toBeUndefined();
    expect(operator.rbac.objects.filter((o) => o.name === UPSTREAM_NAMES.gencertServiceAccount)).toEqual([]);
    const gencertNames = new Set<string>([
      UPSTREAM_NAMES.gencertDeployment, UPSTREAM_NAMES.gencertServiceAccount, UPSTREAM_NAMES.gencertRole,
      UPSTREAM_NAMES.gencertRoleBinding, UPSTREAM_NAMES.gencertClusterRole, UPSTREAM_NAMES.gencertClusterRoleBinding,
    ]);
    expect(objects.filter((o) => gencertNames.has(o.metadata.name)).map((o) => `${o.kind} ${o.metadata.name}`)).toEqual([]);
    const le = find(objects, 'RoleBinding', UPSTREAM_NAMES.leaderElectionRoleBinding);
    expect(le.subjects).toEqual([{ kind: 'ServiceAccount', name: UPSTREAM_NAMES.managerServiceAccount, namespace: UPSTREAM_NAMES.namespace }]);
  });

  test('gencert() is the default', () => {
    const a = synthOperator({ installCrds: false }).objects;
    const b = synthOperator({ installCrds: false, webhookCertificates: WebhookCertificates.gencert() }).objects;
    expect(b).toEqual(a);
    expect(a.filter((o) => o.apiVersion === 'cert-manager.io/v1')).toEqual([]);
  });
});

describe('operator image and pull secrets', () => {
  test('OperatorImage.fromRegistry with a digest goes into both Deployments', () => {
    const image = OperatorImage.fromRegistry({ registry: 'registry.example.com/piraeus', digest: DIGEST_A });
    const { objects, operator } = synthOperator({ image, installCrds: false });
    expect(operator.image).toBe(`registry.example.com/piraeus/piraeus-operator:v2.10.4@${DIGEST_A}`);
    for (const name of [UPSTREAM_NAMES.managerDeployment, UPSTREAM_NAMES.gencertDeployment]) {
      expect(find(objects, 'Deployment', name).spec.template.spec.containers[0].image).toBe(operator.image);
    }
  });

  test.each([
    [{ tag: 'v2.11.0' }, 'quay.io/piraeusdatastore/piraeus-operator:v2.11.0'],
    [{ name: 'operator', tag: '' }, 'quay.io/piraeusdatastore/operator'],
    [{ tag: '', digest: DIGEST_B }, `quay.io/piraeusdatastore/piraeus-operator@${DIGEST_B}`],
  ])('OperatorImage.fromRegistry(%j) = %s', (props, ref) => {
    expect(OperatorImage.fromRegistry(props).referenceFor('quay.io/piraeusdatastore/piraeus-operator:v2.10.4')).toBe(ref);
  });

  test.each([
    ['v2.10.4', 'quay.io/piraeusdatastore/piraeus-operator:v2.10.4'],
    ['v2.8.1', 'quay.io/piraeusdatastore/piraeus-operator:v2.8.1'],
  ])('the default operator image is the release\'s own (%s)', (version, ref) => {
    expect(synthOperator({ installCrds: false, release: OperatorRelease.of(version) }).operator.image).toBe(ref);
    expect(OperatorImage.fromRelease().referenceFor(ref)).toBe(ref);
  });

  test.each([
    ['a digest that is not sha256 + 64 hex', () => OperatorImage.fromRegistry({ digest: 'sha256:1234' }), ErrorCodes.INVALID_DIGEST],
    ['an upper-case registry', () => OperatorImage.fromRegistry({ registry: 'Registry.example.com/UPPER' }), ErrorCodes.INVALID_REFERENCE],
    ['a reference with a space', () => OperatorImage.fromReference('quay.io/piraeus operator:v1'), ErrorCodes.INVALID_REFERENCE],
    ['a reference with a bad digest', () => OperatorImage.fromReference('quay.io/x/y@sha256:zz'), ErrorCodes.INVALID_DIGEST],
  ])('rejects %s', (_what, fn, code) => {
    expectPiraeusError(fn, code);
  });

  test('imagePullSecrets: every secret on both pods, the first one as PULL_SECRET for operator-created workloads', () => {
    const { objects } = synthOperator({ imagePullSecrets: ['first', 'second'], installCrds: false });
    for (const name of [UPSTREAM_NAMES.managerDeployment, UPSTREAM_NAMES.gencertDeployment]) {
      expect(find(objects, 'Deployment', name).spec.template.spec.imagePullSecrets).toEqual([{ name: 'first' }, { name: 'second' }]);
    }
    const env = managerEnv(objects);
    expect(env.filter((e) => e.name === 'PULL_SECRET')).toEqual([{ name: 'PULL_SECRET', value: 'first' }]);
    expect(env.slice(4).map((e) => e.name).filter((n) => !n.startsWith('RELATED_IMAGE_'))).toEqual(['PULL_SECRET']);
    expect(find(objects, 'Deployment', UPSTREAM_NAMES.gencertDeployment).spec.template.spec.containers[0].env
      .some((e: Obj) => e.name === 'PULL_SECRET')).toBe(false);
  });
});

describe('image pins and explicit overrides', () => {
  test('pinImages: false leaves only upstream\'s variables', () => {
    const { objects, operator } = synthOperator({ pinImages: false, installCrds: false });
    expect(managerEnv(objects).map((e) => e.name)).toEqual(['NAMESPACE', 'ZAP_DEVEL', 'IMAGE_CONFIG_MAP_NAME', 'REQUEUE_INTERVAL']);
    expect(operator.report().every((r) => r.origin === 'configmap' && r.envVar === undefined)).toBe(true);
  });

  test('forVariant replaces one variant: it wins, is in the env and shows in the report as an override', () => {
    const ref = `mirror.example.com/drbd9-jammy:v9.2.16@${DIGEST_A}`;
    const { objects, operator } = synthOperator({
      installCrds: false,
      imageOverrides: [ImageOverride.forVariant('drbd-module-loader', 'drbd9-jammy', ref)],
    });
    expect(envMap(objects).get('RELATED_IMAGE_drbd-module-loader_drbd9-jammy')).toBe(ref);
    expect(operator.imageFor('drbd-module-loader', 'Ubuntu 22.04.4 LTS')).toBe(ref);
    expect(operator.imageFor('drbd-module-loader', 'Ubuntu 24.04.1 LTS')).toBe('quay.io/piraeusdatastore/drbd9-noble:v9.2.16');
    const rows = operator.report().filter((r) => r.component === 'drbd-module-loader');
    expect(rows.filter((r) => r.variant === 'drbd9-jammy')).toEqual([expect.objectContaining({
      image: ref, envVar: 'RELATED_IMAGE_drbd-module-loader_drbd9-jammy', origin: 'override', kind: 'rule', pattern: 'Ubuntu 22\\.04',
    })]);
    expect(rows.filter((r) => r.variant !== 'drbd9-jammy').every((r) => r.origin === 'pin')).toBe(true);
    expect(operator.imagePlan.env.find((e) => e.name === 'RELATED_IMAGE_drbd-module-loader_drbd9-jammy')?.origin).toBe('override');
  });

  test('forComponent on a component with match rules is written per variant, never as RELATED_IMAGE_<component>', () => {
    const ref = `mirror.example.com/drbd-loader:v9@${DIGEST_B}`;
    const { objects, operator } = synthOperator({ installCrds: false, imageOverrides: [ImageOverride.forComponent('drbd-module-loader', ref)] });
    const env = envMap(objects);
    expect(env.has('RELATED_IMAGE_drbd-module-loader')).toBe(false);
    const variants = [...new Set(operator.imagePlan.resolver.variants().filter((v) => v.component === 'drbd-module-loader').map((v) => v.image))].sort();
    expect(variants).toEqual([
      'drbd9-almalinux10', 'drbd9-almalinux8', 'drbd9-almalinux9', 'drbd9-bookworm', 'drbd9-bullseye', 'drbd9-jammy', 'drbd9-noble',
    ]);
    for (const v of variants) expect(env.get(`RELATED_IMAGE_drbd-module-loader_${v}`)).toBe(ref);
    for (const os of ['', 'Red Hat Enterprise Linux 9.4 (Plow)', 'Ubuntu 22.04.4 LTS', 'Debian GNU/Linux 12 (bookworm)', 'Flatcar']) {
      expect(operator.imageFor('drbd-module-loader', os)).toBe(ref);
    }
    expect(operator.report().filter((r) => r.component === 'drbd-module-loader').every((r) => r.origin === 'override' && r.image === ref)).toBe(true);
  });

  test('an override image without a tag is accepted by the strict parser but warned about (runtime pulls latest)', () => {
    const { operator } = synthOperator({ installCrds: false, imageOverrides: [ImageOverride.forComponent('linstor-csi', 'mirror.example.com/piraeus-csi')] });
    expect(operator.diagnostics.map((d) => d.code)).toContain('UNTAGGED_IMAGE');
  });

  describe('bad overrides give located errors', () => {
    const where = (e: PiraeusError) => e.location?.path;
    test.each([
      ['an invalid reference', [ImageOverride.forComponent('linstor-controller', 'Not A Reference')], ErrorCodes.INVALID_REFERENCE, /not a valid reference/],
      ['a reference with a malformed digest', [ImageOverride.forComponent('linstor-controller', 'mirror.example.com/x:v1@sha256:123')], ErrorCodes.INVALID_REFERENCE, /sha256:123/],
      ['a component no document defines', [ImageOverride.forComponent('linstor-controler', `mirror.example.com/x:v1`)], ErrorCodes.UNKNOWN_COMPONENT, /linstor-controler/],
      ['a variant that does not exist', [ImageOverride.forVariant('drbd-module-loader', 'drbd9-focal', 'mirror.example.com/x:v1')], ErrorCodes.UNKNOWN_VARIANT, /drbd9-focal/],
      ['the same component twice', [
        ImageOverride.forComponent('linstor-csi', 'mirror.example.com/a:v1'), ImageOverride.forComponent('linstor-csi', 'mirror.example.com/b:v1'),
      ], ErrorCodes.DUPLICATE_OVERRIDE, /RELATED_IMAGE_linstor-csi_piraeus-csi/],
      ['a component and one of its variants', [
        ImageOverride.forComponent('drbd-module-loader', 'mirror.example.com/a:v1'), ImageOverride.forVariant('drbd-module-loader', 'drbd9-jammy', 'mirror.example.com/b:v1'),
      ], ErrorCodes.DUPLICATE_OVERRIDE, /RELATED_IMAGE_drbd-module-loader_drbd9-jammy/],
    ])('%s', (_what, imageOverrides, code, message) => {
      const err = expectPiraeusError(() => synthOperator({ imageOverrides }), code, message);
      expect(where(err)).toBe('test/piraeus');
      expect(err.location?.component).toBeDefined();
    });
  });
});

describe('external LINSTOR controller', () => {
  const satelliteEnv = (objects: readonly Obj[]) => relatedEnv(objects).filter((e) => e.name.startsWith('RELATED_IMAGE_linstor-satellite'));

  test('externalController: the satellite is left unpinned (it follows the controller version at run time)', () => {
    const { objects, operator } = synthOperator({ installCrds: false, cluster: { externalController: { url: 'http://linstor.example.com:3370' } } });
    expect(satelliteEnv(objects)).toEqual([]);
    expect(envMap(objects).get('RELATED_IMAGE_linstor-controller_piraeus-server')).toBe('quay.io/piraeusdatastore/piraeus-server:v1.32.3');
    expect(operator.report().filter((r) => r.component === 'linstor-satellite').map((r) => r.origin)).toEqual(['configmap']);
  });

  test('externalControllerVersion pins the satellite to v<version>; cluster workloads keep their tags', () => {
    const { objects, operator } = synthOperator({ installCrds: false, cluster: { externalController: { url: 'http://linstor.example.com:3370' } }, externalControllerVersion: '1.31.2' });
    expect(satelliteEnv(objects)).toEqual([{ name: 'RELATED_IMAGE_linstor-satellite_piraeus-server', value: 'quay.io/piraeusdatastore/piraeus-server:v1.31.2' }]);
    expect(operator.imageFor('linstor-satellite', 'Ubuntu 22.04.4 LTS')).toBe('quay.io/piraeusdatastore/piraeus-server:v1.31.2');
    expect(envMap(objects).get('RELATED_IMAGE_linstor-controller_piraeus-server')).toBe('quay.io/piraeusdatastore/piraeus-server:v1.32.3');
  });

  test('PiraeusDatastore: cluster.externalController without a version leaves the satellite unpinned', () => {
    const chart = new Chart(Testing.app(), 'test');
    new PiraeusDatastore(chart, 'piraeus', { cluster: { externalController: { url: 'http://linstor.example.com:3370' } } });
    expect(satelliteEnv(Testing.synth(chart))).toEqual([]);
  });

  // With no external controller the operator never applies a version: a pin to v<version> would
  // change the satellite image the operator runs. Such props must be refused, not pinned.
  test.each([
    ['PiraeusOperator serving a cluster without externalController', () => synthOperator({ cluster: {}, externalControllerVersion: '1.31.2' })],
    ['PiraeusDatastore without cluster.externalController', () =>
      new PiraeusDatastore(new Chart(Testing.app(), 'test'), 'piraeus', { externalControllerVersion: '1.31.2' })],
  ])('externalControllerVersion without an external controller is an error (%s)', (_what, fn) => {
    expectPiraeusError(fn, ErrorCodes.INVALID_PROPS, /externalController/);
  });

  test('an externalControllerVersion that makes no valid tag is a located error, not an unpullable pin', () => {
    const err = expectPiraeusError(() => synthOperator({ cluster: { externalController: { url: 'http://linstor.example.com:3370' } }, externalControllerVersion: '1.31 beta' }), ErrorCodes.INVALID_PROPS);
    expect(err.location?.path).toBe('test/piraeus');
  });
});

describe('imageFor, resolve, report', () => {
  const { operator } = synthOperator({ installCrds: false });

  test.each([
    ['linstor-controller', undefined, 'quay.io/piraeusdatastore/piraeus-server:v1.32.3'],
    ['csi-provisioner', undefined, 'registry.k8s.io/sig-storage/csi-provisioner:v6.1.0'],
    ['drbd-module-loader', undefined, 'quay.io/piraeusdatastore/drbd9-noble:v9.2.16'],
    ['drbd-module-loader', 'Red Hat Enterprise Linux 9.4 (Plow)', 'quay.io/piraeusdatastore/drbd9-almalinux9:v9.2.16'],
    ['drbd-module-loader', 'Red Hat Enterprise Linux CoreOS 415.92.202402201450-0 (Plow)', 'quay.io/piraeusdatastore/drbd9-almalinux9:v9.2.16'],
    ['drbd-module-loader', 'Red Hat Enterprise Linux CoreOS 412.86', 'quay.io/piraeusdatastore/drbd9-almalinux8:v9.2.16'],
    ['drbd-module-loader', 'Ubuntu 22.04.4 LTS', 'quay.io/piraeusdatastore/drbd9-jammy:v9.2.16'],
    ['drbd-module-loader', 'Debian GNU/Linux 12 (bookworm)', 'quay.io/piraeusdatastore/drbd9-bookworm:v9.2.16'],
    ['drbd-module-loader', 'Talos (v1.7.0)', 'quay.io/piraeusdatastore/drbd9-noble:v9.2.16'],
  ])('imageFor(%s, %s) = %s', (component, os, image) => {
    expect(operator.imageFor(component, os)).toBe(image);
  });

  test('imageFor an unknown component is a located UNKNOWN_COMPONENT error listing the components', () => {
    const err = expectPiraeusError(() => operator.imageFor('linstor-server'), ErrorCodes.UNKNOWN_COMPONENT, /linstor-controller/);
    expect(err.location?.path).toBe('test/piraeus');
  });

  test('resolve() is the cluster-level resolution, resolve(os) the node-level one', () => {
    const cluster = operator.resolve();
    expect(cluster.osImage).toBe('');
    expect(cluster.images.map((i) => i.name)).toEqual(operator.imagePlan.resolver.components());
    const node = operator.resolve('Ubuntu 22.04.4 LTS');
    expect(node.images.find((i) => i.name === 'drbd-module-loader')?.provenance).toMatchObject({ rule: { pattern: 'Ubuntu 22\\.04' }, variant: 'drbd9-jammy' });
  });

  test('report(): one row per reachable variant, each pinned by its own variable to the image the operator runs', () => {
    const rows = operator.report();
    expect(rows).toHaveLength(operator.imagePlan.resolver.variants().filter((v) => v.reachable).length);
    const env = new Map(operator.imagePlan.env.map((e) => [e.name, e.value]));
    for (const r of rows) {
      expect(r.origin).toBe('pin');
      expect(r.envVar).toBe(`RELATED_IMAGE_${r.component}_${r.variant}`);
      expect(env.get(r.envVar!)).toBe(r.image);
    }
    expect(rows.filter((r) => r.component === 'linstor-csi')).toEqual([{
      component: 'linstor-csi', variant: 'piraeus-csi', kind: 'fallback', document: '0_piraeus_datastore_images.yaml', pattern: undefined,
      image: 'quay.io/piraeusdatastore/piraeus-csi:v1.10.5', envVar: 'RELATED_IMAGE_linstor-csi_piraeus-csi', origin: 'pin',
    }]);
  });
});

describe('repository', () => {
  test('the pins use the repository instead of every document base', () => {
    const { objects } = synthOperator({ installCrds: false, cluster: { repository: 'registry.example.com/piraeus' } });
    for (const e of relatedEnv(objects)) expect(e.value.startsWith('registry.example.com/piraeus/')).toBe(true);
  });

  test('the operator takes the repository from the LinstorCluster it serves, which may be in another chart', () => {
    const app = Testing.app();
    const cluster = new LinstorCluster(new Chart(app, 'cluster'), 'cluster', { repository: 'registry.example.com/a' });
    const operator = new PiraeusOperator(new Chart(app, 'operator'), 'piraeus', { installCrds: false, cluster });
    expect(operator.repository).toBe('registry.example.com/a');
    expect(operator.imageFor('linstor-csi')).toBe('registry.example.com/a/piraeus-csi:v1.10.5');
  });

  test('PiraeusDatastore wires the repository into both', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const ds = new PiraeusDatastore(chart, 'piraeus', { cluster: { repository: 'registry.example.com/piraeus' }, operator: { installCrds: false } });
    expect(ds.operator.repository).toBe('registry.example.com/piraeus');
    expect(find(Testing.synth(chart), 'LinstorCluster').spec.repository).toBe('registry.example.com/piraeus');
    expect(() => app.synth()).not.toThrow();
  });
});

describe('warnings', () => {
  const untagged = [ImageConfigOverride.fromComponents({ base: 'mirror.example.com', components: { 'linstor-csi': { image: 'piraeus-csi' } } }, 'untagged')];

  const build = (failOnWarnings?: boolean) => {
    const app = Testing.app();
    const operator = new PiraeusOperator(new Chart(app, 'test'), 'piraeus', { installCrds: false, imageConfig: untagged, failOnWarnings });
    return { app, operator };
  };

  test('are construct metadata by default: nothing printed, synth passes', () => {
    const { app, operator } = build();
    expect(operator.diagnostics.map((d) => d.code)).toEqual(['UNTAGGED_IMAGE']);
    const write = jest.spyOn(process.stderr, 'write');
    try {
      expect(() => app.synth()).not.toThrow();
      expect(write).not.toHaveBeenCalled();
    } finally {
      write.mockRestore();
    }
    const lines = collectWarnings(app);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ConfigMap key "1_untagged.yaml" line \d+, component "linstor-csi", at test\/piraeus: .* \[UNTAGGED_IMAGE\]$/);
    expect(operator.node.metadata.map((m) => m.type)).toEqual([WARNING_METADATA]);
  });

  test('failOnWarnings turns them into located synth errors (and no metadata)', () => {
    const { app, operator } = build(true);
    expect(operator.node.metadata).toEqual([]);
    expect(() => app.synth()).toThrow(/ConfigMap key "1_untagged.yaml" line \d+, component "linstor-csi", at test\/piraeus: .* \[UNTAGGED_IMAGE\]/);
  });
});

describe('chart labels', () => {
  const { objects } = synthOperator({ installCrds: false }, { labels: { team: 'storage' } });

  test('reach every object\'s metadata, next to upstream\'s labels', () => {
    for (const o of objects) expect(o.metadata.labels).toMatchObject({ team: 'storage', ...UPSTREAM_COMMON_LABELS });
  });

  test('never reach Deployment selectors or the webhook Service selector', () => {
    for (const d of objects.filter((o) => o.kind === 'Deployment')) expect(d.spec.selector.matchLabels).not.toHaveProperty('team');
    expect(find(objects, 'Service').spec.selector).toEqual({ ...WEBHOOK_SERVICE.selector });
  });
});

describe('the object validator itself (test/support/k8s-validate.ts) rejects bad objects', () => {
  const { objects } = synthOperator({ installCrds: false, webhookCertificates: WebhookCertificates.certManager() });
  const clone = (o: Obj): Obj => JSON.parse(JSON.stringify(o));

  test.each<[string, (objs: readonly Obj[]) => Obj, RegExp]>([
    ['a Deployment with a string replica count', (objs) => {
      const d = clone(manager(objs)); d.spec.replicas = 'one'; return d;
    }, /kubernetes-models: .*replicas/],
    ['a container without name', (objs) => {
      const d = clone(manager(objs)); delete d.spec.template.spec.containers[0].name; return d;
    }, /kubernetes-models/],
    ['an unknown top-level field', (objs) => ({ ...clone(find(objs, 'ConfigMap')), spec: {} }), /spec is not a field of ConfigMap/],
    ['an unknown metadata field', (objs) => {
      const c = clone(find(objs, 'ConfigMap')); c.metadata.nme = 'x'; return c;
    }, /metadata\.nme is not an ObjectMeta field/],
    ['a namespace on a ClusterRole', (objs) => {
      const c = clone(find(objs, 'ClusterRole')); c.metadata.namespace = 'x'; return c;
    }, /metadata\.namespace must not be set: ClusterRole is cluster-scoped/],
    ['an object without name', (objs) => {
      const c = clone(find(objs, 'ServiceAccount', UPSTREAM_NAMES.managerServiceAccount)); delete c.metadata.name; return c;
    }, /metadata\.name is required/],
    ['an upper-case name', (objs) => {
      const c = clone(find(objs, 'Role', UPSTREAM_NAMES.leaderElectionRole)); c.metadata.name = 'Leader'; return c;
    }, /not a DNS-1123 subdomain/],
    ['a Certificate without secretName', (objs) => {
      const c = clone(find(objs, 'Certificate')); delete c.spec.secretName; return c;
    }, /spec\.secretName is required/],
    ['an Issuer with two issuer types', (objs) => {
      const c = clone(find(objs, 'Issuer')); c.spec.ca = { secretName: 'x' }; return c;
    }, /exactly one issuer type/],
    ['a LinstorCluster with an unknown spec field', () => ({ apiVersion: 'piraeus.io/v1', kind: 'LinstorCluster', metadata: { name: 'x' }, spec: { repositry: 'x' } }), /repositry/],
    ['a LinstorCluster with a namespace', () => ({ apiVersion: 'piraeus.io/v1', kind: 'LinstorCluster', metadata: { name: 'x', namespace: 'y' }, spec: {} }), /cluster-scoped/],
  ])('%s', (_what, make, problem) => {
    const problems = validateAll([make(objects)]);
    expect(problems.join('\n')).toMatch(problem);
  });

  test('an unknown kind throws instead of passing silently', () => {
    expect(() => validateAll([{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }])).toThrow(/no validator for example.com\/v1 Widget/);
  });
});

describe('runSynth', () => {
  let stderr: string[];
  const output = { stderr: (t: string) => { stderr.push(t); } };
  beforeEach(() => {
    stderr = [];
  });
  afterEach(() => {
    process.exitCode = undefined;
  });

  test('synthesizes the app into its outdir', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-synth-'));
    runSynth(() => {
      const app = new App({ outdir });
      new PiraeusOperator(new Chart(app, 'install'), 'piraeus', { installCrds: false });
      return app;
    }, output);
    expect(process.exitCode).toBeUndefined();
    expect(fs.readdirSync(outdir)).toEqual(['install.k8s.yaml']);
    expect(stderr).toEqual([]);
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('a PiraeusError becomes one line on stderr with its code, and exit code 1', () => {
    runSynth(() => {
      const app = Testing.app();
      new PiraeusOperator(new Chart(app, 'install'), 'piraeus', { imageOverrides: [ImageOverride.forComponent('nope', 'r.io/x:v1')] });
      return app;
    }, output);
    expect(process.exitCode).toBe(1);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(/^error: component "nope", at install\/piraeus: no image-config document defines component "nope".* \[UNKNOWN_COMPONENT\]\n$/);
    expect(stderr[0].trimEnd()).not.toContain('\n');
  });

  test('a validation failure (requireDigests) is one line without a stack trace, exit code 1', () => {
    runSynth(() => {
      const app = Testing.app();
      new PiraeusOperator(new Chart(app, 'install'), 'piraeus', { requireDigests: true, installCrds: false });
      return app;
    }, output);
    expect(process.exitCode).toBe(1);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(/^error: at install\/piraeus: 23 image\(s\) have no digest: .* \[DIGEST_REQUIRED\]\n$/);
  });

  test('warnings: each printed once, as one line, before synth', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-synth-'));
    const untagged = ImageConfigOverride.fromComponents({ base: 'mirror.example.com', components: { 'linstor-csi': { image: 'piraeus-csi' } } }, 'untagged');
    runSynth(() => {
      const app = new App({ outdir });
      new PiraeusOperator(new Chart(app, 'install'), 'piraeus', { installCrds: false, imageConfig: [untagged] });
      return app;
    }, output);
    fs.rmSync(outdir, { recursive: true, force: true });
    expect(process.exitCode).toBeUndefined();
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(/^warning: ConfigMap key "1_untagged.yaml" line \d+, component "linstor-csi", at install\/piraeus: .* \[UNTAGGED_IMAGE\]\n$/);
  });

  test('other errors are not swallowed', () => {
    expect(() => runSynth(() => {
      throw new TypeError('boom');
    })).toThrow('boom');
    expect(process.exitCode).toBeUndefined();
  });
});

describe('escape hatch', () => {
  test('a JSON patch with plain values lands as written (no typed Quantity to turn strings into null)', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const operator = new PiraeusOperator(chart, 'piraeus', { installCrds: false });
    operator.deployment.apiObject.addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/resources', {
      limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '100m', memory: '128Mi' },
    }));
    const resources = manager(Testing.synth(chart) as Obj[]).spec.template.spec.containers[0].resources;
    expect(resources).toEqual({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '100m', memory: '128Mi' } });
  });
});
