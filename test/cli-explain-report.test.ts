/**
 * `explain` and `report` as a user runs them (the built CLI) over a mixed inventory: Flatcar and
 * Talos nodes whose OS matches no loader rule, a storage node tainted `dedicated=storage:NoSchedule`,
 * and a worker without the storage label. The expectations follow from the default rules of the
 * newest release (Ubuntu 22.04 has a rule, Flatcar and Talos do not) and from the LinstorCluster.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const BIN = path.join(__dirname, '..', 'lib', 'cli', 'main.js');
const NODES = path.join(__dirname, 'fixtures', 'nodes-mixed.yaml');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
let cluster: string;
let withConfig: string;
beforeAll(() => {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build (npm test does)`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-piraeus-explain-'));
  cluster = path.join(dir, 'cluster.yaml');
  fs.writeFileSync(cluster, 'apiVersion: piraeus.io/v1\nkind: LinstorCluster\nmetadata: {name: linstorcluster}\n'
    + 'spec: {nodeSelector: {storage.example.com/role: storage}}\n');
  // The cluster tolerates the taint, but a configuration's own tolerations list replaces the operator's.
  withConfig = path.join(dir, 'with-config.yaml');
  fs.writeFileSync(withConfig, [
    'apiVersion: piraeus.io/v1', 'kind: LinstorCluster', 'metadata: {name: linstorcluster}', 'spec:',
    '  nodeSelector: {storage.example.com/role: storage}',
    '  tolerations: [{key: dedicated, operator: Equal, value: storage, effect: NoSchedule}]', '---',
    'apiVersion: piraeus.io/v1', 'kind: LinstorSatelliteConfiguration', 'metadata: {name: gpu-tolerations}', 'spec:',
    '  podTemplate: {spec: {tolerations: [{key: gpu, operator: Exists}]}}', '',
  ].join('\n'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const TALOS_LOADER = /drbd-module-loader\s+quay\.io\/piraeusdatastore\/drbd9-noble:v9\.2\.16\s+0_piraeus_datastore_images\.yaml, fallback \(no OS rule matched\)/;

describe('explain', () => {
  test('--cluster: loaders only for satellite nodes, shared rows once, the fallback marked with the family hint, excluded nodes with reasons', () => {
    const r = run(['explain', '--nodes', NODES, '--cluster', cluster]);
    expect(r.code).toBe(0);
    const out = r.stdout;
    const sections = out.split('\n\n');
    // Three OS groups: Flatcar, Talos, Ubuntu 22.04 (worker-1 and the tainted node run no satellite).
    expect(sections[0]).toMatch(/^Shared by all 3 OS images\n/);
    expect(sections[0]).toMatch(/linstor-satellite\s+quay\.io\/piraeusdatastore\/piraeus-server:v1\.32\.3\s+0_piraeus_datastore_images\.yaml, fallback$/m);
    expect(sections[0]).not.toContain('drbd-module-loader');
    expect(out).toContain('OS image "Ubuntu 22.04.4 LTS": 2 nodes (ubuntu-1, ubuntu-2)');
    expect(out).not.toContain('OS image "Ubuntu 24.04.1 LTS"');
    const talos = sections.find((s) => s.startsWith('OS image "Talos (v1.8.3)"'))!;
    // Head, column header, rule line, one row: only the loader differs from the shared rows.
    expect(talos.split('\n').filter((l) => /^\S/.test(l))).toHaveLength(4);
    expect(talos).toMatch(TALOS_LOADER);
    expect(talos).toContain('note: no OS rule matched for drbd-module-loader: the fallback image is used. Talos Linux: ');
    const flatcar = sections.find((s) => s.startsWith('OS image "Flatcar'))!;
    expect(flatcar).toContain('Flatcar Container Linux: /usr is read-only');
    const ubuntu = sections.find((s) => s.startsWith('OS image "Ubuntu 22.04.4 LTS"'))!;
    expect(ubuntu).toMatch(/drbd-module-loader\s+quay\.io\/piraeusdatastore\/drbd9-jammy:v9\.2\.16\s+0_piraeus_datastore_images\.yaml, rule 15 \/Ubuntu 22\\\.04\/$/m);
    expect(ubuntu).not.toContain('note:');
    expect(out).toContain([
      'Nodes without a satellite (2):',
      '  storage-tainted (Ubuntu 22.04.4 LTS): untolerated taint dedicated=storage:NoSchedule; fix: add the toleration '
        + '{key: dedicated, operator: Equal, value: storage, effect: NoSchedule} to the LinstorCluster tolerations '
        + '(spec.tolerations; the operator also gives it to the satellite pods)',
      '  worker-1 (Ubuntu 24.04.1 LTS): LinstorCluster nodeSelector wants storage.example.com/role=storage (the node has no such label); '
        + 'fix: label the node, or change the LinstorCluster nodeSelector',
      '',
    ].join('\n'));
  });

  test('--all prints every row of every group', () => {
    const r = run(['explain', '--nodes', NODES, '--cluster', cluster, '--all']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('Shared by all');
    expect(r.stdout.match(/^linstor-satellite\s/gm)).toHaveLength(3);
    expect(r.stdout.match(/^drbd-module-loader\s/gm)).toHaveLength(3);
  });

  test('without --cluster every node is shown and none is judged', () => {
    const r = run(['explain', '--nodes', NODES, '--output', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.groups.map((g: any) => g.osImage)).toEqual([
      'Flatcar Container Linux by Kinvolk 4081.2.0 (Oklo)', 'Talos (v1.8.3)', 'Ubuntu 22.04.4 LTS', 'Ubuntu 24.04.1 LTS',
    ]);
    expect(out.groups[2].nodes).toEqual(['storage-tainted', 'ubuntu-1', 'ubuntu-2']);
    expect(out).not.toHaveProperty('excludedNodes');
  });

  test('JSON with --cluster: match kinds, the note, excluded nodes; the existing fields stay', () => {
    const r = run(['explain', '--nodes', NODES, '--cluster', cluster, '--output', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const [flatcar, talos, ubuntu] = out.groups;
    const loader = (g: any) => g.images.find((i: any) => i.name === 'drbd-module-loader');
    expect(loader(talos)).toEqual({
      name: 'drbd-module-loader', image: 'quay.io/piraeusdatastore/drbd9-noble:v9.2.16', document: '0_piraeus_datastore_images.yaml',
      rule: null, envVar: null, base: 'quay.io/piraeusdatastore', baseSource: 'document', externalVersion: false,
      match: 'fallback-no-rule-matched',
    });
    expect(loader(ubuntu).match).toBe('rule');
    expect(talos.images.find((i: any) => i.name === 'linstor-satellite').match).toBe('fallback-no-rules');
    expect(talos.noOsRuleMatched).toMatchObject({ components: ['drbd-module-loader'], family: 'Talos Linux' });
    expect(flatcar.noOsRuleMatched.family).toBe('Flatcar Container Linux');
    expect(ubuntu.noOsRuleMatched).toBeNull();
    expect(out.excludedNodes).toEqual([
      { node: 'storage-tainted', osImage: 'Ubuntu 22.04.4 LTS', reasons: [{
        kind: 'taint', detail: 'untolerated taint dedicated=storage:NoSchedule', fix: expect.stringContaining('LinstorCluster tolerations'),
        taint: { key: 'dedicated', value: 'storage', effect: 'NoSchedule' },
        toleration: { key: 'dedicated', operator: 'Equal', value: 'storage', effect: 'NoSchedule' }, configurations: [],
      }] },
      { node: 'worker-1', osImage: 'Ubuntu 24.04.1 LTS', reasons: [{
        kind: 'node-selector', detail: 'LinstorCluster nodeSelector wants storage.example.com/role=storage (the node has no such label)',
        fix: 'label the node, or change the LinstorCluster nodeSelector', taint: null, toleration: null, configurations: [],
      }] },
    ]);
  });
});

describe('report', () => {
  test('table: shared satellite rows once, per group only the loader, notes and reasons', () => {
    const r = run(['report', '--nodes', NODES, '--cluster', cluster]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Satellite rows shared by all 3 node groups');
    expect(r.stdout).toMatch(/^DaemonSet\/linstor-satellite\.<node>\s+linstor-satellite\s+quay\.io\/piraeusdatastore\/piraeus-server:v1\.32\.3\s/m);
    expect(r.stdout.match(/^DaemonSet\/linstor-satellite\.\S+\s+drbd-module-loader \(init\)/gm)).toHaveLength(3);
    expect(r.stdout).toMatch(/^DaemonSet\/linstor-satellite\.talos-1\s+drbd-module-loader \(init\)\s+\S+\s+0_piraeus_datastore_images\.yaml, fallback \(no OS rule matched\)$/m);
    expect(r.stdout).toContain('  note: no OS rule matched for drbd-module-loader: the fallback image is used. Talos Linux: ');
    expect(r.stdout).toContain('Nodes without a satellite: storage-tainted, worker-1\n  storage-tainted (Ubuntu 22.04.4 LTS): untolerated taint dedicated=storage:NoSchedule; fix: add the toleration {key: dedicated, operator: Equal, value: storage, effect: NoSchedule}');
  });

  test('--all: every satellite row in every group', () => {
    const r = run(['report', '--nodes', NODES, '--cluster', cluster, '--all', '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('shared by all');
    expect(r.stdout.match(/^\| DaemonSet\/linstor-satellite\.\S+ \| linstor-satellite \|/gm)).toHaveLength(3);
    expect(r.stdout).toContain('### Nodes without a satellite');
  });

  test('JSON: match kinds, notes and excluded nodes are added; unselectedNodes stays', () => {
    const r = run(['report', '--nodes', NODES, '--cluster', cluster, '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.unselectedNodes).toEqual(['storage-tainted', 'worker-1']);
    expect(out.excludedNodes.map((n: any) => [n.node, n.reasons.map((x: any) => x.kind)])).toEqual([['storage-tainted', ['taint']], ['worker-1', ['node-selector']]]);
    const talos = out.nodeGroups.find((g: any) => g.osImage === 'Talos (v1.8.3)');
    expect(talos.satellite.containers.find((c: any) => c.name === 'drbd-module-loader')).toMatchObject({
      rule: null, match: 'fallback-no-rule-matched', why: '0_piraeus_datastore_images.yaml, fallback (no OS rule matched)',
    });
    expect(talos.noOsRuleMatched.family).toBe('Talos Linux');
    expect(out.cluster[0].containers[0].match).toBe('fallback-no-rules');
  });

  test('a configuration whose tolerations replace the operator\'s: the tainted node gets a DaemonSet whose pod cannot run there', () => {
    const r = run(['report', '--nodes', NODES, '--cluster', withConfig, '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.unselectedNodes).toEqual(['worker-1']);
    expect(out.nodeGroups.flatMap((g: any) => g.nodes)).toContain('storage-tainted');
    const tainted = out.excludedNodes.find((n: any) => n.node === 'storage-tainted');
    expect(tainted.reasons).toEqual([{
      kind: 'satellite-configuration',
      detail: 'the satellite pod\'s tolerations (from satellite configuration "gpu-tolerations") do not tolerate dedicated=storage:NoSchedule',
      fix: 'add the toleration {key: dedicated, operator: Equal, value: storage, effect: NoSchedule} to that configuration\'s podTemplate tolerations (its list replaces the operator\'s)',
      taint: { key: 'dedicated', value: 'storage', effect: 'NoSchedule' },
      toleration: { key: 'dedicated', operator: 'Equal', value: 'storage', effect: 'NoSchedule' },
      configurations: ['gpu-tolerations'],
    }]);
  });
});
