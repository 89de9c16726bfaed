/**
 * The same mistakes through the `cdk8s-piraeus` command (its `main`, run in this process with
 * captured streams; test/cli-process.test.ts covers the spawned process): `resolve` predicts
 * faithfully and warns, `images` and `lock` (which write artifacts) refuse.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { ImageConfigOverride, PiraeusOperator } from '../src';
import { OperatorRelease } from '../src/release';
import { runCliInProcess } from './support/cli-in-process';

const NODES = path.join(__dirname, 'fixtures', 'nodes.json');
const D = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;
const MIRROR = 'mirror.example.com/piraeus';

const run = runCliInProcess;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-piraeus-mistakes-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A ConfigMap file with the newest release's defaults plus `extra`. */
function configMap(extra: Record<string, string>): string {
  const data = { ...OperatorRelease.latest().imageConfigData(), ...extra };
  const file = path.join(dir, `cm-${Math.random().toString(36).slice(2)}.yaml`);
  fs.writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'piraeus-operator-image-config' }, data }));
  return file;
}
const lines = (text: string) => text.split('\n').filter((l) => l !== '');

describe('unknown component names', () => {
  const file = () => configMap({ '1_typo.yaml': 'base: quay.io/piraeusdatastore\ncomponents:\n  linstor-controler:\n    image: piraeus-server\n    tag: v1.33.0\n' });

  test('resolve: a located warning with the nearest name, exit 0', () => {
    const r = run(['resolve', '--config-map', file()]);
    expect(r.code).toBe(0);
    expect(lines(r.stderr)).toEqual(['warning: ConfigMap key "1_typo.yaml" line 3, component "linstor-controler": no workload the operator creates uses '
      + 'image placeholder "linstor-controler", so this component changes nothing; did you mean "linstor-controller"? [UNKNOWN_COMPONENT_NAME]']);
  });

  test('images and lock import: the same line as an error, exit 1, nothing written', () => {
    const cm = file();
    const images = run(['images', '--config-map', cm]);
    expect(images.code).toBe(1);
    expect(images.stdout).toBe('');
    expect(lines(images.stderr)).toEqual([expect.stringMatching(/^error: ConfigMap key "1_typo.yaml" line 3, component "linstor-controler": .* \[UNKNOWN_COMPONENT_NAME\]$/)]);
    const lockFile = path.join(dir, 'typo.lock.json');
    const lock = run(['lock', 'import', '--lock', lockFile, '--config-map', cm], '');
    expect(lock.code).toBe(1);
    expect(lock.stderr).toContain('[UNKNOWN_COMPONENT_NAME]');
    expect(fs.existsSync(lockFile)).toBe(false);
  });
});

describe('rule replacement', () => {
  test('resolve names what changes, the OS images asked about included; the prediction stays the operator\'s', () => {
    const cm = configMap({ '1_sles.yaml': 'base: quay.io/piraeusdatastore\ncomponents:\n  drbd-module-loader:\n    image: drbd9-noble\n    tag: v9.2.16\n    match:\n      - {osImage: SUSE, image: drbd9-sles}\n' });
    const r = run(['resolve', '--config-map', cm, '--os-image', 'Ubuntu 22.04.5 LTS', '--output', 'json']);
    expect(r.code).toBe(0);
    const warning = lines(r.stderr).find((l) => l.endsWith('[RULES_REPLACED]'))!;
    expect(warning).toMatch(/^warning: ConfigMap key "1_sles.yaml" line 3, component "drbd-module-loader": sets its own fallback image "drbd9-noble"/);
    expect(warning).toContain('"Ubuntu 22.04.5 LTS" drbd9-jammy -> drbd9-noble');
    expect(warning).toContain('"Red Hat Enterprise Linux 9.4 (Plow)" drbd9-almalinux9 -> drbd9-noble');
    const loader = JSON.parse(r.stdout).results[0].images.find((i: { name: string }) => i.name === 'drbd-module-loader');
    expect(loader.image).toBe('quay.io/piraeusdatastore/drbd9-noble:v9.2.16');
  });
});

describe('explain, report and diff judge the configuration as resolve does', () => {
  const sles = () => configMap({
    '1_sles.yaml': 'base: quay.io/piraeusdatastore\ncomponents:\n  drbd-module-loader:\n    image: drbd9-noble\n    tag: v9.2.16\n    match:\n      - {osImage: SUSE, image: drbd9-sles}\n',
  });
  const typo = () => configMap({ '1_typo.yaml': 'base: quay.io/piraeusdatastore\ncomponents:\n  linstor-controler:\n    image: piraeus-server\n    tag: v1.33.0\n' });
  // One node on an OS image outside the well-known ones.
  const inventory = () => {
    const file = path.join(dir, `nodes-${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'rocky-1', labels: { 'kubernetes.io/os': 'linux' } }, status: { nodeInfo: { osImage: 'Rocky Linux 9.5 (Blue Onyx)' } } },
    ] }));
    return file;
  };

  test.each([
    ['explain', (cm: string, nodes: string) => ['explain', '--nodes', nodes, '--config-map', cm]],
    ['report', (cm: string, nodes: string) => ['report', '--nodes', nodes, '--config-map', cm]],
    ['diff', (cm: string, nodes: string) => ['diff', '--nodes', nodes, '--before-release', OperatorRelease.latest().version, '--after', cm]],
  ])('%s: RULES_REPLACED includes the inventory\'s OS images', (_, args) => {
    const r = run(args(sles(), inventory()));
    expect(r.code).toBe(0);
    const warning = lines(r.stderr).find((l) => l.endsWith('[RULES_REPLACED]'))!;
    expect(warning).toContain('"Rocky Linux 9.5 (Blue Onyx)" drbd9-');
    expect(warning).toContain('"Red Hat Enterprise Linux 9.4 (Plow)" drbd9-almalinux9 -> drbd9-noble');
  });

  test.each([
    ['explain', (cm: string) => ['explain', '--nodes', NODES, '--config-map', cm]],
    ['report', (cm: string) => ['report', '--nodes', NODES, '--config-map', cm]],
    ['diff', (cm: string) => ['diff', '--nodes', NODES, '--before-release', OperatorRelease.latest().version, '--after', cm]],
  ])('%s: UNKNOWN_COMPONENT_NAME with the nearest name, as resolve says it', (_, args) => {
    const r = run(args(typo()));
    expect(r.code).toBe(0);
    expect(lines(r.stderr).filter((l) => l.endsWith('[UNKNOWN_COMPONENT_NAME]'))).toEqual([expect.stringContaining(
      'component "linstor-controler": no workload the operator creates uses image placeholder "linstor-controler", so this '
      + 'component changes nothing; did you mean "linstor-controller"?')]);
  });

  test('explain and report warn about --repository as resolve does', () => {
    for (const cmd of ['explain', 'report']) {
      const r = run([cmd, '--nodes', NODES, '--repository', `https://${MIRROR}`]);
      expect(r.code).toBe(0);
      expect(lines(r.stderr)).toContainEqual(expect.stringMatching(new RegExp(`^warning: at --repository: .*use "${MIRROR}".* \\[REPOSITORY_INVALID\\]$`)));
    }
  });
});

describe('option values the constructs refuse', () => {
  test.each([
    [['--repository', `${MIRROR}/`], 'REPOSITORY_INVALID', /must not end with "\/"/, `${MIRROR}//piraeus-server:`],
    [['--repository', `https://${MIRROR}`], 'REPOSITORY_INVALID',
      new RegExp(`starts with the scheme "https://": a repository is a registry host and path without a scheme; use "${MIRROR}"; `), `https://${MIRROR}/piraeus-server:`],
    [['--repository', `http://${MIRROR}/`], 'REPOSITORY_INVALID', new RegExp(`scheme "http://": .*; use "${MIRROR}"`), `http://${MIRROR}//piraeus-server:`],
  ])('resolve %j warns and predicts as the operator does; images and lock refuse', (args, code, message, predicted) => {
    const r = run(['resolve', ...args]);
    expect(r.code).toBe(0);
    const first = lines(r.stderr)[0];
    expect(first).toMatch(new RegExp(`^warning: at --repository: .* \\[${code}\\]$`));
    expect(first).toMatch(message);
    expect(r.stdout).toContain(predicted);
    const images = run(['images', ...args]);
    expect(images.code).toBe(1);
    expect(images.stdout).toBe('');
    expect(lines(images.stderr)).toEqual([expect.stringMatching(new RegExp(`^error: at --repository: .* \\[${code}\\]$`))]);
    const lock = run(['lock', 'import', '--lock', path.join(dir, 'never.json'), ...args], '');
    expect(lock.code).toBe(1);
    expect(lock.stderr).toContain(`[${code}]`);
  });

  test('--external-version with a leading v: a warning on resolve (the operator makes vv1.31.2), an error for images', () => {
    const r = run(['resolve', '--external-version', 'v1.31.2']);
    expect(r.code).toBe(0);
    expect(lines(r.stderr)).toEqual(['warning: at --external-version: "v1.31.2" starts with "v": give the version as `linstor controller version` '
      + 'reports it (e.g. "1.31.2"); the operator adds the "v" itself; the operator would run the satellite with tag "vv1.31.2" [EXTERNAL_VERSION_INVALID]']);
    expect(r.stdout).toContain('piraeus-server:vv1.31.2');
    const images = run(['images', '--external-version', 'v1.31.2']);
    expect(images.code).toBe(1);
    expect(images.stderr).toMatch(/^error: at --external-version: .* \[EXTERNAL_VERSION_INVALID\]\n$/);
  });
});

describe('a synthesized file as --config-map', () => {
  let synth: string;
  let before: string;
  beforeAll(() => {
    const app = Testing.app();
    new PiraeusOperator(new Chart(app, 'x'), 'piraeus', {
      installCrds: false,
      imageConfig: [ImageConfigOverride.fromComponents({ base: 'example.com/own', components: { 'linstor-csi': { image: 'csi', tag: 'v9' } } }, 'own')],
    });
    synth = path.join(dir, '0001-piraeus-operator.k8s.yaml');
    fs.writeFileSync(synth, app.synthYaml());
    before = configMap({});
  });

  test.each([
    ['resolve', ['resolve', '--output', 'json']],
    ['images', ['images']],
    ['explain', ['explain', '--nodes', NODES, '--output', 'json']],
  ])('%s picks the image ConfigMap the operator Deployment names', (_name, args) => {
    const r = run([...args, '--config-map', synth]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('example.com/own/csi:v9');
  });

  test('diff --before ConfigMap --after synthesized file', () => {
    const r = run(['diff', '--nodes', NODES, '--before', before, '--after', synth]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('example.com/own/csi:v9');
  });

  test('two image ConfigMaps and no operator Deployment: one located error', () => {
    const text = fs.readFileSync(before, 'utf8');
    const two = path.join(dir, 'two.yaml');
    fs.writeFileSync(two, `${text}\n---\n${text.replace('piraeus-operator-image-config', 'other')}\n`);
    const r = run(['resolve', '--config-map', two]);
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/^error: at .*two.yaml: holds 2 ConfigMaps with image-config documents \(ConfigMap piraeus-operator-image-config on line 1, ConfigMap other on line \d+\).* \[INVALID_INPUT\]$/)]);
  });
});

describe('the air-gapped flow: the lock records its repository', () => {
  test('lock import --repository records it; lock show and images --lock default to it; another --repository is refused', () => {
    const unpinned = run(['images', '--repository', MIRROR, '--unpinned']);
    expect(unpinned.code).toBe(0);
    const refs = lines(unpinned.stdout);
    expect(refs.every((ref) => ref.startsWith(`${MIRROR}/`) || ref.startsWith('quay.io/piraeusdatastore/piraeus-operator:'))).toBe(true);
    const lockFile = path.join(dir, 'images.lock.json');
    const imported = run(['lock', 'import', '--lock', lockFile, '--repository', MIRROR], refs.map((ref, i) => `${ref}@${D(i + 1)}`).join('\n'));
    expect(imported.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(lockFile, 'utf8')).repository).toBe(MIRROR);

    const shown = run(['lock', 'show', '--lock', lockFile]);
    expect(shown.code).toBe(0);
    expect(shown.stderr).toBe('');
    expect(lines(shown.stdout)[0]).toBe(`# repository: ${MIRROR}`);

    const locked = run(['images', '--lock', lockFile, '--require-digests']);
    expect(locked.stderr).toBe('');
    expect(locked.code).toBe(0);
    expect(lines(locked.stdout).every((l) => l.includes('@sha256:'))).toBe(true);

    const other = run(['images', '--lock', lockFile, '--repository', 'other.example.com/p']);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/^error: at .*images.lock.json: --repository "other.example.com\/p" contradicts the lock, which was made for repository "mirror.example.com\/piraeus".* \[INVALID_LOCK\]\n$/);
    expect(run(['lock', 'import', '--lock', lockFile, '--repository', 'other.example.com/p'], '').code).toBe(1);
  });

  test('images --help: step 1 takes the sources from upstream (no --repository), step 2 lists the mirror\'s unpinned references', () => {
    const help = run(['images', '--help']).stdout;
    const step1 = help.split('\n').find((l) => l.includes('--format skopeo-sync'))!;
    expect(step1.trim()).toBe('cdk8s-piraeus images --format skopeo-sync > sync.yaml');
    expect(help).toMatch(/cdk8s-piraeus images --repository mirror.example.com\/piraeus \\\n\s+--operator-image \S+ --unpinned/);
  });
});
