import { Testing } from 'cdk8s';
import {
  LinstorCluster,
  LinstorSatelliteConfiguration,
  LinstorSatelliteConfigurationSpecResourceNameSuffixSeparator,
} from '../src/imports/piraeus.io';
import { crdDocuments, knownKinds, toAjvSchema, validatePiraeusObject } from './support/crd-validator';

const API_VERSION = 'piraeus.io/v1';

const EXPECTED_KINDS = [
  { kind: 'LinstorCluster', plural: 'linstorclusters', singular: 'linstorcluster' },
  { kind: 'LinstorSatellite', plural: 'linstorsatellites', singular: 'linstorsatellite' },
  { kind: 'LinstorSatelliteConfiguration', plural: 'linstorsatelliteconfigurations', singular: 'linstorsatelliteconfiguration' },
  { kind: 'LinstorNodeConnection', plural: 'linstornodeconnections', singular: 'linstornodeconnection' },
];

// Top-level spec fields of the upstream API (piraeus-operator main after v2.10.4).
const EXPECTED_SPEC_FIELDS: Record<string, string[]> = {
  LinstorCluster: [
    'affinityController', 'apiTLS', 'controller', 'csiController', 'csiNode', 'externalController',
    'highAvailabilityController', 'internalTLS', 'linstorPassphraseSecret', 'maxConcurrentEvacuations', 'nfsServer',
    'nodeAffinity', 'nodeSelector', 'patches', 'properties', 'repository', 'tolerations',
  ],
  LinstorSatellite: [
    'clusterRef', 'deletionPolicy', 'evacuationStrategy', 'internalTLS', 'ipFamilies', 'patches', 'properties',
    'repository', 'resourceNameSuffixSeparator', 'storagePools',
  ],
  LinstorSatelliteConfiguration: [
    'deletionPolicy', 'evacuationStrategy', 'internalTLS', 'ipFamilies', 'nodeAffinity', 'nodeSelector', 'patches',
    'podTemplate', 'properties', 'resourceNameSuffixSeparator', 'storagePools',
  ],
  LinstorNodeConnection: ['paths', 'properties', 'selector'],
};

const EXPECTED_STATUS_FIELDS: Record<string, string[]> = {
  LinstorCluster: [
    'availableCapacityBytes', 'capacity', 'conditions', 'freeCapacityBytes', 'numberOfSnapshots', 'numberOfVolumes',
    'runningSatellites', 'satellites', 'scheduledSatellites', 'version',
  ],
  LinstorSatellite: [
    'availableCapacityBytes', 'capacity', 'conditions', 'deviceLayers', 'freeCapacityBytes', 'numberOfSnapshots',
    'numberOfVolumes', 'storageProviders',
  ],
  LinstorSatelliteConfiguration: ['appliedTo', 'conditions', 'matched'],
  LinstorNodeConnection: ['conditions'],
};

const EXPECTED_COLUMNS: Record<string, string[]> = {
  LinstorCluster: ['Available', 'Configured', 'Version', 'Satellites', 'Used Capacity', 'Volumes', 'Snapshots', 'Age'],
  LinstorSatellite: [
    'Connected', 'Configured', 'Applied Configurations', 'Deletion Policy', 'Used Capacity', 'Volumes', 'Snapshots',
    'Storage Providers', 'Device Layers', 'Age',
  ],
  LinstorSatelliteConfiguration: ['Selector', 'Applied', 'Matched', 'Satellites', 'Age'],
  LinstorNodeConnection: ['Configured', 'Age'],
};

function crdFor(kind: string): any {
  const crd = crdDocuments().find((d) => d.spec?.names?.kind === kind);
  if (!crd) {
    throw new Error(`no CRD for ${kind}`);
  }
  return crd;
}

function rootSchema(kind: string): any {
  return crdFor(kind).spec.versions[0].schema.openAPIV3Schema;
}

/** Visits every schema node below `node`, with a JSON-pointer-like path. */
function walk(node: any, at: string, visit: (node: any, at: string) => void): void {
  visit(node, at);
  for (const [name, sub] of Object.entries<any>(node.properties ?? {})) {
    walk(sub, `${at}.${name}`, visit);
  }
  if (node.items) {
    walk(node.items, `${at}[]`, visit);
  }
  if (node.additionalProperties && typeof node.additionalProperties === 'object') {
    walk(node.additionalProperties, `${at}{}`, visit);
  }
}

describe('crds/piraeus.io.yaml', () => {
  test('contains exactly the four piraeus.io/v1 CRDs', () => {
    const docs = crdDocuments();
    expect(docs).toHaveLength(4);
    expect(docs.every((d) => d.apiVersion === 'apiextensions.k8s.io/v1' && d.kind === 'CustomResourceDefinition')).toBe(true);
    expect(docs.map((d) => d.spec.names.kind).sort()).toEqual(EXPECTED_KINDS.map((k) => k.kind).sort());
    expect(knownKinds().sort()).toEqual(EXPECTED_KINDS.map((k) => k.kind).sort());
  });

  test.each(EXPECTED_KINDS)('$kind: names, group, scope, version, status subresource', ({ kind, plural, singular }) => {
    const crd = crdFor(kind);
    expect(crd.metadata.name).toBe(`${plural}.piraeus.io`);
    expect(crd.spec.group).toBe('piraeus.io');
    expect(crd.spec.scope).toBe('Cluster');
    expect(crd.spec.names).toEqual({ kind, listKind: `${kind}List`, plural, singular });
    expect(crd.spec.versions).toHaveLength(1);
    const [version] = crd.spec.versions;
    expect(version).toMatchObject({ name: 'v1', served: true, storage: true, subresources: { status: {} } });
    expect(version.additionalPrinterColumns.map((c: any) => c.name)).toEqual(EXPECTED_COLUMNS[kind]);
  });

  test.each(EXPECTED_KINDS)('$kind: top-level spec and status fields', ({ kind }) => {
    const schema = rootSchema(kind);
    expect(Object.keys(schema.properties).sort()).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
    expect(Object.keys(schema.properties.spec.properties).sort()).toEqual(EXPECTED_SPEC_FIELDS[kind]);
    expect(Object.keys(schema.properties.status.properties).sort()).toEqual(EXPECTED_STATUS_FIELDS[kind]);
  });

  test.each(EXPECTED_KINDS)('$kind: schema is structural and every field has a one-line description', ({ kind }) => {
    const problems: string[] = [];
    walk(rootSchema(kind), kind, (node, at) => {
      const free = node['x-kubernetes-preserve-unknown-fields'] === true || node['x-kubernetes-int-or-string'] === true;
      if (!node.type && !free) {
        problems.push(`${at}: no type`);
      }
      if (node.properties && node.type !== 'object') {
        problems.push(`${at}: properties on a non-object`);
      }
      if (node.properties && node.additionalProperties !== undefined) {
        problems.push(`${at}: both properties and additionalProperties`);
      }
      if (node.type === 'array' && !node.items) {
        problems.push(`${at}: array without items`);
      }
      if (node['x-kubernetes-list-type'] === 'map' && !Array.isArray(node['x-kubernetes-list-map-keys'])) {
        problems.push(`${at}: map list without keys`);
      }
      const isFieldNode = !at.endsWith('[]') && !at.endsWith('{}') && at !== kind && !at.endsWith('.metadata');
      if (isFieldNode && (typeof node.description !== 'string' || node.description.includes('\n'))) {
        problems.push(`${at}: missing or multi-line description`);
      }
    });
    expect(problems).toEqual([]);
  });

  test('upstream limits, enums and defaults are carried', () => {
    const lc = rootSchema('LinstorCluster').properties.spec.properties;
    expect(lc.externalController).toMatchObject({ required: ['url'], properties: { url: { minLength: 3 } } });
    expect(lc.csiController.properties.replicas).toMatchObject({ type: 'integer', format: 'int32', minimum: 0 });
    expect(lc.affinityController.properties.replicas).toMatchObject({ minimum: 0 });
    expect(lc.csiNode.properties.enabled).toMatchObject({ type: 'boolean', default: true });
    expect(lc.csiNode.properties.podTemplate).toMatchObject({ 'x-kubernetes-preserve-unknown-fields': true });
    expect(lc.properties).toMatchObject({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] });
    expect(lc.tolerations['x-kubernetes-list-type']).toBe('atomic');
    expect(lc.internalTLS.nullable).toBe(true);
    expect(lc.apiTLS.nullable).toBe(true);
    expect(lc.apiTLS.properties.caReference.properties.kind).toMatchObject({ enum: ['ConfigMap', 'Secret'], default: 'Secret' });
    expect(lc.apiTLS.properties.caReference.properties.key.default).toBe('ca.crt');
    expect(lc.patches.items.properties.patch.minLength).toBe(1);

    const lsc = rootSchema('LinstorSatelliteConfiguration').properties.spec.properties;
    expect(lsc.deletionPolicy.enum).toEqual(['Evacuate', 'Retain', 'Delete']);
    expect(lsc.deletionPolicy.default).toBeUndefined();
    expect(lsc.ipFamilies.items.enum).toEqual(['IPv4', 'IPv6']);
    expect(lsc.resourceNameSuffixSeparator.enum).toEqual(['.', '-']);
    expect(lsc.evacuationStrategy.properties.attachedVolumeReattachTimeout.default).toBe('5m');
    expect(lsc.storagePools.items.properties.name.minLength).toBe(3);
    expect(lsc.storagePools.items.properties.source.properties.hostDevices.minItems).toBe(1);
    expect(Object.keys(lsc.storagePools.items.properties).sort()).toEqual([
      'filePool', 'fileThinPool', 'lvmPool', 'lvmThinPool', 'name', 'properties', 'source', 'zfsPool', 'zfsThinPool',
    ]);

    const ls = rootSchema('LinstorSatellite').properties.spec;
    expect(ls.required).toEqual(['clusterRef']);
    expect(ls.properties.deletionPolicy.default).toBe('Retain');

    const op = rootSchema('LinstorNodeConnection').properties.spec.properties.selector.items.properties.matchLabels.items.properties.op;
    expect(op).toMatchObject({ enum: ['Exists', 'DoesNotExist', 'In', 'NotIn', 'Same', 'NotSame'], default: 'Exists' });
  });
});

describe('toAjvSchema', () => {
  test('int-or-string becomes anyOf integer|string; strict mode closes objects with properties only', () => {
    const converted: any = toAjvSchema({
      type: 'object',
      properties: {
        port: { 'x-kubernetes-int-or-string': true },
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { a: { type: 'string' } } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
      },
    });
    expect(converted.additionalProperties).toBe(false);
    expect(converted.properties.port.anyOf).toEqual([{ type: 'integer' }, { type: 'string' }]);
    expect(converted.properties.free.additionalProperties).toBeUndefined();
    expect(converted.properties.labels.additionalProperties).toEqual({ type: 'string' });
    expect((toAjvSchema({ type: 'object', properties: {} }, false) as any).additionalProperties).toBeUndefined();
  });
});

const clusterFull = {
  apiVersion: API_VERSION,
  kind: 'LinstorCluster',
  metadata: { name: 'linstorcluster', labels: { team: 'storage' } },
  spec: {
    repository: 'registry.example.com/piraeus',
    externalController: { url: 'http://linstor.example.com:3370' },
    nodeSelector: { 'example.com/storage': 'yes' },
    nodeAffinity: {
      nodeSelectorTerms: [{
        matchExpressions: [
          { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['a', 'b'] },
          { key: 'node-role.kubernetes.io/control-plane', operator: 'DoesNotExist' },
        ],
        matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node-9'] }],
      }],
    },
    tolerations: [
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'example.com/flaky', operator: 'Equal', value: 'true', effect: 'NoExecute', tolerationSeconds: 300 },
    ],
    properties: [{ name: 'TcpPortAutoRange', value: '10000-20000' }, { name: 'Aux/empty' }],
    patches: [
      {
        target: { group: 'apps', version: 'v1', kind: 'Deployment', name: 'linstor-controller', namespace: 'piraeus-datastore' },
        patch: '- op: add\n  path: /spec/template/metadata/labels/x\n  value: y\n',
        options: { allowNameChange: false, allowKindChange: false },
      },
      { target: { labelSelector: 'app=x', annotationSelector: 'a=b' }, patch: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: linstor-controller\n' },
    ],
    linstorPassphraseSecret: 'linstor-passphrase',
    internalTLS: {
      secretName: 'linstor-controller-internal-tls',
      certManager: { name: 'piraeus-root', kind: 'Issuer', group: 'cert-manager.io' },
      caReference: { kind: 'ConfigMap', name: 'trust-root', key: 'root.crt', optional: true },
    },
    apiTLS: {
      apiSecretName: 'linstor-api-tls',
      clientSecretName: 'linstor-client-tls',
      csiControllerSecretName: 'linstor-csi-controller-tls',
      csiNodeSecretName: 'linstor-csi-node-tls',
      affinityControllerSecretName: 'linstor-affinity-controller-tls',
      nfsServerSecretName: 'linstor-csi-nfs-server-tls',
      certManager: { name: 'piraeus-root', kind: 'ClusterIssuer' },
      caReference: { name: 'trust-root' },
    },
    controller: { enabled: true, replicas: 1, podTemplate: { spec: { containers: [{ name: 'linstor-controller', resources: { requests: { memory: '1Gi' } } }] } } },
    csiController: { enabled: true, replicas: 2 },
    csiNode: { enabled: true, podTemplate: { metadata: { annotations: { a: 'b' } } } },
    highAvailabilityController: { enabled: false },
    affinityController: { replicas: 0 },
    nfsServer: { enabled: true, podTemplate: { spec: { containers: [{ name: 'nfs-server' }] } } },
    maxConcurrentEvacuations: 2,
  },
  status: {
    conditions: [{
      type: 'Available', status: 'True', reason: 'AsExpected', message: '', lastTransitionTime: '2025-01-01T00:00:00Z', observedGeneration: 3,
    }],
    version: '1.31.0',
    scheduledSatellites: 3,
    runningSatellites: 3,
    numberOfVolumes: 10,
    numberOfSnapshots: 2,
    availableCapacityBytes: 1099511627776,
    freeCapacityBytes: 549755813888,
    satellites: '3/3',
    capacity: '512/1024GiB',
  },
};

const satelliteConfigFull = {
  apiVersion: API_VERSION,
  kind: 'LinstorSatelliteConfiguration',
  metadata: { name: 'storage-satellites' },
  spec: {
    nodeSelector: { 'example.com/storage-node': '' },
    nodeAffinity: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] }] },
    patches: [{ target: { kind: 'ConfigMap', name: 'satellite-config' }, patch: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: satellite-config\n' }],
    storagePools: [
      { name: 'vg1', lvmPool: {} },
      {
        name: 'shared-vg',
        lvmPool: { volumeGroup: 'shared', sharedSpace: 'san-1', externalLocking: true },
      },
      {
        name: 'vg2-from-raw',
        lvmPool: { volumeGroup: 'vg2', physicalVolumeCreateArguments: ['--dataalignment', '1m'], volumeGroupCreateArguments: ['--shared'] },
        source: { hostDevices: ['/dev/sdb', '/dev/sdc'] },
      },
      {
        name: 'thin1',
        lvmThinPool: { volumeGroup: 'vg1', thinPool: 'thin', logicalVolumeCreateArguments: ['--chunksize', '256k'] },
        properties: [{ name: 'StorDriver/LvcreateOptions', value: '-i2' }],
      },
      { name: 'fs1', filePool: {} },
      { name: 'fs2', fileThinPool: { directory: '/mnt/data' } },
      { name: 'zfs1', zfsPool: { zPool: 'tank', zpoolCreateArguments: ['-o', 'ashift=12'] } },
      { name: 'zfs2', zfsThinPool: { zPool: 'tank2' }, source: { hostDevices: ['/dev/nvme0n1'] } },
    ],
    properties: [
      { name: 'PrefNic', value: 'default-ipv6' },
      { name: 'Aux/example', valueFrom: { nodeFieldRef: "metadata.labels['piraeus.io/example']" } },
      { name: 'AutoplaceTarget', valueFrom: { nodeFieldRef: "metadata.annotations['piraeus.io/autoplace']" }, optional: true },
      {
        name: 'Aux/topology/',
        expandFrom: { nodeFieldRef: "metadata.labels['topology.kubernetes.io/*']", nameTemplate: '$1', valueTemplate: '$2', delimiter: ',' },
      },
    ],
    internalTLS: {
      secretName: 'satellite-tls',
      certManager: { kind: 'Issuer', name: 'piraeus-root' },
      caReference: { kind: 'Secret', name: 'trust-root' },
      tlsHandshakeDaemon: true,
    },
    ipFamilies: ['IPv4', 'IPv6'],
    deletionPolicy: 'Evacuate',
    evacuationStrategy: { attachedVolumeReattachTimeout: '10m', unattachedVolumeAttachTimeout: '0' },
    podTemplate: { spec: { hostNetwork: true, containers: [{ name: 'linstor-satellite', resources: { limits: { memory: '2Gi' } } }] } },
    resourceNameSuffixSeparator: '-',
  },
  status: { appliedTo: ['node-1', 'node-2'], matched: 2, conditions: [] },
};

const nodeConnectionFull = {
  apiVersion: API_VERSION,
  kind: 'LinstorNodeConnection',
  metadata: { name: 'cross-zone' },
  spec: {
    selector: [
      {
        matchLabels: [
          { key: 'topology.kubernetes.io/region', op: 'Same' },
          { key: 'topology.kubernetes.io/zone', op: 'NotSame' },
          { key: 'example.com/storage' },
          { key: 'example.com/rack', op: 'In', values: ['r1', 'r2'] },
          { key: 'example.com/tier', op: 'NotIn', values: ['cold'] },
          { key: 'example.com/excluded', op: 'DoesNotExist' },
          { key: 'example.com/present', op: 'Exists' },
        ],
      },
    ],
    properties: [{ name: 'DrbdOptions/Net/protocol', value: 'A' }],
    paths: [{ name: 'data', interface: 'data-nic' }, { name: 'backup', interface: 'backup-nic' }],
  },
};

const satelliteFull = {
  apiVersion: API_VERSION,
  kind: 'LinstorSatellite',
  metadata: { name: 'node-1', annotations: { 'piraeus.io/applied-configurations': 'storage-satellites' } },
  spec: {
    clusterRef: {
      name: 'linstorcluster',
      clientSecretName: 'linstor-client-tls',
      caReference: { name: 'trust-root' },
      externalController: { url: 'https://linstor.example.com:3371' },
    },
    repository: 'registry.example.com/piraeus',
    patches: [{ patch: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: linstor-satellite\n' }],
    storagePools: [{ name: 'thin1', lvmThinPool: {} }],
    properties: [{ name: 'PrefNic', value: 'default-ipv4' }],
    internalTLS: { tlsHandshakeDaemon: false },
    ipFamilies: ['IPv4'],
    deletionPolicy: 'Retain',
    evacuationStrategy: { attachedVolumeReattachTimeout: '5m', unattachedVolumeAttachTimeout: '5m' },
    resourceNameSuffixSeparator: '.',
  },
  status: {
    numberOfVolumes: 1, numberOfSnapshots: 0, availableCapacityBytes: 100, freeCapacityBytes: 50, capacity: '0/1GiB',
    storageProviders: ['LVM', 'LVM_THIN'], deviceLayers: ['DRBD', 'LUKS', 'STORAGE'],
  },
};

function withSpec(base: any, spec: any): any {
  return { ...base, spec };
}

describe('validatePiraeusObject: valid objects', () => {
  test.each([
    ['LinstorCluster exercising most fields', clusterFull],
    ['minimal LinstorCluster', { apiVersion: API_VERSION, kind: 'LinstorCluster', metadata: { name: 'linstorcluster' } }],
    ['LinstorCluster with empty apiTLS and null internalTLS', withSpec(clusterFull, { apiTLS: {}, internalTLS: null })],
    ['LinstorSatelliteConfiguration with every pool type', satelliteConfigFull],
    ['LinstorSatelliteConfiguration with null evacuationStrategy', withSpec(satelliteConfigFull, { evacuationStrategy: null })],
    ['LinstorNodeConnection with selector ops and paths', nodeConnectionFull],
    ['empty LinstorNodeConnection', { apiVersion: API_VERSION, kind: 'LinstorNodeConnection', metadata: { name: 'all' }, spec: {} }],
    ['LinstorSatellite', satelliteFull],
  ])('%s', (_name, obj) => {
    expect(validatePiraeusObject(obj)).toEqual([]);
  });
});

describe('validatePiraeusObject: invalid objects', () => {
  const lsc = satelliteConfigFull;
  test.each([
    ['unknown field spec.repo', withSpec(clusterFull, { ...clusterFull.spec, repo: 'x' }), '/spec must NOT have additional properties (repo)'],
    ['unknown nested field', withSpec(clusterFull, { csiController: { replica: 2 } }), '/spec/csiController must NOT have additional properties (replica)'],
    ['bad deletionPolicy enum', withSpec(lsc, { deletionPolicy: 'Destroy' }), '/spec/deletionPolicy must be equal to one of the allowed values ("Evacuate", "Retain", "Delete")'],
    ['bad resourceNameSuffixSeparator', withSpec(lsc, { resourceNameSuffixSeparator: '_' }), '/spec/resourceNameSuffixSeparator must be equal to one of the allowed values'],
    ['bad ipFamily', withSpec(lsc, { ipFamilies: ['IPv5'] }), '/spec/ipFamilies/0 must be equal to one of the allowed values'],
    ['property without name', withSpec(clusterFull, { properties: [{ value: '1' }] }), "/spec/properties/0 must have required property 'name'"],
    ['node property with empty nodeFieldRef', withSpec(lsc, { properties: [{ name: 'a', valueFrom: { nodeFieldRef: '' } }] }), '/spec/properties/0/valueFrom/nodeFieldRef must NOT have fewer than 1 characters'],
    ['duplicate property names', withSpec(clusterFull, { properties: [{ name: 'a', value: '1' }, { name: 'a', value: '2' }] }), '/spec/properties must not contain duplicate key name=["a"]'],
    ['empty patch string', withSpec(clusterFull, { patches: [{ patch: '' }] }), '/spec/patches/0/patch must NOT have fewer than 1 characters'],
    ['patch without patch', withSpec(lsc, { patches: [{ target: { kind: 'Pod' } }] }), "/spec/patches/0 must have required property 'patch'"],
    ['non-string nodeSelector value', withSpec(clusterFull, { nodeSelector: { x: 1 } }), '/spec/nodeSelector/x must be string'],
    ['negative replicas', withSpec(clusterFull, { csiController: { replicas: -1 } }), '/spec/csiController/replicas must be >= 0'],
    ['negative maxConcurrentEvacuations', withSpec(clusterFull, { maxConcurrentEvacuations: -1 }), '/spec/maxConcurrentEvacuations must be >= 0'],
    ['replicas as string', withSpec(clusterFull, { affinityController: { replicas: '2' } }), '/spec/affinityController/replicas must be integer'],
    ['short external controller URL', withSpec(clusterFull, { externalController: { url: 'x' } }), '/spec/externalController/url must NOT have fewer than 3 characters'],
    ['caReference kind', withSpec(clusterFull, { apiTLS: { caReference: { name: 'a', kind: 'Vault' } } }), '/spec/apiTLS/caReference/kind must be equal to one of the allowed values'],
    ['certManager without name', withSpec(clusterFull, { internalTLS: { certManager: { kind: 'Issuer' } } }), "/spec/internalTLS/certManager must have required property 'name'"],
    ['storage pool name too short', withSpec(lsc, { storagePools: [{ name: 'ab', lvmPool: {} }] }), '/spec/storagePools/0/name must NOT have fewer than 3 characters'],
    ['empty hostDevices', withSpec(lsc, { storagePools: [{ name: 'abc', lvmPool: {}, source: { hostDevices: [] } }] }), '/spec/storagePools/0/source/hostDevices must NOT have fewer than 1 items'],
    ['tlsHandshakeDaemon on LinstorCluster', withSpec(clusterFull, { internalTLS: { tlsHandshakeDaemon: true } }), '/spec/internalTLS must NOT have additional properties (tlsHandshakeDaemon)'],
    ['bad selector op', withSpec(nodeConnectionFull, { selector: [{ matchLabels: [{ key: 'a', op: 'Equals' }] }] }), '/spec/selector/0/matchLabels/0/op must be equal to one of the allowed values'],
    ['selector term without matchLabels', withSpec(nodeConnectionFull, { selector: [{}] }), "/spec/selector/0 must have required property 'matchLabels'"],
    ['path without interface', withSpec(nodeConnectionFull, { paths: [{ name: 'data' }] }), "/spec/paths/0 must have required property 'interface'"],
    ['LinstorSatellite without clusterRef', withSpec(satelliteFull, {}), "/spec must have required property 'clusterRef'"],
    ['bad condition status', { ...clusterFull, status: { conditions: [{ type: 'A', status: 'Yes', reason: 'R', message: '', lastTransitionTime: '2025-01-01T00:00:00Z' }] } }, '/status/conditions/0/status must be equal to one of the allowed values'],
    ['bad condition time', { ...clusterFull, status: { conditions: [{ type: 'A', status: 'True', reason: 'R', message: '', lastTransitionTime: 'yesterday' }] } }, '/status/conditions/0/lastTransitionTime must match format "date-time"'],
    ['unknown top-level field', { ...clusterFull, data: {} }, '/ must NOT have additional properties (data)'],
    ['metadata.namespace set', { ...clusterFull, metadata: { name: 'linstorcluster', namespace: 'piraeus-datastore' } }, 'metadata.namespace must not be set: LinstorCluster is cluster-scoped'],
    ['metadata.name missing', { ...clusterFull, metadata: {} }, 'metadata.name is required'],
    ['wrong apiVersion', { ...clusterFull, apiVersion: 'piraeus.linbit.com/v1' }, 'apiVersion must be piraeus.io/v1 (got "piraeus.linbit.com/v1")'],
    ['unknown kind', { ...clusterFull, kind: 'LinstorController' }, 'kind must be one of'],
  ])('%s', (_name, obj, expected) => {
    const problems = validatePiraeusObject(obj);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.some((p) => p.includes(expected))).toBe(true);
  });

  test('a non-object is rejected', () => {
    expect(validatePiraeusObject('LinstorCluster')).toEqual(['object must be a mapping']);
  });
});

describe('generated imports (src/imports/piraeus.io.ts)', () => {
  test('synthesized objects validate clean against the CRDs', () => {
    const chart = Testing.chart();
    new LinstorCluster(chart, 'cluster', {
      metadata: { name: 'linstorcluster' },
      spec: {
        repository: 'registry.example.com/piraeus',
        nodeSelector: { 'example.com/storage': 'yes' },
        internalTls: { certManager: { name: 'piraeus-root', kind: 'Issuer' } },
        apiTls: { nfsServerSecretName: 'nfs-tls' },
        csiController: { replicas: 2 },
        nfsServer: { enabled: false },
        maxConcurrentEvacuations: 1,
      },
    });
    new LinstorSatelliteConfiguration(chart, 'satellites', {
      metadata: { name: 'storage' },
      spec: {
        storagePools: [{ name: 'thin1', lvmThinPool: { volumeGroup: 'vg1', thinPool: 'thin' }, source: { hostDevices: ['/dev/sdb'] } }],
        internalTls: { tlsHandshakeDaemon: true },
        resourceNameSuffixSeparator: LinstorSatelliteConfigurationSpecResourceNameSuffixSeparator.VALUE_HYPHEN,
      },
    });
    const manifests = Testing.synth(chart);
    expect(manifests).toHaveLength(2);
    expect(manifests[0].spec.internalTLS).toEqual({ certManager: { name: 'piraeus-root', kind: 'Issuer' } });
    expect(manifests[0].spec.apiTLS).toEqual({ nfsServerSecretName: 'nfs-tls' });
    for (const m of manifests) {
      expect(validatePiraeusObject(m)).toEqual([]);
    }
  });
});
