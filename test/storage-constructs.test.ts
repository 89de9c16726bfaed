/**
 * LinstorStorageClass and LinstorVolumeSnapshotClass: what they emit (schema-valid, cluster-scoped,
 * sorted), located errors for bad props, warnings as metadata (or errors with failOnWarnings), and
 * use from a cdk8s-plus PersistentVolumeClaim.
 */
import { Chart, Size, Testing } from 'cdk8s';
import { PersistentVolumeClaim } from 'cdk8s-plus-28';
import {
  ErrorCodes, LinstorLayer, LinstorSnapshotTarget, LinstorStorageClass, LinstorVolumeSnapshotClass, RemoteVolumeAccess,
  SnapshotDeletionPolicy, WARNING_METADATA, StorageClassReclaimPolicy, VolumeBindingMode,
} from '../src';
import { storageClassParameterProblems } from '../src/storage';
import { expectPiraeusError } from './support/errors';
import { validateAll } from './support/k8s-validate';

type Obj = Record<string, any>;

function newChart(namespace?: string) {
  const app = Testing.app();
  return { app, chart: new Chart(app, 'test', namespace ? { namespace } : {}) };
}

describe('LinstorStorageClass', () => {
  test('defaults: WaitForFirstConsumer, expandable, no parameters', () => {
    const { chart } = newChart();
    const sc = new LinstorStorageClass(chart, 'sc', { name: 'linstor' });
    const objects = Testing.synth(chart);
    expect(objects).toEqual([{
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'linstor' },
      provisioner: 'linstor.csi.linbit.com',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
    }]);
    expect(sc.name).toBe('linstor');
    expect(validateAll(objects)).toEqual([]);
  });

  test('every prop reaches the object; the output is schema-valid and the webhook rules admit it', () => {
    const { chart } = newChart();
    new LinstorStorageClass(chart, 'sc', {
      name: 'replicated', labels: { team: 'storage' }, defaultClass: true,
      storagePools: ['pool1'], placementCount: 3, replicasOnDifferent: ['topology.kubernetes.io/zone'],
      allowRemoteVolumeAccess: RemoteVolumeAccess.localOnly(), layers: [LinstorLayer.DRBD, LinstorLayer.LUKS, LinstorLayer.STORAGE],
      fsType: 'xfs', drbdOptions: { 'Resource/on-no-quorum': 'suspend-io' },
      volumeBindingMode: VolumeBindingMode.IMMEDIATE, allowVolumeExpansion: false, reclaimPolicy: StorageClassReclaimPolicy.RETAIN,
      mountOptions: ['noatime'],
    });
    const objects = Testing.synth(chart);
    expect(validateAll(objects)).toEqual([]);
    expect(objects[0]).toEqual({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'replicated', labels: { team: 'storage' }, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'linstor.csi.linbit.com',
      parameters: {
        'csi.storage.k8s.io/fstype': 'xfs',
        'linstor.csi.linbit.com/allowRemoteVolumeAccess': 'false',
        'linstor.csi.linbit.com/layerList': 'drbd luks storage',
        'linstor.csi.linbit.com/placementCount': '3',
        'linstor.csi.linbit.com/replicasOnDifferent': 'topology.kubernetes.io/zone',
        'linstor.csi.linbit.com/storagePool': 'pool1',
        'property.linstor.csi.linbit.com/DrbdOptions/Resource/on-no-quorum': 'suspend-io',
      },
      volumeBindingMode: 'Immediate',
      allowVolumeExpansion: false,
      reclaimPolicy: 'Retain',
      mountOptions: ['noatime'],
    });
    expect(storageClassParameterProblems(objects[0].parameters)).toEqual([]);
  });

  test('is cluster-scoped: no namespace even in a chart with one', () => {
    const { chart } = newChart('apps');
    new LinstorStorageClass(chart, 'sc');
    const [sc] = Testing.synth(chart);
    expect(sc.metadata.namespace).toBeUndefined();
    expect(sc.metadata.name).toMatch(/^test-sc-/);
    expect(validateAll([sc])).toEqual([]);
  });

  test('parameters come out sorted, whatever the order of the props', () => {
    const synth = (props: ConstructorParameters<typeof LinstorStorageClass>[2]) => {
      const { chart } = newChart();
      new LinstorStorageClass(chart, 'sc', props);
      return JSON.stringify(Testing.synth(chart));
    };
    const a = synth({ extraParameters: { 'z.example.com/z': '1', 'a.example.com/a': '2' }, properties: { 'Aux/b': '1', 'Aux/a': '2' }, storagePools: ['p'] });
    const b = synth({ storagePools: ['p'], properties: { 'Aux/a': '2', 'Aux/b': '1' }, extraParameters: { 'a.example.com/a': '2', 'z.example.com/z': '1' } });
    expect(a).toBe(b);
    const keys = Object.keys(JSON.parse(a)[0].parameters);
    expect(keys).toEqual([...keys].sort());
  });

  test('a bad parameter is a located error naming the prop and the parameter', () => {
    const { chart } = newChart();
    const err = expectPiraeusError(() => new LinstorStorageClass(chart, 'sc', { extraParameters: { 'linstor.csi.linbit.com/layerList': 'drbd zfs' } }),
      ErrorCodes.INVALID_STORAGE_CLASS,
      /^at test\/sc: the Piraeus Operator's StorageClass webhook would reject these parameters: parameter "linstor\.csi\.linbit\.com\/layerList" \(from extraParameters\["linstor\.csi\.linbit\.com\/layerList"\]\) value "drbd zfs" names unknown layer "zfs"/);
    expect(err.location?.path).toBe('test/sc');
  });

  test('a bad typed prop is a located error', () => {
    const { chart } = newChart();
    const err = expectPiraeusError(() => new LinstorStorageClass(chart, 'sc', { placementCount: -2 }), ErrorCodes.INVALID_STORAGE_CLASS, /placementCount must be a whole number/);
    expect(err.location?.path).toBe('test/sc');
  });

  test('extra parameters are recorded as warning metadata; synth passes', () => {
    const { app, chart } = newChart();
    const sc = new LinstorStorageClass(chart, 'sc', { extraParameters: { 'linstor.csi.linbit.com/nodeList': 'node-a node-b' } });
    const entries = sc.node.metadata.filter((m) => m.type === WARNING_METADATA).map((m) => m.data);
    expect(sc.warnings).toEqual(['[STORAGE_EXTRA_PARAMETER] parameter "linstor.csi.linbit.com/nodeList" is passed through extraParameters; only its form (list) is checked']);
    // The metadata holds the one-line form runSynth prints.
    expect(entries).toEqual(['at test/sc: parameter "linstor.csi.linbit.com/nodeList" is passed through extraParameters; only its form (list) is checked [STORAGE_EXTRA_PARAMETER]']);
    expect(() => app.synth()).not.toThrow();
  });

  test('failOnWarnings turns warnings into located synth errors', () => {
    const { app, chart } = newChart();
    new LinstorStorageClass(chart, 'sc', { extraParameters: { 'linstor.csi.linbit.com/nodeList': 'node-a' }, failOnWarnings: true });
    expect(() => app.synth()).toThrow(/at test\/sc: parameter "linstor\.csi\.linbit\.com\/nodeList" .*\[STORAGE_EXTRA_PARAMETER\]/);
  });

  test('a cdk8s-plus PersistentVolumeClaim uses it by name', () => {
    const { chart } = newChart('apps');
    const sc = new LinstorStorageClass(chart, 'sc', { name: 'piraeus-storage', storagePools: ['pool1'] });
    new PersistentVolumeClaim(chart, 'data', { storageClassName: sc.name, storage: Size.gibibytes(1) });
    const objects = Testing.synth(chart);
    const pvc = objects.find((o: Obj) => o.kind === 'PersistentVolumeClaim');
    expect(pvc.spec.storageClassName).toBe('piraeus-storage');
    expect(pvc.metadata.namespace).toBe('apps');
    expect(objects.find((o: Obj) => o.kind === 'StorageClass').metadata.namespace).toBeUndefined();
  });
});

describe('LinstorVolumeSnapshotClass', () => {
  test('defaults: in-cluster snapshots, Delete', () => {
    const { chart } = newChart();
    const vsc = new LinstorVolumeSnapshotClass(chart, 'snap', { name: 'linstor-snapshots' });
    const objects = Testing.synth(chart);
    expect(objects).toEqual([{
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshotClass',
      metadata: { name: 'linstor-snapshots' },
      driver: 'linstor.csi.linbit.com',
      deletionPolicy: 'Delete',
    }]);
    expect(vsc.name).toBe('linstor-snapshots');
    expect(validateAll([objects[0]])).toEqual([]);
  });

  test('S3 backups with a credentials Secret; cluster-scoped in a namespaced chart; schema-valid', () => {
    const { chart } = newChart('storage');
    new LinstorVolumeSnapshotClass(chart, 'snap', {
      name: 's3', deletionPolicy: SnapshotDeletionPolicy.RETAIN, defaultClass: true,
      target: LinstorSnapshotTarget.s3({
        remoteName: 'snapshot-bucket', bucket: 'snapshot-bucket', endpoint: 's3.us-west-1.amazonaws.com', signingRegion: 'us-west-1',
        usePathStyle: false, deleteLocal: true, allowIncremental: false, credentials: { name: 'linstor-csi-s3-access', namespace: 'storage' },
      }),
    });
    const [vsc] = Testing.synth(chart);
    expect(validateAll([vsc])).toEqual([]);
    expect(vsc.metadata).toEqual({ name: 's3', annotations: { 'snapshot.storage.kubernetes.io/is-default-class': 'true' } });
    expect(vsc.deletionPolicy).toBe('Retain');
    expect(vsc.parameters).toEqual({
      'csi.storage.k8s.io/snapshotter-secret-name': 'linstor-csi-s3-access',
      'csi.storage.k8s.io/snapshotter-secret-namespace': 'storage',
      'snap.linstor.csi.linbit.com/allow-incremental': 'false',
      'snap.linstor.csi.linbit.com/delete-local': 'true',
      'snap.linstor.csi.linbit.com/remote-name': 'snapshot-bucket',
      'snap.linstor.csi.linbit.com/s3-bucket': 'snapshot-bucket',
      'snap.linstor.csi.linbit.com/s3-endpoint': 's3.us-west-1.amazonaws.com',
      'snap.linstor.csi.linbit.com/s3-signing-region': 'us-west-1',
      'snap.linstor.csi.linbit.com/s3-use-path-style': 'false',
      'snap.linstor.csi.linbit.com/type': 'S3',
    });
    const keys = Object.keys(vsc.parameters);
    expect(keys).toEqual([...keys].sort());
  });

  test('the generated name is a DNS name and there is no namespace', () => {
    const { chart } = newChart('storage');
    new LinstorVolumeSnapshotClass(chart, 'Snap', { target: LinstorSnapshotTarget.linstor({ remoteName: 'dr', targetUrl: 'https://dr:3371' }) });
    const [vsc] = Testing.synth(chart);
    expect(validateAll([vsc])).toEqual([]);
  });

  test('a bad parameter is a located error', () => {
    const { chart } = newChart();
    const err = expectPiraeusError(() => new LinstorVolumeSnapshotClass(chart, 'snap', { target: LinstorSnapshotTarget.s3({ remoteName: 'r', fullSnapshotAfter: '1w' }) }),
      ErrorCodes.INVALID_STORAGE_CLASS,
      /^at test\/snap: LINSTOR CSI would reject these snapshot parameters: parameter "snap\.linstor\.csi\.linbit\.com\/full-snapshot-after" \(from target option fullSnapshotAfter\) value "1w" is not a Go duration/);
    expect(err.location?.path).toBe('test/snap');
  });

  test('warnings are metadata, and errors with failOnWarnings', () => {
    const one = newChart();
    const vsc = new LinstorVolumeSnapshotClass(one.chart, 'snap', { extraParameters: { 'snap.linstor.csi.linbit.com/remote-nmae': 'x' } });
    expect(vsc.node.metadata.filter((m) => m.type === WARNING_METADATA).map((m) => m.data)).toEqual([
      'at test/snap: parameter "snap.linstor.csi.linbit.com/remote-nmae" is passed through extraParameters [STORAGE_EXTRA_PARAMETER]',
      'at test/snap: parameter "snap.linstor.csi.linbit.com/remote-nmae" is no LINSTOR CSI snapshot parameter; LINSTOR CSI ignores it (a typo?) [STORAGE_UNKNOWN_SNAPSHOT_PARAMETER]',
    ]);
    expect(() => one.app.synth()).not.toThrow();
    const two = newChart();
    new LinstorVolumeSnapshotClass(two.chart, 'snap', { extraParameters: { 'snap.linstor.csi.linbit.com/remote-nmae': 'x' }, failOnWarnings: true });
    expect(() => two.app.synth()).toThrow(/at test\/snap: .*\[STORAGE_UNKNOWN_SNAPSHOT_PARAMETER\]/);
  });
});
