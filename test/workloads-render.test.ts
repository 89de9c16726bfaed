import { ErrorCodes, PiraeusError } from '../src/errors';
import { OperatorRelease } from '../src/release/operator-release';
import { ImageEntry } from '../src/resolver/types';
import { getPath, isJsonObject, JsonObject, JsonValue } from '../src/workloads/json';
import { NodeInfo } from '../src/workloads/nodes';
import {
  ClusterSpecInput,
  containerImages,
  enabledClusterWorkloads,
  mergeSatelliteConfigs,
  renderClusterWorkloads,
  renderSatellite,
  RenderSatelliteInput,
  satelliteDaemonSetName,
  selectSatelliteNodes,
} from '../src/workloads/render';

const TEMPLATES = OperatorRelease.of('v2.10.4').workloadTemplates();
const SETUP_LVM_CONFIGURATION_SCRIPT = TEMPLATES.setupLvmConfigurationScript;

const NS = 'piraeus-datastore';

/** One entry per placeholder: `registry.example/<placeholder>:v1`. */
const ENTRIES: ImageEntry[] = TEMPLATES.placeholders
  .slice()
  .sort()
  .map((name) => ({ name, newName: `registry.example/${name}`, newTag: 'v1', digest: '' }));

const img = (placeholder: string): string => `registry.example/${placeholder}:v1`;

function find(objs: JsonObject[], kind: string, name: string): JsonObject {
  const found = objs.find((o) => o.kind === kind && getPath(o, ['metadata', 'name']) === name);
  if (!found) throw new Error(`no ${kind}/${name} in ${objs.map((o) => `${String(o.kind)}/${String(getPath(o, ['metadata', 'name']))}`).join(', ')}`);
  return found;
}

function podSpec(workload: JsonObject): JsonObject {
  const spec = getPath(workload, ['spec', 'template', 'spec']);
  if (!isJsonObject(spec)) throw new Error('no pod spec');
  return spec;
}

function list(value: JsonValue | undefined): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

function container(workload: JsonObject, name: string, field: 'containers' | 'initContainers' = 'containers'): JsonObject {
  const c = list(podSpec(workload)[field]).find((x) => x.name === name);
  if (!c) throw new Error(`no ${field} ${name}`);
  return c;
}

function envValue(c: JsonObject, name: string): JsonValue | undefined {
  const e = list(c.env).find((x) => x.name === name);
  return e ? (e.value ?? e.valueFrom) : undefined;
}

function expectInvalidProps(fn: () => unknown, message: RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PiraeusError);
    expect((e as PiraeusError).code).toBe(ErrorCodes.INVALID_PROPS);
    expect((e as PiraeusError).message).toMatch(message);
    return;
  }
  throw new Error('expected a PiraeusError');
}

const render = (cluster: ClusterSpecInput = {}, extra: Partial<Parameters<typeof renderClusterWorkloads>[0]> = {}): JsonObject[] =>
  renderClusterWorkloads({ namespace: NS, cluster, images: ENTRIES, templates: TEMPLATES, ...extra });

describe('renderClusterWorkloads: containers and images', () => {
  const table: [string, string, [string, string][], [string, string][]][] = [
    ['Deployment', 'linstor-controller',
      [['run-migration', 'linstor-controller']],
      [['linstor-controller', 'linstor-controller']]],
    ['Deployment', 'linstor-csi-controller',
      [['linstor-wait-api-online', 'linstor-csi']],
      [
        ['linstor-csi', 'linstor-csi'],
        ['csi-attacher', 'csi-attacher'],
        ['csi-livenessprobe', 'csi-livenessprobe'],
        ['csi-provisioner', 'csi-provisioner'],
        ['csi-snapshotter', 'csi-snapshotter'],
        ['csi-resizer', 'csi-resizer'],
        ['csi-health-monitor', 'csi-external-health-monitor-controller'],
      ]],
    ['DaemonSet', 'linstor-csi-node',
      [['linstor-wait-node-online', 'linstor-csi']],
      [
        ['linstor-csi', 'linstor-csi'],
        ['csi-node-driver-registrar', 'csi-node-driver-registrar'],
        ['csi-livenessprobe', 'csi-livenessprobe'],
      ]],
    ['DaemonSet', 'ha-controller', [], [['ha-controller', 'ha-controller']]],
    ['Deployment', 'linstor-affinity-controller', [], [['linstor-affinity-controller', 'linstor-affinity-controller']]],
    ['DaemonSet', 'linstor-csi-nfs-server',
      [['linstor-wait-node-online', 'linstor-csi']],
      [['nfs-server', 'nfs-server']]],
  ];

  const all = render();

  it('renders the six workloads, sorted by kind then name', () => {
    expect(all.map((o) => `${String(o.kind)}/${String(getPath(o, ['metadata', 'name']))}`)).toEqual([
      'DaemonSet/ha-controller',
      'DaemonSet/linstor-csi-nfs-server',
      'DaemonSet/linstor-csi-node',
      'Deployment/linstor-affinity-controller',
      'Deployment/linstor-controller',
      'Deployment/linstor-csi-controller',
    ]);
  });

  it.each(table)('%s %s: init containers, containers and resolved images', (kind, name, inits, containers) => {
    const w = find(all, kind, name);
    expect(w.apiVersion).toBe('apps/v1');
    expect(getPath(w, ['metadata', 'namespace'])).toBe(NS);
    expect(containerImages(w)).toEqual([
      ...inits.map(([n, p]) => ({ init: true, name: n, image: img(p) })),
      ...containers.map(([n, p]) => ({ init: false, name: n, image: img(p) })),
    ]);
  });

  it('keeps a placeholder without entry as written', () => {
    const out = render({}, { images: ENTRIES.filter((e) => e.name !== 'ha-controller') });
    expect(containerImages(find(out, 'DaemonSet', 'ha-controller'))[0].image).toBe('ha-controller');
  });

  it('applies the entries in the given order (a later entry may rewrite an earlier output)', () => {
    const attacherToProvisioner: ImageEntry = { name: 'csi-attacher', newName: 'csi-provisioner', newTag: '', digest: '' };
    const provisioner: ImageEntry = { name: 'csi-provisioner', newName: 'x.io/prov', newTag: 'v2', digest: '' };
    const attacherImage = (images: ImageEntry[]): string =>
      String(container(find(render({}, { images }), 'Deployment', 'linstor-csi-controller'), 'csi-attacher').image);
    expect(attacherImage([attacherToProvisioner, provisioner])).toBe('x.io/prov:v2');
    expect(attacherImage([provisioner, attacherToProvisioner])).toBe('csi-provisioner');
  });

  it('renders tag and digest together as name:tag@digest', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const out = render({}, { images: [{ name: 'ha-controller', newName: 'q.io/ha', newTag: 'v1.3.2', digest }] });
    expect(containerImages(find(out, 'DaemonSet', 'ha-controller'))[0].image).toBe(`q.io/ha:v1.3.2@${digest}`);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(render())).toBe(JSON.stringify(render()));
  });
});

describe('renderClusterWorkloads: template facts', () => {
  const all = render();

  it('CSI node: host network, privileged plugin, host paths', () => {
    const ds = find(all, 'DaemonSet', 'linstor-csi-node');
    const spec = podSpec(ds);
    expect(spec.hostNetwork).toBe(true);
    expect(spec.dnsPolicy).toBe('ClusterFirstWithHostNet');
    expect(spec.serviceAccountName).toBe('linstor-csi-node');
    expect(spec.priorityClassName).toBe('system-node-critical');
    expect(getPath(container(ds, 'linstor-csi'), ['securityContext', 'privileged'])).toBe(true);
    expect(list(spec.volumes).map((v) => [v.name, getPath(v, ['hostPath', 'path']), getPath(v, ['hostPath', 'type'])])).toEqual([
      ['device-dir', '/dev', 'Directory'],
      ['publish-dir', '/var/lib/kubelet', 'Directory'],
      ['registration-dir', '/var/lib/kubelet/plugins_registry', 'Directory'],
      ['plugin-dir', '/var/lib/kubelet/plugins/linstor.csi.linbit.com', 'DirectoryOrCreate'],
      ['run-mount', '/run/mount', 'Directory'],
    ]);
    // v2.10.4: no two ports named healthz in one pod
    const portNames = list(spec.containers).flatMap((c) => list(c.ports).map((p) => p.name));
    expect(portNames).toEqual(['healthz', 'reg-healthz']);
  });

  it('controller: Recreate strategy, migration init container, no replicas field', () => {
    const d = find(all, 'Deployment', 'linstor-controller');
    expect(getPath(d, ['spec', 'strategy', 'type'])).toBe('Recreate');
    expect(getPath(d, ['spec', 'replicas'])).toBeUndefined();
    expect(container(d, 'run-migration', 'initContainers').args).toEqual(['runMigration']);
    expect(container(d, 'linstor-controller').args).toEqual(['startController']);
    expect(podSpec(d).serviceAccountName).toBe('linstor-controller');
  });

  it('HA controller and NFS server are privileged', () => {
    expect(getPath(container(find(all, 'DaemonSet', 'ha-controller'), 'ha-controller'), ['securityContext', 'privileged'])).toBe(true);
    const nfs = find(all, 'DaemonSet', 'linstor-csi-nfs-server');
    expect(getPath(container(nfs, 'nfs-server'), ['securityContext', 'privileged'])).toBe(true);
    expect(podSpec(nfs).shareProcessNamespace).toBe(false);
  });

  it('labels: component label on metadata, selector and template; cluster labels when named', () => {
    const named = render({}, { clusterName: 'linstorcluster' });
    const d = find(named, 'Deployment', 'linstor-csi-controller');
    const expected = {
      'app.kubernetes.io/component': 'linstor-csi-controller',
      'app.kubernetes.io/instance': 'linstorcluster',
      'app.kubernetes.io/name': 'piraeus-datastore',
    };
    expect(getPath(d, ['spec', 'selector', 'matchLabels'])).toEqual(expected);
    expect(getPath(d, ['spec', 'template', 'metadata', 'labels'])).toEqual(expected);
    expect(getPath(d, ['metadata', 'labels'])).toEqual({ ...expected, 'app.kubernetes.io/managed-by': 'piraeus-operator' });
    const unnamed = find(all, 'Deployment', 'linstor-csi-controller');
    expect(getPath(unnamed, ['spec', 'selector', 'matchLabels'])).toEqual({ 'app.kubernetes.io/component': 'linstor-csi-controller' });
  });
});

describe('renderClusterWorkloads: LinstorCluster spec', () => {
  const disabledCases: [keyof ClusterSpecInput, string][] = [
    ['controller', 'Deployment/linstor-controller'],
    ['csiController', 'Deployment/linstor-csi-controller'],
    ['csiNode', 'DaemonSet/linstor-csi-node'],
    ['highAvailabilityController', 'DaemonSet/ha-controller'],
    ['affinityController', 'Deployment/linstor-affinity-controller'],
    ['nfsServer', 'DaemonSet/linstor-csi-nfs-server'],
  ];
  it.each(disabledCases)('%s.enabled: false removes %s only', (key, workload) => {
    const out = render({ [key]: { enabled: false } });
    const names = out.map((o) => `${String(o.kind)}/${String(getPath(o, ['metadata', 'name']))}`);
    expect(names).not.toContain(workload);
    expect(names).toHaveLength(5);
    expect(enabledClusterWorkloads({ [key]: { enabled: false } })).not.toContain(workload);
  });

  it.each([
    ['absent', {}],
    ['an empty component spec', { controller: {} }],
    ['enabled: true', { controller: { enabled: true } }],
  ])('the controller is enabled when %s', (_label, cluster) => {
    expect(enabledClusterWorkloads(cluster as ClusterSpecInput)).toContain('Deployment/linstor-controller');
  });

  it('externalController: no controller Deployment, every client points to the URL', () => {
    const url = 'https://linstor.example.com:3371';
    const out = render({ externalController: { url }, controller: { enabled: true } });
    expect(out.some((o) => getPath(o, ['metadata', 'name']) === 'linstor-controller')).toBe(false);
    const clients: [string, string, string, 'containers' | 'initContainers'][] = [
      ['Deployment', 'linstor-csi-controller', 'linstor-wait-api-online', 'initContainers'],
      ['Deployment', 'linstor-csi-controller', 'linstor-csi', 'containers'],
      ['DaemonSet', 'linstor-csi-node', 'linstor-wait-node-online', 'initContainers'],
      ['DaemonSet', 'linstor-csi-node', 'linstor-csi', 'containers'],
      ['Deployment', 'linstor-affinity-controller', 'linstor-affinity-controller', 'containers'],
      ['DaemonSet', 'linstor-csi-nfs-server', 'linstor-wait-node-online', 'initContainers'],
    ];
    for (const [kind, name, c, field] of clients) {
      expect([name, c, envValue(container(find(out, kind, name), c, field), 'LS_CONTROLLERS')]).toEqual([name, c, url]);
    }
  });

  it('uses the in-cluster Service URL by default, HTTPS with apiTLS', () => {
    const csi = (cluster: ClusterSpecInput) => container(find(render(cluster), 'Deployment', 'linstor-csi-controller'), 'linstor-csi');
    expect(envValue(csi({}), 'LS_CONTROLLERS')).toBe('http://linstor-controller:3370');
    expect(envValue(csi({ apiTLS: {} }), 'LS_CONTROLLERS')).toBe('https://linstor-controller:3371');
  });

  it('replicas: CSI controller and affinity controller', () => {
    const out = render({ csiController: { replicas: 3 }, affinityController: { replicas: 0 } });
    expect(getPath(find(out, 'Deployment', 'linstor-csi-controller'), ['spec', 'replicas'])).toBe(3);
    expect(getPath(find(out, 'Deployment', 'linstor-affinity-controller'), ['spec', 'replicas'])).toBe(0);
    expect(getPath(find(out, 'Deployment', 'linstor-controller'), ['spec', 'replicas'])).toBeUndefined();
  });

  it.each([[-1], [1.5], [2 ** 31], ['2']])('rejects replicas %p', (replicas) => {
    expectInvalidProps(() => render({ csiController: { replicas: replicas as number } }), /replicas must be an integer/);
  });

  it('nodeSelector and nodeAffinity restrict every workload', () => {
    const nodeAffinity = { nodeSelectorTerms: [{ matchExpressions: [{ key: 'storage', operator: 'Exists' }] }] };
    const out = render({ nodeSelector: { zone: 'a' }, nodeAffinity });
    for (const w of out) {
      expect(podSpec(w).nodeSelector).toEqual({ zone: 'a' });
      expect(getPath(podSpec(w), ['affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution'])).toEqual(nodeAffinity);
    }
    expect(podSpec(find(render(), 'DaemonSet', 'ha-controller')).nodeSelector).toBeUndefined();
  });

  it('tolerations: operator defaults merged with the cluster tolerations (later wins)', () => {
    const cluster: ClusterSpecInput = {
      tolerations: [
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'dedicated', operator: 'Equal', value: 'storage', effect: 'NoSchedule' },
      ],
    };
    const out = render(cluster);
    expect(podSpec(find(out, 'Deployment', 'linstor-controller')).tolerations).toEqual([
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
      { key: 'drbd.linbit.com/force-io-error', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'drbd.linbit.com/lost-quorum', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'dedicated', operator: 'Equal', value: 'storage', effect: 'NoSchedule' },
    ]);
    expect(podSpec(find(out, 'DaemonSet', 'linstor-csi-node')).tolerations).toEqual([
      { key: 'drbd.linbit.com/force-io-error', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'drbd.linbit.com/lost-quorum', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'dedicated', operator: 'Equal', value: 'storage', effect: 'NoSchedule' },
    ]);
  });

  it('disables RWX in the CSI controller when the NFS server is disabled', () => {
    const rwx = (cluster: ClusterSpecInput) => envValue(container(find(render(cluster), 'Deployment', 'linstor-csi-controller'), 'linstor-csi'), 'ENABLE_RWX');
    expect(rwx({})).toBe('true');
    expect(rwx({ nfsServer: { enabled: false } })).toBe('false');
  });

  it('disables volume group snapshots unless the API is known to support them', () => {
    const gate = (supportsVolumeGroupSnapshots?: boolean) =>
      envValue(container(find(render({}, { supportsVolumeGroupSnapshots }), 'Deployment', 'linstor-csi-controller'), 'csi-snapshotter'),
        'FEATURE_GATE_CSI_VOLUME_GROUP_SNAPSHOT');
    expect(gate()).toBe('false');
    expect(gate(true)).toBe('true');
  });

  it('podTemplate: strategic merge by container name, new containers resolved too', () => {
    const out = render({
      csiNode: {
        podTemplate: {
          metadata: { annotations: { 'example.com/a': 'b' } },
          spec: {
            containers: [
              { name: 'linstor-csi', env: [{ name: 'LOG_LEVEL', value: 'debug' }] },
              { name: 'csi-livenessprobe', $patch: 'delete' },
              { name: 'extra', image: 'linstor-csi:custom' },
            ],
            volumes: [{ name: 'run-mount', $patch: 'delete' }],
          },
        },
      },
    });
    const ds = find(out, 'DaemonSet', 'linstor-csi-node');
    expect(containerImages(ds).filter((c) => !c.init)).toEqual([
      { init: false, name: 'linstor-csi', image: img('linstor-csi') },
      { init: false, name: 'csi-node-driver-registrar', image: img('csi-node-driver-registrar') },
      // the entry's newTag replaces the tag written in the podTemplate
      { init: false, name: 'extra', image: img('linstor-csi') },
    ]);
    // an entry without newTag keeps it
    const keep = render(
      { csiNode: { podTemplate: { spec: { containers: [{ name: 'extra', image: 'linstor-csi:custom' }] } } } },
      { images: [{ name: 'linstor-csi', newName: 'q.io/csi', newTag: '', digest: '' }] },
    );
    expect(container(find(keep, 'DaemonSet', 'linstor-csi-node'), 'extra').image).toBe('q.io/csi:custom');
    const csi = container(ds, 'linstor-csi');
    expect(list(csi.env).map((e) => e.name)).toEqual(['KUBE_NODE_NAME', 'LS_CONTROLLERS', 'LOG_LEVEL']);
    expect(csi.args).toEqual(linstorCsiNodeTemplateArgs());
    expect(list(podSpec(ds).volumes).map((v) => v.name)).not.toContain('run-mount');
    expect(getPath(ds, ['spec', 'template', 'metadata', 'annotations'])).toEqual({
      'kubectl.kubernetes.io/default-container': 'linstor-csi',
      'example.com/a': 'b',
    });
  });

  it('podTemplate replaces tolerations (a list without merge key)', () => {
    const out = render({ highAvailabilityController: { podTemplate: { spec: { tolerations: [{ operator: 'Exists' }] } } } });
    expect(podSpec(find(out, 'DaemonSet', 'ha-controller')).tolerations).toEqual([{ operator: 'Exists' }]);
  });

  it.each([
    ['a podTemplate that is not an object', { controller: { podTemplate: [] as unknown as JsonObject } }, /podTemplate must be an object/],
    ['a container without name', { controller: { podTemplate: { spec: { containers: [{ image: 'x' }] } } } }, /has no "name"/],
    ['a non-boolean enabled flag', { csiNode: { enabled: 'no' as unknown as boolean } }, /enabled must be true or false/],
    ['a too short external URL', { externalController: { url: 'x' } }, /externalController.url/],
  ])('rejects %s', (_label, cluster, message) => {
    expectInvalidProps(() => render(cluster as ClusterSpecInput), message);
  });

  it('rejects a bad namespace and malformed entries', () => {
    expectInvalidProps(() => renderClusterWorkloads({ namespace: '', cluster: {}, images: [], templates: TEMPLATES }), /namespace/);
    expectInvalidProps(
      () => renderClusterWorkloads({ namespace: NS, cluster: {}, images: [{ name: 'x' } as unknown as ImageEntry], templates: TEMPLATES }),
      /image entry/,
    );
  });
});

function linstorCsiNodeTemplateArgs(): JsonValue | undefined {
  return list(podSpec(TEMPLATES.template('linstorCsiNode')).containers).find((c) => c.name === 'linstor-csi')?.args;
}

describe('selectSatelliteNodes', () => {
  const nodes: NodeInfo[] = [
    { name: 'w3', osImage: '', labels: { storage: 'yes', cores: '32' } },
    { name: 'cp1', osImage: '', labels: { 'node-role.kubernetes.io/control-plane': '' }, taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] },
    { name: 'w1', osImage: '', labels: { storage: 'yes', cores: '4' } },
    { name: 'w2', osImage: '', labels: { storage: 'no', cores: '8' }, taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] },
    { name: 'w4', osImage: '', labels: { cores: '16' }, taints: [{ key: 'gpu', value: 'true', effect: 'PreferNoSchedule' }] },
    { name: 'w5', osImage: '', labels: { storage: 'yes' }, taints: [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }] },
  ];
  const names = (cluster: ClusterSpecInput) => selectSatelliteNodes(nodes, cluster).map((n) => n.name);

  const cases: [string, ClusterSpecInput, string[]][] = [
    ['all schedulable nodes by default', {}, ['w1', 'w2', 'w3', 'w4']],
    ['nodeSelector', { nodeSelector: { storage: 'yes' } }, ['w1', 'w3']],
    ['affinity In', { nodeAffinity: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'storage', operator: 'In', values: ['no'] }] }] } }, ['w2']],
    ['affinity NotIn', { nodeAffinity: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'storage', operator: 'NotIn', values: ['yes'] }] }] } }, ['w2', 'w4']],
    ['affinity Exists', { nodeAffinity: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'storage', operator: 'Exists' }] }] } }, ['w1', 'w2', 'w3']],
    ['affinity DoesNotExist', { nodeAffinity: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'storage', operator: 'DoesNotExist' }] }] } }, ['w4']],
    ['affinity Gt', { nodeAffinity: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['8'] }] }] } }, ['w3', 'w4']],
    ['affinity Lt', { nodeAffinity: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'cores', operator: 'Lt', values: ['8'] }] }] } }, ['w1']],
    ['affinity matchFields', { nodeAffinity: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['w1'] }] }] } }, ['w2', 'w3', 'w4']],
    ['empty affinity selects nothing', { nodeAffinity: { nodeSelectorTerms: [] } }, []],
    ['selector and affinity together', { nodeSelector: { storage: 'yes' }, nodeAffinity: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['8'] }] }] } }, ['w3']],
    ['a toleration admits the control plane', { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] }, ['cp1', 'w1', 'w2', 'w3', 'w4']],
    ['a toleration admits a NoExecute taint', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db' }] }, ['w1', 'w2', 'w3', 'w4', 'w5']],
    ['a toleration for another value does not', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'web' }] }, ['w1', 'w2', 'w3', 'w4']],
  ];
  it.each(cases)('%s', (_label, cluster, expected) => {
    expect(names(cluster)).toEqual(expected);
  });
});

describe('renderSatellite', () => {
  const node: NodeInfo = { name: 'node-a.example.com', osImage: 'Ubuntu 24.04 LTS', labels: { storage: 'yes', zone: 'z1' } };
  const base: RenderSatelliteInput = { namespace: NS, node, configs: [], images: ENTRIES, templates: TEMPLATES, precompiled: false };
  const sat = (over: Partial<RenderSatelliteInput> = {}) => renderSatellite({ ...base, ...over });

  it('is a DaemonSet named linstor-satellite.<node> in the namespace', () => {
    const ds = sat();
    expect(ds.apiVersion).toBe('apps/v1');
    expect(ds.kind).toBe('DaemonSet');
    expect(getPath(ds, ['metadata', 'name'])).toBe('linstor-satellite.node-a.example.com');
    expect(getPath(ds, ['metadata', 'namespace'])).toBe(NS);
    expect(satelliteDaemonSetName('n1')).toBe('linstor-satellite.n1');
    expect(satelliteDaemonSetName('n1', '-')).toBe('linstor-satellite-n1');
  });

  it('is pinned to its node by node affinity on metadata.name', () => {
    expect(getPath(podSpec(sat()), ['affinity'])).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-a.example.com'] }] }],
        },
      },
    });
    expect(podSpec(sat()).nodeName).toBeUndefined();
  });

  it('has the loader, shutdown guard and LVM set-up init containers and two containers, all resolved', () => {
    expect(containerImages(sat())).toEqual([
      { init: true, name: 'drbd-module-loader', image: img('drbd-module-loader') },
      { init: true, name: 'drbd-shutdown-guard', image: img('drbd-shutdown-guard') },
      { init: true, name: 'setup-lvm-configuration', image: img('linstor-satellite') },
      { init: false, name: 'linstor-satellite', image: img('linstor-satellite') },
      { init: false, name: 'drbd-reactor', image: img('drbd-reactor') },
    ]);
  });

  it('privileges, host namespaces and service account', () => {
    const ds = sat();
    const spec = podSpec(ds);
    expect(spec.hostNetwork).toBeUndefined();
    expect(spec.hostIPC).toBe(true);
    expect(spec.shareProcessNamespace).toBe(true);
    expect(spec.serviceAccountName).toBe('satellite');
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(spec.priorityClassName).toBe('system-node-critical');
    const privileged: [string, 'containers' | 'initContainers', boolean | undefined][] = [
      ['drbd-module-loader', 'initContainers', undefined],
      ['drbd-shutdown-guard', 'initContainers', true],
      ['setup-lvm-configuration', 'initContainers', true],
      ['linstor-satellite', 'containers', true],
      ['drbd-reactor', 'containers', undefined],
    ];
    for (const [name, field, expected] of privileged) {
      expect([name, getPath(container(ds, name, field), ['securityContext', 'privileged'])]).toEqual([name, expected]);
    }
    expect(getPath(container(ds, 'drbd-module-loader', 'initContainers'), ['securityContext', 'capabilities'])).toEqual({ drop: ['ALL'], add: ['SYS_MODULE'] });
    expect(getPath(container(ds, 'linstor-satellite'), ['securityContext', 'capabilities', 'add'])).toEqual(['NET_ADMIN', 'SYS_ADMIN']);
    expect(container(ds, 'linstor-satellite').args).toEqual(['startSatellite']);
    expect(container(ds, 'setup-lvm-configuration', 'initContainers').command).toEqual(['sh', '-exc', SETUP_LVM_CONFIGURATION_SCRIPT]);
    expect(SETUP_LVM_CONFIGURATION_SCRIPT.endsWith('fi\n')).toBe(true);
  });

  it('host paths', () => {
    const hostPaths = list(podSpec(sat()).volumes)
      .filter((v) => isJsonObject(v.hostPath))
      .map((v) => [v.name, getPath(v, ['hostPath', 'path']), getPath(v, ['hostPath', 'type'])]);
    expect(hostPaths).toEqual([
      ['lib-modules', '/lib/modules', 'Directory'],
      ['usr-src', '/usr/src', 'Directory'],
      ['dev', '/dev', 'Directory'],
      ['etc-lvm-archive', '/etc/lvm/archive', 'DirectoryOrCreate'],
      ['etc-lvm', '/etc/lvm', 'DirectoryOrCreate'],
      ['etc-lvm-backup', '/etc/lvm/backup', 'DirectoryOrCreate'],
      ['var-lib-linstor-d', '/var/lib/linstor.d', 'DirectoryOrCreate'],
      ['var-lib-drbd', '/var/lib/drbd', 'DirectoryOrCreate'],
      ['run-systemd-system', '/run/systemd/system/', 'Directory'],
      ['run-drbd-shutdown-guard', '/run/drbd-shutdown-guard', 'DirectoryOrCreate'],
      ['systemd-bus-socket', '/run/dbus/system_bus_socket', 'Socket'],
      ['run-lock-lvm', '/run/lock/lvm', 'DirectoryOrCreate'],
      ['run-lvm', '/run/lvm', 'DirectoryOrCreate'],
      ['run-udev', '/run/udev', 'Directory'],
      ['var-log-linstor-satellite', '/var/log/linstor-satellite', 'DirectoryOrCreate'],
    ]);
  });

  it('suffixes the ConfigMap volumes of the satellite kustomization', () => {
    const cms = list(podSpec(sat()).volumes).filter((v) => isJsonObject(v.configMap)).map((v) => v.configMap);
    expect(cms).toEqual([
      { name: 'satellite-config.node-a.example.com', defaultMode: 0o440 },
      { name: 'reactor-config.node-a.example.com', defaultMode: 0o440 },
    ]);
  });

  it('precompiled: no kernel sources, LB_HOW=shipped_modules', () => {
    const loader = (ds: JsonObject) => container(ds, 'drbd-module-loader', 'initContainers');
    const plain = sat();
    expect(list(podSpec(plain).volumes).map((v) => v.name)).toContain('usr-src');
    expect(envValue(loader(plain), 'LB_HOW')).toBeUndefined();

    const pre = sat({ precompiled: true });
    expect(list(podSpec(pre).volumes).map((v) => v.name)).not.toContain('usr-src');
    expect(list(podSpec(pre).volumes).map((v) => v.name)).toContain('lib-modules');
    expect(list(loader(pre).volumeMounts)).toEqual([
      { mountPath: '/lib/modules', name: 'lib-modules', readOnly: true },
      { mountPath: '/tmp', name: 'tmp' },
    ]);
    expect(list(loader(pre).env).map((e) => [e.name, e.value])).toEqual([
      ['LB_FAIL_IF_USERMODE_HELPER_NOT_DISABLED', 'yes'],
      ['LB_DRBD_MIN_LOADED_VERSION', '9'],
      ['LB_SELINUX_AS', 'modules_object_t'],
      ['LB_HOW', 'shipped_modules'],
    ]);
  });

  it('tlsHandshakeDaemon: adds the ktls-utils container with its image', () => {
    const ds = sat({ configs: [{ name: 'tls', internalTLS: { tlsHandshakeDaemon: true } }] });
    const ktls = container(ds, 'ktls-utils');
    expect(ktls.image).toBe(img('ktls-utils'));
    expect(getPath(ktls, ['securityContext', 'privileged'])).toBe(true);
    expect(ktls.volumeMounts).toEqual([{ name: 'internal-tls', mountPath: '/etc/tlshd.d', readOnly: true }]);
    const tlsVolume = list(podSpec(ds).volumes).find((v) => v.name === 'internal-tls');
    expect(tlsVolume).toEqual({ name: 'internal-tls', projected: { sources: [{ secret: { name: 'node-a.example.com-tls' } }] } });
    expect(container(ds, 'linstor-satellite').ports).toEqual([{ containerPort: 3367, name: 'linstor', protocol: 'TCP' }]);
  });

  it('internalTLS without tlsHandshakeDaemon: TLS but no ktls-utils', () => {
    const ds = sat({ configs: [{ name: 'tls', internalTLS: { secretName: 'my-tls' } }] });
    expect(list(podSpec(ds).containers).map((c) => c.name)).toEqual(['linstor-satellite', 'drbd-reactor']);
    expect(getPath(list(podSpec(ds).volumes).find((v) => v.name === 'internal-tls'), ['projected', 'sources'])).toEqual([{ secret: { name: 'my-tls' } }]);
  });

  it('the last matching configuration with internalTLS decides, as a whole', () => {
    const hasKtls = (configs: RenderSatelliteInput['configs']) =>
      list(podSpec(sat({ configs })).containers).some((c) => c.name === 'ktls-utils');
    expect(hasKtls([{ name: 'a', internalTLS: { tlsHandshakeDaemon: true } }, { name: 'b', internalTLS: {} }])).toBe(false);
    expect(hasKtls([{ name: 'b', internalTLS: {} }, { name: 'a', internalTLS: { tlsHandshakeDaemon: true } }])).toBe(false);
    expect(hasKtls([{ name: 'a', internalTLS: {} }, { name: 'b', internalTLS: { tlsHandshakeDaemon: true } }])).toBe(true);
    expect(hasKtls([{ name: 'a', internalTLS: { tlsHandshakeDaemon: true } }, { name: 'b', podTemplate: {} }])).toBe(true);
    expect(hasKtls([
      { name: 'a', internalTLS: { tlsHandshakeDaemon: true } },
      { name: 'b', internalTLS: {}, nodeSelector: { zone: 'elsewhere' } },
    ])).toBe(true);
  });

  it('resourceNameSuffixSeparator: later non-empty wins, default "."', () => {
    const name = (configs: RenderSatelliteInput['configs']) => getPath(sat({ configs }), ['metadata', 'name']);
    expect(name([{ name: 'a', resourceNameSuffixSeparator: '-' }])).toBe('linstor-satellite-node-a.example.com');
    expect(name([{ name: 'b', resourceNameSuffixSeparator: '' }, { name: 'a', resourceNameSuffixSeparator: '-' }])).toBe('linstor-satellite-node-a.example.com');
    expect(name([{ name: 'a', resourceNameSuffixSeparator: '-' }, { name: 'b', resourceNameSuffixSeparator: '--' }])).toBe('linstor-satellite--node-a.example.com');
    expect(name([{ name: 'a', resourceNameSuffixSeparator: '-', nodeSelector: { storage: 'no' } }])).toBe('linstor-satellite.node-a.example.com');
  });

  it('applies the podTemplates of matching configurations in name order', () => {
    const ds = sat({
      configs: [
        { name: 'z-last', podTemplate: { spec: { priorityClassName: 'from-z' } } },
        { name: 'a-first', podTemplate: { spec: { priorityClassName: 'from-a', hostNetwork: true } } },
        { name: 'm-other-node', nodeSelector: { zone: 'z2' }, podTemplate: { spec: { dnsPolicy: 'None' } } },
        {
          name: 'n-affinity',
          nodeAffinity: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1'] }] }] },
          podTemplate: { spec: { containers: [{ name: 'drbd-reactor', $patch: 'delete' }] } },
        },
      ],
    });
    const spec = podSpec(ds);
    expect(spec.priorityClassName).toBe('from-z');
    expect(spec.hostNetwork).toBe(true);
    expect(spec.dnsPolicy).toBeUndefined();
    expect(list(spec.containers).map((c) => c.name)).toEqual(['linstor-satellite']);
    expect(mergeSatelliteConfigs(node, [
      { name: 'z-last' }, { name: 'a-first' }, { name: 'm', nodeSelector: { zone: 'z2' } },
    ]).matched).toEqual(['a-first', 'z-last']);
  });

  it('tolerations: HA controller taints, every NoSchedule taint, and the cluster tolerations', () => {
    const ds = sat({ clusterTolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }] });
    expect(podSpec(ds).tolerations).toEqual([
      { key: 'drbd.linbit.com/force-io-error', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'drbd.linbit.com/lost-quorum', operator: 'Exists', effect: 'NoSchedule' },
      { operator: 'Exists', effect: 'NoSchedule' },
      { key: 'dedicated', operator: 'Exists', effect: 'NoExecute' },
    ]);
  });

  it('labels with a cluster name', () => {
    const ds = sat({ clusterName: 'linstorcluster' });
    expect(getPath(ds, ['spec', 'selector', 'matchLabels'])).toEqual({
      'app.kubernetes.io/component': 'linstor-satellite',
      'app.kubernetes.io/instance': 'linstorcluster',
      'app.kubernetes.io/name': 'piraeus-datastore',
    });
  });

  it('leaves placeholders without entries, and does not touch the template', () => {
    const ds = sat({ images: [] });
    expect(containerImages(ds).map((c) => c.image)).toEqual([
      'drbd-module-loader', 'drbd-shutdown-guard', 'linstor-satellite', 'linstor-satellite', 'drbd-reactor',
    ]);
    expect(getPath(TEMPLATES.template('linstorSatellite'), ['metadata', 'name'])).toBe('linstor-satellite');
    expect(getPath(TEMPLATES.template('linstorSatellite'), ['metadata', 'namespace'])).toBeUndefined();
  });

  it('is deterministic', () => {
    const input: Partial<RenderSatelliteInput> = {
      precompiled: true,
      configs: [{ name: 'b', internalTLS: { tlsHandshakeDaemon: true } }, { name: 'a', podTemplate: { spec: { hostNetwork: true } } }],
    };
    expect(JSON.stringify(sat(input))).toBe(JSON.stringify(sat(input)));
  });

  it('rejects malformed input', () => {
    expectInvalidProps(() => sat({ node: { name: '', osImage: '', labels: {} } }), /node must be a NodeInfo/);
    expectInvalidProps(() => sat({ configs: [{ name: 'a', podTemplate: 'x' as unknown as JsonObject }] }), /podTemplate must be an object/);
    expectInvalidProps(() => sat({ namespace: '' }), /namespace/);
  });
});
