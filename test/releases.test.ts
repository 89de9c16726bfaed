/**
 * Operator releases as data: the built-in catalogue, import of an upstream manifest through the
 * same loader, faithful synthesis of an imported release, the capability table, the pre-v2.9.0
 * pinning through ConfigMap documents, bad manifests, and the install diff between releases.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import {
  ErrorCodes, ImageDigestLock, ImageOverride, LinstorCluster, OperatorRelease, PiraeusOperator, PiraeusOperatorProps,
} from '../src';
import { diffInstalls, permissions, schemaPaths } from '../src/release/install-diff';
import { objectKey } from '../src/release/manifest';
import { parseReleaseVersion, compareReleaseVersions } from '../src/release/version';
import { loadImageConfig } from '../src/resolver/configmap';
import { ImageResolver } from '../src/resolver/image-resolver';
import { expectPiraeusError } from './support/errors';
import { validateAll } from './support/k8s-validate';

type Obj = Record<string, any>;

const BIN = path.join(__dirname, '..', 'lib', 'cli', 'main.js');
const BUILT_IN = ['v2.6.0', 'v2.7.0', 'v2.7.1', 'v2.8.0', 'v2.8.1', 'v2.10.4'];
const EXTERNAL = { externalController: { url: 'http://linstor.example.com:3370' } };

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-piraeus-releases-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A release's objects written out as an install manifest, the way kustomize prints one. */
function manifestOf(objects: readonly Obj[]): string {
  return objects.map((o) => YAML.stringify(o)).join('---\n');
}

function writeManifest(name: string, objects: readonly Obj[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, manifestOf(objects));
  return file;
}

function synth(props: PiraeusOperatorProps & { cluster?: undefined } = {}, cluster?: Obj): Obj[] {
  const chart = new Chart(Testing.app(), 'install');
  new PiraeusOperator(chart, 'operator', { ...props, cluster: cluster ? new LinstorCluster(chart, 'cluster', cluster) : undefined });
  return (Testing.synth(chart) as Obj[]).filter((o) => o.kind !== 'LinstorCluster');
}

/** Objects compared field by field, whatever the key order. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Obj)[k])]));
  }
  return v;
}

const byKey = (objects: readonly Obj[]) => new Map(objects.map((o) => [objectKey(o), canonical(o)]));
const managerOf = (objects: readonly Obj[]) => objects.find((o) => o.kind === 'Deployment' && o.spec.template.spec.containers.some((c: Obj) => c.name === 'manager'))!;

describe('version tags', () => {
  test.each([
    ['v2.10.4', { major: 2, minor: 10, patch: 4, pre: '' }],
    ['v2.12.0-rc.1', { major: 2, minor: 12, patch: 0, pre: 'rc.1' }],
    ['v0.0.0', { major: 0, minor: 0, patch: 0, pre: '' }],
  ])('%s parses', (tag, expected) => {
    expect(parseReleaseVersion(tag)).toEqual({ ...expected, tag });
  });

  test.each(['2.10.4', 'v2.10', 'latest', 'v02.1.0', 'v2.10.4+build', '', 'v2.10.4-'])('%j is not a release tag', (tag) => {
    expect(parseReleaseVersion(tag)).toBeUndefined();
  });

  test('order: numeric, a pre-release before its release', () => {
    const tags = ['v2.10.4', 'v2.9.1', 'v2.12.0', 'v2.12.0-rc.1', 'v2.8.1', 'v2.10.10'];
    expect(tags.map((t) => parseReleaseVersion(t)!).sort(compareReleaseVersions).map((v) => v.tag))
      .toEqual(['v2.8.1', 'v2.9.1', 'v2.10.4', 'v2.10.10', 'v2.12.0-rc.1', 'v2.12.0']);
  });
});

describe('the built-in catalogue', () => {
  test('builtIn() lists every release oldest first; latest() is the newest and the default', () => {
    expect(OperatorRelease.builtIn().map((r) => r.version)).toEqual(BUILT_IN);
    expect(OperatorRelease.latest().version).toBe('v2.10.4');
    const chart = new Chart(Testing.app(), 'x');
    expect(new PiraeusOperator(chart, 'op').release.version).toBe('v2.10.4');
  });

  test('of() an unknown version is a located error naming the built-in ones and the way out', () => {
    const err = expectPiraeusError(() => OperatorRelease.of('v2.12.1'), ErrorCodes.UNKNOWN_RELEASE, /built in: v2\.6\.0, .*v2\.10\.4.*fromManifest/);
    expect(err.location?.path).toBe('release');
  });

  test.each(BUILT_IN)('%s: a complete install of that release, each fact with its source', (version) => {
    const r = OperatorRelease.of(version);
    expect(r.isBuiltIn).toBe(true);
    expect(r.operatorImage).toBe(`quay.io/piraeusdatastore/piraeus-operator:${version}`);
    expect(r.date).toMatch(/^20\d\d-\d\d-\d\d$/);
    expect(r.namespace).toBe('piraeus-datastore');
    const objects = r.objects();
    expect(objects).toHaveLength(20);
    expect(objects.filter((o) => o.kind === 'CustomResourceDefinition').map((o) => (o.metadata as Obj).name).sort()).toEqual([
      'linstorclusters.piraeus.io', 'linstornodeconnections.piraeus.io', 'linstorsatelliteconfigurations.piraeus.io', 'linstorsatellites.piraeus.io',
    ]);
    // Every object has a source with a full commit; exact releases name each object.
    for (const s of r.sources) expect(s.commit).toMatch(/^[0-9a-f]{40}$/);
    if (r.metadata.exactness === 'exact') {
      const named = new Set(r.sources.map((s) => s.what));
      for (const o of objects) {
        const meta = o.metadata as Obj;
        expect(named).toContain(`${o.kind} ${meta.namespace ? `${meta.namespace}/` : ''}${meta.name}`);
      }
    }
    // Upstream prose stays out: no CRD carries a description.
    expect(JSON.stringify(objects.filter((o) => o.kind === 'CustomResourceDefinition'))).not.toContain('"description"');
    expect(validateAll(objects as Obj[])).toEqual([]);
  });

  test('v2.10.4 has its own image documents: the Debian 13 rule came after the release', () => {
    const data = OperatorRelease.of('v2.10.4').imageConfigData();
    expect(Object.keys(data)).toEqual(['0_piraeus_datastore_images.yaml', '0_sig_storage_images.yaml']);
    expect(data['0_piraeus_datastore_images.yaml']).not.toContain('Debian GNU/Linux 13');
    const resolver = new ImageResolver(loadImageConfig(data).documents);
    const image = (os: string, c: string) => resolver.resolve(os).images.find((i) => i.name === c)!.image;
    expect(image('Debian GNU/Linux 13 (trixie)', 'drbd-module-loader')).toBe('quay.io/piraeusdatastore/drbd9-noble:v9.2.16');
    expect(image('', 'linstor-csi')).toBe('quay.io/piraeusdatastore/piraeus-csi:v1.10.5');
  });

  test('v2.10.4 RBAC: the storage-pool probe\'s pods/exec is not there yet (it came in v2.10.8)', () => {
    const role = OperatorRelease.of('v2.10.4').objects().find((o) => o.kind === 'ClusterRole' && (o.metadata as Obj).name === 'piraeus-operator-controller-manager')!;
    expect([...permissions(role)].filter((p) => p.includes('pods/exec'))).toEqual([]);
    expect(permissions(role)).toContain('core/secrets get');
  });
});

describe('capabilities per release', () => {
  test.each([
    ['v2.6.0', false, false, false],
    ['v2.7.1', false, false, false],
    ['v2.8.0', false, false, true],
    ['v2.8.1', false, false, true],
    ['v2.10.4', true, true, true],
  ])('%s: RELATED_IMAGE_* %s, digests %s, external-controller tag %s', (version, env, digests, external) => {
    expect(OperatorRelease.of(version).capabilities).toEqual({ relatedImageEnv: env, digests, externalControllerTag: external });
  });

  test('v2.9.0+ (RELATED_IMAGE_* read): every variant pinned by a variable, no pin documents', () => {
    const objects = synth({ installCrds: false });
    const env = managerOf(objects).spec.template.spec.containers[0].env.map((e: Obj) => e.name);
    expect(env.filter((n: string) => n.startsWith('RELATED_IMAGE_')).length).toBeGreaterThan(20);
    expect(Object.keys(objects.find((o) => o.kind === 'ConfigMap')!.data).filter((k) => k.startsWith('zz-pins-'))).toEqual([]);
  });

  test('before v2.9.0: no RELATED_IMAGE_* (the operator would ignore them); pin documents that resolve to the same images', () => {
    const release = OperatorRelease.of('v2.8.1');
    const chart = new Chart(Testing.app(), 'install');
    const cluster = new LinstorCluster(chart, 'cluster', { repository: 'registry.example.com/mirror' });
    const operator = new PiraeusOperator(chart, 'operator', { release, installCrds: false, cluster });
    const objects = Testing.synth(chart) as Obj[];
    const env = managerOf(objects).spec.template.spec.containers[0].env.map((e: Obj) => e.name);
    expect(env.filter((n: string) => n.startsWith('RELATED_IMAGE_'))).toEqual([]);
    const data = objects.find((o) => o.kind === 'ConfigMap')!.data as Record<string, string>;
    const pinKeys = Object.keys(data).filter((k) => k.startsWith('zz-pins-'));
    expect(pinKeys).toEqual(['zz-pins-01.yaml', 'zz-pins-02.yaml']);
    expect(operator.diagnostics.map((d) => d.code)).toEqual(['PINNED_BY_CONFIGMAP']);
    // Same images for every OS the rules name, with and without the pin documents.
    const without = new ImageResolver(loadImageConfig(release.imageConfigData()).documents, { repository: 'registry.example.com/mirror' });
    const withPins = new ImageResolver(loadImageConfig(data).documents, { repository: 'registry.example.com/mirror' });
    for (const os of ['', 'Ubuntu 22.04.4 LTS', 'Red Hat Enterprise Linux 9.4 (Plow)', 'Debian GNU/Linux 12 (bookworm)', 'Talos (v1.8.0)']) {
      const images = (r: ImageResolver) => r.resolve(os).images.map((i) => [i.name, i.image]);
      expect(images(withPins)).toEqual(images(without));
    }
  });

  test('before v2.9.0 with an external controller the satellite is left out of the pin documents (it follows the controller)', () => {
    const chart = new Chart(Testing.app(), 'install');
    const operator = new PiraeusOperator(chart, 'operator', {
      release: OperatorRelease.of('v2.8.1'), installCrds: false, cluster: new LinstorCluster(chart, 'cluster', EXTERNAL), externalControllerVersion: '1.31.2',
    });
    const pins = Object.entries(operator.imageConfigMap.data).filter(([k]) => k.startsWith('zz-pins-')).map(([, v]) => v).join('\n');
    expect(pins).toContain('linstor-controller');
    expect(pins).not.toContain('linstor-satellite');
    expect(operator.imageFor('linstor-satellite', 'Ubuntu 22.04.4 LTS')).toBe('quay.io/piraeusdatastore/piraeus-server:v1.31.2');
  });

  test('before v2.8.0 an external controller version is ignored, with a warning: the satellite runs the ConfigMap tag', () => {
    const chart = new Chart(Testing.app(), 'install');
    const operator = new PiraeusOperator(chart, 'operator', {
      release: OperatorRelease.of('v2.7.1'), installCrds: false, cluster: new LinstorCluster(chart, 'cluster', EXTERNAL), externalControllerVersion: '1.31.2',
    });
    expect(operator.imageFor('linstor-satellite', 'Ubuntu 22.04.4 LTS')).toBe('quay.io/piraeusdatastore/piraeus-server:v1.29.2');
    expect(operator.diagnostics.map((d) => d.code)).toContain('RELEASE_IGNORES');
  });

  test.each([
    ['a digest lock', { digestLock: ImageDigestLock.fromText('{"version":1,"images":{}}', 'lock.json') }, /digestLock/],
    ['requireDigests', { requireDigests: true }, /requireDigests/],
    ['an explicit override', { imageOverrides: [ImageOverride.forComponent('linstor-csi', 'registry.example.com/csi:v1')] }, /imageOverrides/],
  ])('before v2.9.0, %s is a located error naming the release', (_what, props, message) => {
    const err = expectPiraeusError(() => synth({ release: OperatorRelease.of('v2.8.1'), installCrds: false, ...props }), ErrorCodes.RELEASE_CAPABILITY, message);
    expect(err.message).toContain('v2.8.1');
    expect(err.location?.path).toBe('install/operator');
  });
});

describe('import from an upstream manifest', () => {
  test.each(BUILT_IN)('round trip %s: synth -> manifest -> fromManifest -> synth is byte-identical', (version) => {
    const props = { release: OperatorRelease.of(version), pinImages: false };
    const first = synth(props);
    const imported = OperatorRelease.fromManifest(writeManifest(`roundtrip-${version}.yaml`, first));
    expect(imported.isBuiltIn).toBe(false);
    expect(imported.version).toBe(version);
    const second = synth({ release: imported, pinImages: false });
    expect(YAML.stringify(second)).toBe(YAML.stringify(first));
  });

  test('an imported manifest is reproduced object for object; the only addition is the manager\'s RELATED_IMAGE_* pins', () => {
    // Upstream objects as given, with prose the library never ships itself (a CRD description).
    const objects = OperatorRelease.of('v2.10.4').objects() as Obj[];
    const crd = objects.find((o) => o.kind === 'CustomResourceDefinition')!;
    crd.spec.versions[0].schema.openAPIV3Schema.description = 'Words of the user\'s own file.';
    const release = OperatorRelease.fromManifest(writeManifest('upstream.yaml', objects));
    const out = synth({ release });
    const expected = byKey(objects);
    const actual = byKey(out);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    const managerKey = objectKey(managerOf(objects));
    for (const [key, o] of expected) if (key !== managerKey) expect(actual.get(key)).toEqual(o);
    const before = managerOf(objects).spec.template.spec.containers[0];
    const after = managerOf(out).spec.template.spec.containers[0];
    expect(after.env.slice(0, before.env.length)).toEqual(before.env);
    expect(after.env.slice(before.env.length).every((e: Obj) => e.name.startsWith('RELATED_IMAGE_'))).toBe(true);
    expect({ ...after, env: before.env }).toEqual(before);
    expect(JSON.stringify(out)).toContain('Words of the user\'s own file.');
  });

  test('the version comes from the operator image; capabilities follow it', () => {
    const objects = OperatorRelease.of('v2.8.1').objects() as Obj[];
    for (const d of objects.filter((o) => o.kind === 'Deployment')) d.spec.template.spec.containers[0].image = 'quay.io/piraeusdatastore/piraeus-operator:v2.9.3';
    const release = OperatorRelease.fromManifestText(manifestOf(objects), 'v2.9.3.yaml');
    expect(release.version).toBe('v2.9.3');
    expect(release.capabilities).toEqual({ relatedImageEnv: true, digests: true, externalControllerTag: true });
    expect(release.templatesExact).toBe(false);
  });

  test('a kubectl List of the objects is read too', () => {
    const list = YAML.stringify({ apiVersion: 'v1', kind: 'List', items: OperatorRelease.of('v2.8.1').objects() });
    expect(OperatorRelease.fromManifestText(list, 'list.yaml').version).toBe('v2.8.1');
  });

  const base = () => OperatorRelease.of('v2.10.4').objects() as Obj[];
  test.each<[string, () => string, RegExp]>([
    ['not YAML', () => 'kind: [unclosed\n', /not valid YAML/],
    ['binary', () => 'a\u0000b', /binary/],
    ['no objects', () => '# nothing\n', /holds no Kubernetes objects/],
    ['a document that is no object', () => 'just text\n', /not a Kubernetes object/],
    ['no manager Deployment (a plain ConfigMap)', () => 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n', /not a Piraeus Operator install: no Deployment with a container "manager"/],
    ['no image ConfigMap', () => manifestOf(base().filter((o) => o.kind !== 'ConfigMap')), /no image ConfigMap "piraeus-operator-image-config"/],
    ['no CRDs', () => manifestOf(base().filter((o) => o.kind !== 'CustomResourceDefinition')), /no piraeus\.io CustomResourceDefinitions/],
    ['an operator image without a version tag', () => manifestOf(base().map((o) => {
      if (o.kind === 'Deployment') o.spec.template.spec.containers[0].image = 'quay.io/piraeusdatastore/piraeus-operator:latest';
      return o;
    })), /cannot read the release version from the operator image ".*:latest"/],
    ['a duplicate object', () => manifestOf([...base(), base().find((o) => o.kind === 'ClusterRole')!]), /ClusterRole piraeus-operator-controller-manager is defined twice \(first at line \d+\)/],
  ])('%s: one located INVALID_RELEASE error', (_what, text, message) => {
    const err = expectPiraeusError(() => OperatorRelease.fromManifestText(text(), 'bad.yaml'), ErrorCodes.INVALID_RELEASE, message);
    expect(err.location?.path).toMatch(/^bad\.yaml(:\d+)?$/);
  });

  test('a missing file is FILE_UNREADABLE naming it', () => {
    const err = expectPiraeusError(() => OperatorRelease.fromManifest(path.join(dir, 'nope.yaml')), ErrorCodes.FILE_UNREADABLE, /ENOENT/);
    expect(err.location?.path).toContain('nope.yaml');
  });
});

describe('install diff between releases', () => {
  test('permissions: one entry per group/resource/verb, resource names kept', () => {
    expect([...permissions({ rules: [
      { apiGroups: ['', 'apps'], resources: ['pods'], verbs: ['get', 'list'] },
      { apiGroups: ['admissionregistration.k8s.io'], resources: ['validatingwebhookconfigurations'], resourceNames: ['b', 'a'], verbs: ['patch'] },
    ] })].sort()).toEqual([
      'admissionregistration.k8s.io/validatingwebhookconfigurations patch [a,b]', 'apps/pods get', 'apps/pods list', 'core/pods get', 'core/pods list',
    ]);
  });

  test('schema paths: nested properties, arrays and maps, per version', () => {
    const crd = { spec: { versions: [{ name: 'v1', schema: { openAPIV3Schema: { properties: { spec: { properties: {
      pools: { items: { properties: { name: {} } } }, labels: { additionalProperties: { type: 'string' } },
    } } } } } }] } };
    expect([...schemaPaths(crd)].sort()).toEqual(['v1 spec', 'v1 spec.labels', 'v1 spec.pools', 'v1 spec.pools[].name']);
  });

  test('v2.8.0 -> v2.8.1: the new requeue interval flag shows as container changes', () => {
    const d = diffInstalls(OperatorRelease.of('v2.8.0'), OperatorRelease.of('v2.8.1'));
    expect(d.objectsAdded).toEqual([]);
    expect(d.objectsRemoved).toEqual([]);
    const manager = d.containers.find((c) => c.container === 'manager')!;
    expect(manager.added).toEqual(expect.arrayContaining([
      'arg --requeue-interval=$(REQUEUE_INTERVAL)', 'env REQUEUE_INTERVAL=1m', 'image quay.io/piraeusdatastore/piraeus-operator:v2.8.1',
    ]));
    expect(manager.removed).toEqual(['image quay.io/piraeusdatastore/piraeus-operator:v2.8.0']);
  });

  test('a release against itself: no changes', () => {
    const d = diffInstalls(OperatorRelease.of('v2.10.4'), OperatorRelease.of('v2.10.4'));
    expect(d).toEqual({ before: 'v2.10.4', after: 'v2.10.4', objectsAdded: [], objectsRemoved: [], rbac: [], crdFields: [], containers: [] });
  });
});

describe('the built CLI', () => {
  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  test('releases lists the built-ins with dates and main versions; JSON too', () => {
    const table = run(['releases']);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^release\s+date\s+data\s+LINSTOR\s+CSI\s+DRBD$/);
    expect(table.stdout).toMatch(/^v2\.10\.4\s+2026-01-13\s+reconstructed\s+v1\.32\.3\s+v1\.10\.5\s+v9\.2\.16\s+\(default\)$/m);
    expect(table.stdout).toMatch(/^v2\.8\.1\s+2025-04-09\s+exact\s+v1\.31\.0\s+v1\.7\.1\s+v9\.2\.13$/m);
    const json = JSON.parse(run(['releases', '--output', 'json']).stdout);
    expect(json.releases.map((r: Obj) => r.version)).toEqual(BUILT_IN);
  });

  test('--release picks that release\'s default documents; a manifest file works the same', () => {
    const csi = (args: string[]) => {
      const r = run(['resolve', ...args, '--output', 'json']);
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout).results[0].images.find((i: Obj) => i.name === 'linstor-csi').image;
    };
    expect(csi([])).toBe('quay.io/piraeusdatastore/piraeus-csi:v1.10.5');
    expect(csi(['--release', 'v2.8.1'])).toBe('quay.io/piraeusdatastore/piraeus-csi:v1.7.1');
    expect(csi(['--release', writeManifest('cli-v2.8.1.yaml', OperatorRelease.of('v2.8.1').objects())])).toBe('quay.io/piraeusdatastore/piraeus-csi:v1.7.1');
  });

  test('--release with what the release cannot read: warned, and the prediction is that release\'s', () => {
    const r = run(['resolve', '--release', 'v2.8.1', '--env', 'RELATED_IMAGE_linstor-csi_piraeus-csi=example.com/csi:v9', '--output', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).results[0].images.find((i: Obj) => i.name === 'linstor-csi').image).toBe('quay.io/piraeusdatastore/piraeus-csi:v1.7.1');
    expect(r.stderr).toMatch(/^warning: at --env: RELATED_IMAGE_linstor-csi_piraeus-csi is ignored: release v2\.8\.1's operator does not read .* \[RELEASE_IGNORES\]$/m);
  });

  test('--release with an unknown version (bad usage, exit 2) or a bad manifest (exit 1): one line', () => {
    const unknown = run(['resolve', '--release', 'v9.9.9']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: at release: release "v9\.9\.9" is not built in .* \[UNKNOWN_RELEASE\]\n$/);
    const bad = path.join(dir, 'cm-only.yaml');
    fs.writeFileSync(bad, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
    const notInstall = run(['images', '--release', bad]);
    expect(notInstall.code).toBe(1);
    expect(notInstall.stderr).toMatch(/\[INVALID_RELEASE\]\n$/);
    expect(notInstall.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  test('images --release v2.8.1 --lock is refused: that operator reads no digests', () => {
    const lock = path.join(dir, 'lock.json');
    fs.writeFileSync(lock, '{"version":1,"images":{}}');
    const r = run(['images', '--release', 'v2.8.1', '--lock', lock]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/release v2\.8\.1's operator does not read image digests.* \[RELEASE_CAPABILITY\]/);
  });
});
