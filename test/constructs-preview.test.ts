/**
 * PiraeusPreview: the operator-created workloads rendered with the predicted images, in a chart of
 * its own, every object annotated as preview-only; NodeInventory.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import {
  ErrorCodes, ImageConfigOverride, ImageOverride, NodeInventory, PiraeusDatastore, PiraeusDatastoreProps, PiraeusError, PiraeusPreview, PREVIEW_ANNOTATION,
  PREVIEW_FILES,
} from '../src';
import { diffReports } from '../src/workloads';
import { validateAll } from './support/k8s-validate';

type Obj = Record<string, any>;

const DIGEST = 'sha256:' + 'c'.repeat(64);

const NODES = NodeInventory.fromNodes([
  { name: 'worker-c', osImage: 'Red Hat Enterprise Linux 9.4 (Plow)', labels: { 'storage.example.com/role': 'storage' } },
  { name: 'worker-a', osImage: 'Ubuntu 22.04.4 LTS', labels: { 'storage.example.com/role': 'storage' } },
  { name: 'worker-b', osImage: 'Ubuntu 22.04.4 LTS', labels: { 'storage.example.com/role': 'storage' } },
  { name: 'compute-1', osImage: 'Flatcar Container Linux by Kinvolk 3815.2.0', labels: {} },
]);

function build(props: PiraeusDatastoreProps = {}, nodes: NodeInventory = NODES, chartProps: { namespace?: string } = {}) {
  const app = Testing.app();
  const install = new Chart(app, 'install', chartProps);
  const datastore = new PiraeusDatastore(install, 'piraeus', { ...props, operator: { installCrds: false, ...props.operator } });
  const preview = new PiraeusPreview(install, 'preview', { install: datastore, nodes });
  return { app, install, datastore, preview, objects: preview.workloads as Obj[] };
}

function workload(objects: readonly Obj[], kind: string, name: string): Obj {
  const hit = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!hit) throw new Error(`no ${kind} ${name} in ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return hit;
}

function images(obj: Obj): Record<string, string> {
  const spec = obj.spec.template.spec;
  return Object.fromEntries([...(spec.initContainers ?? []), ...spec.containers].map((c: Obj) => [c.name, c.image]));
}

describe('PiraeusPreview of the default install', () => {
  const { objects, datastore, preview, app } = build();
  const operator = datastore.operator;

  test('snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('every object validates and carries the preview annotation', () => {
    expect(validateAll(objects)).toEqual([]);
    expect(objects.length).toBeGreaterThan(0);
    for (const o of objects) {
      expect(o.metadata.annotations?.[PREVIEW_ANNOTATION]).toBe('operator-created workload, preview only: do not apply');
    }
    expect(YAML.parseAllDocuments(preview.yaml()).map((d) => d.toJS())).toEqual(objects);
  });

  test('the cluster workloads the operator creates, in the operator namespace', () => {
    const names = objects.filter((o) => !o.metadata.name.startsWith('linstor-satellite')).map((o) => `${o.kind}/${o.metadata.name}`).sort();
    expect(names).toEqual([
      'DaemonSet/ha-controller', 'DaemonSet/linstor-csi-nfs-server', 'DaemonSet/linstor-csi-node',
      'Deployment/linstor-affinity-controller', 'Deployment/linstor-controller', 'Deployment/linstor-csi-controller',
    ]);
    for (const o of objects) expect(o.metadata.namespace).toBe(operator.namespace);
  });

  test('cluster workloads run the cluster-level images', () => {
    expect(images(workload(objects, 'Deployment', 'linstor-controller'))).toEqual({
      'run-migration': operator.imageFor('linstor-controller'), 'linstor-controller': operator.imageFor('linstor-controller'),
    });
    const csi = images(workload(objects, 'Deployment', 'linstor-csi-controller'));
    expect(csi['linstor-csi']).toBe('quay.io/piraeusdatastore/piraeus-csi:v1.10.5');
    expect(csi['csi-provisioner']).toBe('registry.k8s.io/sig-storage/csi-provisioner:v6.1.0');
    expect(csi['csi-health-monitor']).toBe(operator.imageFor('csi-external-health-monitor-controller'));
  });

  test.each([
    ['worker-a', 'Ubuntu 22.04.4 LTS', 'quay.io/piraeusdatastore/drbd9-jammy:v9.2.16'],
    ['worker-b', 'Ubuntu 22.04.4 LTS', 'quay.io/piraeusdatastore/drbd9-jammy:v9.2.16'],
    ['worker-c', 'Red Hat Enterprise Linux 9.4 (Plow)', 'quay.io/piraeusdatastore/drbd9-almalinux9:v9.2.16'],
    ['compute-1', 'Flatcar Container Linux by Kinvolk 3815.2.0', 'quay.io/piraeusdatastore/drbd9-noble:v9.2.16'],
  ])('satellite DaemonSet for %s (%s) loads DRBD from %s', (node, osImage, loader) => {
    const ds = workload(objects, 'DaemonSet', `linstor-satellite.${node}`);
    const imgs = images(ds);
    expect(imgs['drbd-module-loader']).toBe(loader);
    expect(imgs['drbd-module-loader']).toBe(operator.imageFor('drbd-module-loader', osImage));
    expect(imgs['linstor-satellite']).toBe(operator.imageFor('linstor-satellite', osImage));
    expect(imgs['setup-lvm-configuration']).toBe(imgs['linstor-satellite']);
    expect(imgs['drbd-reactor']).toBe('quay.io/piraeusdatastore/drbd-reactor:v1.10.0');
  });

  test('the report groups nodes by OS and names why each image was chosen', () => {
    expect(preview.report.nodeGroups.map((g) => [g.osImage, g.nodes])).toEqual([
      ['Flatcar Container Linux by Kinvolk 3815.2.0', ['compute-1']],
      ['Red Hat Enterprise Linux 9.4 (Plow)', ['worker-c']],
      ['Ubuntu 22.04.4 LTS', ['worker-a', 'worker-b']],
    ]);
    expect(preview.report.unselectedNodes).toEqual([]);
    const loader = preview.report.nodeGroups[2].satellite.containers.find((c) => c.name === 'drbd-module-loader')!;
    expect(loader.provenance).toMatchObject({ rule: { pattern: 'Ubuntu 22\\.04' }, envVar: 'RELATED_IMAGE_drbd-module-loader_drbd9-jammy' });
    expect(preview.table()).toContain('drbd9-jammy');
    expect(preview.markdown()).toContain('|');
    expect(() => JSON.parse(preview.json())).not.toThrow();
  });

  test('the app with the preview in it synthesizes', () => {
    expect(() => app.synthYaml()).not.toThrow();
  });
});

describe('PiraeusPreview is never applied', () => {
  test('it emits no API objects: the chart it is in synthesizes the install alone', () => {
    const { install, datastore } = build();
    const synthesized = Testing.synth(install) as Obj[];
    expect(synthesized.filter((o) => o.kind === 'DaemonSet')).toEqual([]);
    expect(synthesized).toHaveLength(datastore.operator.objects().length + 1);
  });

  test('writeTo writes the workloads and the report into the folder given, nothing else', () => {
    const { preview } = build();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-piraeus-preview-'));
    try {
      preview.writeTo(path.join(dir, 'storage'));
      expect(fs.readdirSync(path.join(dir, 'storage')).sort()).toEqual([PREVIEW_FILES.report, PREVIEW_FILES.workloads].sort());
      expect(fs.readFileSync(path.join(dir, 'storage', PREVIEW_FILES.workloads), 'utf8')).toBe(preview.yaml());
      expect(fs.readFileSync(path.join(dir, 'storage', PREVIEW_FILES.report), 'utf8')).toBe(preview.markdown());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a namespace on the chart does not move the workloads out of the operator namespace', () => {
    const { objects } = build({ operator: { namespace: 'piraeus-datastore' } }, NODES, { namespace: 'other' });
    for (const o of objects) expect(o.metadata.namespace).toBe('piraeus-datastore');
  });

  test('building twice gives byte-identical YAML', () => {
    const once = () => build({ cluster: { nodeSelector: { 'storage.example.com/role': 'storage' } } }).preview.yaml();
    expect(once()).toBe(once());
  });
});

describe('PiraeusPreview follows the install', () => {
  test('cluster nodeSelector: unselected nodes get no satellite and are reported', () => {
    const { objects, preview } = build({ cluster: { nodeSelector: { 'storage.example.com/role': 'storage' } } });
    expect(objects.filter((o) => o.metadata.name.startsWith('linstor-satellite')).map((o) => o.metadata.name))
      .toEqual(['linstor-satellite.worker-a', 'linstor-satellite.worker-b', 'linstor-satellite.worker-c']);
    expect(preview.report.unselectedNodes).toEqual(['compute-1']);
    expect(preview.report.excludedNodes.map((n) => [n.node, n.reasons.map((r) => r.kind)])).toEqual([['compute-1', ['node-selector']]]);
  });

  test('the report marks a loader no OS rule matched, with the family hint, and names the toleration a tainted node needs', () => {
    const nodes = NodeInventory.fromNodes([
      { name: 'flatcar', osImage: 'Flatcar Container Linux by Kinvolk 3815.2.0' },
      { name: 'tainted', osImage: 'Ubuntu 22.04.4 LTS', taints: [{ key: 'dedicated', value: 'storage', effect: 'NoSchedule' }] },
      { name: 'ubuntu', osImage: 'Ubuntu 22.04.4 LTS' },
    ]);
    const { preview } = build({}, nodes);
    const [flatcar, ubuntu] = preview.report.nodeGroups;
    expect(flatcar.satellite.containers.find((c) => c.name === 'drbd-module-loader')!.match).toBe('fallback-no-rule-matched');
    expect(flatcar.noOsRuleMatched).toMatchObject({ components: ['drbd-module-loader'], family: 'Flatcar Container Linux' });
    expect(ubuntu.noOsRuleMatched).toBeUndefined();
    expect(preview.report.excludedNodes.map((n) => n.reasons.map((r) => r.toleration))).toEqual([
      [{ key: 'dedicated', operator: 'Equal', value: 'storage', effect: 'NoSchedule' }],
    ]);
    // The Markdown written by writeTo carries the same: one implementation with the CLI report.
    const md = preview.markdown();
    expect(md).toContain('fallback (no OS rule matched)');
    expect(md).toContain('> **Note:** no OS rule matched for drbd-module-loader: the fallback image is used. Flatcar Container Linux: ');
    expect(md).toContain('- tainted (Ubuntu 22.04.4 LTS): untolerated taint dedicated=storage:NoSchedule; fix: add the toleration '
      + '{key: dedicated, operator: Equal, value: storage, effect: NoSchedule} to the LinstorCluster tolerations');
    expect(preview.markdown({ all: true })).not.toContain('shared by all');
    expect(md).toContain('### Satellite rows shared by all 2 node groups');
  });

  test('external controller: no linstor-controller Deployment; satellites on the pinned external version', () => {
    const { objects, datastore } = build({ cluster: { externalController: { url: 'http://linstor.example.com:3370' } }, externalControllerVersion: '1.31.2' });
    expect(objects.filter((o) => o.metadata.name === 'linstor-controller')).toEqual([]);
    const sat = images(workload(objects, 'DaemonSet', 'linstor-satellite.worker-a'));
    expect(sat['linstor-satellite']).toBe('quay.io/piraeusdatastore/piraeus-server:v1.31.2');
    expect(datastore.operator.imageFor('linstor-satellite', 'Ubuntu 22.04.4 LTS')).toBe(sat['linstor-satellite']);
    expect(validateAll(objects)).toEqual([]);
  });

  test('repository and explicit overrides show in the preview', () => {
    const ref = `mirror.example.com/drbd9-jammy:v9.2.16@${DIGEST}`;
    const { objects } = build({
      cluster: { repository: 'registry.example.com/piraeus' },
      operator: { imageOverrides: [ImageOverride.forVariant('drbd-module-loader', 'drbd9-jammy', ref)] },
    });
    expect(images(workload(objects, 'DaemonSet', 'linstor-satellite.worker-a'))['drbd-module-loader']).toBe(ref);
    expect(images(workload(objects, 'DaemonSet', 'linstor-satellite.worker-c'))['drbd-module-loader']).toBe('registry.example.com/piraeus/drbd9-almalinux9:v9.2.16');
    for (const o of objects) {
      for (const image of Object.values(images(o))) {
        expect(image.startsWith('registry.example.com/piraeus/') || image === ref).toBe(true);
      }
    }
  });

  test('satellite configurations reach the satellites (TLS handshake daemon adds ktls-utils)', () => {
    const { objects } = build({ satelliteConfigurations: { tls: { internalTls: { tlsHandshakeDaemon: true } } } });
    const sat = images(workload(objects, 'DaemonSet', 'linstor-satellite.worker-a'));
    expect(sat['ktls-utils']).toBe('quay.io/piraeusdatastore/ktls-utils:v1.2.1');
  });

  test('disabled components are not previewed', () => {
    const { objects } = build({ cluster: { nfsServer: { enabled: false }, affinityController: { enabled: false } } });
    const names = objects.map((o) => o.metadata.name);
    expect(names).not.toContain('linstor-csi-nfs-server');
    expect(names).not.toContain('linstor-affinity-controller');
  });
});

describe('NodeInventory', () => {
  test('fromNodes sorts by name', () => {
    expect(NODES.nodes.map((n) => n.name)).toEqual(['compute-1', 'worker-a', 'worker-b', 'worker-c']);
  });

  test.each([
    ['a node without name', [{ name: '', osImage: 'x' }], /needs a name/],
    ['the same node twice', [{ name: 'a', osImage: 'x' }, { name: 'a', osImage: 'y' }], /"a" is listed twice/],
  ])('fromNodes rejects %s', (_what, nodes, message) => {
    let caught: unknown;
    try {
      NodeInventory.fromNodes(nodes);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(PiraeusError);
    expect((caught as PiraeusError).code).toBe(ErrorCodes.INVALID_NODES);
    expect((caught as PiraeusError).message).toMatch(message);
  });

  test('fromFile reads `kubectl get nodes -o json` and gives the same preview as fromNodes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'piraeus-nodes-'));
    const file = path.join(dir, 'nodes.json');
    fs.writeFileSync(file, JSON.stringify({
      apiVersion: 'v1', kind: 'List',
      items: NODES.nodes.map((n) => ({
        apiVersion: 'v1', kind: 'Node', metadata: { name: n.name, labels: n.labels }, spec: {}, status: { nodeInfo: { osImage: n.osImage } },
      })),
    }));
    const fromFile = NodeInventory.fromFile(file);
    expect(fromFile.nodes.map((n) => [n.name, n.osImage])).toEqual(NODES.nodes.map((n) => [n.name, n.osImage]));
    expect(build({}, fromFile).objects).toEqual(build({}, NODES).objects);
  });

  test('fromFile on a missing file is a located FILE_UNREADABLE error', () => {
    let caught: unknown;
    try {
      NodeInventory.fromFile('/nonexistent/nodes.json');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(PiraeusError);
    expect((caught as PiraeusError).code).toBe(ErrorCodes.FILE_UNREADABLE);
    expect((caught as PiraeusError).location?.path).toBe('/nonexistent/nodes.json');
  });
});

describe('PiraeusPreview per OS variant', () => {
  const loader = (objects: readonly Obj[], node: string) => images(workload(objects, 'DaemonSet', `linstor-satellite.${node}`))['drbd-module-loader'];

  test.each([
    // RHCOS builds 413-419 are RHEL 9 based; the generic CoreOS rule (and any other scheme) gets almalinux8.
    ['Red Hat Enterprise Linux CoreOS 416.94.202406172220-0 (Plow)', 'drbd9-almalinux9'],
    ['Red Hat Enterprise Linux CoreOS 412.86.202303011010-0 (Ootpa)', 'drbd9-almalinux8'],
    ['Red Hat Enterprise Linux CoreOS 9.6.20250701-0 (Plow)', 'drbd9-almalinux8'],
    ['Rocky Linux 10.0 (Red Quartz)', 'drbd9-almalinux10'],
    // v2.10.4 has no Debian 13 rule yet (it came after the release): the fallback image.
    ['Debian GNU/Linux 13 (trixie)', 'drbd9-noble'],
    ['Ubuntu 20.04.6 LTS', 'drbd9-noble'],
  ])('%s -> %s', (osImage, expected) => {
    const { objects } = build({}, NodeInventory.fromNodes([{ name: 'n1', osImage }]));
    expect(loader(objects, 'n1')).toBe(`quay.io/piraeusdatastore/${expected}:v9.2.16`);
  });

  test('a precompiled rule switches on the precompiled-module patch on the nodes it matches only', () => {
    const { objects, preview } = build({
      operator: {
        imageConfig: [ImageConfigOverride.fromComponents({
          base: 'quay.io/piraeusdatastore',
          components: {
            'drbd-module-loader': {
              image: 'drbd9-noble', tag: 'v9.2.16',
              match: [{ osImage: 'Flatcar Container Linux', image: 'drbd9-flatcar', precompiled: true }],
            },
          },
        }, 'precompiled')],
      },
    }, NodeInventory.fromNodes([
      { name: 'flatcar', osImage: 'Flatcar Container Linux by Kinvolk 3815.2.0' },
      { name: 'ubuntu', osImage: 'Ubuntu 22.04.4 LTS' },
    ]));
    const spec = (node: string) => workload(objects, 'DaemonSet', `linstor-satellite.${node}`).spec.template.spec;
    const loaderOf = (node: string) => spec(node).initContainers.find((c: Obj) => c.name === 'drbd-module-loader');
    expect(loaderOf('flatcar').image).toBe('quay.io/piraeusdatastore/drbd9-flatcar:v9.2.16');
    expect(loaderOf('flatcar').env).toContainEqual({ name: 'LB_HOW', value: 'shipped_modules' });
    expect(spec('flatcar').volumes.map((v: Obj) => v.name)).not.toContain('usr-src');
    // The override document has no Ubuntu rule: the later document's fallback wins for Ubuntu.
    expect(loaderOf('ubuntu').image).toBe('quay.io/piraeusdatastore/drbd9-noble:v9.2.16');
    expect((loaderOf('ubuntu').env ?? []).map((e: Obj) => e.name)).not.toContain('LB_HOW');
    expect(spec('ubuntu').volumes.map((v: Obj) => v.name)).toContain('usr-src');
    expect(preview.report.nodeGroups.map((g) => [g.nodes, g.precompiled])).toEqual([[['flatcar'], true], [['ubuntu'], false]]);
  });

  test('a version bump shows as exactly the loader changes, node by node', () => {
    const before = build().preview.report;
    const after = build({
      operator: {
        imageConfig: [ImageConfigOverride.fromYaml([
          'base: quay.io/piraeusdatastore',
          'components:',
          '  drbd-module-loader:',
          '    image: drbd9-noble',
          '    tag: v9.2.17',
          '    match:',
          '      - osImage: Ubuntu 22\\.04',
          '        image: drbd9-jammy',
          '      - osImage: Red Hat Enterprise Linux 9\\.',
          '        image: drbd9-almalinux9',
          '',
        ].join('\n'), 'drbd-bump')],
      },
    }).preview.report;
    const changes = diffReports(before, after);
    expect(changes.map((c) => [c.nodes, c.container, c.before, c.after])).toEqual([
      [['compute-1'], 'drbd-module-loader', 'quay.io/piraeusdatastore/drbd9-noble:v9.2.16', 'quay.io/piraeusdatastore/drbd9-noble:v9.2.17'],
      [['worker-a', 'worker-b'], 'drbd-module-loader', 'quay.io/piraeusdatastore/drbd9-jammy:v9.2.16', 'quay.io/piraeusdatastore/drbd9-jammy:v9.2.17'],
      [['worker-c'], 'drbd-module-loader', 'quay.io/piraeusdatastore/drbd9-almalinux9:v9.2.16', 'quay.io/piraeusdatastore/drbd9-almalinux9:v9.2.17'],
    ]);
  });
});
