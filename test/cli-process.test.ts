/**
 * The built `cdk8s-piraeus` command run as a process, as users and other tools run it
 * (docs/cli.md). `npm test` builds lib/ first.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { OperatorRelease } from '../src/release';

const BIN = path.join(__dirname, '..', 'lib', 'cli', 'main.js');
const NODES = path.join(__dirname, 'fixtures', 'nodes.json');

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
beforeAll(() => {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build (npm test does)`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-piraeus-cli-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function configMap(data: Record<string, string>): string {
  const file = path.join(dir, `cm-${Object.keys(data).join('-')}-${Math.random().toString(36).slice(2)}.yaml`);
  const body = Object.entries(data).map(([k, v]) => `  ${k}: |\n${v.split('\n').map((l) => `    ${l}`).join('\n')}`).join('\n');
  fs.writeFileSync(file, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: piraeus-operator-image-config\ndata:\n${body}\n`);
  return file;
}

describe('resolve', () => {
  test('the contract JSON: one result per --os-image, in order, images sorted, empty fields ""', () => {
    const file = configMap({ '0_a.yaml': 'base: quay.io/p\ncomponents:\n  drbd-module-loader:\n    image: drbd9-noble\n    tag: v9.2.16\n    match:\n      - {osImage: "Ubuntu 22\\\\.04", image: drbd9-jammy}\n  a-first: {image: a}\n' });
    const r = run(['resolve', '--config-map', file, '--os-image', 'Ubuntu 24.04.1 LTS', '--os-image', 'Ubuntu 22.04.4 LTS', '--output', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['results']);
    expect(out.results.map((x: any) => x.osImage)).toEqual(['Ubuntu 24.04.1 LTS', 'Ubuntu 22.04.4 LTS']);
    expect(out.results[0]).toEqual({
      osImage: 'Ubuntu 24.04.1 LTS',
      precompiled: false,
      images: [
        { name: 'a-first', newName: 'quay.io/p/a', newTag: '', digest: '', image: 'quay.io/p/a' },
        { name: 'drbd-module-loader', newName: 'quay.io/p/drbd9-noble', newTag: 'v9.2.16', digest: '', image: 'quay.io/p/drbd9-noble:v9.2.16' },
      ],
    });
    expect(out.results[1].images[1].image).toBe('quay.io/p/drbd9-jammy:v9.2.16');
    // The untagged image is tolerated by the operator: a warning, exit 0.
    expect(r.stderr).toMatch(/^warning: .*component "a-first".*\[UNTAGGED_IMAGE\]$/m);
  });

  test('no --os-image: one result for the empty string (cluster level)', () => {
    const r = run(['resolve', '--output', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.results).toHaveLength(1);
    expect(out.results[0].osImage).toBe('');
    expect(out.results[0].images.find((i: any) => i.name === 'drbd-module-loader').image).toBe('quay.io/piraeusdatastore/drbd9-noble:v9.2.16');
  });

  test('standard input, --repository, --env with "=" in the value, --external-version', () => {
    const text = fs.readFileSync(configMap({ '0_a.yaml': 'base: quay.io/p\ncomponents:\n  linstor-satellite: {image: piraeus-server, tag: v1}\n  x: {image: x, tag: v1}\n' }), 'utf8');
    const r = run(['resolve', '--config-map', '-', '--repository', 'mirror.example.com/p', '--env', 'RELATED_IMAGE_x=e.io/x:v=2',
      '--external-version', '1.31.2', '--os-image', 'any', '--output', 'json'], text);
    expect(r.code).toBe(0);
    const images = JSON.parse(r.stdout).results[0].images;
    expect(images).toEqual([
      { name: 'linstor-satellite', newName: 'mirror.example.com/p/piraeus-server', newTag: 'v1.31.2', digest: '', image: 'mirror.example.com/p/piraeus-server:v1.31.2' },
      { name: 'x', newName: 'e.io/x', newTag: 'v=2', digest: '', image: 'e.io/x:v=2' },
    ]);
  });

  test('a configuration the operator rejects: exit non-zero, nothing on stdout, one line naming the key', () => {
    const file = configMap({ '0_ok.yaml': 'base: b\n', '1_bad.yaml': 'components:\n  c:\n    match:\n      - {osImage: x, precompiled: "true"}\n' });
    const r = run(['resolve', '--config-map', file, '--output', 'json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('ConfigMap key "1_bad.yaml" line 4');
  });

  test('--external-version with no linstor-satellite: exit non-zero, one line', () => {
    const file = configMap({ '0_a.yaml': 'base: b\ncomponents:\n  c: {image: i, tag: v}\n' });
    const r = run(['resolve', '--config-map', file, '--external-version', '1.2.3', '--output', 'json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('"0_a.yaml"');
  });

  test('tolerated problems resolve as the operator would, with a warning each', () => {
    const file = configMap({ '0_a.yaml': 'base: b\ncomponents:\n  c:\n    image: i\n    tag: 1.10\n    tagg: x\n    match:\n      - {osImage: "Ubuntu(", image: u}\n' });
    const r = run(['resolve', '--config-map', file, '--os-image', 'Ubuntu', '--output', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).results[0].images[0].image).toBe('b/i:1.1');
    for (const code of ['SCALAR_COERCED', 'UNKNOWN_KEY', 'PATTERN_INVALID']) expect(r.stderr).toContain(`[${code}]`);
  });

  test.each([
    [['resolve', '--bogus']],
    [['resolve', '--config-map', '/nonexistent/cm.yaml']],
    [['resolve', '--env', 'NOEQUALS']],
    [['nonsense']],
  ])('bad usage %j exits 2 with a usage line', (args) => {
    const r = run(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/usage: cdk8s-piraeus/);
  });

  test('--help on every command', () => {
    for (const cmd of ['resolve', 'explain', 'report', 'diff']) {
      const r = run([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`usage: cdk8s-piraeus ${cmd}`);
    }
    expect(run(['--help']).stdout).toMatch(/commands:[\s\S]*resolve[\s\S]*explain/);
  });
});

describe('explain', () => {
  test('which DRBD loader each node gets and why, nodes grouped by OS image', () => {
    const r = run(['explain', '--nodes', NODES]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('OS image "Ubuntu 22.04.4 LTS": 2 nodes (storage-a1, storage-a2)');
    expect(r.stdout).toMatch(/drbd-module-loader\s+quay\.io\/piraeusdatastore\/drbd9-jammy:v9\.2\.16\s+0_piraeus_datastore_images\.yaml, rule 15 \/Ubuntu 22\\\.04\//);
    expect(r.stdout).toMatch(/OS image "Talos \(v1\.8\.3\)"[\s\S]*?drbd-module-loader\s+quay\.io\/piraeusdatastore\/drbd9-noble:v9\.2\.16\s+0_piraeus_datastore_images\.yaml, fallback/);
  });

  test('JSON output and YAML node lists', () => {
    const yamlNodes = path.join(dir, 'nodes.yaml');
    fs.writeFileSync(yamlNodes, 'apiVersion: v1\nkind: List\nitems:\n- kind: Node\n  metadata: {name: n1}\n  status: {nodeInfo: {osImage: AlmaLinux 9.4 (Seafoam Ocelot)}}\n');
    const r = run(['explain', '--nodes', yamlNodes, '--output', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.groups[0].nodes).toEqual(['n1']);
    expect(out.groups[0].images.find((i: any) => i.name === 'drbd-module-loader')).toMatchObject({
      image: 'quay.io/piraeusdatastore/drbd9-almalinux9:v9.2.16', rule: { index: 7, pattern: 'AlmaLinux 9' }, envVar: null,
    });
  });

  test('--nodes is required', () => {
    const r = run(['explain']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--nodes FILE is required');
  });
});

describe('report and diff', () => {
  test('report as Markdown names every satellite container per node group', () => {
    const r = run(['report', '--nodes', NODES, '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('### Ubuntu 22.04.4 LTS');
    expect(r.stdout).toContain('| DaemonSet/linstor-satellite.storage-a1 | drbd-module-loader (init) | `quay.io/piraeusdatastore/drbd9-jammy:v9.2.16` |');
    expect(r.stdout).toContain('| Deployment/linstor-controller | linstor-controller | `quay.io/piraeusdatastore/piraeus-server:v1.32.3` |');
  });

  test('report --cluster reads the install file: LinstorCluster, image ConfigMap and the operator pins', () => {
    const install = path.join(dir, 'install.k8s.yaml');
    fs.writeFileSync(install, [
      'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: piraeus-operator-image-config, namespace: piraeus-datastore}', 'data:',
      '  0_a.yaml: |', '    base: example.com/own', '    components:', '      drbd-module-loader: {image: loader, tag: v1}',
      '      linstor-satellite: {image: sat, tag: v2}', '---',
      'apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: piraeus-operator-controller-manager, namespace: piraeus-datastore}',
      'spec:', '  template:', '    spec:', '      containers:', '      - name: manager', '        env:',
      '        - {name: RELATED_IMAGE_linstor-satellite_sat, value: "pinned.example.com/sat:v9"}', '---',
      'apiVersion: piraeus.io/v1', 'kind: LinstorCluster', 'metadata: {name: linstorcluster}', 'spec: {nodeSelector: {storage.example.com/role: storage}}', '',
    ].join('\n'));
    const r = run(['report', '--nodes', NODES, '--cluster', install, '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    // Only the four storage nodes get satellites.
    expect(out.nodeGroups.flatMap((g: any) => g.nodes)).toEqual(['storage-b2', 'storage-b1', 'storage-a1', 'storage-a2']);
    const containers = out.nodeGroups[0].satellite.containers;
    expect(containers.find((c: any) => c.name === 'drbd-module-loader')).toMatchObject({ image: 'example.com/own/loader:v1', envVar: null });
    expect(containers.find((c: any) => c.name === 'linstor-satellite')).toMatchObject({ image: 'pinned.example.com/sat:v9', envVar: 'RELATED_IMAGE_linstor-satellite_sat' });
  });

  test('diff from a built-in release to an imported manifest: the loader change only where it applies, then the install changes', () => {
    const nodes = path.join(dir, 'trixie.json');
    fs.writeFileSync(nodes, JSON.stringify({ kind: 'List', items: [
      { kind: 'Node', metadata: { name: 'deb13' }, status: { nodeInfo: { osImage: 'Debian GNU/Linux 13 (trixie)' } } },
      { kind: 'Node', metadata: { name: 'deb12' }, status: { nodeInfo: { osImage: 'Debian GNU/Linux 12 (bookworm)' } } },
    ] }));
    // A next release as its manifest would bring it: the Debian 13 rule, a new RBAC rule, a new operator tag.
    const objects = OperatorRelease.of('v2.10.4').objects();
    const cm = objects.find((o) => o.kind === 'ConfigMap')! as any;
    cm.data['0_piraeus_datastore_images.yaml'] = cm.data['0_piraeus_datastore_images.yaml'].replace(
      '      - osImage: Debian GNU/Linux 12\n', '      - osImage: Debian GNU/Linux 13\n        image: drbd9-trixie\n      - osImage: Debian GNU/Linux 12\n');
    const role = objects.find((o) => o.kind === 'ClusterRole' && (o as any).metadata.name === 'piraeus-operator-controller-manager')! as any;
    role.rules.push({ apiGroups: [''], resources: ['pods/exec'], verbs: ['create', 'get'] });
    const manager = objects.find((o) => o.kind === 'Deployment' && (o as any).metadata.name === 'piraeus-operator-controller-manager')! as any;
    manager.spec.template.spec.containers[0].image = 'quay.io/piraeusdatastore/piraeus-operator:v2.10.5';
    const manifest = path.join(dir, 'manifest.yaml');
    fs.writeFileSync(manifest, objects.map((o) => YAML.stringify(o)).join('---\n'));

    const r = run(['diff', '--nodes', nodes, '--before-release', 'v2.10.4', '--after-release', manifest, '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('| deb13 | DaemonSet/linstor-satellite | drbd-module-loader | `quay.io/piraeusdatastore/drbd9-noble:v9.2.16` | `quay.io/piraeusdatastore/drbd9-trixie:v9.2.16` |');
    expect(r.stdout).not.toContain('| deb12 |');
    const install = r.stdout.slice(r.stdout.indexOf('## Install changes v2.10.4 -> v2.10.5'));
    expect(install).toContain('### RBAC ClusterRole piraeus-operator-controller-manager\n\n- + `core/pods/exec create`\n- + `core/pods/exec get`');
    expect(install).toContain('- + `image quay.io/piraeusdatastore/piraeus-operator:v2.10.5`');
    expect(install).toContain('- - `image quay.io/piraeusdatastore/piraeus-operator:v2.10.4`');
    expect(install).not.toContain('CRD fields');
  });
});
