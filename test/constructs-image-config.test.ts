/**
 * The image ConfigMap and its documents: key order, strict checks of typed documents, the emitted
 * YAML read back by the operator's rules (the project's Go-compatible decoder) to exactly the
 * values the resolver used, and "pinning changes nothing".
 */
import { Chart, Testing } from 'cdk8s';
import {
  ErrorCodes, ImageConfigOverride, LinstorCluster, LinstorClusterProps, OperatorRelease,
  ImageConfigOverrideProps, PiraeusOperator, PiraeusOperatorProps,
} from '../src';
import { imageConfigData } from '../src/constructs/image-config-map';
import { decodeDocument, ImageResolver, loadImageConfig, Resolution } from '../src/resolver';
import { renderEntry } from '../src/resolver/kustomize';
import { compareBytewise } from '../src/resolver/order';
import { expectPiraeusError } from './support/errors';
import { validateAll } from './support/k8s-validate';

type Obj = Record<string, any>;

const DIGEST_A = 'sha256:' + 'a'.repeat(64);
const DIGEST_B = 'sha256:' + 'b'.repeat(64);
const DEFAULT_KEYS = ['0_piraeus_datastore_images.yaml', '0_sig_storage_images.yaml'];

/** Operator props, plus the spec of a LinstorCluster the operator serves. */
type OperatorTestProps = Omit<PiraeusOperatorProps, 'cluster'> & { readonly cluster?: LinstorClusterProps };
const EXTERNAL = { externalController: { url: 'http://linstor.example.com:3370' } };

function synthOperator(props: OperatorTestProps = {}) {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const { cluster: clusterProps, ...rest } = props;
  const cluster = clusterProps ? new LinstorCluster(chart, 'cluster', clusterProps) : undefined;
  const operator = new PiraeusOperator(chart, 'piraeus', { installCrds: false, ...rest, cluster });
  return { operator, objects: Testing.synth(chart) as Obj[] };
}

const configMapOf = (objects: readonly Obj[]) => objects.find((o) => o.kind === 'ConfigMap')!;
const envOf = (objects: readonly Obj[]): Map<string, string> => {
  const dep = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'piraeus-operator-controller-manager')!;
  return new Map((dep.spec.template.spec.containers[0].env as Obj[]).filter((e) => 'value' in e).map((e) => [e.name, e.value]));
};


const csiDoc = (tag: string, name: string) =>
  ImageConfigOverride.fromComponents({ base: 'registry.example.com/piraeus', components: { 'linstor-csi': { image: 'piraeus-csi', tag } } }, name);

describe('ImageConfigMap', () => {
  test('defaults: the name, namespace, labels and default documents of the release', () => {
    const { objects, operator } = synthOperator();
    const cm = configMapOf(objects);
    expect(cm).toMatchSnapshot();
    expect(validateAll([cm])).toEqual([]);
    expect(cm).toEqual({
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: 'piraeus-operator-image-config', namespace: 'piraeus-datastore', labels: { 'app.kubernetes.io/name': 'piraeus-datastore' } },
      data: OperatorRelease.latest().imageConfigData(),
    });
    expect(operator.imageConfigMap.name).toBe('piraeus-operator-image-config');
    expect(Object.keys(operator.imageConfigMap.data)).toEqual(DEFAULT_KEYS);
  });

  test('a custom name reaches the operator through IMAGE_CONFIG_MAP_NAME', () => {
    const { objects, operator } = synthOperator();
    expect(envOf(objects).get('IMAGE_CONFIG_MAP_NAME')).toBe(operator.imageConfigMap.name);
    expect(configMapOf(objects).metadata.name).toBe(operator.imageConfigMap.name);
  });

  test.each([
    [1, ['1_d0.yaml']],
    [2, ['1_d0.yaml', '2_d1.yaml']],
    [9, ['1_d0.yaml', '2_d1.yaml', '3_d2.yaml', '4_d3.yaml', '5_d4.yaml', '6_d5.yaml', '7_d6.yaml', '8_d7.yaml', '9_d8.yaml']],
    [10, Array.from({ length: 10 }, (_, i) => `1_${String(i + 1).padStart(2, '0')}_d${i}.yaml`)],
    [12, Array.from({ length: 12 }, (_, i) => `1_${String(i + 1).padStart(2, '0')}_d${i}.yaml`)],
    [101, Array.from({ length: 101 }, (_, i) => `1_${String(i + 1).padStart(3, '0')}_d${i}.yaml`)],
  ])('%d override documents: keys after the 0_ defaults, byte-wise order = the order given, the last one wins', (n, keys) => {
    // Names chosen so that sorting by name alone would reverse the order.
    const names = Array.from({ length: n }, (_, i) => `d${i}`);
    const overrides = names.map((name, i) => csiDoc(`v1.0.${i}`, name));
    const { objects, operator } = synthOperator({ imageConfig: overrides });
    const data = configMapOf(objects).data as Record<string, string>;
    const sorted = Object.keys(data).sort(compareBytewise);
    expect(sorted).toEqual([...DEFAULT_KEYS, ...keys]);
    expect(Object.keys(operator.imageConfigMap.data)).toEqual(sorted);
    expect(operator.imagePlan.documents.map((d) => d.key)).toEqual(sorted);
    expect(operator.imageFor('linstor-csi')).toBe(`registry.example.com/piraeus/piraeus-csi:v1.0.${n - 1}`);
    expect(operator.diagnostics.filter((d) => d.code === 'KEY_ORDER')).toEqual([]);
  });

  test('override documents with the same name keep distinct keys and their order', () => {
    const { objects, operator } = synthOperator({ imageConfig: [csiDoc('v1', 'same'), csiDoc('v2', 'same')] });
    expect(Object.keys(configMapOf(objects).data).sort(compareBytewise)).toEqual([...DEFAULT_KEYS, '1_same.yaml', '2_same.yaml']);
    expect(operator.imageFor('linstor-csi')).toBe('registry.example.com/piraeus/piraeus-csi:v2');
  });

  test('includeDefaultImageConfig: false keeps only the override documents', () => {
    const { operator } = synthOperator({ includeDefaultImageConfig: false, imageConfig: [csiDoc('v1', 'only')] });
    expect(Object.keys(operator.imageConfigMap.data)).toEqual(['1_only.yaml']);
  });

  test('an empty ConfigMap (no defaults, no overrides) is a located error', () => {
    const err = expectPiraeusError(() => imageConfigData({}, [], 'test/images'), ErrorCodes.INVALID_PROPS, /would be empty/);
    expect(err.location?.path).toBe('test/images');
    expectPiraeusError(() => synthOperator({ includeDefaultImageConfig: false }), ErrorCodes.INVALID_PROPS, /would be empty/);
  });

  test.each(['', 'with space', 'slash/name', 'ünï', 'colon:name'])('document name %j is refused (it becomes a ConfigMap key)', (name) => {
    expectPiraeusError(() => ImageConfigOverride.fromYaml('base: x', name), ErrorCodes.INVALID_PROPS, /document name/);
    expectPiraeusError(() => csiDoc('v1', name), ErrorCodes.INVALID_PROPS, /document name/);
  });
});

describe('typed documents are checked strictly, with located errors', () => {
  const where = 'test/piraeus/ImageConfig (document "bad")';
  test.each<[string, ImageConfigOverrideProps, string | undefined, RegExp]>([
    ['a malformed digest', { base: 'r.io/p', components: { 'linstor-csi': { image: 'piraeus-csi', tag: 'v1', digest: 'sha256:1234' } } }, 'linstor-csi', /digest "sha256:1234" is malformed/],
    ['a malformed rule digest', { base: 'r.io/p', components: { 'drbd-module-loader': { match: [{ osImage: 'x', image: 'drbd9', digest: 'md5:zz' }] } } }, 'drbd-module-loader', /match rule 0 digest/],
    ['a tag inside the image', { base: 'r.io/p', components: { 'linstor-csi': { image: 'piraeus-csi:v1' } } }, 'linstor-csi', /put the tag in `tag`/],
    ['a digest inside the image', { base: 'r.io/p', components: { 'linstor-csi': { image: `piraeus-csi@${DIGEST_A}` } } }, 'linstor-csi', /put the tag in `tag` and the digest in `digest`/],
    ['an upper-case image', { base: 'r.io/p', components: { 'linstor-csi': { image: 'Piraeus-CSI', tag: 'v1' } } }, 'linstor-csi', /is not a valid image name/],
    ['an empty image', { base: 'r.io/p', components: { 'linstor-csi': { image: '', tag: 'v1' } } }, 'linstor-csi', /it is empty/],
    ['a bad tag', { base: 'r.io/p', components: { 'linstor-csi': { image: 'piraeus-csi', tag: '-v1' } } }, 'linstor-csi', /tag "-v1" is not a valid tag/],
    ['an empty tag', { base: 'r.io/p', components: { 'linstor-csi': { image: 'piraeus-csi', tag: '' } } }, 'linstor-csi', /tag "" is not a valid tag/],
    ['a bad base', { base: 'R.io/UPPER', components: { 'linstor-csi': { image: 'piraeus-csi', tag: 'v1' } } }, undefined, /base "R.io\/UPPER" is not a valid registry\/repository prefix/],
    ['a bad component name', { base: 'r.io/p', components: { 'Linstor_CSI': { image: 'piraeus-csi', tag: 'v1' } } }, 'Linstor_CSI', /component names are image placeholders/],
    ['a component with neither image nor rules', { base: 'r.io/p', components: { 'linstor-csi': { tag: 'v2' } } }, 'linstor-csi', /sets no image and no match rules/],
    ['an osImage that is not a Go regexp', { base: 'r.io/p', components: { 'drbd-module-loader': { image: 'drbd9', tag: 'v1', match: [{ osImage: '(unclosed', image: 'drbd9-x' }] } } }, 'drbd-module-loader', /not a valid Go regular expression/],
    ['a lookahead, which RE2 does not have', { base: 'r.io/p', components: { 'drbd-module-loader': { image: 'drbd9', tag: 'v1', match: [{ osImage: 'Ubuntu(?=22)', image: 'drbd9-x' }] } } }, 'drbd-module-loader', /osImage/],
  ])('%s', (_what, props, component, message) => {
    const err = expectPiraeusError(() => synthOperator({ imageConfig: [ImageConfigOverride.fromComponents(props, 'bad')] }), ErrorCodes.INVALID_PROPS, message);
    expect(err.location?.path).toBe(where);
    expect(err.location?.component).toBe(component);
  });
});

describe('the emitted documents decode, by the operator\'s rules, to exactly what the resolver used', () => {
  // Strings that YAML 1.1 (go-yaml v2) would read as something else when written plain.
  const TRICKY_TAGS = ['1.10', '010', '1e3', '1E3', 'yes', 'No', 'on', 'OFF', 'y', 'n', 'true', 'False', 'null', 'Null', 'NULL',
    '0x1F', '0o17', '1_000', '0b101', '2024-01-02', '2001-12-14t21_59', 'NaN', 'Infinity', '1.0', '0', 'v1.10'];
  const TRICKY_NAMES = ['1.10', '010', '1e3', 'yes', 'no', 'on', 'off', 'y', 'n', 'true', 'null', '1-000', '2024-01-02', '0x1f', '0b101'];
  const TRICKY_PATTERNS = ['~', 'yes', 'null', '1.10', '', ' leading space', 'trailing space ', 'a: b', 'x #c', '- dash', ': c',
    '[a-z]+', '{x}', '&anchor', '!tag', '|', '>', "'single'", '"double"', '%', '@', '`', '#', 'tab\there', 'line\nbreak', '<<',
    'ünïcödé', 'Red Hat Enterprise Linux 9\\.', '\\\\', 'a\u2028b', 'emoji 🚀', '0o17', '.inf', '-.Inf', '.NaN', '=', 'x\u007f', '\ufeffbom'];

  const components: ImageConfigOverrideProps['components'] = {
    ...Object.fromEntries(TRICKY_TAGS.map((tag, i) => [`c${i}`, { image: TRICKY_NAMES[i % TRICKY_NAMES.length], tag }])),
    ...Object.fromEntries(TRICKY_NAMES.map((name) => [name, { image: name, tag: name, digest: DIGEST_A }])),
    'drbd-module-loader': {
      image: 'null', tag: '1.10',
      match: TRICKY_PATTERNS.map((osImage, i) => ({ osImage, image: TRICKY_NAMES[i % TRICKY_NAMES.length], digest: i % 2 ? DIGEST_B : undefined, precompiled: i % 3 === 0 })),
    },
  };
  const props: ImageConfigOverrideProps = { base: 'registry.example.com/1.10', components };
  const { objects, operator } = synthOperator({ imageConfig: [ImageConfigOverride.fromComponents(props, 'tricky')] });
  const data = configMapOf(objects).data as Record<string, string>;
  const text = data['1_tricky.yaml'];

  test('snapshot of the emitted document', () => {
    expect(text).toMatchSnapshot();
  });

  test('the emitted ConfigMap data is exactly what the constructs resolved from', () => {
    expect(data).toEqual(operator.imageConfigMap.data);
  });

  test('decodes with the Go-compatible decoder to exactly the given values, without any warning', () => {
    const decoded = decodeDocument('1_tricky.yaml', text);
    expect(decoded.diagnostics).toEqual([]);
    const d = decoded.document;
    expect(d.base).toBe(props.base);
    expect([...d.components.keys()].sort()).toEqual(Object.keys(components).sort());
    for (const [name, c] of Object.entries(components)) {
      const got = d.components.get(name)!;
      expect({ name, image: got.image, tag: got.tag, digest: got.digest }).toEqual({ name, image: c.image ?? '', tag: c.tag ?? '', digest: c.digest ?? '' });
      expect(got.match.map((m) => ({ osImage: m.osImage, image: m.image, digest: m.digest, precompiled: m.precompiled })))
        .toEqual((c.match ?? []).map((m) => ({ osImage: m.osImage, image: m.image, digest: m.digest ?? '', precompiled: m.precompiled ?? false })));
    }
  });

  test('the resolver used exactly the decoded documents', () => {
    const strip = (docs: readonly { key: string; base: string; components: ReadonlyMap<string, any> }[]) => docs.map((d) => ({
      key: d.key, base: d.base,
      components: [...d.components].map(([n, c]) => [n, c.image, c.tag, c.digest, c.match.map((m: Obj) => [m.osImage, m.image, m.digest, m.precompiled])]),
    }));
    expect(strip(operator.imagePlan.documents)).toEqual(strip(loadImageConfig(data).documents));
  });

  test.each(TRICKY_TAGS.map((tag, i) => [tag, i] as const))('tag %j is written so it reads back as a string', (tag, i) => {
    expect(operator.imageFor(`c${i}`)).toBe(`registry.example.com/1.10/${TRICKY_NAMES[i % TRICKY_NAMES.length]}:${tag}`);
  });

  test.each([['1.10'], ['yes'], ['null'], ['010'], ['0x1F'], ['2024-01-02']])('%s is quoted in the YAML text', (s) => {
    expect(text).toMatch(new RegExp(`tag: "${s.replace(/\./g, '\\.')}"`));
  });

  test('match rules resolve as given: first match wins, the rule digest and precompiled flag apply', () => {
    // "~" is the first rule: it matches any OS string containing "~".
    const r = operator.resolve('Tilde ~ OS');
    const loader = r.images.find((i) => i.name === 'drbd-module-loader')!;
    expect(loader.image).toBe(`registry.example.com/1.10/${TRICKY_NAMES[0]}:1.10`);
    expect(r.precompiled).toBe(true);
    const second = operator.resolve('yes');
    expect(second.images.find((i) => i.name === 'drbd-module-loader')!.image).toBe(`registry.example.com/1.10/${TRICKY_NAMES[1]}:1.10@${DIGEST_B}`);
  });

  test('raw YAML is emitted verbatim and resolved exactly as the operator decodes it (tag: 1.10 -> "1.1")', () => {
    const raw = 'base: registry.example.com/raw\ncomponents:\n  linstor-csi:\n    image: piraeus-csi\n    tag: 1.10\n  nfs-server:\n    image: yes\n    tag: ~\n';
    const { objects: objs, operator: op } = synthOperator({ imageConfig: [ImageConfigOverride.fromYaml(raw, 'raw')] });
    const cmData = configMapOf(objs).data as Record<string, string>;
    expect(cmData['1_raw.yaml']).toBe(raw);
    const decoded = decodeDocument('1_raw.yaml', cmData['1_raw.yaml']).document;
    expect(decoded.components.get('linstor-csi')).toMatchObject({ image: 'piraeus-csi', tag: '1.1' });
    expect(decoded.components.get('nfs-server')).toMatchObject({ image: 'true', tag: '' });
    expect(op.imageFor('linstor-csi')).toBe('registry.example.com/raw/piraeus-csi:1.1');
    expect(op.imageFor('nfs-server')).toBe('registry.example.com/raw/true');
    expect(envOf(objs).get('RELATED_IMAGE_linstor-csi_piraeus-csi')).toBe('registry.example.com/raw/piraeus-csi:1.1');
    expect(op.diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['SCALAR_COERCED', 'UNTAGGED_IMAGE']));
  });

  test.each([
    ['a YAML syntax error', 'components:\n  linstor-csi:\n\timage: x\n', ErrorCodes.YAML_SYNTAX],
    ['a list where the components map belongs', 'components: []\n', ErrorCodes.DECODE_TYPE],
    ['a string where a boolean belongs', 'components:\n  drbd-module-loader:\n    match:\n      - osImage: x\n        image: y\n        precompiled: "true"\n', ErrorCodes.DECODE_TYPE],
  ])('raw YAML with %s fails synthesis, naming the key', (_what, raw, code) => {
    const err = expectPiraeusError(() => synthOperator({ imageConfig: [ImageConfigOverride.fromYaml(raw, 'raw')] }), code);
    expect(err.location?.key).toBe('1_raw.yaml');
  });
});

describe('pinning changes nothing', () => {
  const OS_STRINGS = [
    '', 'Ubuntu 22.04.4 LTS', 'Ubuntu 24.04.1 LTS', 'Ubuntu 20.04.6 LTS', 'Red Hat Enterprise Linux 8.9 (Ootpa)', 'Red Hat Enterprise Linux 9.4 (Plow)',
    'Red Hat Enterprise Linux 10.0 (Coughlan)', 'Red Hat Enterprise Linux CoreOS 415.92.202402201450-0 (Plow)', 'Red Hat Enterprise Linux CoreOS 412.86',
    'Debian GNU/Linux 11 (bullseye)', 'Debian GNU/Linux 12 (bookworm)', 'Debian GNU/Linux 13 (trixie)', 'AlmaLinux 9.4 (Seafoam Ocelot)',
    'Rocky Linux 8.10 (Green Obsidian)', 'Oracle Linux Server 9.3', 'CentOS Linux 8', 'Flatcar Container Linux by Kinvolk 3815.2.0', 'Talos (v1.7.0)',
    'Amazon Linux 2023', 'Custom OS 7', 'yes',
  ];

  const customLoader = ImageConfigOverride.fromComponents({
    base: 'registry.example.com/custom',
    components: {
      'drbd-module-loader': {
        tag: 'v9.3.0',
        match: [
          { osImage: 'Custom OS', image: 'drbd9-custom', digest: DIGEST_A, precompiled: true },
          // Same image name as a default rule, but another base and tag: the pin name would be ambiguous.
          { osImage: 'Ubuntu 22\\.04', image: 'drbd9-jammy' },
        ],
      },
      'linstor-csi': { image: 'piraeus-csi', tag: 'v1.11.0', digest: DIGEST_B },
    },
  }, 'custom');

  const cases: Array<[string, OperatorTestProps, string[]]> = [
    ['the default configuration', {}, []],
    ['a repository', { cluster: { repository: 'registry.example.com/mirror' } }, []],
    ['override documents, one with a pin-name conflict', { imageConfig: [customLoader, csiDoc('v1.12.0', 'later')] }, []],
    ['an external controller with a known version', { cluster: EXTERNAL, externalControllerVersion: '1.31.2' }, ['1.31.2']],
    ['an external controller, version unknown', { cluster: EXTERNAL }, ['1.31.2', '1.29.0']],
    ['no default documents', { includeDefaultImageConfig: false, imageConfig: [customLoader] }, []],
    ['raw YAML with coerced scalars and an image name kustomize would split', {
      imageConfig: [ImageConfigOverride.fromYaml('base: registry.example.com/raw\ncomponents:\n  linstor-csi:\n    image: piraeus-csi\n    tag: 1.10\n  ha-controller:\n    image: "ha:v2"\n', 'raw')],
    }, []],
  ];

  const images = (r: Resolution) => ({ precompiled: r.precompiled, images: r.images.map((i) => [i.name, i.image]) });

  test.each(cases)('%s: the emitted ConfigMap resolves identically with and without the emitted environment', (_what, props, versions) => {
    const { objects, operator } = synthOperator(props);
    const data = configMapOf(objects).data as Record<string, string>;
    const env = envOf(objects);
    const related = new Map([...env].filter(([k]) => k.startsWith('RELATED_IMAGE_')));
    expect(related.size).toBeGreaterThan(0);
    // Never a component-only variable.
    for (const c of operator.imagePlan.resolver.components()) expect(related.has(`RELATED_IMAGE_${c}`)).toBe(false);

    const documents = loadImageConfig(data).documents;
    const repository = props.cluster?.repository ?? '';
    for (const externalVersion of versions.length ? versions : [undefined]) {
      const without = new ImageResolver(documents, { repository, externalVersion });
      const withEnv = new ImageResolver(documents, { repository, externalVersion, env: related });
      // Unreachable variants (shadowed by a later document's fallback) never win, whatever the env says.
      const reachable = (r: ImageResolver) => r.variants().filter((v) => v.reachable).map((v) => `${v.document} ${v.component} ${v.image} ${renderEntry(v.effective)}`);
      expect(reachable(withEnv)).toEqual(reachable(without));
      // Cluster level: no cluster workload uses the linstor-satellite placeholder (the satellite
      // DaemonSet is resolved per node, with the external version applied).
      const clusterImages = (r: ImageResolver) => images(r.resolveCluster()).images.filter(([name]) => name !== 'linstor-satellite');
      expect(clusterImages(withEnv)).toEqual(clusterImages(without));
      for (const os of OS_STRINGS) expect([os, images(withEnv.resolve(os))]).toEqual([os, images(without.resolve(os))]);
    }
    // Every pin is consulted by some variant.
    expect(operator.diagnostics.filter((d) => d.code === 'ENV_UNUSED')).toEqual([]);
  });

  test('an ambiguous pin name is left unpinned with a PIN_SKIPPED warning', () => {
    const { objects, operator } = synthOperator({ imageConfig: [customLoader] });
    expect(envOf(objects).has('RELATED_IMAGE_drbd-module-loader_drbd9-jammy')).toBe(false);
    expect(envOf(objects).get('RELATED_IMAGE_drbd-module-loader_drbd9-custom')).toBe(`registry.example.com/custom/drbd9-custom:v9.3.0@${DIGEST_A}`);
    expect(operator.diagnostics.filter((d) => d.code === 'PIN_SKIPPED').map((d) => d.location.component)).toEqual(['drbd-module-loader']);
  });

  test('an image name kustomize would split differently is left unpinned with a PIN_SKIPPED warning', () => {
    const raw = 'base: registry.example.com/raw\ncomponents:\n  ha-controller:\n    image: "ha:v2"\n';
    const { objects, operator } = synthOperator({ imageConfig: [ImageConfigOverride.fromYaml(raw, 'raw')] });
    expect([...envOf(objects).keys()].filter((k) => k.startsWith('RELATED_IMAGE_ha-controller'))).toEqual([]);
    expect(operator.diagnostics.map((d) => d.code)).toContain('PIN_SKIPPED');
  });
});
