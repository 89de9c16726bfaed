/**
 * A cluster on labelled storage nodes with LVM-thin and ZFS pools, an Ubuntu 22.04 override
 * document, and a dedicated replication network between racks.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ImageConfigOverride, imports, LinstorNodeConnection, PiraeusDatastore } from '../src';

export class StoragePoolsChart extends Chart {
  public readonly datastore: PiraeusDatastore;

  public constructor(scope: Construct, id = 'storage-pools') {
    super(scope, id);
    this.datastore = new PiraeusDatastore(this, 'piraeus', {
      operator: {
        imageConfig: [ImageConfigOverride.fromComponents({
          base: 'quay.io/piraeusdatastore',
          components: {
            'linstor-csi': { image: 'piraeus-csi', tag: 'v1.10.5' },
          },
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
    new LinstorNodeConnection(this, 'rack-replication', {
      name: 'rack-replication',
      selector: [{ matchLabels: [{ key: 'topology.kubernetes.io/zone', op: imports.LinstorNodeConnectionSpecSelectorMatchLabelsOp.NOT_SAME }] }],
      paths: [{ name: 'replication', interface: 'data-nic' }],
    });
  }
}
