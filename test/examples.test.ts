/**
 * The example app (examples/main.ts): synthesized into a temporary outdir, every object of every
 * chart validated, byte-identical on a second run, a snapshot per chart backed by targeted
 * assertions on what each example is about.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { MIRROR } from '../examples/air-gapped';
import { buildExamples } from '../examples/main';
import { NodeInventory, PiraeusDatastore, PiraeusPreview } from '../src';
import { UPSTREAM_OBJECTS } from './support/upstream-v2.10.4';
import { CLUSTER_SCOPED_KINDS, validateAll } from './support/k8s-validate';

type Obj = Record<string, any>;

const CHARTS = ['minimal', 'air-gapped', 'external-controller', 'storage-pools'];
const MANAGER = 'piraeus-operator-controller-manager';
const GENCERT = 'piraeus-operator-gencert';
const DIGEST = /@sha256:[0-9a-f]{64}$/;

const outdirs: string[] = [];
afterAll(() => {
  for (const d of outdirs) fs.rmSync(d, { recursive: true, force: true });
});

function synthTo(): { app: App; dir: string; files: Record<string, string> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-piraeus-examples-'));
  outdirs.push(dir);
  const { app } = buildExamples(dir);
  app.synth();
  const files: Record<string, string> = {};
  for (const f of fs.readdirSync(dir).sort()) files[f] = fs.readFileSync(path.join(dir, f), 'utf8');
  return { app, dir, files };
}

function parseYaml(text: string): Obj[] {
  return parseAllDocuments(text).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS() as Obj;
  }).filter((o) => o !== null);
}

/** The objects with every CRD schema replaced by its hash: the snapshot stays readable. */
function snapshotView(objects: readonly Obj[]): Obj[] {
  return objects.map((o) => (o.kind === 'CustomResourceDefinition'
    ? { ...o, spec: { sha256: createHash('sha256').update(JSON.stringify(o.spec)).digest('hex') } }
    : o));
}

function find(objects: readonly Obj[], kind: string, name?: string): Obj {
  const hits = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (hits.length !== 1) throw new Error(`expected one ${kind} ${name ?? ''}, found ${hits.length}`);
  return hits[0];
}

const managerEnv = (objects: readonly Obj[]): Obj[] => find(objects, 'Deployment', MANAGER).spec.template.spec.containers[0].env;
const related = (objects: readonly Obj[]) => managerEnv(objects).filter((e) => e.name.startsWith('RELATED_IMAGE_'));
const envValue = (objects: readonly Obj[], name: string) => managerEnv(objects).find((e) => e.name === name)?.value;

const first = synthTo();
const objectsOf: Record<string, Obj[]> = Object.fromEntries(
  Object.entries(first.files).map(([file, text]) => [file.replace(/\.k8s\.yaml$/, ''), parseYaml(text)]));
const chartOf = (id: string) => first.app.charts.find((c) => c.node.id === id)!;

describe('examples app', () => {
  test('one file per example chart, and the storage-pools preview in a file of its own', () => {
    expect(Object.keys(first.files)).toEqual([...CHARTS, 'storage-pools-preview'].map((c) => `${c}.k8s.yaml`).sort());
    expect(first.app.charts.map((c) => c.node.id)).toEqual([...CHARTS, 'storage-pools-preview']);
  });

  test('the preview: operator-created workloads for the selected nodes, each annotated, each valid', () => {
    const objects = objectsOf['storage-pools-preview'];
    expect(validateAll(objects)).toEqual([]);
    for (const o of objects) expect(o.metadata.annotations['piraeus.io/cdk8s-preview']).toMatch(/preview only/);
    // examples/nodes.json: four nodes labelled as storage; the control plane and worker-1 are not.
    expect(objects.filter((o) => o.kind === 'DaemonSet' && o.metadata.name.startsWith('linstor-satellite.')).map((o) => o.metadata.name))
      .toEqual(['linstor-satellite.storage-a1', 'linstor-satellite.storage-a2', 'linstor-satellite.storage-b1', 'linstor-satellite.storage-b2']);
    const loader = (node: string) => find(objects, 'DaemonSet', `linstor-satellite.${node}`).spec.template.spec.initContainers
      .find((c: Obj) => c.name === 'drbd-module-loader').image;
    expect(loader('storage-a1')).toBe('quay.io/piraeusdatastore/drbd9-jammy:v9.2.16');
    expect(loader('storage-b1')).toBe('quay.io/piraeusdatastore/drbd9-almalinux9:v9.2.16');
    expect(loader('storage-b2')).toBe('quay.io/piraeusdatastore/drbd9-bookworm:v9.2.16');
  });

  test('synthesizing twice gives byte-identical YAML', () => {
    expect(synthTo().files).toEqual(first.files);
  });

  describe.each(CHARTS)('%s', (id) => {
    const objects = objectsOf[id];

    test('snapshot', () => {
      expect(snapshotView(objects)).toMatchSnapshot();
    });

    test('the written file is what the chart synthesizes', () => {
      expect(objects).toEqual(JSON.parse(JSON.stringify(Testing.synth(chartOf(id)))));
    });

    test('every object validates against its schema', () => {
      expect(objects.length).toBeGreaterThan(0);
      expect(validateAll(objects)).toEqual([]);
    });

    test('contains the whole upstream install, named as upstream', () => {
      const emitted = new Set(objects.map((o) => `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? '-'}/${o.metadata.name}`));
      for (const u of UPSTREAM_OBJECTS) expect(emitted).toContain(`${u.apiVersion} ${u.kind} ${u.namespace ?? '-'}/${u.name}`);
    });

    test('cluster-scoped objects carry no namespace; namespaced ones carry the operator namespace', () => {
      for (const o of objects) {
        if (CLUSTER_SCOPED_KINDS.has(o.kind)) expect(o.metadata).not.toHaveProperty('namespace');
        else expect(o.metadata.namespace).toBe('piraeus-datastore');
      }
    });

    test('no component-only RELATED_IMAGE_<component> variable; variables sorted and unique', () => {
      const names = related(objects).map((e) => e.name);
      expect(names.length).toBeGreaterThan(0);
      expect([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(names);
      expect(new Set(names).size).toBe(names.length);
      const ds = (chartOf(id).node.findAll().find((c) => c instanceof PiraeusDatastore) as PiraeusDatastore);
      for (const c of ds.operator.imagePlan.resolver.components()) expect(names).not.toContain(`RELATED_IMAGE_${c}`);
    });

    test('no warnings', () => {
      const ds = (chartOf(id).node.findAll().find((c) => c instanceof PiraeusDatastore) as PiraeusDatastore);
      expect(ds.operator.diagnostics).toEqual([]);
    });
  });
});

describe('minimal', () => {
  const objects = objectsOf.minimal;

  test('the default install and an empty LinstorCluster', () => {
    expect(find(objects, 'LinstorCluster')).toEqual({ apiVersion: 'piraeus.io/v1', kind: 'LinstorCluster', metadata: { name: 'linstorcluster' }, spec: {} });
    expect(Object.keys(find(objects, 'ConfigMap').data).sort()).toEqual(['0_piraeus_datastore_images.yaml', '0_sig_storage_images.yaml']);
    expect(find(objects, 'Deployment', MANAGER).spec.template.spec.containers[0].image).toBe('quay.io/piraeusdatastore/piraeus-operator:v2.10.4');
    expect(envValue(objects, 'RELATED_IMAGE_linstor-controller_piraeus-server')).toBe('quay.io/piraeusdatastore/piraeus-server:v1.32.3');
  });
});

describe('air-gapped', () => {
  const objects = objectsOf['air-gapped'];
  const ds = chartOf('air-gapped').node.findAll().find((c) => c instanceof PiraeusDatastore) as PiraeusDatastore;

  test('the mirror is registry.example.com/piraeus', () => {
    expect(MIRROR).toBe('registry.example.com/piraeus');
  });

  test('every RELATED_IMAGE value comes from the mirror', () => {
    const list = related(objects);
    expect(list.length).toBeGreaterThan(20);
    for (const e of list) expect(`${e.name}=${e.value}`).toMatch(new RegExp(`=${MIRROR.replace(/\./g, '\\.')}/`));
  });

  test('the operator image (manager and gencert) comes from the mirror, with a digest', () => {
    for (const name of [MANAGER, GENCERT]) {
      const image = find(objects, 'Deployment', name).spec.template.spec.containers[0].image as string;
      expect(image.startsWith(`${MIRROR}/piraeus-operator:v2.10.4@sha256:`)).toBe(true);
      expect(image).toMatch(DIGEST);
    }
  });

  test('controller and satellite images carry digests; the controller override shows as an override', () => {
    for (const name of ['RELATED_IMAGE_linstor-controller_piraeus-server', 'RELATED_IMAGE_linstor-satellite_piraeus-server']) {
      const value = envValue(objects, name) as string;
      expect(value.startsWith(`${MIRROR}/piraeus-server:`)).toBe(true);
      expect(value).toMatch(DIGEST);
    }
    const controller = ds.operator.report().filter((r) => r.component === 'linstor-controller');
    expect(controller.map((r) => [r.origin, r.image])).toEqual([['override', envValue(objects, 'RELATED_IMAGE_linstor-controller_piraeus-server')]]);
    expect(ds.operator.imageFor('linstor-controller')).toMatch(DIGEST);
    expect(ds.operator.imageFor('linstor-satellite', 'Ubuntu 22.04.4 LTS')).toMatch(DIGEST);
  });

  test('the LinstorCluster points at the mirror and the pull secret reaches every workload', () => {
    expect(find(objects, 'LinstorCluster').spec).toEqual({ repository: MIRROR });
    expect(envValue(objects, 'PULL_SECRET')).toBe('mirror-pull-secret');
    for (const name of [MANAGER, GENCERT]) {
      expect(find(objects, 'Deployment', name).spec.template.spec.imagePullSecrets).toEqual([{ name: 'mirror-pull-secret' }]);
    }
  });

  test('every image the operator can run, cluster and node level, comes from the mirror, pinned by digest', () => {
    for (const row of ds.operator.report()) expect(row.image).toMatch(new RegExp(`^${MIRROR.replace(/\./g, '\\.')}/.*@sha256:[0-9a-f]{64}$`));
    for (const e of related(objects)) expect(`${e.name}=${e.value}`).toMatch(DIGEST);
  });
});

describe('external-controller', () => {
  const objects = objectsOf['external-controller'];
  const ds = chartOf('external-controller').node.findAll().find((c) => c instanceof PiraeusDatastore) as PiraeusDatastore;

  test('the satellite is pinned to the external controller version v1.31.2', () => {
    const sat = related(objects).filter((e) => e.name.startsWith('RELATED_IMAGE_linstor-satellite_'));
    expect(sat).toEqual([{ name: 'RELATED_IMAGE_linstor-satellite_piraeus-server', value: 'quay.io/piraeusdatastore/piraeus-server:v1.31.2' }]);
  });

  test('the LINSTOR controller is not moved to the external version', () => {
    expect(envValue(objects, 'RELATED_IMAGE_linstor-controller_piraeus-server')).toBe('quay.io/piraeusdatastore/piraeus-server:v1.32.3');
  });

  test('the LinstorCluster names the external controller', () => {
    expect(find(objects, 'LinstorCluster').spec).toEqual({ externalController: { url: 'http://linstor-controller.example.com:3370' } });
  });

  test('a preview of the install has no linstor-controller workload, and satellites on v1.31.2', () => {
    const previewChart = new Chart(Testing.app(), 'external-controller.preview');
    const preview = new PiraeusPreview(previewChart, 'preview', {
      datastore: ds, nodes: NodeInventory.fromNodes([{ name: 'n1', osImage: 'Ubuntu 24.04.1 LTS' }]),
    });
    const objs = Testing.synth(previewChart) as Obj[];
    expect(objs.filter((o) => /linstor-controller/.test(o.metadata.name))).toEqual([]);
    expect(preview.report.cluster.some((w) => w.name === 'linstor-controller')).toBe(false);
    const sat = find(objs, 'DaemonSet', 'linstor-satellite.n1').spec.template.spec.containers.find((c: Obj) => c.name === 'linstor-satellite');
    expect(sat.image).toBe('quay.io/piraeusdatastore/piraeus-server:v1.31.2');
  });
});

describe('storage-pools', () => {
  const objects = objectsOf['storage-pools'];

  test('the LinstorSatelliteConfiguration has the pools, on the storage nodes', () => {
    const config = find(objects, 'LinstorSatelliteConfiguration', 'storage-pools');
    expect(config.spec.nodeSelector).toEqual({ 'storage.example.com/role': 'storage' });
    expect(config.spec.storagePools).toEqual([
      { name: 'thin', lvmThinPool: { volumeGroup: 'vg-storage', thinPool: 'thin' }, source: { hostDevices: ['/dev/nvme1n1'] } },
      { name: 'zfs', zfsThinPool: { zPool: 'tank' } },
    ]);
  });

  test('the LinstorCluster selects the storage nodes and sets the property', () => {
    expect(find(objects, 'LinstorCluster').spec).toEqual({
      nodeSelector: { 'storage.example.com/role': 'storage' },
      properties: [{ name: 'DrbdOptions/Net/max-buffers', value: '10000' }],
    });
  });

  test('the replication LinstorNodeConnection', () => {
    expect(find(objects, 'LinstorNodeConnection', 'rack-replication').spec).toEqual({
      selector: [{ matchLabels: [{ key: 'topology.kubernetes.io/zone', op: 'NotSame' }] }],
      paths: [{ name: 'replication', interface: 'data-nic' }],
    });
  });

  test('the csi override document follows the defaults and is pinned', () => {
    const data = find(objects, 'ConfigMap').data as Record<string, string>;
    expect(Object.keys(data).sort()).toEqual(['0_piraeus_datastore_images.yaml', '0_sig_storage_images.yaml', '1_csi.yaml']);
    expect(data['1_csi.yaml']).toBe('base: quay.io/piraeusdatastore\ncomponents:\n  linstor-csi:\n    image: piraeus-csi\n    tag: v1.10.5\n');
    expect(envValue(objects, 'RELATED_IMAGE_linstor-csi_piraeus-csi')).toBe('quay.io/piraeusdatastore/piraeus-csi:v1.10.5');
  });
});
