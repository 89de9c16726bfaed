/**
 * The whole path a platform team takes: the install on labelled storage nodes with LVM-thin and
 * ZFS pools, an override document, a replication network between racks, two StorageClasses, a
 * snapshot class, and an application whose PersistentVolumeClaim uses one of them.
 */
import { App, Chart, Size } from 'cdk8s';
import { Deployment, Namespace, PersistentVolumeAccessMode, PersistentVolumeClaim, Volume } from 'cdk8s-plus-28';
import {
  ImageConfigOverride, imports, LinstorNodeConnection, LinstorStorageClass, LinstorVolumeSnapshotClass, PiraeusInstall,
  StorageClassReclaimPolicy,
} from 'cdk8s-piraeus';

/** The install and the application chart of the example. */
export interface StoragePools {
  readonly install: PiraeusInstall;
  readonly replicated: LinstorStorageClass;
  readonly local: LinstorStorageClass;
  readonly snapshots: LinstorVolumeSnapshotClass;
  readonly application: Chart;
}

/** Adds the example to `app`. */
export function storagePools(app: App): StoragePools {
  const install = new PiraeusInstall(app, 'piraeus', {
    operator: {
      imageConfig: [ImageConfigOverride.fromComponents({
        base: 'quay.io/piraeusdatastore',
        components: { 'linstor-csi': { image: 'piraeus-csi', tag: 'v1.10.5' } },
      }, 'csi')],
    },
    cluster: {
      nodeSelector: { 'storage.example.com/role': 'storage' },
      properties: [{ name: 'DrbdOptions/Net/max-buffers', value: '10000' }],
    },
    satelliteConfigurations: {
      'storage-pools': {
        nodeSelector: { 'storage.example.com/role': 'storage' },
        storagePools: [
          { name: 'thin', lvmThinPool: { volumeGroup: 'vg-storage', thinPool: 'thin' }, source: { hostDevices: ['/dev/nvme1n1'] } },
          { name: 'zfs', zfsThinPool: { zPool: 'tank' } },
        ],
      },
    },
  });
  const phase = install.clusterChart;
  new LinstorNodeConnection(phase, 'rack-replication', {
    name: 'rack-replication',
    selector: [{ matchLabels: [{ key: 'topology.kubernetes.io/zone', op: imports.LinstorNodeConnectionSpecSelectorMatchLabelsOp.NOT_SAME }] }],
    paths: [{ name: 'replication', interface: 'data-nic' }],
  });
  const replicated = new LinstorStorageClass(phase, 'replicated', {
    name: 'piraeus-replicated',
    storagePools: ['thin'],
    placementCount: 2,
    replicasOnDifferent: ['topology.kubernetes.io/zone'],
    fsType: 'xfs',
    drbdOptions: { 'Net/rr-conflict': 'retry-connect' },
    defaultClass: true,
  });
  const local = new LinstorStorageClass(phase, 'local', {
    name: 'piraeus-local-zfs',
    storagePools: ['zfs'],
    placementCount: 1,
    reclaimPolicy: StorageClassReclaimPolicy.RETAIN,
  });
  const snapshots = new LinstorVolumeSnapshotClass(phase, 'snapshots', { name: 'piraeus-snapshots' });

  // The application comes after the cluster phase: its claim needs the StorageClass.
  // (No chart namespace: it would also land on the cluster-scoped Namespace object.)
  const application = new Chart(app, 'application');
  application.addDependency(phase);
  const namespace = new Namespace(application, 'namespace', { metadata: { name: 'demo' } });
  const claim = new PersistentVolumeClaim(application, 'data', {
    metadata: { namespace: namespace.name },
    storageClassName: replicated.name, storage: Size.gibibytes(10), accessModes: [PersistentVolumeAccessMode.READ_WRITE_ONCE],
  });
  // A writer that appends to its replicated volume; cdk8s-plus runs it as a non-root user.
  const deployment = new Deployment(application, 'writer', { metadata: { namespace: namespace.name }, replicas: 1, securityContext: { fsGroup: 1000 } });
  const container = deployment.addContainer({
    image: 'docker.io/library/busybox:1.37',
    command: ['sh', '-c', 'while true; do date >> /data/log; sleep 60; done'],
    securityContext: { user: 1000, group: 1000 },
  });
  container.mount('/data', Volume.fromPersistentVolumeClaim(application, 'data-volume', claim));
  return { install, replicated, local, snapshots, application };
}
