/**
 * CLI robustness (docs/cli.md): standard input, missing and unreadable files, a
 * directory where a file belongs, a document that is not a ConfigMap, a ConfigMap without data,
 * binary and empty input, bad options. Each gets one clear line on standard error, nothing on
 * standard output, and the documented exit code: 1 for input the operator (or we) reject, 2 for
 * bad usage (then followed by the command's usage text, and nothing else).
 *
 * Runs `main` in-process with a fake Io, so the exact bytes written to each stream are checked.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Io } from '../src/cli/common';
import { main } from '../src/cli/main';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly stdinReads: number;
}

/** Runs the CLI; `stdin` is a string, or an Error that reading standard input throws. */
function cli(args: string[], stdin: string | Error = ''): Run {
  let stdout = '';
  let stderr = '';
  let stdinReads = 0;
  const io: Io = {
    stdout: (t) => { stdout += t; },
    stderr: (t) => { stderr += t; },
    readStdin: () => {
      stdinReads++;
      if (stdin instanceof Error) throw stdin;
      return stdin;
    },
  };
  const code = main(args, io);
  return { code, stdout, stderr, stdinReads };
}

/** Exit 1: exactly one line, `error: ... [CODE]`, nothing on standard output. */
function expectRejected(r: Run, ...mentions: string[]): void {
  expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 1, stdout: '' });
  expect(r.stderr).toMatch(/^error: [^\n]+ \[[A-Z_]+\]\n$/);
  for (const m of mentions) expect(r.stderr).toContain(m);
  expect(r.stderr).not.toContain('internal error');
}

/** Exit 2: one `error:` line, then the command's usage (indented continuation lines), nothing else. */
function expectUsage(r: Run, command: string, ...mentions: string[]): void {
  expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: '' });
  const lines = r.stderr.split('\n');
  expect(lines.pop()).toBe('');
  expect(lines[0]).toMatch(/^error: \S/);
  expect(lines.filter((l) => l.startsWith('error:'))).toHaveLength(1);
  expect(lines[1]).toMatch(new RegExp(`^usage: cdk8s-piraeus ${command === '' ? '' : `${command} `}`));
  for (const l of lines.slice(2)) expect(l).toMatch(/^\s+\S/);
  for (const m of mentions) expect(lines[0]).toContain(m);
}

let dir: string;
const file = (name: string): string => path.join(dir, name);
const NODES = path.join(__dirname, 'fixtures', 'nodes.json');

const CONFIG_MAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: piraeus-operator-image-config
data:
  0_images.yaml: |
    base: quay.io/piraeusdatastore
    components:
      linstor-controller:
        image: piraeus-server
        tag: v1.32.3
      drbd-module-loader:
        image: drbd9-noble
        tag: v9.2.16
        match:
          - osImage: Ubuntu 22\\.04
            image: drbd9-jammy
`;

/** Whether chmod 000 keeps this process out (not when running as root). */
function readDenialWorks(): boolean {
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-piraeus-perm-'));
  const f = path.join(probe, 'x');
  try {
    fs.writeFileSync(f, 'x');
    fs.chmodSync(f, 0o000);
    try {
      fs.readFileSync(f);
      return false;
    } catch {
      return true;
    }
  } finally {
    fs.chmodSync(f, 0o600);
    fs.rmSync(probe, { recursive: true, force: true });
  }
}
const CAN_DENY_READ = readDenialWorks();

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-piraeus-robust-'));
  fs.writeFileSync(file('cm.yaml'), CONFIG_MAP);
  fs.writeFileSync(file('empty.yaml'), '');
  fs.writeFileSync(file('blank.yaml'), '\n  \n\t\n');
  fs.writeFileSync(file('binary.bin'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0xff, 0xfe]));
  fs.writeFileSync(file('secret.yaml'), 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\nstringData:\n  a: b\n');
  fs.writeFileSync(file('no-data.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: piraeus-operator-image-config\n');
  fs.writeFileSync(file('bad-entry.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  1_override.yaml: "components:\\n\\tlinstor-controller: {}\\n"\n');
  fs.mkdirSync(file('a-directory'));
  fs.writeFileSync(file('unreadable.yaml'), CONFIG_MAP);
  fs.chmodSync(file('unreadable.yaml'), 0o000);
});

afterAll(() => {
  fs.chmodSync(file('unreadable.yaml'), 0o600);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('standard input', () => {
  test('--config-map - reads the ConfigMap from standard input, once', () => {
    const r = cli(['resolve', '--config-map', '-', '--os-image', 'Ubuntu 22.04.4 LTS', '--output', 'json'], CONFIG_MAP);
    expect({ code: r.code, stderr: r.stderr, reads: r.stdinReads }).toEqual({ code: 0, stderr: '', reads: 1 });
    const images = JSON.parse(r.stdout).results[0].images;
    expect(images.map((i: { image: string }) => i.image)).toEqual([
      'quay.io/piraeusdatastore/drbd9-jammy:v9.2.16',
      'quay.io/piraeusdatastore/piraeus-server:v1.32.3',
    ]);
  });

  test('the same ConfigMap as JSON (kubectl -o json) resolves the same', () => {
    const json = JSON.stringify({
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' },
      data: { '0_images.yaml': CONFIG_MAP.split('0_images.yaml: |\n')[1].replace(/^ {4}/gm, '') },
    });
    const a = cli(['resolve', '--config-map', '-', '--output', 'json'], json);
    const b = cli(['resolve', '--config-map', file('cm.yaml'), '--output', 'json']);
    expect(a).toEqual({ ...b, stdinReads: 1 });
  });

  test('standard input and the same file give byte-identical output', () => {
    const a = cli(['resolve', '--config-map', '-', '--output', 'json'], CONFIG_MAP);
    const b = cli(['resolve', '--config-map', file('cm.yaml'), '--output', 'json']);
    expect({ ...a, stdinReads: 0 }).toEqual(b);
  });

  test('empty standard input: one line, exit 1', () => {
    expectRejected(cli(['resolve', '--config-map', '-'], ''), 'standard input', 'input is empty', '[INVALID_INPUT]');
  });

  test('binary standard input: one line, exit 1', () => {
    expectRejected(cli(['resolve', '--config-map', '-'], '\u007fELF\u0002\u0001\u0001\u0000\u0000'), 'standard input', 'binary', '[INVALID_INPUT]');
  });

  test('standard input that cannot be read: usage error, exit 2', () => {
    const e = Object.assign(new Error('EAGAIN: resource temporarily unavailable, read'), { code: 'EAGAIN' });
    expectUsage(cli(['resolve', '--config-map', '-'], e), 'resolve', 'standard input');
  });

  test('standard input is not read unless asked for', () => {
    const r = cli(['resolve', '--config-map', file('cm.yaml'), '--output', 'json'], new Error('must not be read'));
    expect({ code: r.code, reads: r.stdinReads }).toEqual({ code: 0, reads: 0 });
  });
});

/** Every option that names an input file, and how to call it. */
const FILE_OPTIONS: ReadonlyArray<{ name: string; command: string; args: (f: string) => string[]; binaryCode?: string }> = [
  { name: 'resolve --config-map', command: 'resolve', args: (f) => ['resolve', '--config-map', f], binaryCode: 'INVALID_INPUT' },
  { name: 'explain --nodes', command: 'explain', args: (f) => ['explain', '--nodes', f], binaryCode: 'INVALID_NODES' },
  { name: 'explain --config-map', command: 'explain', args: (f) => ['explain', '--nodes', NODES, '--config-map', f], binaryCode: 'INVALID_INPUT' },
  { name: 'report --nodes', command: 'report', args: (f) => ['report', '--nodes', f], binaryCode: 'INVALID_NODES' },
  { name: 'report --config-map', command: 'report', args: (f) => ['report', '--nodes', NODES, '--config-map', f], binaryCode: 'INVALID_INPUT' },
  { name: 'report --cluster', command: 'report', args: (f) => ['report', '--nodes', NODES, '--cluster', f], binaryCode: 'INVALID_INPUT' },
  { name: 'diff --before', command: 'diff', args: (f) => ['diff', '--nodes', NODES, '--before', f, '--after-release', 'v2.10.4'], binaryCode: 'INVALID_INPUT' },
  { name: 'diff --after', command: 'diff', args: (f) => ['diff', '--nodes', NODES, '--before-release', 'v2.10.4', '--after', f], binaryCode: 'INVALID_INPUT' },
];

describe.each(FILE_OPTIONS)('$name', ({ command, args, binaryCode }) => {
  test('a missing file: usage error naming the file, exit 2', () => {
    expectUsage(cli(args(file('does-not-exist.yaml'))), command, 'does-not-exist.yaml', 'not found');
  });

  test('a directory where a file belongs: usage error, exit 2', () => {
    expectUsage(cli(args(file('a-directory'))), command, 'a-directory', 'is a directory');
  });

  (CAN_DENY_READ ? test : test.skip)('an unreadable file (mode 000): usage error, exit 2', () => {
    expectUsage(cli(args(file('unreadable.yaml'))), command, 'unreadable.yaml');
  });

  test('an empty file: one line, exit 1', () => {
    expectRejected(cli(args(file('empty.yaml'))), 'empty.yaml');
  });

  test('a file of blanks: one line, exit 1', () => {
    expectRejected(cli(args(file('blank.yaml'))), 'blank.yaml');
  });

  test('a binary file: one line, exit 1', () => {
    expectRejected(cli(args(file('binary.bin'))), 'binary.bin', `[${binaryCode}]`);
  });
});

describe('documents that are not what the option needs', () => {
  test('a document that is not a ConfigMap: one line naming the kind, exit 1', () => {
    expectRejected(cli(['resolve', '--config-map', file('secret.yaml')]), 'secret.yaml', 'expected a ConfigMap, found kind Secret', '[INVALID_INPUT]');
  });

  test('a ConfigMap without data is accepted, as the operator accepts it: nothing resolves', () => {
    const r = cli(['resolve', '--config-map', file('no-data.yaml'), '--output', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ results: [{ osImage: '', precompiled: false, images: [] }] });
  });

  test('a ConfigMap the operator rejects: one line naming the key and line, exit 1', () => {
    expectRejected(cli(['resolve', '--config-map', file('bad-entry.yaml'), '--output', 'json']),
      'ConfigMap key "1_override.yaml" line 2', '[YAML_SYNTAX]');
  });

  test('a node inventory given as the ConfigMap: one line, exit 1', () => {
    expectRejected(cli(['resolve', '--config-map', NODES]), 'nodes.json', '[INVALID_INPUT]');
  });

  test('a ConfigMap given as the node inventory: one line, exit 1', () => {
    expectRejected(cli(['explain', '--nodes', file('cm.yaml')]), 'cm.yaml', '[INVALID_NODES]');
  });
});

describe('bad usage', () => {
  test.each([
    ['an unknown option', ['resolve', '--bogus'], 'resolve', '--bogus'],
    ['an option without its value', ['resolve', '--config-map'], 'resolve', '--config-map'],
    ['a positional argument', ['resolve', 'cm.yaml'], 'resolve', 'cm.yaml'],
    ['--env without "="', ['resolve', '--env', 'RELATED_IMAGE_linstor-controller'], 'resolve', '--env'],
    ['--env with an empty name', ['resolve', '--env', '=quay.io/x:v1'], 'resolve', '--env'],
    ['--output that is not json or table', ['resolve', '--output', 'xml'], 'resolve', '--output'],
    ['--output with an empty value', ['resolve', '--output='], 'resolve', '--output'],
    ['an unknown command', ['resolv'], '', 'resolv'],
  ] as Array<[string, string[], string, string]>)('%s: one error line and the usage, exit 2', (_what, args, command, mention) => {
    expectUsage(cli(args), command, mention);
  });

  test('no command at all: usage on standard error, exit 2, nothing on standard output', () => {
    const r = cli([]);
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(/^usage: cdk8s-piraeus /);
  });

  test('--help is not an error: help on standard output, exit 0', () => {
    const r = cli(['resolve', '--help']);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^usage: cdk8s-piraeus resolve /);
  });
});

describe('warnings keep exit 0 and go to standard error only', () => {
  test('--env that no component uses: a warning line, the JSON on standard output', () => {
    const r = cli(['resolve', '--config-map', file('cm.yaml'), '--env', 'RELATED_IMAGE_nothing=quay.io/x:v1', '--output', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: [^\n]*RELATED_IMAGE_nothing[^\n]* \[ENV_UNUSED\]\n$/);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });
});
