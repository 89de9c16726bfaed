/**
 * `cdk8s-piraeus images --bundle DIR` through the built command: every image a bundle references
 * (install-strategy containers and spec.relatedImages), in the formats `images` has.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { OlmBundle } from '../src/constructs/olm-bundle-dir';
import { OperatorRelease } from '../src/release/operator-release';

const BIN = path.join(__dirname, '..', 'lib', 'cli', 'main.js');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
let bundle: OlmBundle;
beforeAll(() => {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build (npm test does)`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-piraeus-bundle-'));
  bundle = OlmBundle.forRelease(OperatorRelease.latest());
  bundle.writeTo(dir);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('list: every container image and related image, each once, sorted', () => {
  const r = run(['images', '--bundle', dir]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const csv = parse(bundle.files['manifests/piraeus-operator.clusterserviceversion.yaml']);
  const expected = new Set<string>(csv.spec.relatedImages.map((i: { image: string }) => i.image));
  for (const d of csv.spec.install.spec.deployments) for (const c of d.spec.template.spec.containers) expected.add(c.image);
  const lines = r.stdout.trim().split('\n');
  expect(lines).toEqual([...expected].sort());
  expect(lines).toContain('quay.io/piraeusdatastore/piraeus-operator:v2.10.4');
  expect(lines).toContain('quay.io/piraeusdatastore/drbd9-noble:v9.2.16');
});

test('json names where each image comes from; skopeo-sync groups by registry', () => {
  const json = JSON.parse(run(['images', '--bundle', dir, '--format', 'json']).stdout);
  const operator = json.images.find((i: { reference: string }) => i.reference === 'quay.io/piraeusdatastore/piraeus-operator:v2.10.4');
  expect(operator.sources).toEqual([
    { from: 'container', name: 'manager', deployment: 'piraeus-operator-controller-manager' },
    { from: 'relatedImages', name: 'manager_piraeus-operator' },
  ]);
  const sync = parse(run(['images', '--bundle', dir, '--format', 'skopeo-sync']).stdout);
  expect(Object.keys(sync).sort()).toEqual(['quay.io', 'registry.k8s.io']);
});

test('--require-digests fails on a bundle with tags; other options are refused', () => {
  const r = run(['images', '--bundle', dir, '--require-digests']);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/images without a digest in .*piraeus-operator:v2\.10\.4/);
  const bad = run(['images', '--bundle', dir, '--release', 'v2.10.4']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/--bundle takes no --release/);
  const missing = run(['images', '--bundle', path.join(dir, 'nope')]);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(/bundle directory not found/);
});
