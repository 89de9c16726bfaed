/**
 * `cdk8s-piraeus images` and `cdk8s-piraeus lock`, called in-process with a fake Io: formats,
 * the disconnected round trip (list -> lock import -> images --lock), bad input and exit codes.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { Io } from '../src/cli/common';
import { imagesCommand } from '../src/cli/images';
import { lockCommand } from '../src/cli/lock';
import { main } from '../src/cli/main';

const Q = 'quay.io/piraeusdatastore';
const OPERATOR = `${Q}/piraeus-operator:v2.10.4`;
const D = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;
const LOADERS = [
  'drbd9-almalinux8', 'drbd9-almalinux9', 'drbd9-almalinux10', 'drbd9-jammy', 'drbd9-noble',
  'drbd9-bookworm', 'drbd9-bullseye',
];
const SIDECARS = [
  'csi-attacher', 'livenessprobe', 'csi-provisioner', 'csi-snapshotter', 'csi-resizer',
  'csi-external-health-monitor-controller', 'csi-node-driver-registrar',
];

interface Run { code: number; stdout: string; stderr: string }

function run(command: (args: string[], io: Io) => number, args: string[], stdin = ''): Run {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readStdin: () => stdin };
  const code = command(args, io);
  return { code, stdout, stderr };
}
const images = (args: string[], stdin?: string) => run(imagesCommand, args, stdin);
const lock = (args: string[], stdin?: string) => run(lockCommand, args, stdin);

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-piraeus-images-')); });
afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });
const file = (name: string, text?: string) => {
  const p = path.join(dir, name);
  if (text !== undefined) fs.writeFileSync(p, text);
  return p;
};

describe('images', () => {
  test('list (default): every loader variant, every CSI sidecar, the operator, each once', () => {
    const r = images([]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines.length).toBe(23);
    for (const l of LOADERS) expect(lines).toContain(`${Q}/${l}:v9.2.16`);
    for (const s of SIDECARS) expect(lines.some((x) => x.startsWith(`registry.k8s.io/sig-storage/${s}:`))).toBe(true);
    expect(lines).toContain(OPERATOR);
    expect(lines).toEqual([...lines].sort());
  });

  test.each([
    ['skopeo-sync', (out: string) => expect(Object.keys(parse(out))).toEqual(['quay.io', 'registry.k8s.io'])],
    ['oc-mirror', (out: string) => expect(parse(out).mirror.additionalImages.length).toBe(23)],
    ['related-images', (out: string) => expect(parse(out).map((e: { name: string }) => e.name)).toContain('drbd-module-loader_drbd9-bullseye')],
    ['json', (out: string) => expect(JSON.parse(out).images.length).toBe(23)],
  ])('--format %s', (format, check) => {
    const r = images(['--format', format]);
    expect(r.code).toBe(0);
    check(r.stdout);
  });

  test('--names operator-sdk', () => {
    const r = images(['--format', 'related-images', '--names', 'operator-sdk']);
    expect(parse(r.stdout)).toContainEqual({ name: 'drbd-module-loader-drbd9-jammy', image: `${Q}/drbd9-jammy:v9.2.16` });
  });

  test('--format mirror-sets with --mirror, layout and policy', () => {
    const r = images(['--format', 'mirror-sets', '--mirror', 'mirror.example.com/p', '--mirror-layout', 'flat',
      '--mirror-source-policy', 'NeverContactSource']);
    expect(r.code).toBe(0);
    const docs = parseAllDocuments(r.stdout).map((d) => d.toJS());
    expect(docs.map((d) => d.kind)).toEqual(['ImageTagMirrorSet']);
    expect(docs[0].spec.imageTagMirrors).toContainEqual({
      source: `${Q}/drbd9-bookworm`, mirrors: ['mirror.example.com/p/drbd9-bookworm'], mirrorSourcePolicy: 'NeverContactSource',
    });
  });

  test('--config-map, --repository, --env and --operator-image change the list', () => {
    const cm = file('cm.yaml', [
      'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: x}', 'data:',
      '  0_x.yaml: |', '    base: example.com/x', '    components:', '      linstor-controller: {image: a, tag: v1}', '      linstor-csi: {image: b, tag: v1}',
    ].join('\n') + '\n');
    const r = images(['--config-map', cm, '--repository', 'mirror.example.com/p', '--env', `RELATED_IMAGE_linstor-csi_b=other.io/b:v2@${D(4)}`,
      '--operator-image', 'mirror.example.com/p/piraeus-operator:v2.10.4']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`mirror.example.com/p/a:v1\nmirror.example.com/p/piraeus-operator:v2.10.4\nother.io/b@${D(4)}\n`);
    const cmFromStdin = images(['--config-map', '-'], fs.readFileSync(cm, 'utf8'));
    expect(cmFromStdin.stdout).toBe(`example.com/x/a:v1\nexample.com/x/b:v1\n${OPERATOR}\n`);
  });

  test.each([
    [['--format', 'csv'], /--format must be/],
    [['--format', 'mirror-sets'], /needs --mirror/],
    [['--mirror', 'm.io'], /only apply to --format mirror-sets/],
    [['--mirror-layout', 'deep', '--format', 'mirror-sets', '--mirror', 'm.io'], /--mirror-layout must be/],
    [['--bogus'], /Unknown option/],
    [['--config-map', '/nonexistent/cm.yaml'], /ConfigMap file not found/],
    [['--lock', '/nonexistent/l.json'], /lock file not found/],
  ])('usage error %j: exit 2', (args, message) => {
    const r = images(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('usage: cdk8s-piraeus images');
    expect(r.stdout).toBe('');
  });

  test('invalid input: exit 1, one line', () => {
    const r = images(['--operator-image', 'Not/A:valid:ref']);
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--operator-image/);
    const bad = images(['--format', 'mirror-sets', '--mirror', 'Mirror.example.com/UPPER']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/mirror registry/);
  });

  test('--require-digests without a lock lists every image and fails', () => {
    const r = images(['--require-digests']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: 23 image\(s\) have no digest: /);
    expect(r.stderr).toContain('[DIGEST_REQUIRED]');
    for (const l of LOADERS) expect(r.stderr).toContain(`${Q}/${l}:v9.2.16 (drbd-module-loader/${l})`);
  });

  test('the command table knows images and lock', () => {
    const help = run((a, io) => main(a, io), ['images', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--format FORMAT');
    expect(run((a, io) => main(a, io), ['lock', '--help']).stdout).toContain('Lock file format');
    expect(run((a, io) => main(a, io), ['--help']).stdout).toMatch(/images\s+list every image to mirror/);
  });
});

describe('the disconnected round trip: list -> digests -> lock import -> images --lock', () => {
  const digestsFor = (list: string) => list.trimEnd().split('\n').map((ref, i) => `${ref}@${D(i + 1)}`).join('\n') + '\n';

  test('every image pinned, digests exact, then a partial lock fails --require-digests', () => {
    const list = images(['--unpinned']).stdout;
    const lockFile = file('images.lock.json');
    const imported = lock(['import', '--lock', lockFile], `# from skopeo\n${digestsFor(list)}`);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/^created .*images\.lock\.json: 23 added, 0 changed, 0 unchanged; 23 entries\n/);
    expect(imported.stderr).toBe('');
    const written = JSON.parse(fs.readFileSync(lockFile, 'utf8'));
    expect(written.version).toBe(1);
    expect(Object.keys(written.images)).toEqual(list.trimEnd().split('\n'));

    const pinned = images(['--lock', lockFile, '--require-digests']);
    expect(pinned.code).toBe(0);
    expect(pinned.stderr).toBe('');
    const expected = list.trimEnd().split('\n').map((ref, i) => `${ref.replace(/:[^:/]+$/, '')}@${D(i + 1)}`).sort();
    expect(pinned.stdout.trimEnd().split('\n')).toEqual(expected);
    expect(images(['--lock', lockFile, '--unpinned']).stdout).toBe('');

    const json = JSON.parse(images(['--lock', lockFile, '--format', 'json']).stdout);
    const jammy = json.images.find((i: { path: string }) => i.path.endsWith('drbd9-jammy'));
    const n = list.trimEnd().split('\n').indexOf(`${Q}/drbd9-jammy:v9.2.16`) + 1;
    expect(jammy.reference).toBe(`${Q}/drbd9-jammy:v9.2.16@${D(n)}`);

    const related = parse(images(['--lock', lockFile, '--format', 'related-images']).stdout);
    expect(related.every((r: { image: string }) => /@sha256:[0-9a-f]{64}$/.test(r.image))).toBe(true);

    // Re-import the same lines: unchanged. Then a new configuration without the lock's loaders.
    const again = lock(['import', '--lock', lockFile], digestsFor(list));
    expect(again.stdout).toMatch(/^updated .*: 0 added, 0 changed, 23 unchanged; 23 entries\n$/);

    const partial = file('partial.json', JSON.stringify({ version: 1, images: { [`${Q}/drbd9-jammy:v9.2.16`]: D(1), [`${Q}/gone:v1`]: D(2) } }));
    const fails = images(['--lock', partial, '--require-digests']);
    expect(fails.code).toBe(1);
    expect(fails.stderr).toMatch(/22 image\(s\) have no digest/);
    const warns = images(['--lock', partial]);
    expect(warns.code).toBe(0);
    expect(warns.stderr).toContain(`lock entry ${Q}/gone:v1 is used by no image`);
    expect(warns.stderr).toContain('[LOCK_UNUSED]');
    expect(warns.stderr).toMatch(/the lock has no digest for quay.io\/piraeusdatastore\/drbd9-noble:v9.2.16.*\[DIGEST_MISSING\]/);
    expect(warns.stdout).toContain(`${Q}/drbd9-jammy@${D(1)}\n`);
  });

  test('tagless lines (skopeo inspect {{.Name}}@{{.Digest}}) are bound to the tag in use; YAML lock files', () => {
    const lockFile = file('images.lock.yaml');
    const r = lock(['import', '--lock', lockFile, '--from', file('d.txt', `${Q}/piraeus-server@${D(1)}\n`)]);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(lockFile, 'utf8')).toBe(`version: 1\nimages:\n  ${Q}/piraeus-server:v1.32.3: sha256:${'0'.repeat(63)}1\n`);
    const shown = lock(['show', '--lock', lockFile]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toBe(`${Q}/piraeus-server:v1.32.3@${D(1)}\n`);
    expect(shown.stderr).toContain('[DIGEST_MISSING]');
    expect(shown.stderr).not.toContain('piraeus-server');
  });

  test('the operator image from --operator-image is locked too', () => {
    const lockFile = file('l.json', JSON.stringify({ version: 1, images: { 'mirror.example.com/op:v1': D(9) } }));
    const r = images(['--lock', lockFile, '--operator-image', 'mirror.example.com/op:v1']);
    expect(r.stdout).toContain(`mirror.example.com/op@${D(9)}\n`);
    expect(r.stderr).not.toContain('LOCK_UNUSED');
  });
});

describe('lock: bad input', () => {
  test('malformed lines: exit 1, every line number named, nothing written', () => {
    const lockFile = file('l.json');
    const r = lock(['import', '--lock', lockFile], `${Q}/a:v1@${D(1)}\n${Q}/b:v1\n\n${Q}/c:v1@sha256:abc\n`);
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/at standard input line 2: 2 problems in standard input: line 2: .*has no digest.*; line 4: .*got 3 .*\[INVALID_LOCK\]/);
    expect(fs.existsSync(lockFile)).toBe(false);
  });

  test('a digest of the wrong length: INVALID_DIGEST with its line', () => {
    const r = lock(['import', '--lock', file('l.json'), '--from', file('in.txt', `\n${Q}/a:v1@sha256:${'a'.repeat(65)}\n`)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/in\.txt line 2: sha256 digest must have 64 lower-case hex characters, got 65.*\[INVALID_DIGEST\]/);
  });

  test('a malformed existing lock: located error, the file is left alone', () => {
    const text = `{\n  "version": 1,\n  "images": {\n    "${Q}/a:v1": "sha256:00"\n  }\n}\n`;
    const lockFile = file('l.json', text);
    const r = lock(['import', '--lock', lockFile], `${Q}/b:v1@${D(1)}\n`);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${lockFile} line 4`);
    expect(fs.readFileSync(lockFile, 'utf8')).toBe(text);
    expect(images(['--lock', lockFile]).code).toBe(1);
  });

  test('references no image uses are warnings, not errors', () => {
    const lockFile = file('l.json');
    const r = lock(['import', '--lock', lockFile], `example.com/nobody:v1@${D(1)}\n`);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('lock entry example.com/nobody:v1 is used by no image of the deployment');
  });

  test.each([
    [[], /missing subcommand/],
    [['export'], /unknown subcommand "export"/],
    [['import'], /--lock FILE is required/],
    [['show', '--lock', '/nonexistent/l.json'], /lock file not found/],
    [['import', '--lock', '/nonexistent/dir/l.json', '--from', '/nonexistent/in.txt'], /input file not found/],
  ])('usage error %j: exit 2', (args, message) => {
    const r = lock(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('standard input', () => {
  test('lock import --config-map - --from FILE reads the ConfigMap once; both from stdin is a usage error', () => {
    const cm = [
      'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: x}', 'data:',
      '  0_x.yaml: |', '    base: example.com/x', '    components:', '      linstor-controller: {image: a, tag: v1}',
    ].join('\n') + '\n';
    const lockFile = file('l.json');
    const r = lock(['import', '--lock', lockFile, '--config-map', '-', '--from', file('in.txt', `example.com/x/a@${D(1)}\n`)], cm);
    expect(r.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(lockFile, 'utf8')).images).toEqual({ 'example.com/x/a:v1': D(1) });
    expect(lock(['import', '--lock', lockFile, '--config-map', '-'], cm).code).toBe(2);
    expect(images(['--config-map', '-', '--lock', '-'], cm).code).toBe(2);
  });
});
