/**
 * The example app (examples/main.ts): synthesized into a temporary outdir, every object of every
 * chart validated, byte-identical on a second run, a snapshot per chart backed by targeted
 * assertions on what each example is about.
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { MIRROR } from '../examples/air-gapped';
import { buildExamples, Examples } from '../examples/main';
import { collectWarnings, NodeInventory, PiraeusInstall, PiraeusPreview, PREVIEW_FILES } from '../src';
import { CLUSTER_SCOPED_KINDS, validateAll } from './support/k8s-validate';
import { UPSTREAM_OBJECTS } from './support/upstream-v2.10.4';

type Obj = Record<string, any>;

const CHARTS = ['minimal', 'air-gapped', 'external-controller', 'storage-pools'];
const MANAGER = 'piraeus-operator-controller-manager';
const GENCERT = 'piraeus-operator-gencert';
const DIGEST = /@sha256:[0-9a-f]{64}$/;

const outdirs: string[] = [];
afterAll(() => {
  for (const d of outdirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Synthesizes every example as `npm run synth` does; returns the files under dist/ by folder. */
function synthTo(): { examples: Examples; dir: string; files: Record<string, Record<string, string>> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-piraeus-examples-'));
  outdirs.push(dir);
  const examples = buildExamples(path.join(dir, 'dist'));
  for (const app of Object.values(examples.apps)) app.synth();
  const files: Record<string, Record<string, string>> = {};
  for (const folder of fs.readdirSync(path.join(dir, 'dist')).sort()) {
    files[folder] = {};
    for (const f of fs.readdirSync(path.join(dir, 'dist', folder)).sort()) files[folder][f] = fs.readFileSync(path.join(dir, 'dist', folder, f), 'utf8');
  }
  return { examples, dir, files };
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
/** Every object of an example's folder, in apply order. */
const objectsOf: Record<string, Obj[]> = Object.fromEntries(
  Object.entries(first.files).map(([folder, files]) => [folder, Object.values(files).flatMap(parseYaml)]));
const installOf = (id: string) => first.examples.apps[id].node.findAll().find((c) => c instanceof PiraeusInstall) as PiraeusInstall;

describe('examples app', () => {
  test('dist/ holds one folder per example and nothing else', () => {
    expect(fs.readdirSync(path.join(first.dir, 'dist')).sort()).toEqual([...CHARTS].sort());
    for (const id of CHARTS) {
      expect(fs.statSync(path.join(first.dir, 'dist', id)).isDirectory()).toBe(true);
      expect(Object.keys(first.files[id]).every((f) => /^\d{4}-[a-z0-9-]+\.k8s\.yaml$/.test(f))).toBe(true);
    }
    expect(Object.keys(first.files['storage-pools'])).toEqual([
      '0000-piraeus-crds.k8s.yaml', '0001-piraeus-operator.k8s.yaml', '0002-piraeus-cluster.k8s.yaml', '0003-application.k8s.yaml',
    ]);
  });

  test('no operator-created workload anywhere under dist/', () => {
    for (const id of CHARTS) {
      const names = objectsOf[id].filter((o) => o.kind === 'DaemonSet' || o.metadata.annotations?.['piraeus.io/cdk8s-preview']);
      expect({ id, names }).toEqual({ id, names: [] });
      // The names the operator gives the workloads it creates (see releases/v2.10.4/workloads.yaml).
      const created = /^(linstor-controller|linstor-csi-controller|linstor-csi-node|linstor-affinity-controller|ha-controller|linstor-csi-nfs-server|linstor-satellite\b.*)$/;
      expect({ id, created: objectsOf[id].filter((o) => created.test(o.metadata.name)).map((o) => `${o.kind}/${o.metadata.name}`) }).toEqual({ id, created: [] });
    }
  });

  test('the preview: operator-created workloads for the selected nodes, each annotated, each valid, outside dist/', () => {
    const dir = path.join(first.dir, 'preview', 'storage-pools');
    first.examples.preview.writeTo(dir);
    const objects = parseYaml(fs.readFileSync(path.join(dir, PREVIEW_FILES.workloads), 'utf8'));
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
    expect(fs.readFileSync(path.join(dir, PREVIEW_FILES.report), 'utf8')).toContain('drbd9-jammy');
  });

  test('synthesizing twice gives byte-identical YAML', () => {
    expect(synthTo().files).toEqual(first.files);
  });

  describe.each(CHARTS)('%s', (id) => {
    const objects = objectsOf[id];
    const files = Object.keys(first.files[id]);
    const fileIndex = (pred: (o: Obj) => boolean) => files.findIndex((f) => parseYaml(first.files[id][f]).some(pred));

    test('snapshot', () => {
      expect(Object.fromEntries(Object.entries(first.files[id]).map(([f, text]) => [f, snapshotView(parseYaml(text))]))).toMatchSnapshot();
    });

    test('every object validates against its schema', () => {
      expect(objects.length).toBeGreaterThan(0);
      expect(validateAll(objects)).toEqual([]);
    });

    test('apply order: every custom resource after its CRD, every webhook-validated object after the operator', () => {
      const operator = fileIndex((o) => o.kind === 'Deployment' && o.metadata.name === MANAGER);
      files.forEach((f, i) => {
        for (const o of parseYaml(first.files[id][f])) {
          if (o.apiVersion === 'piraeus.io/v1') {
            expect({ o: o.kind, after: fileIndex((c) => c.kind === 'CustomResourceDefinition' && c.spec.names.kind === o.kind) < i }).toEqual({ o: o.kind, after: true });
          }
          if (o.apiVersion === 'piraeus.io/v1' || o.kind === 'StorageClass') expect({ o: o.kind, after: operator < i }).toEqual({ o: o.kind, after: true });
        }
      });
    });

    test('the folder is plain resources kubectl kustomize accepts (no object twice)', () => {
      const folder = path.join(first.dir, 'dist', id);
      const kustomization = path.join(folder, 'kustomization.yaml');
      fs.writeFileSync(kustomization, `resources:\n${files.map((f) => `- ${f}`).join('\n')}\n`);
      try {
        const r = spawnSync('kubectl', ['kustomize', folder], { encoding: 'utf8' });
        if (r.error) throw new Error(`kubectl is needed for this test: ${r.error.message}`);
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        expect(parseAllDocuments(r.stdout).length).toBe(objects.length);
      } finally {
        fs.rmSync(kustomization);
      }
    });

    test('contains the whole upstream install, named as upstream', () => {
      const emitted = new Set(objects.map((o) => `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? '-'}/${o.metadata.name}`));
      for (const u of UPSTREAM_OBJECTS) expect(emitted).toContain(`${u.apiVersion} ${u.kind} ${u.namespace ?? '-'}/${u.name}`);
    });

    test('cluster-scoped objects carry no namespace; the install\'s namespaced ones carry the operator namespace', () => {
      for (const o of objects) {
        if (CLUSTER_SCOPED_KINDS.has(o.kind) || o.kind === 'StorageClass' || o.kind === 'VolumeSnapshotClass') expect(o.metadata).not.toHaveProperty('namespace');
        else expect(o.metadata.namespace).toBe(o.metadata.name.startsWith('application-') ? 'demo' : 'piraeus-datastore');
      }
    });

    test('no component-only RELATED_IMAGE_<component> variable; variables sorted and unique', () => {
      const names = related(objects).map((e) => e.name);
      expect(names.length).toBeGreaterThan(0);
      expect([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(names);
      expect(new Set(names).size).toBe(names.length);
      for (const c of installOf(id).operator.imagePlan.resolver.components()) expect(names).not.toContain(`RELATED_IMAGE_${c}`);
    });

    test('no warnings', () => {
      expect(installOf(id).operator.diagnostics).toEqual([]);
      expect(collectWarnings(first.examples.apps[id])).toEqual([]);
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
  const ds = installOf('air-gapped');

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
  const ds = installOf('external-controller');

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
    const preview = new PiraeusPreview(ds, 'preview', {
      install: ds, nodes: NodeInventory.fromNodes([{ name: 'n1', osImage: 'Ubuntu 24.04.1 LTS' }]),
    });
    const objs = preview.workloads as Obj[];
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
