/**
 * Mistakes a new user makes, caught through the constructs and the pure layers: unknown component
 * names, rule replacement, manifests given as documents, option values the constructs refuse, a
 * synthesized file as the image ConfigMap, and the repository a digest lock was made for.
 */
import { Chart, Testing } from 'cdk8s';
import { ImageConfigOverride, ImageOverride, PiraeusDatastore, PiraeusOperator } from '../src';
import { optionProblems } from '../src/cli/common';
import { ErrorCodes } from '../src/errors';
import { planImageSet } from '../src/mirror/image-set';
import { importLockLines, parseLock, serializeLock } from '../src/mirror/lock';
import { OperatorRelease } from '../src/release';
import { installImageInputs, readImageConfigFile } from '../src/release/install-file';
import { parseManifestText } from '../src/release/manifest';
import { ImageResolver, loadImageConfig, planImages } from '../src/resolver';
import { nearestName, WELL_KNOWN_OS_IMAGES } from '../src/resolver/analysis';
import { externalVersionProblem } from '../src/resolver/plan';
import { expectPiraeusError } from './support/errors';

const RELEASE = OperatorRelease.latest();
const PLACEHOLDERS = RELEASE.workloadTemplates().placeholders;
const D = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;
const codes = (ds: readonly { code: string }[]) => ds.map((d) => d.code);

const sles = (name = 'sles') => ImageConfigOverride.fromComponents({
  base: 'quay.io/piraeusdatastore',
  components: { 'drbd-module-loader': { image: 'drbd9-noble', tag: 'v9.2.16', match: [{ osImage: 'SUSE Linux Enterprise', image: 'drbd9-sles' }] } },
}, name);

function operator(props: ConstructorParameters<typeof PiraeusOperator>[2]) {
  const app = Testing.app();
  const op = new PiraeusOperator(new Chart(app, 'test'), 'piraeus', { installCrds: false, ...props });
  return { app, op };
}

describe('unknown component names (UNKNOWN_COMPONENT_NAME)', () => {
  test.each([
    { name: 'linstor-controler', expected: 'linstor-controller' },
    { name: 'linstor-satelite', expected: 'linstor-satellite' },
    { name: 'drbd-module-loder', expected: 'drbd-module-loader' },
    { name: 'csi-provisionr', expected: 'csi-provisioner' },
    { name: 'nginx', expected: undefined },
    { name: 'a', expected: undefined },
  ])('nearestName($name) is $expected', ({ name, expected }) => {
    expect(nearestName(name, PLACEHOLDERS)).toBe(expected);
  });

  test.each([
    ['fromComponents', ImageConfigOverride.fromComponents({ base: 'quay.io/piraeusdatastore', components: { 'linstor-controler': { image: 'piraeus-server', tag: 'v1.32.3' } } })],
    ['fromYaml', ImageConfigOverride.fromYaml('base: quay.io/piraeusdatastore\ncomponents:\n  linstor-controler:\n    image: piraeus-server\n    tag: v1.32.3\n')],
  ])('%s: a located warning suggesting the known name; failOnWarnings fails synth', (_how, doc) => {
    const { op } = operator({ imageConfig: [doc] });
    const found = op.diagnostics.filter((d) => d.code === 'UNKNOWN_COMPONENT_NAME');
    expect(found).toHaveLength(1);
    expect(found[0].location).toMatchObject({ key: '1_override.yaml', component: 'linstor-controler' });
    expect(found[0].message).toContain('did you mean "linstor-controller"?');
    const strict = operator({ imageConfig: [doc], failOnWarnings: true });
    expect(() => strict.app.synth()).toThrow(/ConfigMap key "1_override.yaml" line \d+, component "linstor-controler", at test\/piraeus: .*\[UNKNOWN_COMPONENT_NAME\]/);
  });

  test('the defaults of every built-in release use only their workloads\' placeholders', () => {
    for (const v of OperatorRelease.builtIn()) {
      const release = OperatorRelease.of(v.version);
      const resolver = new ImageResolver(loadImageConfig(release.imageConfigData()).documents, { placeholders: release.workloadTemplates().placeholders });
      expect(codes(resolver.diagnostics())).not.toContain('UNKNOWN_COMPONENT_NAME');
    }
  });

  test('without placeholders, names are not checked; a far name lists the placeholders', () => {
    const docs = loadImageConfig({ '0_x.yaml': 'base: b\ncomponents:\n  nginx: {image: nginx, tag: "1"}\n' }).documents;
    expect(codes(new ImageResolver(docs).diagnostics())).toEqual([]);
    const [d] = new ImageResolver(docs, { placeholders: ['linstor-controller', 'drbd-reactor'] }).diagnostics();
    expect(d).toMatchObject({ code: 'UNKNOWN_COMPONENT_NAME', location: { key: '0_x.yaml', component: 'nginx', line: 3 } });
    expect(d.message).toContain('the placeholders are: drbd-reactor, linstor-controller.');
  });
});

describe('rule replacement (RULES_REPLACED)', () => {
  test('one SUSE rule with a fallback image: the earlier rules, variants and well-known OS images it changes are named', () => {
    const { op } = operator({ imageConfig: [sles()] });
    const found = op.diagnostics.filter((d) => d.code === 'RULES_REPLACED');
    expect(found).toHaveLength(1);
    expect(found[0].location).toMatchObject({ key: '1_sles.yaml', component: 'drbd-module-loader' });
    expect(found[0].message).toContain('no longer uses the 19 match rules of "0_piraeus_datastore_images.yaml"');
    expect(found[0].message).toContain('variants no longer used: drbd9-almalinux10, drbd9-almalinux8, drbd9-almalinux9, drbd9-bookworm, drbd9-bullseye, drbd9-jammy;');
    expect(found[0].message).toContain('"Ubuntu 22.04.4 LTS" drbd9-jammy -> drbd9-noble');
    expect(found[0].message).toContain('"Rocky Linux 9.4 (Blue Onyx)" drbd9-almalinux9 -> drbd9-noble');
    // The OS images that keep their loader are not listed.
    expect(found[0].message).not.toContain('Ubuntu 24.04');
  });

  test('an override of a variant only the replaced document had is refused (UNKNOWN_VARIANT)', () => {
    expectPiraeusError(() => operator({ imageConfig: [sles()], imageOverrides: [ImageOverride.forVariant('drbd-module-loader', 'drbd9-jammy', 'mirror.example.com/drbd9-jammy:v9.2.16')] }),
      ErrorCodes.UNKNOWN_VARIANT, /variant "drbd9-jammy" of component "drbd-module-loader" is never used: document "1_sles.yaml" gives the component its own fallback image.*variants in use are: drbd9-noble, drbd9-sles/);
    // A variant the replacing document has is still fine.
    expect(() => operator({ imageConfig: [sles()], imageOverrides: [ImageOverride.forVariant('drbd-module-loader', 'drbd9-sles', 'mirror.example.com/drbd9-sles:v9.2.16')] })).not.toThrow();
  });

  const DEFAULTS = RELEASE.imageConfigData();
  const replaced = (extra: Record<string, string>, options: { env?: Record<string, string>; osImages?: string[] } = {}) =>
    planImages({ data: { ...DEFAULTS, ...extra }, ...options }).diagnostics.filter((d) => d.code === 'RULES_REPLACED');
  test.each([
    ['a fallback over a fallback (no earlier rules)', { '1_x.yaml': 'base: b\ncomponents:\n  linstor-satellite: {image: own, tag: v1}\n' }, 0],
    ['match rules only: the other nodes keep the earlier rules', { '1_x.yaml': 'base: b\ncomponents:\n  drbd-module-loader:\n    tag: v1\n    match: [{osImage: SUSE, image: drbd9-sles}]\n' }, 0],
    ['a restatement of every rule (only the tag changes)', {
      '1_x.yaml': `base: quay.io/piraeusdatastore\ncomponents:\n  drbd-module-loader:\n    tag: v9.2.17\n    image: drbd9-noble\n    match:\n${
        loadImageConfig(DEFAULTS).documents[0].components.get('drbd-module-loader')!.match.map((m) => `      - {osImage: ${JSON.stringify(m.osImage)}, image: ${m.image}}`).join('\n')}\n`,
    }, 0],
    ['a fallback over rules', { '1_x.yaml': 'base: b\ncomponents:\n  drbd-module-loader: {image: drbd9-noble, tag: v1}\n' }, 1],
  ])('%s', (_name, extra, count) => {
    expect(replaced(extra)).toHaveLength(count);
  });

  test('the node inventory and the variables that no longer apply are named', () => {
    const [d] = replaced({ '1_x.yaml': 'base: b\ncomponents:\n  drbd-module-loader: {image: drbd9-noble, tag: v1}\n' }, {
      env: { 'RELATED_IMAGE_drbd-module-loader_drbd9-jammy': 'mirror.example.com/drbd9-jammy:v1' }, osImages: ['Ubuntu 22.04.5 LTS (custom)'],
    });
    expect(d.message).toContain('variables that no longer apply: RELATED_IMAGE_drbd-module-loader_drbd9-jammy;');
    expect(d.message).toContain('"Ubuntu 22.04.5 LTS (custom)" drbd9-jammy -> drbd9-noble');
  });

  test('the well-known OS images each match a default rule of the newest release', () => {
    const loader = loadImageConfig(DEFAULTS).documents[0].components.get('drbd-module-loader')!;
    const resolver = new ImageResolver(loadImageConfig(DEFAULTS).documents);
    const byRule = WELL_KNOWN_OS_IMAGES.filter((os) => resolver.resolve(os).images.find((i) => i.name === 'drbd-module-loader')!.provenance.rule);
    // Every string but the ones for releases the newest no longer has rules for (RHEL 7, CentOS 7, Ubuntu 18.04/20.04, Debian 10).
    expect(WELL_KNOWN_OS_IMAGES.length - byRule.length).toBe(5);
    expect(loader.match.length).toBeGreaterThan(0);
  });

  test('a digest lock\'s copies restate the rules without being reported', () => {
    const planned = planImageSet({
      config: loadImageConfig({ ...DEFAULTS, '1_x.yaml': 'base: b\ncomponents:\n  drbd-module-loader: {image: drbd9-noble, tag: v1}\n' }),
      operatorImage: RELEASE.operatorImage,
      placeholders: PLACEHOLDERS,
      lock: { lock: { version: 1, images: { 'docker.io/b/drbd9-noble:v1': D(1) } } },
    });
    expect(planned.plan.diagnostics.filter((d) => d.code === 'RULES_REPLACED').map((d) => d.location.key)).toEqual(['1_x.yaml']);
    expect(codes(planned.plan.diagnostics)).not.toContain('UNKNOWN_COMPONENT_NAME');
  });
});

describe('a Kubernetes manifest given to ImageConfigOverride.fromYaml (INVALID_PROPS)', () => {
  test('a whole ConfigMap: pass its data entry instead', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: images}\ndata:\n  0_a.yaml: |\n    base: x\n';
    expectPiraeusError(() => ImageConfigOverride.fromYaml(text, 'mine'), ErrorCodes.INVALID_PROPS,
      /ImageConfigOverride.fromYaml \(document "mine"\): is a whole ConfigMap manifest.*pass the text of one of its data entries \(its keys: "0_a.yaml"\)/);
  });
  test('a Deployment', () => {
    expectPiraeusError(() => ImageConfigOverride.fromYaml('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {}\n'),
      ErrorCodes.INVALID_PROPS, /is a Kubernetes Deployment manifest/);
  });
  test('an image document that merely has a key named kind is still a document', () => {
    expect(() => ImageConfigOverride.fromYaml('base: x\nkind: oops\ncomponents: {}\n')).not.toThrow();
  });
});

describe('a repository with a scheme: one message, constructs and CLI alike', () => {
  const MESSAGE = /starts with the scheme "https:\/\/": a repository is a registry host and path without a scheme; use "mirror\.example\.com\/piraeus"/;
  test('the LinstorCluster repository', () => {
    const chart = new Chart(Testing.app(), 'test');
    expectPiraeusError(() => new PiraeusDatastore(chart, 'piraeus', { cluster: { repository: 'https://mirror.example.com/piraeus' } }),
      ErrorCodes.INVALID_PROPS, MESSAGE);
  });
  test('the CLI warning carries the same text', () => {
    const [d] = optionProblems({ repository: 'https://mirror.example.com/piraeus' });
    expect(d.message).toMatch(MESSAGE);
  });
});

describe('the external version check is one function', () => {
  test.each([
    ['1.31.2', undefined],
    ['v1.31.2', /starts with "v"/],
    ['1.31.2+build/x', /does not make a valid image tag/],
  ])('%s', (version, problem) => {
    const p = externalVersionProblem(version);
    if (problem === undefined) expect(p).toBeUndefined();
    else expect(p).toMatch(problem);
  });
});

describe('a synthesized file as the image ConfigMap', () => {
  const synthFile = () => {
    const { app } = operator({ imageConfig: [sles()] });
    return app.synthYaml();
  };

  test('the ConfigMap the operator Deployment names, whatever else the file holds', () => {
    const text = synthFile();
    const data = readImageConfigFile(text, 'dist/x.k8s.yaml');
    expect(Object.keys(data).sort()).toEqual(['0_piraeus_datastore_images.yaml', '0_sig_storage_images.yaml', '1_sles.yaml']);
    const inputs = installImageInputs(parseManifestText(text, 'dist/x.k8s.yaml'), 'dist/x.k8s.yaml');
    expect(Object.keys(inputs.env ?? {})).toContain('RELATED_IMAGE_drbd-module-loader_drbd9-sles');
    expect(inputs.imageConfigSource).toMatch(/^dist\/x.k8s.yaml:\d+ \(ConfigMap piraeus-datastore\/piraeus-operator-image-config\)$/);
  });

  test('a single ConfigMap is read as before', () => {
    expect(readImageConfigFile('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a.yaml: "base: b"}\n', 'cm.yaml')).toEqual({ 'a.yaml': 'base: b' });
  });

  const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata:\n  a.yaml: |\n    components: {}\n`;
  test.each([
    ['two image ConfigMaps and no Deployment', `${cm('one')}---\n${cm('two')}`, /at f.yaml: holds 2 ConfigMaps with image-config documents \(ConfigMap one on line 1, ConfigMap two on line 7\)/],
    ['no image ConfigMap', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other}\ndata: {x: y}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: n}\n', /holds 2 objects but no image ConfigMap/],
    ['a Deployment naming a ConfigMap the file lacks', `${cm('one')}---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: m}\nspec:\n  template:\n    spec:\n      containers:\n      - name: manager\n        env: [{name: IMAGE_CONFIG_MAP_NAME, value: mine}]\n`,
      /at f.yaml:7: the operator Deployment \(Deployment m\) reads image ConfigMap "mine", which the file does not hold/],
  ])('%s: one located error', (_name, text, message) => {
    expectPiraeusError(() => readImageConfigFile(text, 'f.yaml'), ErrorCodes.INVALID_INPUT, message);
  });
});

describe('the lock records its repository', () => {
  test('written by import, read back, kept by a later import without one', () => {
    const first = importLockLines(undefined, `mirror.example.com/p/a:v1@${D(1)}\n`, 'in', { repository: 'mirror.example.com/p' }).lock;
    expect(first.repository).toBe('mirror.example.com/p');
    const text = serializeLock(first);
    expect(JSON.parse(text)).toEqual({ version: 1, repository: 'mirror.example.com/p', images: { 'mirror.example.com/p/a:v1': D(1) } });
    expect(parseLock(text, 'l.json')).toEqual(first);
    expect(parseLock(serializeLock(first, 'yaml'), 'l.yaml')).toEqual(first);
    expect(importLockLines(first, `mirror.example.com/p/b:v1@${D(2)}\n`, 'in').lock.repository).toBe('mirror.example.com/p');
    // Without a repository the file is as before.
    expect(JSON.parse(serializeLock(importLockLines(undefined, `a.io/a:v1@${D(1)}\n`, 'in').lock))).toEqual({ version: 1, images: { 'a.io/a:v1': D(1) } });
  });

  test.each([
    ['{"version": 1, "repository": "mirror.example.com/p/", "images": {}}', /"repository": repository prefix "mirror.example.com\/p\/" must not end with "\/"/],
    ['{"version": 1, "repository": 7, "images": {}}', /"repository" must be a string/],
  ])('a bad repository is refused: %s', (text, message) => {
    expectPiraeusError(() => parseLock(text, 'l.json'), ErrorCodes.INVALID_LOCK, message);
  });
});
