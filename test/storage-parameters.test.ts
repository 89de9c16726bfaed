/**
 * The pure parameter rules: Go value parsers, the StorageClass rules of the Piraeus Operator's
 * webhook (LINSTOR CSI's parameter parser), and the VolumeSnapshotClass rules of LINSTOR CSI.
 * Each row's comment is the upstream fact it pins.
 */
import { ErrorCodes } from '../src';
import { goAtoi, goParseBool, goParseDuration, isGoFloat, isGoInt32, isKubernetesQuantity } from '../src/storage/go-values';
import {
  buildSnapshotClassParameters, LinstorSnapshotTarget, snapshotClassParameterProblems, unknownSnapshotParameterKeys,
} from '../src/storage/snapshot-class-parameters';
import {
  buildStorageClassParameters, classifyParameterKey, LinstorLayer, LinstorPlacementPolicy, RemoteVolumeAccess,
  storageClassParameterProblems,
} from '../src/storage/storage-class-parameters';
import { expectPiraeusError } from './support/errors';

describe('Go value parsers', () => {
  test.each([
    ['true', true], ['True', true], ['TRUE', true], ['t', true], ['T', true], ['1', true],
    ['false', false], ['False', false], ['FALSE', false], ['f', false], ['F', false], ['0', false],
    ['yes', undefined], ['tRUE', undefined], ['', undefined], [' true', undefined], ['on', undefined],
  ])('strconv.ParseBool(%j) = %j', (s, want) => {
    expect(goParseBool(s)).toBe(want);
  });

  test.each([
    ['1', true], ['+3', true], ['-1', true], ['2147483647', true], ['-2147483648', true],
    ['2147483648', false], ['1.5', false], ['0x10', false], ['1_000', false], ['', false], [' 1', false],
  ])('strconv.ParseInt(%j, 10, 32) succeeds: %j', (s, ok) => {
    expect(isGoInt32(s)).toBe(ok);
  });

  test.each([
    ['10', '10'], ['-1', '-1'], ['+0', '0'], ['ten', undefined], ['1e3', undefined], ['9223372036854775808', undefined],
  ])('strconv.Atoi(%j) = %s', (s, want) => {
    expect(goAtoi(s)?.toString()).toBe(want);
  });

  test.each([
    ['1.5', true], ['2', true], ['.5', true], ['1e3', true], ['NaN', true], ['-Inf', true],
    ['one', false], ['', false], ['1.5x', false], ['1e999', false],
  ])('strconv.ParseFloat(%j, 64) succeeds: %j', (s, ok) => {
    expect(isGoFloat(s)).toBe(ok);
  });

  test.each([
    ['168h', 168 * 3600e9], ['1h30m', 5400e9], ['0', 0], ['-0', 0], ['1.5s', 1.5e9], ['.5ms', 0.5e6],
    ['300us', 300e3], ['10\u00b5s', 10e3], ['-1h', -3600e9], ['1.s', 1e9],
    ['10', undefined], ['', undefined], ['h', undefined], ['1d', undefined], ['.s', undefined], ['1h 2m', undefined],
    ['3000000h', undefined],
  ])('time.ParseDuration(%j) = %j ns', (s, want) => {
    expect(goParseDuration(s)).toBe(want);
  });

  test.each([
    ['300Mi', true], ['1G', true], ['1e9', true], ['0.5Gi', true], ['100', true], ['+1k', true],
    ['300MB', false], ['', false], ['Mi', false], ['1 Gi', false],
  ])('resource.ParseQuantity(%j) succeeds: %j', (s, ok) => {
    expect(isKubernetesQuantity(s)).toBe(ok);
  });
});

describe('what a StorageClass parameter key means to LINSTOR CSI', () => {
  test.each([
    // Namespace linstor.csi.linbit.com or none: a known parameter, matched lower-cased.
    ['linstor.csi.linbit.com/storagePool', 'linstor', 'storagePool'],
    ['StoragePool', 'linstor', 'storagePool'],
    ['linstor.csi.linbit.com/PLACEMENTCOUNT', 'linstor', 'placementCount'],
    ['autoplace', 'linstor', 'placementCount'],
    // DrbdOptions and property.linstor.csi.linbit.com set LINSTOR properties.
    ['property.linstor.csi.linbit.com/DrbdOptions/Net/protocol', 'property', 'DrbdOptions/Net/protocol'],
    ['DrbdOptions/Net/protocol', 'property', 'DrbdOptions/Net/protocol'],
    // Every other namespace is ignored; the namespace itself is case-sensitive.
    ['csi.storage.k8s.io/fstype', 'foreign', 'csi.storage.k8s.io'],
    ['Linstor.csi.linbit.com/storagePool', 'foreign', 'Linstor.csi.linbit.com'],
    ['snap.linstor.csi.linbit.com/type', 'foreign', 'snap.linstor.csi.linbit.com'],
    // Unknown names in LINSTOR's namespace (the key splits at its FIRST slash).
    ['linstor.csi.linbit.com/storagePool/x', 'unknown', 'storagePool/x'],
    ['foo', 'unknown', 'foo'],
  ])('%s -> %s %s', (key, kind, what) => {
    const m = classifyParameterKey(key);
    expect(m.kind).toBe(kind);
    const got = m.kind === 'linstor' ? m.parameter.sets : m.kind === 'property' ? m.property : m.kind === 'foreign' ? m.namespace : m.name;
    expect(got).toBe(what);
  });
});

describe('StorageClass parameters the operator webhook admits', () => {
  test.each<[string, Record<string, string>]>([
    ['no parameters', {}],
    // The webhook's own test: every parameter without prefix, Autoplace and PlacementCount agreeing.
    ['every v1.6 parameter without prefix', {
      AllowRemoteVolumeAccess: 'false', Autoplace: '1', ClientList: 'client-a client-b client c', DisklessOnRemaining: 'true',
      DisklessStoragePool: 'custom-diskless', DoNotPlaceWithRegex: '^bad-neighbor.*', Encryption: 'true', FSOpts: '-b 4096',
      LayerList: 'drbd luks storage', MountOpts: 'noatime', NodeList: 'node-a node-b', PlacementCount: '1', PlacementPolicy: 'Manual',
      ReplicasOnDifferent: 'topology.kubernetes.io/zone', ReplicasOnSame: 'topology.kubernetes.io/region', SizeKiB: '1',
      StoragePool: 'my-storage-pool', PostMountXfsOpts: 'fsync', ResourceGroup: 'my-group', UsePVCName: 'true', OverProvision: '1.0',
    }],
    ['a foreign namespace is ignored', { 'example.com/foo': 'bar', 'csi.storage.k8s.io/fstype': 'xfs' }],
    ['snapshot keys in a StorageClass are ignored', { 'snap.linstor.csi.linbit.com/type': 'nonsense' }],
    ['the namespace is case-sensitive, so this is foreign', { 'Linstor.csi.linbit.com/storagePool': 'x y' }],
    ['properties take any name and value', { 'property.linstor.csi.linbit.com/DrbdOptions/Net/protocol': 'C', 'DrbdOptions/auto-quorum': 'suspend-io', 'property.linstor.csi.linbit.com/': '' }],
    ['an empty count means 1', { 'linstor.csi.linbit.com/placementCount': '' }],
    ['a signed count parses', { 'linstor.csi.linbit.com/placementCount': '-1', 'linstor.csi.linbit.com/autoPlace': '-1' }],
    ['remote access: Go bool', { 'linstor.csi.linbit.com/allowRemoteVolumeAccess': 'T' }],
    ['remote access: YAML rules', { 'linstor.csi.linbit.com/allowRemoteVolumeAccess': '- fromSame:\n  - topology.kubernetes.io/zone\n- fromSame: [a, b]\n' }],
    ['remote access: flow rules', { 'linstor.csi.linbit.com/allowRemoteVolumeAccess': '[{"fromSame":["zone"]}]' }],
    ['remote access: empty YAML leaves the default', { 'linstor.csi.linbit.com/allowRemoteVolumeAccess': '' }],
    ['layers are case-insensitive', { 'linstor.csi.linbit.com/layerList': 'DRBD Luks STORAGE' }],
    ['every layer', { 'linstor.csi.linbit.com/layerList': 'drbd cache writecache nvme luks storage' }],
    ['placement policy lower-cased', { 'linstor.csi.linbit.com/placementPolicy': 'followtopology' }],
    ['placement policy Unknown parses', { 'linstor.csi.linbit.com/placementPolicy': 'Unknown' }],
    ['over-provision special floats', { 'linstor.csi.linbit.com/overProvision': 'Inf' }],
    ['xReplicasOnDifferent map', { 'linstor.csi.linbit.com/xReplicasOnDifferent': '{"topology.kubernetes.io/zone": 2, rack: 1}' }],
    ['nfs recovery volume size', { 'linstor.csi.linbit.com/nfsRecoveryVolumeSize': '300Mi' }],
    ['sizeKiB is unused, anything goes', { 'linstor.csi.linbit.com/sizeKiB': 'lots' }],
    ['one parameter twice with the same value', { 'StoragePool': 'a', 'linstor.csi.linbit.com/storagePool': 'a' }],
  ])('%s', (_, params) => {
    expect(storageClassParameterProblems(params)).toEqual([]);
  });
});

describe('StorageClass parameters the operator webhook rejects', () => {
  test.each<[string, Record<string, string>, string, RegExp]>([
    // An unknown name without prefix or in LINSTOR's namespace rejects the class.
    ['unknown name, no prefix', { foo: 'bar' }, 'foo', /is not a LINSTOR CSI parameter; known ones are allowRemoteVolumeAccess, /],
    ['unknown name, prefixed', { 'linstor.csi.linbit.com/replicas': '2' }, 'linstor.csi.linbit.com/replicas', /property\.linstor\.csi\.linbit\.com\//],
    ['the empty key', { '': 'x' }, '', /is not a LINSTOR CSI parameter/],
    // layerList names known layers, split on single spaces.
    ['unknown layer (webhook test)', { LayerList: 'drbd some-new-layer storage' }, 'LayerList', /unknown layer "some-new-layer"/],
    ['two spaces make an empty layer', { 'linstor.csi.linbit.com/layerList': 'drbd  storage' }, 'linstor.csi.linbit.com/layerList', /unknown layer ""/],
    // Counts are 32-bit decimal integers.
    ['fractional count', { 'linstor.csi.linbit.com/placementCount': '1.5' }, 'linstor.csi.linbit.com/placementCount', /32-bit decimal integer/],
    ['count beyond int32', { 'linstor.csi.linbit.com/autoPlace': '2147483648' }, 'linstor.csi.linbit.com/autoPlace', /32-bit/],
    ['hex count', { 'linstor.csi.linbit.com/placementCount': '0x2' }, 'linstor.csi.linbit.com/placementCount', /32-bit/],
    // Booleans are Go's ParseBool.
    ['yes is no Go bool', { 'linstor.csi.linbit.com/encryption': 'yes' }, 'linstor.csi.linbit.com/encryption', /is not a bool/],
    ['usePvcName', { 'linstor.csi.linbit.com/usePvcName': 'on' }, 'linstor.csi.linbit.com/usePvcName', /is not a bool/],
    // allowRemoteVolumeAccess: a bool or a YAML list of rules.
    ['remote access: a word', { 'linstor.csi.linbit.com/allowRemoteVolumeAccess': 'maybe' }, 'linstor.csi.linbit.com/allowRemoteVolumeAccess', /neither a bool nor a YAML list/],
    ['remote access: a map', { 'linstor.csi.linbit.com/allowRemoteVolumeAccess': 'fromSame: [zone]' }, 'linstor.csi.linbit.com/allowRemoteVolumeAccess', /neither a bool nor a YAML list/],
    ['remote access: scalar rule', { 'linstor.csi.linbit.com/allowRemoteVolumeAccess': '- zone' }, 'linstor.csi.linbit.com/allowRemoteVolumeAccess', /rule that is not a mapping/],
    ['remote access: fromSame scalar', { 'linstor.csi.linbit.com/allowRemoteVolumeAccess': '- fromSame: zone' }, 'linstor.csi.linbit.com/allowRemoteVolumeAccess', /not a list of node label names/],
    ['remote access: bad YAML', { 'linstor.csi.linbit.com/allowRemoteVolumeAccess': '[a' }, 'linstor.csi.linbit.com/allowRemoteVolumeAccess', /is not valid YAML/],
    // Placement policy names.
    ['unknown policy', { 'linstor.csi.linbit.com/placementPolicy': 'Random' }, 'linstor.csi.linbit.com/placementPolicy', /use one of Manual, AutoPlace, FollowTopology, Balanced, AutoPlaceTopology/],
    ['overProvision is a float', { 'linstor.csi.linbit.com/overProvision': 'one' }, 'linstor.csi.linbit.com/overProvision', /decimal number/],
    ['xReplicasOnDifferent list', { 'linstor.csi.linbit.com/xReplicasOnDifferent': '[1, 2]' }, 'linstor.csi.linbit.com/xReplicasOnDifferent', /YAML map/],
    ['xReplicasOnDifferent word count', { 'linstor.csi.linbit.com/xReplicasOnDifferent': '{zone: two}' }, 'linstor.csi.linbit.com/xReplicasOnDifferent', /count for "zone" that is not a number/],
    ['nfs size unit', { 'linstor.csi.linbit.com/nfsRecoveryVolumeSize': '300MB' }, 'linstor.csi.linbit.com/nfsRecoveryVolumeSize', /Kubernetes quantity/],
    // Beyond the webhook: two keys for one thing with different values (Go map order decides).
    ['autoPlace and placementCount disagree', { 'linstor.csi.linbit.com/autoPlace': '2', 'linstor.csi.linbit.com/placementCount': '3' }, 'linstor.csi.linbit.com/placementCount', /sets parameter placementCount like "linstor\.csi\.linbit\.com\/autoPlace" but to a different value/],
    ['one property twice', { 'DrbdOptions/Net/protocol': 'A', 'property.linstor.csi.linbit.com/DrbdOptions/Net/protocol': 'C' }, 'property.linstor.csi.linbit.com/DrbdOptions/Net/protocol', /property DrbdOptions\/Net\/protocol/],
  ])('%s', (_, params, key, message) => {
    const problems = storageClassParameterProblems(params);
    expect(problems).toHaveLength(1);
    expect(problems[0].key).toBe(key);
    expect(problems[0].message).toMatch(message);
  });

  test('every problem is listed, in key order', () => {
    expect(storageClassParameterProblems({ zeta: '1', alpha: '2', 'linstor.csi.linbit.com/encryption': 'maybe' }).map((p) => p.key))
      .toEqual(['alpha', 'linstor.csi.linbit.com/encryption', 'zeta']);
  });
});

describe('buildStorageClassParameters', () => {
  const PATH = 'chart/sc';

  test('typed options become sorted, prefixed parameters', () => {
    const built = buildStorageClassParameters({
      storagePools: ['pool1', 'pool2'], placementCount: 2, replicasOnSame: ['topology.kubernetes.io/region'],
      replicasOnDifferent: ['topology.kubernetes.io/zone'], allowRemoteVolumeAccess: RemoteVolumeAccess.fromSame('topology.kubernetes.io/zone'),
      resourceGroup: 'rg', layers: [LinstorLayer.DRBD, LinstorLayer.LUKS, LinstorLayer.STORAGE], placementPolicy: LinstorPlacementPolicy.FOLLOW_TOPOLOGY,
      disklessOnRemaining: false, disklessStoragePool: 'diskless', doNotPlaceWithRegex: '^db-', usePvcName: true, overProvision: 1.5,
      fsType: 'xfs', mkfsOptions: '-b 4096', drbdOptions: { 'Net/protocol': 'C' }, properties: { 'Aux/team': 'storage' },
    }, PATH);
    expect(built.warnings).toEqual([]);
    expect(Object.entries(built.parameters)).toEqual([
      ['csi.storage.k8s.io/fstype', 'xfs'],
      ['linstor.csi.linbit.com/allowRemoteVolumeAccess', '[{"fromSame":["topology.kubernetes.io/zone"]}]'],
      ['linstor.csi.linbit.com/disklessOnRemaining', 'false'],
      ['linstor.csi.linbit.com/disklessStoragePool', 'diskless'],
      ['linstor.csi.linbit.com/doNotPlaceWithRegex', '^db-'],
      ['linstor.csi.linbit.com/fsOpts', '-b 4096'],
      ['linstor.csi.linbit.com/layerList', 'drbd luks storage'],
      ['linstor.csi.linbit.com/overProvision', '1.5'],
      ['linstor.csi.linbit.com/placementCount', '2'],
      ['linstor.csi.linbit.com/placementPolicy', 'FollowTopology'],
      ['linstor.csi.linbit.com/replicasOnDifferent', 'topology.kubernetes.io/zone'],
      ['linstor.csi.linbit.com/replicasOnSame', 'topology.kubernetes.io/region'],
      ['linstor.csi.linbit.com/resourceGroup', 'rg'],
      ['linstor.csi.linbit.com/storagePool', 'pool1 pool2'],
      ['linstor.csi.linbit.com/usePvcName', 'true'],
      ['property.linstor.csi.linbit.com/Aux/team', 'storage'],
      ['property.linstor.csi.linbit.com/DrbdOptions/Net/protocol', 'C'],
    ]);
    expect(storageClassParameterProblems(built.parameters)).toEqual([]);
  });

  test.each([
    ['anywhere', RemoteVolumeAccess.anywhere(), 'true'],
    ['localOnly', RemoteVolumeAccess.localOnly(), 'false'],
    ['anyOf', RemoteVolumeAccess.anyOf(['zone'], ['rack', 'room']), '[{"fromSame":["zone"]},{"fromSame":["rack","room"]}]'],
  ])('RemoteVolumeAccess.%s', (_, access, value) => {
    expect(access.value).toBe(value);
    expect(storageClassParameterProblems({ 'linstor.csi.linbit.com/allowRemoteVolumeAccess': value })).toEqual([]);
  });

  test('RemoteVolumeAccess rules need labels', () => {
    expectPiraeusError(() => RemoteVolumeAccess.fromSame(), ErrorCodes.INVALID_STORAGE_CLASS, /non-empty node label/);
    expectPiraeusError(() => RemoteVolumeAccess.anyOf(), ErrorCodes.INVALID_STORAGE_CLASS, /at least one rule/);
  });

  test.each<[string, Parameters<typeof buildStorageClassParameters>[0], RegExp]>([
    ['zero replicas', { placementCount: 0 }, /placementCount must be a whole number of replicas, 1 or more \(got 0\)/],
    ['fractional replicas', { placementCount: 1.5 }, /placementCount must be a whole number/],
    ['a pool name with a space', { storagePools: ['pool 1'] }, /storagePools must list one or more names without spaces .*got "pool 1"/],
    ['no pools', { storagePools: [] }, /storagePools must list one or more names/],
    ['empty label', { replicasOnDifferent: [''] }, /replicasOnDifferent must list/],
    ['no layers', { layers: [] }, /layers must name at least one layer/],
    ['negative over-provision', { overProvision: -1 }, /overProvision must be a finite factor/],
    ['empty fsType', { fsType: '' }, /fsType must not be empty/],
    ['empty DRBD option', { drbdOptions: { '': 'x' } }, /drbdOptions has an empty option path/],
    ['empty property', { properties: { '': 'x' } }, /properties has an empty property name/],
    ['an unknown extra parameter', { extraParameters: { replicas: '3' } }, /parameter "replicas" \(from extraParameters\["replicas"\]\) is not a LINSTOR CSI parameter/],
    ['a bad extra value', { extraParameters: { 'linstor.csi.linbit.com/nodeList': 'a', 'linstor.csi.linbit.com/encryption': 'yes' } }, /parameter "linstor\.csi\.linbit\.com\/encryption" \(from extraParameters\["linstor\.csi\.linbit\.com\/encryption"\]\) value "yes" is not a bool/],
    ['an extra parameter repeating a typed one', { placementCount: 2, extraParameters: { autoplace: '2' } }, /extraParameters\["autoplace"\] sets parameter placementCount, which placementCount already sets/],
    ['an extra fstype next to fsType', { fsType: 'xfs', extraParameters: { 'csi.storage.k8s.io/fstype': 'ext4' } }, /parameter "csi\.storage\.k8s\.io\/fstype" is set by fsType and again by extraParameters/],
    ['an extra property repeating drbdOptions', { drbdOptions: { 'Net/protocol': 'C' }, extraParameters: { 'DrbdOptions/Net/protocol': 'C' } }, /sets property DrbdOptions\/Net\/protocol, which drbdOptions\["Net\/protocol"\] already sets/],
  ])('%s is a located error', (_, options, message) => {
    const err = expectPiraeusError(() => buildStorageClassParameters(options, PATH), ErrorCodes.INVALID_STORAGE_CLASS, message);
    expect(err.location?.path).toBe(PATH);
  });

  test('each extra parameter is a warning saying what LINSTOR CSI does with it', () => {
    const built = buildStorageClassParameters({
      extraParameters: { 'qos.linbit.com/rbps': '100Mi', 'linstor.csi.linbit.com/nodeList': 'a b', 'property.linstor.csi.linbit.com/Aux/x': 'y' },
    }, PATH);
    expect(built.warnings).toEqual([
      '[STORAGE_EXTRA_PARAMETER] parameter "linstor.csi.linbit.com/nodeList" is passed through extraParameters; only its form (list) is checked',
      '[STORAGE_EXTRA_PARAMETER] parameter "property.linstor.csi.linbit.com/Aux/x" is passed through extraParameters and sets LINSTOR property "Aux/x" unchecked',
      '[STORAGE_EXTRA_PARAMETER] parameter "qos.linbit.com/rbps" is passed through extraParameters; LINSTOR CSI ignores namespace "qos.linbit.com", only its owner reads it',
    ]);
  });

  test('the same options in another order give the same parameters', () => {
    const a = buildStorageClassParameters({ drbdOptions: { b: '1', a: '2' }, extraParameters: { 'z.io/z': '1', 'a.io/a': '2' }, storagePools: ['p'] }, PATH);
    const b = buildStorageClassParameters({ storagePools: ['p'], extraParameters: { 'a.io/a': '2', 'z.io/z': '1' }, drbdOptions: { a: '2', b: '1' } }, PATH);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(Object.keys(a.parameters)).toEqual([...Object.keys(a.parameters)].sort());
  });
});

describe('VolumeSnapshotClass parameters LINSTOR CSI accepts', () => {
  const S = (k: string) => `snap.linstor.csi.linbit.com/${k}`;
  test.each<[string, Record<string, string>]>([
    ['none: in-cluster', {}],
    ['S3 with everything', {
      [S('type')]: 'S3', [S('remote-name')]: 'r', [S('allow-incremental')]: 'true', [S('delete-local')]: 'true', [S('s3-bucket')]: 'b',
      [S('s3-endpoint')]: 'e', [S('s3-signing-region')]: 'us-west-1', [S('s3-use-path-style')]: 'false', [S('max-increments')]: '10',
      [S('full-snapshot-after')]: '168h', 'csi.storage.k8s.io/snapshotter-secret-name': 's', 'csi.storage.k8s.io/snapshotter-secret-namespace': 'ns',
    }],
    // The type is matched as written or lower-cased.
    ['lower-case type', { [S('type')]: 's3', [S('remote-name')]: 'r' }],
    ['upper-case type', { [S('type')]: 'LINSTOR', [S('remote-name')]: 'r', [S('linstor-target-url')]: 'https://x' }],
    ['explicit in-cluster, delete-local false', { [S('type')]: 'InCluster', [S('delete-local')]: 'false' }],
    ['max-increments 0 and full-snapshot-after 0', { [S('type')]: 'S3', [S('remote-name')]: 'r', [S('max-increments')]: '0', [S('full-snapshot-after')]: '0' }],
    ['unknown snapshot keys are ignored', { [S('typo')]: 'x' }],
  ])('%s', (_, params) => {
    expect(snapshotClassParameterProblems(params)).toEqual([]);
  });
});

describe('VolumeSnapshotClass parameters LINSTOR CSI rejects', () => {
  const S = (k: string) => `snap.linstor.csi.linbit.com/${k}`;
  test.each<[string, Record<string, string>, string, RegExp]>([
    ['unknown type', { [S('type')]: 'Azure', [S('remote-name')]: 'r' }, S('type'), /is not a snapshot type; use one of InCluster, S3, Linstor/],
    ['type Unknown (parses, cannot snapshot)', { [S('type')]: 'Unknown', [S('remote-name')]: 'r' }, S('type'), /is not a snapshot type/],
    ['S3 without remote', { [S('type')]: 'S3' }, S('remote-name'), /is required for snapshots of type S3/],
    ['Linstor with empty remote', { [S('type')]: 'Linstor', [S('remote-name')]: '' }, S('remote-name'), /is required for snapshots of type Linstor/],
    ['delete-local in-cluster', { [S('delete-local')]: 'true' }, S('delete-local'), /cannot be used with in-cluster snapshots/],
    ['bool spelled yes', { [S('type')]: 'S3', [S('remote-name')]: 'r', [S('allow-incremental')]: 'yes' }, S('allow-incremental'), /is not a bool/],
    ['path style', { [S('type')]: 'S3', [S('remote-name')]: 'r', [S('s3-use-path-style')]: 'sometimes' }, S('s3-use-path-style'), /is not a bool/],
    ['negative max-increments', { [S('type')]: 'S3', [S('remote-name')]: 'r', [S('max-increments')]: '-1' }, S('max-increments'), /0 or more/],
    ['word max-increments', { [S('type')]: 'S3', [S('remote-name')]: 'r', [S('max-increments')]: 'ten' }, S('max-increments'), /whole number/],
    ['duration without unit', { [S('type')]: 'S3', [S('remote-name')]: 'r', [S('full-snapshot-after')]: '10' }, S('full-snapshot-after'), /Go duration/],
    ['negative duration', { [S('type')]: 'S3', [S('remote-name')]: 'r', [S('full-snapshot-after')]: '-1h' }, S('full-snapshot-after'), /Go duration of 0 or more/],
    ['secret name without namespace', { 'csi.storage.k8s.io/snapshotter-secret-name': 's' }, 'csi.storage.k8s.io/snapshotter-secret-namespace', /needs both name and namespace/],
  ])('%s', (_, params, key, message) => {
    const problems = snapshotClassParameterProblems(params);
    expect(problems).toHaveLength(1);
    expect(problems[0].key).toBe(key);
    expect(problems[0].message).toMatch(message);
  });

  test('unknown snapshot keys are found for a warning', () => {
    expect(unknownSnapshotParameterKeys({ [S('remote_name')]: 'r', [S('type')]: 'S3', 'other.io/x': 'y' })).toEqual([S('remote_name')]);
  });
});

describe('buildSnapshotClassParameters', () => {
  const PATH = 'chart/vsc';

  test('an S3 target', () => {
    const built = buildSnapshotClassParameters(LinstorSnapshotTarget.s3({
      remoteName: 'backups', endpoint: 's3.us-west-1.amazonaws.com', bucket: 'bucket', signingRegion: 'us-west-1', usePathStyle: false,
      allowIncremental: true, deleteLocal: true, maxIncrements: 10, fullSnapshotAfter: '168h', credentials: { name: 's3-access', namespace: 'storage' },
    }), undefined, PATH);
    expect(built).toEqual({
      parameters: {
        'csi.storage.k8s.io/snapshotter-secret-name': 's3-access',
        'csi.storage.k8s.io/snapshotter-secret-namespace': 'storage',
        'snap.linstor.csi.linbit.com/allow-incremental': 'true',
        'snap.linstor.csi.linbit.com/delete-local': 'true',
        'snap.linstor.csi.linbit.com/full-snapshot-after': '168h',
        'snap.linstor.csi.linbit.com/max-increments': '10',
        'snap.linstor.csi.linbit.com/remote-name': 'backups',
        'snap.linstor.csi.linbit.com/s3-bucket': 'bucket',
        'snap.linstor.csi.linbit.com/s3-endpoint': 's3.us-west-1.amazonaws.com',
        'snap.linstor.csi.linbit.com/s3-signing-region': 'us-west-1',
        'snap.linstor.csi.linbit.com/s3-use-path-style': 'false',
        'snap.linstor.csi.linbit.com/type': 'S3',
      },
      warnings: [],
    });
    expect(Object.keys(built.parameters)).toEqual([...Object.keys(built.parameters)].sort());
  });

  test('a LINSTOR target', () => {
    expect(buildSnapshotClassParameters(LinstorSnapshotTarget.linstor({
      remoteName: 'dr', targetUrl: 'https://linstor.dr.example.com:3371', targetClusterId: 'c0ffee', targetStoragePool: 'pool1',
    }), undefined, PATH).parameters).toEqual({
      'snap.linstor.csi.linbit.com/linstor-target-cluster-id': 'c0ffee',
      'snap.linstor.csi.linbit.com/linstor-target-storage-pool': 'pool1',
      'snap.linstor.csi.linbit.com/linstor-target-url': 'https://linstor.dr.example.com:3371',
      'snap.linstor.csi.linbit.com/remote-name': 'dr',
      'snap.linstor.csi.linbit.com/type': 'Linstor',
    });
  });

  test('in-cluster has no parameters', () => {
    expect(buildSnapshotClassParameters(LinstorSnapshotTarget.inCluster(), undefined, PATH)).toEqual({ parameters: {}, warnings: [] });
  });

  test('extra parameters are warnings; unknown snapshot keys too', () => {
    expect(buildSnapshotClassParameters(LinstorSnapshotTarget.inCluster(), { 'snap.linstor.csi.linbit.com/tpye': 'S3' }, PATH).warnings).toEqual([
      '[STORAGE_EXTRA_PARAMETER] parameter "snap.linstor.csi.linbit.com/tpye" is passed through extraParameters',
      '[STORAGE_UNKNOWN_SNAPSHOT_PARAMETER] parameter "snap.linstor.csi.linbit.com/tpye" is no LINSTOR CSI snapshot parameter; LINSTOR CSI ignores it (a typo?)',
    ]);
  });

  test.each<[string, () => unknown, RegExp]>([
    ['an empty remote name', () => buildSnapshotClassParameters(LinstorSnapshotTarget.s3({ remoteName: '' }), undefined, PATH),
      /parameter "snap\.linstor\.csi\.linbit\.com\/remote-name" \(from target option remoteName\) is required for snapshots of type S3/],
    ['a bad duration', () => buildSnapshotClassParameters(LinstorSnapshotTarget.s3({ remoteName: 'r', fullSnapshotAfter: '7d' }), undefined, PATH),
      /\(from target option fullSnapshotAfter\) value "7d" is not a Go duration/],
    ['an extra parameter repeating the target', () => buildSnapshotClassParameters(LinstorSnapshotTarget.s3({ remoteName: 'r' }), { 'snap.linstor.csi.linbit.com/type': 'Linstor' }, PATH),
      /extraParameters\["snap\.linstor\.csi\.linbit\.com\/type"\] repeats target option type/],
    ['an extra delete-local on in-cluster', () => buildSnapshotClassParameters(LinstorSnapshotTarget.inCluster(), { 'snap.linstor.csi.linbit.com/delete-local': 'true' }, PATH),
      /\(from extraParameters\["snap\.linstor\.csi\.linbit\.com\/delete-local"\]\) cannot be used with in-cluster snapshots/],
  ])('%s is a located error', (_, fn, message) => {
    expect(expectPiraeusError(fn, ErrorCodes.INVALID_STORAGE_CLASS, message).location?.path).toBe(PATH);
  });

  test.each<[string, () => unknown, RegExp]>([
    ['negative maxIncrements', () => LinstorSnapshotTarget.s3({ remoteName: 'r', maxIncrements: -1 }), /maxIncrements must be a whole number, 0 or more/],
    ['credentials without namespace', () => LinstorSnapshotTarget.s3({ remoteName: 'r', credentials: { name: 's', namespace: '' } }), /both a Secret name and a namespace/],
  ])('%s is rejected by the factory', (_, fn, message) => {
    expectPiraeusError(fn, ErrorCodes.INVALID_STORAGE_CLASS, message);
  });
});
