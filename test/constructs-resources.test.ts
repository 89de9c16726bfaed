/**
 * The piraeus.io resources (LinstorCluster, LinstorSatelliteConfiguration, LinstorNodeConnection)
 * and PiraeusDatastore: every prop survives into the emitted object, which the vendored CRDs
 * accept (strict: no unknown fields), and bad props give located errors at synth time.
 */
import { Chart, Testing } from 'cdk8s';
import {
  ErrorCodes, imports, LinstorCluster, LinstorClusterProps, LinstorNodeConnection, LinstorNodeConnectionProps,
  LinstorSatelliteConfiguration, LinstorSatelliteConfigurationProps, PiraeusDatastore, PiraeusError,
} from '../src';
import { validatePiraeusObject } from './support/crd-validator';
import { expectPiraeusError } from './support/errors';
import { validateAll } from './support/k8s-validate';

type Obj = Record<string, any>;

function newChart(props: { namespace?: string; labels?: Record<string, string> } = {}) {
  const app = Testing.app();
  return { app, chart: new Chart(app, 'test', props) };
}

function only(objects: readonly Obj[], kind: string): Obj {
  const hits = objects.filter((o) => o.kind === kind);
  if (hits.length !== 1) throw new Error(`expected one ${kind}, found ${hits.length}`);
  return hits[0];
}

function expectInvalidProps(fn: () => unknown, path: string, message: RegExp): void {
  const err = expectPiraeusError(fn, ErrorCodes.INVALID_PROPS, message);
  expect(err.location?.path).toBe(path);
}

const POD_TEMPLATE = { spec: { containers: [{ name: 'x', resources: { limits: { memory: '1Gi' } } }] } };
const PATCH = {
  patch: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: linstor-controller\n',
  target: { group: 'apps', version: 'v1', kind: 'Deployment', name: 'linstor-controller', namespace: 'piraeus-datastore', labelSelector: 'a=b', annotationSelector: 'c=d' },
  options: { allowNameChange: false, allowKindChange: false },
};
const NODE_AFFINITY = {
  nodeSelectorTerms: [{
    matchExpressions: [{ key: 'node-role.kubernetes.io/storage', operator: 'Exists' }, { key: 'zone', operator: 'In', values: ['a', 'b'] }],
    matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['n9'] }],
  }],
};

/**
 * Every LinstorCluster spec prop, in the construct's (TypeScript) spelling; the typed TLS and
 * passphrase props and the placement props are not spec fields (test/cluster-tls.test.ts covers them).
 */
const CLUSTER_PROPS: Required<Omit<LinstorClusterProps, 'tls' | 'passphrase' | 'operatorNamespace' | 'prerequisites'>> = {
  name: 'main',
  labels: { team: 'storage' },
  repository: 'registry.example.com/piraeus',
  externalController: { url: 'http://linstor.example.com:3370' },
  nodeSelector: { 'storage.example.com/role': 'storage' },
  nodeAffinity: NODE_AFFINITY,
  tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'storage', effect: 'NoSchedule', tolerationSeconds: 30 }],
  properties: [{ name: 'DrbdOptions/Net/max-buffers', value: '10000' }, { name: 'Autoplacer/Weights/MaxFreeSpace' }],
  patches: [PATCH],
  linstorPassphraseSecret: 'linstor-passphrase',
  internalTls: {
    secretName: 'internal-tls',
    certManager: { name: 'ca-issuer', kind: 'ClusterIssuer', group: 'cert-manager.io' },
    caReference: { name: 'ca', kind: imports.LinstorClusterSpecInternalTlsCaReferenceKind.CONFIG_MAP, key: 'ca.pem', optional: true },
  },
  apiTls: {
    apiSecretName: 'api', clientSecretName: 'client', csiControllerSecretName: 'csi-controller', csiNodeSecretName: 'csi-node',
    affinityControllerSecretName: 'affinity', nfsServerSecretName: 'nfs',
    certManager: { name: 'api-issuer' },
    caReference: { name: 'api-ca', kind: imports.LinstorClusterSpecApiTlsCaReferenceKind.SECRET },
  },
  controller: { enabled: true, podTemplate: POD_TEMPLATE, replicas: 1 },
  csiController: { enabled: true, podTemplate: POD_TEMPLATE, replicas: 2 },
  csiNode: { enabled: false, podTemplate: POD_TEMPLATE },
  highAvailabilityController: { enabled: false, podTemplate: POD_TEMPLATE },
  affinityController: { enabled: true, podTemplate: POD_TEMPLATE, replicas: 0 },
  nfsServer: { enabled: false, podTemplate: POD_TEMPLATE },
  maxConcurrentEvacuations: 2,
};

/** The same spec as the CRD spells it. */
function clusterSpecJson(): Obj {
  const { name: _n, labels: _l, internalTls, apiTls, ...rest } = CLUSTER_PROPS;
  return { ...rest, internalTLS: internalTls, apiTLS: apiTls };
}

const PROPERTY_SOURCES = [
  { name: 'Aux/rack', valueFrom: { nodeFieldRef: "metadata.labels['rack']" } },
  { name: 'Aux/topology/', expandFrom: { nodeFieldRef: "metadata.labels['topology.kubernetes.io/*']", nameTemplate: '$1', valueTemplate: '$2', delimiter: ',' }, optional: true },
  { name: 'PrefNic', value: 'data' },
];

const SATELLITE_PROPS: Required<Omit<LinstorSatelliteConfigurationProps, 'tls'>> = {
  name: 'all-props',
  labels: { team: 'storage' },
  nodeSelector: { 'storage.example.com/role': 'storage' },
  nodeAffinity: NODE_AFFINITY,
  patches: [PATCH],
  podTemplate: POD_TEMPLATE,
  properties: PROPERTY_SOURCES,
  storagePools: [
    { name: 'lvm', lvmPool: { volumeGroup: 'vg', volumeGroupCreateArguments: ['--a'], physicalVolumeCreateArguments: ['--b'], externalLocking: true, sharedSpace: 'shared' } },
    { name: 'thin', lvmThinPool: { volumeGroup: 'vg', thinPool: 'thin', logicalVolumeCreateArguments: ['--c'], volumeGroupCreateArguments: ['--d'], physicalVolumeCreateArguments: ['--e'] }, source: { hostDevices: ['/dev/vdb', '/dev/vdc'] } },
    { name: 'file', filePool: { directory: '/var/lib/linstor-pools/file' } },
    { name: 'filethin', fileThinPool: { directory: '/var/lib/linstor-pools/filethin' } },
    { name: 'zfs', zfsPool: { zPool: 'tank', zpoolCreateArguments: ['-o', 'ashift=12'] }, properties: [{ name: 'StorDriver/ZfscreateOptions', value: '-o compression=lz4' }] },
    { name: 'zfsthin', zfsThinPool: { zPool: 'tank2' } },
  ],
  internalTls: {
    secretName: 'sat-tls', tlsHandshakeDaemon: true,
    certManager: { name: 'issuer', kind: 'Issuer' },
    caReference: { name: 'ca', kind: imports.LinstorSatelliteConfigurationSpecInternalTlsCaReferenceKind.SECRET, key: 'ca.crt' },
  },
  ipFamilies: [imports.LinstorSatelliteConfigurationSpecIpFamilies.I_PV4, imports.LinstorSatelliteConfigurationSpecIpFamilies.I_PV6],
  deletionPolicy: imports.LinstorSatelliteConfigurationSpecDeletionPolicy.EVACUATE,
  evacuationStrategy: { attachedVolumeReattachTimeout: '10m', unattachedVolumeAttachTimeout: '2m' },
  resourceNameSuffixSeparator: imports.LinstorSatelliteConfigurationSpecResourceNameSuffixSeparator.VALUE_HYPHEN,
};

function satelliteSpecJson(): Obj {
  const { name: _n, labels: _l, internalTls, ...rest } = SATELLITE_PROPS;
  return { ...rest, internalTLS: internalTls };
}

const NODE_CONNECTION_PROPS: Required<LinstorNodeConnectionProps> = {
  name: 'cross-rack',
  labels: { team: 'storage' },
  selector: [
    { matchLabels: [{ key: 'topology.kubernetes.io/zone', op: imports.LinstorNodeConnectionSpecSelectorMatchLabelsOp.NOT_SAME }] },
    { matchLabels: [{ key: 'rack', op: imports.LinstorNodeConnectionSpecSelectorMatchLabelsOp.IN, values: ['r1', 'r2'] }, { key: 'storage' }] },
  ],
  properties: [{ name: 'DrbdOptions/Net/protocol', value: 'A' }],
  paths: [{ name: 'data', interface: 'data-nic' }, { name: 'backup', interface: 'backup-nic' }],
};

describe('LinstorCluster', () => {
  test('defaults: named "linstorcluster", empty spec, cluster-scoped, valid', () => {
    const { chart } = newChart();
    const cluster = new LinstorCluster(chart, 'cluster');
    const objects = Testing.synth(chart);
    expect(objects).toMatchSnapshot();
    expect(objects).toEqual([{ apiVersion: 'piraeus.io/v1', kind: 'LinstorCluster', metadata: { name: 'linstorcluster' }, spec: {} }]);
    expect(cluster.name).toBe('linstorcluster');
    expect(cluster.repository).toBe('');
    expect(validatePiraeusObject(objects[0])).toEqual([]);
  });

  test('every prop survives into the emitted object, which the CRD accepts', () => {
    const { chart } = newChart({ namespace: 'other', labels: { chart: 'x' } });
    const cluster = new LinstorCluster(chart, 'cluster', CLUSTER_PROPS);
    const obj = only(Testing.synth(chart), 'LinstorCluster');
    expect(obj).toMatchSnapshot();
    expect(obj.metadata).toEqual({ name: 'main', labels: { chart: 'x', team: 'storage' } });
    expect(obj.spec).toEqual(clusterSpecJson());
    expect(validatePiraeusObject(obj)).toEqual([]);
    expect(cluster.repository).toBe('registry.example.com/piraeus');
    const { name: _n, labels: _l, ...spec } = CLUSTER_PROPS;
    expect(cluster.spec).toEqual(spec);
  });

  test.each<[string, LinstorClusterProps, RegExp]>([
    ['a property without a name', { properties: [{ name: '', value: 'x' }] }, /properties\[0\]\.name: a property needs a non-empty name/],
    ['a property set twice', { properties: [{ name: 'a', value: '1' }, { name: 'a', value: '2' }] }, /properties\[1\]\.name: property "a" is set twice/],
    ['an empty patch', { patches: [{ patch: '' }] }, /patches\[0\]\.patch: a patch needs non-empty patch text/],
    ['a blank patch', { patches: [{ patch: '  \n' }] }, /patches\[0\]\.patch/],
    ['negative controller replicas', { controller: { replicas: -1 } }, /controller\.replicas: must be a non-negative 32-bit integer, got -1/],
    ['fractional CSI controller replicas', { csiController: { replicas: 1.5 } }, /csiController\.replicas/],
    ['too many affinity controller replicas', { affinityController: { replicas: 2 ** 31 } }, /affinityController\.replicas/],
    ['a bad repository', { repository: 'Registry.Example.com/UPPER CASE' }, /repository: "Registry.Example.com\/UPPER CASE" is not a valid registry\/repository prefix/],
    ['a repository with a tag', { repository: 'registry.example.com/piraeus:v1' }, /repository/],
    ['an external controller without URL', { externalController: { url: '' } }, /externalController\.url/],
    ['a node affinity without terms', { nodeAffinity: { nodeSelectorTerms: [] } }, /nodeAffinity\.nodeSelectorTerms: needs at least one term/],
    ['a node affinity with a bad operator', { nodeAffinity: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'a', operator: 'Equals' }] }] } }, /nodeAffinity\.nodeSelectorTerms\[0\]\.matchExpressions\[0\]\.operator/],
    ['In without values', { nodeAffinity: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'a', operator: 'In' }] }] } }, /matchExpressions\[0\]\.values: In needs at least one value/],
    ['negative maxConcurrentEvacuations', { maxConcurrentEvacuations: -1 }, /maxConcurrentEvacuations/],
  ])('rejects %s with a located error', (_what, props, message) => {
    const { chart } = newChart();
    expectInvalidProps(() => new LinstorCluster(chart, 'cluster', props), 'test/cluster', message);
  });
});

describe('LinstorSatelliteConfiguration', () => {
  test('every prop survives into the emitted object, which the CRD accepts', () => {
    const { chart } = newChart({ namespace: 'other' });
    const config = new LinstorSatelliteConfiguration(chart, 'config', SATELLITE_PROPS);
    const obj = only(Testing.synth(chart), 'LinstorSatelliteConfiguration');
    expect(obj).toMatchSnapshot();
    expect(obj.metadata).toEqual({ name: 'all-props', labels: { team: 'storage' } });
    expect(obj.spec).toEqual(satelliteSpecJson());
    expect(obj.spec.storagePools.map((p: Obj) => p.name)).toEqual(['lvm', 'thin', 'file', 'filethin', 'zfs', 'zfsthin']);
    expect(validatePiraeusObject(obj)).toEqual([]);
    expect(config.name).toBe('all-props');
  });

  test('without a name, the emitted object is named like the construct reports (metadata.name is required)', () => {
    const { chart } = newChart();
    const config = new LinstorSatelliteConfiguration(chart, 'config', { storagePools: [{ name: 'pool', lvmPool: {} }] });
    const obj = only(Testing.synth(chart), 'LinstorSatelliteConfiguration');
    expect(config.name).toMatch(/^test-config-/);
    expect(obj.metadata?.name).toBe(config.name);
    expect(validatePiraeusObject(obj)).toEqual([]);
  });

  test.each<[string, LinstorSatelliteConfigurationProps, RegExp]>([
    ['a storage pool without type', { storagePools: [{ name: 'pool' }] }, /storagePools\[0\]: storage pool "pool" needs a type: one of lvmPool, lvmThinPool, filePool, fileThinPool, zfsPool, zfsThinPool/],
    ['a storage pool with two types', { storagePools: [{ name: 'pool', lvmPool: {}, zfsPool: {} }] }, /storagePools\[0\]: storage pool "pool" has several types \(lvmPool, zfsPool\)/],
    ['a storage pool without name', { storagePools: [{ name: '', lvmPool: {} }] }, /storagePools\[0\]\.name: a storage pool needs a name/],
    ['a storage pool defined twice', { storagePools: [{ name: 'pool', lvmPool: {} }, { name: 'pool', zfsPool: {} }] }, /storagePools\[1\]\.name: storage pool "pool" is defined twice/],
    ['a storage pool property without name', { storagePools: [{ name: 'pool', lvmPool: {}, properties: [{ name: '' }] }] }, /storagePools\[0\]\.properties\[0\]\.name/],
    ['a property without name', { properties: [{ name: '', value: 'x' }] }, /properties\[0\]\.name: a property needs a non-empty name/],
    ['a property with two sources', { properties: [{ name: 'a', value: 'x', valueFrom: { nodeFieldRef: 'metadata.name' } }] }, /properties\[0\]: set only one of value, valueFrom and expandFrom/],
    ['a valueFrom without nodeFieldRef', { properties: [{ name: 'a', valueFrom: { nodeFieldRef: '' } }] }, /properties\[0\]: valueFrom and expandFrom need a nodeFieldRef/],
    ['an empty patch', { patches: [{ patch: '' }] }, /patches\[0\]\.patch: a patch needs non-empty patch text/],
    ['an IP family twice', { ipFamilies: [imports.LinstorSatelliteConfigurationSpecIpFamilies.I_PV4, imports.LinstorSatelliteConfigurationSpecIpFamilies.I_PV4] }, /ipFamilies: lists a family twice/],
    ['a node affinity without terms', { nodeAffinity: { nodeSelectorTerms: [] } }, /nodeAffinity\.nodeSelectorTerms/],
    // The CRD requires storage pool names of at least 3 characters: the API server would reject the object.
    ['a storage pool name the CRD rejects (shorter than 3)', { storagePools: [{ name: 'p', lvmPool: {} }] }, /storagePools\[0\]\.name/],
  ])('rejects %s with a located error', (_what, props, message) => {
    const { chart } = newChart();
    expectInvalidProps(() => new LinstorSatelliteConfiguration(chart, 'config', props), 'test/config', message);
  });
});

describe('LinstorNodeConnection', () => {
  test('every prop survives into the emitted object, which the CRD accepts', () => {
    const { chart } = newChart({ namespace: 'other' });
    const conn = new LinstorNodeConnection(chart, 'conn', NODE_CONNECTION_PROPS);
    const obj = only(Testing.synth(chart), 'LinstorNodeConnection');
    expect(obj).toMatchSnapshot();
    const { name: _n, labels: _l, ...spec } = NODE_CONNECTION_PROPS;
    expect(obj.metadata).toEqual({ name: 'cross-rack', labels: { team: 'storage' } });
    expect(obj.spec).toEqual(spec);
    expect(validatePiraeusObject(obj)).toEqual([]);
    expect(conn.name).toBe('cross-rack');
  });

  test('without a name, the emitted object is named like the construct reports (metadata.name is required)', () => {
    const { chart } = newChart();
    const conn = new LinstorNodeConnection(chart, 'conn', { paths: [{ name: 'data', interface: 'nic' }] });
    const obj = only(Testing.synth(chart), 'LinstorNodeConnection');
    expect(conn.name).toMatch(/^test-conn-/);
    expect(obj.metadata?.name).toBe(conn.name);
    expect(validatePiraeusObject(obj)).toEqual([]);
  });

  test.each<[string, LinstorNodeConnectionProps, RegExp]>([
    ['a selector label without key', { selector: [{ matchLabels: [{ key: '' }] }] }, /selector\[0\]\.matchLabels\[0\]\.key: needs a label key/],
    ['an unknown selector op', { selector: [{ matchLabels: [{ key: 'a', op: 'Equal' as imports.LinstorNodeConnectionSpecSelectorMatchLabelsOp }] }] }, /selector\[0\]\.matchLabels\[0\]\.op: must be one of Exists, DoesNotExist, In, NotIn, Same, NotSame/],
    ['In without values', { selector: [{ matchLabels: [{ key: 'a', op: imports.LinstorNodeConnectionSpecSelectorMatchLabelsOp.IN }] }] }, /selector\[0\]\.matchLabels\[0\]\.values: In needs at least one value/],
    ['a path without interface', { paths: [{ name: 'data', interface: '' }] }, /paths\[0\]\.interface/],
    ['a path without name', { paths: [{ name: '', interface: 'nic' }] }, /paths\[0\]\.name: a path needs a name/],
    ['a path defined twice', { paths: [{ name: 'data', interface: 'a' }, { name: 'data', interface: 'b' }] }, /paths\[1\]\.name: path "data" is defined twice/],
    ['a property without name', { properties: [{ name: '' }] }, /properties\[0\]\.name/],
  ])('rejects %s with a located error', (_what, props, message) => {
    const { chart } = newChart();
    expectInvalidProps(() => new LinstorNodeConnection(chart, 'conn', props), 'test/conn', message);
  });
});

describe('PiraeusDatastore', () => {
  test('defaults: the operator and an empty LinstorCluster', () => {
    const { chart } = newChart();
    const ds = new PiraeusDatastore(chart, 'piraeus', { operator: { installCrds: false } });
    const objects = Testing.synth(chart) as Obj[];
    expect(objects).toMatchSnapshot();
    expect(validateAll(objects)).toEqual([]);
    expect(only(objects, 'LinstorCluster')).toEqual({ apiVersion: 'piraeus.io/v1', kind: 'LinstorCluster', metadata: { name: 'linstorcluster' }, spec: {} });
    expect(ds.satelliteConfigurations).toEqual([]);
    expect(ds.operator.repository).toBe('');
  });

  test('satellite configurations: named by id, emitted in id order, every prop kept', () => {
    const { chart } = newChart();
    const { name: _n, ...allProps } = SATELLITE_PROPS;
    const ds = new PiraeusDatastore(chart, 'piraeus', {
      operator: { installCrds: false },
      satelliteConfigurations: { zz: { storagePools: [{ name: 'pool', zfsThinPool: { zPool: 'tank' } }] }, aa: allProps, named: { name: 'explicit' } },
    });
    expect(ds.satelliteConfigurations.map((c) => c.name)).toEqual(['aa', 'explicit', 'zz']);
    const objects = Testing.synth(chart) as Obj[];
    const configs = objects.filter((o) => o.kind === 'LinstorSatelliteConfiguration');
    expect(configs.map((c) => c.metadata.name)).toEqual(['aa', 'explicit', 'zz']);
    expect(configs[0].spec).toEqual(satelliteSpecJson());
    expect(validateAll(objects)).toEqual([]);
  });

  test('cluster props reach the LinstorCluster; repository and external controller reach the operator', () => {
    const { chart } = newChart();
    const ds = new PiraeusDatastore(chart, 'piraeus', {
      operator: { installCrds: false },
      cluster: { ...CLUSTER_PROPS },
      externalControllerVersion: '1.31.2',
    });
    const objects = Testing.synth(chart) as Obj[];
    expect(only(objects, 'LinstorCluster').spec).toEqual(clusterSpecJson());
    expect(ds.operator.repository).toBe('registry.example.com/piraeus');
    const env = only(objects.filter((o) => o.metadata.name === 'piraeus-operator-controller-manager'), 'Deployment')
      .spec.template.spec.containers[0].env as Obj[];
    expect(env.find((e) => e.name === 'RELATED_IMAGE_linstor-satellite_piraeus-server')?.value).toBe('registry.example.com/piraeus/piraeus-server:v1.31.2');
    expect(validateAll(objects)).toEqual([]);
  });

  // The docs say these operator props are taken from `cluster` and must not be set: silently
  // dropping them hides a mistake.
  test.each([
    ['cluster', { cluster: new LinstorCluster(newChart().chart, 'c', {}) }],
    ['externalControllerVersion', { externalControllerVersion: '1.31.2' }],
  ])('operator.%s set on PiraeusDatastore is a located error, not silently dropped', (_field, operator) => {
    const { chart } = newChart();
    let caught: unknown;
    try {
      new PiraeusDatastore(chart, 'piraeus', { operator });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(PiraeusError);
    expect((caught as PiraeusError).code).toBe(ErrorCodes.INVALID_PROPS);
    expect((caught as PiraeusError).location?.path).toBe('test/piraeus');
  });
});
