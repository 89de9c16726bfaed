/**
 * Mirror lists: every format over the default configuration (every OS variant, CSI sidecars,
 * operator image, each once), names, and the OpenShift redirect objects.
 */
import { parse, parseAllDocuments } from 'yaml';
import { PiraeusError } from '../src/errors';
import {
  checkDisconnected, clusterServiceVersionPieces, collectImages, formatJson, formatList, formatMirrorSets,
  formatOcMirror, formatRelatedImages, formatSkopeoSync, MirrorImage, mirrorSets, relatedImages,
} from '../src/mirror';
import {
  ImageResolver, loadImageConfig,
} from '../src/resolver';
import { defaultImageConfigData } from './support/defaults';

const OPERATOR = 'quay.io/piraeusdatastore/piraeus-operator:v2.10.4';
const Q = 'quay.io/piraeusdatastore';
const K = 'registry.k8s.io/sig-storage';
const D = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;

const LOADERS = [
  'drbd9-almalinux8', 'drbd9-almalinux9', 'drbd9-almalinux10', 'drbd9-jammy', 'drbd9-noble',
  'drbd9-bookworm', 'drbd9-bullseye',
];
const SIDECARS: Array<[string, string]> = [
  ['csi-attacher', 'v4.10.0'], ['livenessprobe', 'v2.17.0'], ['csi-provisioner', 'v6.1.0'], ['csi-snapshotter', 'v8.4.0'],
  ['csi-resizer', 'v2.0.0'], ['csi-external-health-monitor-controller', 'v0.16.0'], ['csi-node-driver-registrar', 'v2.15.0'],
];
const EXPECTED_DEFAULT = [
  ...LOADERS.map((l) => `${Q}/${l}:v9.2.16`),
  `${Q}/piraeus-server:v1.32.3`, `${Q}/piraeus-csi:v1.10.5`, `${Q}/piraeus-csi-nfs-server:v1.10.5`,
  `${Q}/drbd-reactor:v1.10.0`, `${Q}/piraeus-ha-controller:v1.3.2`, `${Q}/drbd-shutdown-guard:v1.1.2`,
  `${Q}/ktls-utils:v1.2.1`, `${Q}/linstor-affinity-controller:v1.3.0`,
  ...SIDECARS.map(([n, t]) => `${K}/${n}:${t}`),
  OPERATOR,
].sort();

function resolverFor(data: Record<string, string>, options: ConstructorParameters<typeof ImageResolver>[1] = {}): ImageResolver {
  return new ImageResolver(loadImageConfig(data).documents, options);
}

const defaults = () => collectImages(resolverFor(defaultImageConfigData()), { operatorImage: OPERATOR });

function expectNoDuplicates(values: readonly string[]): void {
  expect(new Set(values).size).toBe(values.length);
}

describe('collectImages over the default configuration', () => {
  const images = defaults();

  test('exactly the expected images, sorted, each once', () => {
    expect(images.map((i) => i.reference)).toEqual(EXPECTED_DEFAULT);
    expectNoDuplicates(images.map((i) => i.reference));
  });

  test.each(LOADERS)('loader variant %s is listed with its match rules', (loader) => {
    const img = images.find((i) => i.reference === `${Q}/${loader}:v9.2.16`)!;
    expect(img).toBeDefined();
    expect(img.component).toBe('drbd-module-loader');
    expect(img.sources.every((s) => s.component === 'drbd-module-loader' && s.variant === loader)).toBe(true);
    expect(img.sources.some((s) => s.kind === 'rule')).toBe(true);
  });

  test('drbd9-almalinux8 collects every rule that names it; drbd9-noble the fallback and its rule', () => {
    const alma8 = images.find((i) => i.reference.includes('drbd9-almalinux8'))!;
    expect(alma8.sources.map((s) => s.pattern)).toEqual([
      'Red Hat Enterprise Linux 8\\.', 'Red Hat Enterprise Linux CoreOS', 'CentOS Linux 8', 'AlmaLinux 8',
      'Oracle Linux Server 8\\.', 'Rocky Linux 8',
    ]);
    const noble = images.find((i) => i.reference.includes('drbd9-noble'))!;
    expect(noble.kinds).toEqual(['fallback', 'rule']);
  });

  test('controller and satellite share one image; the operator image serves manager and gencert', () => {
    const server = images.find((i) => i.reference === `${Q}/piraeus-server:v1.32.3`)!;
    expect(server.sources.map((s) => s.component)).toEqual(['linstor-controller', 'linstor-satellite']);
    expect(server.name).toBe('linstor-controller_piraeus-server');
    const op = images.find((i) => i.reference === OPERATOR)!;
    expect(op.sources.map((s) => s.component)).toEqual(['manager', 'gencert']);
    expect(op.kinds).toEqual(['operator']);
    expect(op.name).toBe('manager_piraeus-operator');
  });

  test('names: env suffix (LINBIT) and operator-sdk, unique and non-empty', () => {
    const names = images.map((i) => i.name);
    const sdk = images.map((i) => i.operatorSdkName);
    expectNoDuplicates(names);
    expectNoDuplicates(sdk);
    expect(names.every((n) => n.length > 0)).toBe(true);
    const byRef = (r: string) => images.find((i) => i.reference === r)!;
    expect(byRef(`${Q}/drbd9-jammy:v9.2.16`).name).toBe('drbd-module-loader_drbd9-jammy');
    expect(byRef(`${Q}/drbd9-jammy:v9.2.16`).operatorSdkName).toBe('drbd-module-loader-drbd9-jammy');
    expect(byRef(`${K}/csi-attacher:v4.10.0`).name).toBe('csi-attacher');
    expect(byRef(`${K}/csi-attacher:v4.10.0`).operatorSdkName).toBe('csi-attacher-csi-attacher');
    expect(byRef(`${K}/livenessprobe:v2.17.0`).name).toBe('csi-livenessprobe_livenessprobe');
  });

  test('includeOperator: false leaves the operator image out', () => {
    const without = collectImages(resolverFor(defaultImageConfigData()), { operatorImage: OPERATOR, includeOperator: false });
    expect(without.map((i) => i.reference)).toEqual(EXPECTED_DEFAULT.filter((r) => r !== OPERATOR));
  });
});

describe('what the operator would pull decides the list', () => {
  test('a later document shadows the earlier variants; an environment override is listed, not the configuration', () => {
    const data = {
      ...defaultImageConfigData(),
      '1_override.yaml': 'base: example.com/p\ncomponents:\n  drbd-reactor: {image: reactor, tag: v2}\n',
    };
    const images = collectImages(resolverFor(data, {
      env: { 'RELATED_IMAGE_ha-controller_piraeus-ha-controller': `mirror.example.com/ha:v9@${D(1)}` },
    }), { operatorImage: OPERATOR });
    const refs = images.map((i) => i.reference);
    expect(refs).toContain('example.com/p/reactor:v2');
    expect(refs).not.toContain(`${Q}/drbd-reactor:v1.10.0`);
    expect(refs).toContain(`mirror.example.com/ha:v9@${D(1)}`);
    expect(refs).not.toContain(`${Q}/piraeus-ha-controller:v1.3.2`);
    const ha = images.find((i) => i.reference.startsWith('mirror.example.com/ha'))!;
    expect(ha.sources[0].envVar).toBe('RELATED_IMAGE_ha-controller_piraeus-ha-controller');
    expect(ha.pullSpec).toBe(`mirror.example.com/ha@${D(1)}`);
  });

  test('spec.repository moves every image, and the operator image stays as given', () => {
    const images = collectImages(resolverFor(defaultImageConfigData(), { repository: 'mirror.example.com/piraeus' }),
      { operatorImage: 'mirror.example.com/piraeus/piraeus-operator:v2.10.4' });
    expect(images.every((i) => i.reference.startsWith('mirror.example.com/piraeus/'))).toBe(true);
    expect(images.map((i) => i.reference)).toContain('mirror.example.com/piraeus/livenessprobe:v2.17.0');
  });

  test('colliding names get the tag, then a number', () => {
    const data = {
      '0_a.yaml': 'base: a.io/x\ncomponents:\n  c:\n    tag: v1\n    match:\n      - {osImage: A, image: img}\n',
      '1_b.yaml': 'base: b.io/x\ncomponents:\n  c:\n    tag: v1\n    match:\n      - {osImage: B, image: img}\n',
      '2_c.yaml': 'base: c.io/x\ncomponents:\n  c:\n    tag: v2\n    match:\n      - {osImage: C, image: img}\n',
    };
    const images = collectImages(resolverFor(data), { operatorImage: OPERATOR, includeOperator: false });
    expect(images.map((i) => [i.reference, i.name, i.operatorSdkName])).toEqual([
      ['a.io/x/img:v1', 'c_img_v1_1', 'c-img-v1-1'],
      ['b.io/x/img:v1', 'c_img_v1_2', 'c-img-v1-2'],
      ['c.io/x/img:v2', 'c_img_v2', 'c-img-v2'],
    ]);
  });

  test('docker.io images are normalized in pull specs, kept as rendered in references', () => {
    const data = { '0.yaml': 'base: library\ncomponents:\n  web: {image: nginx, tag: "1.25"}\n' };
    const [img] = collectImages(resolverFor(data), { operatorImage: OPERATOR, includeOperator: false });
    expect(img.reference).toBe('library/nginx:1.25');
    expect(img.pullSpec).toBe('docker.io/library/nginx:1.25');
    expect(img.domain).toBe('docker.io');
  });

  test('an image that does not parse is listed with its problem and refused by structured formats', () => {
    const data = { '0.yaml': 'base: ""\ncomponents:\n  c: {image: x, tag: v1}\n' };
    const images = collectImages(resolverFor(data), { operatorImage: OPERATOR, includeOperator: false });
    expect(images[0].reference).toBe('/x:v1');
    expect(images[0].problem).toBeDefined();
    expect(formatList(images)).toBe('/x:v1\n');
    expect(() => formatSkopeoSync(images)).toThrow(PiraeusError);
    expect(() => formatSkopeoSync(images)).toThrow(/component "c"/);
  });
});

describe('formats', () => {
  const images = defaults();

  test('list: one pull spec per line, sorted, each once; a pinned image as name@digest', () => {
    const text = formatList(images);
    const lines = text.trimEnd().split('\n');
    expect(lines).toEqual(EXPECTED_DEFAULT);
    expectNoDuplicates(lines);
    const pinned = collectImages(resolverFor(defaultImageConfigData()), { operatorImage: `${OPERATOR}@${D(7)}` });
    expect(formatList(pinned)).toContain(`${Q}/piraeus-operator@${D(7)}\n`);
    expect(formatList(pinned)).not.toContain(`${OPERATOR}@`);
  });

  test('skopeo-sync: registries -> images -> repository -> tags, every loader variant', () => {
    const doc = parse(formatSkopeoSync(images));
    expect(Object.keys(doc)).toEqual(['quay.io', 'registry.k8s.io']);
    const quay = doc['quay.io'].images;
    for (const l of LOADERS) expect(quay[`piraeusdatastore/${l}`]).toEqual(['v9.2.16']);
    expect(quay['piraeusdatastore/piraeus-operator']).toEqual(['v2.10.4']);
    expect(quay['piraeusdatastore/piraeus-server']).toEqual(['v1.32.3']);
    const k8s = doc['registry.k8s.io'].images;
    expect(Object.keys(k8s)).toEqual(SIDECARS.map(([n]) => `sig-storage/${n}`).sort());
    const total = Object.values(doc).reduce((n: number, r: any) => n + Object.values(r.images).flat().length, 0);
    expect(total).toBe(EXPECTED_DEFAULT.length);
    expect(Object.keys(quay)).toEqual([...Object.keys(quay)].sort());
  });

  test('skopeo-sync: a tag+digest reference lists the digest; an image without either lists latest', () => {
    const data = {
      '0.yaml': `base: quay.io/p\ncomponents:\n  a: {image: a, tag: v1, digest: "${D(1)}"}\n  b: {image: b}\n  c: {image: c, tag: "1.10"}\n`,
    };
    const text = formatSkopeoSync(collectImages(resolverFor(data), { operatorImage: OPERATOR, includeOperator: false }));
    expect(parse(text)).toEqual({ 'quay.io': { images: { 'p/a': [D(1)], 'p/b': ['latest'], 'p/c': ['1.10'] } } });
    expect(text).toContain('"1.10"');
  });

  test('oc-mirror: an ImageSetConfiguration with every image under additionalImages', () => {
    const doc = parse(formatOcMirror(images));
    expect(doc.apiVersion).toBe('mirror.openshift.io/v2alpha1');
    expect(doc.kind).toBe('ImageSetConfiguration');
    const names = doc.mirror.additionalImages.map((a: { name: string }) => a.name);
    expect(names).toEqual(EXPECTED_DEFAULT);
    expect(Object.keys(doc.mirror.additionalImages[0])).toEqual(['name']);
  });

  test('related-images: name + image only, names unique, images unique, sorted by name', () => {
    const list = parse(formatRelatedImages(images));
    expect(list.length).toBe(EXPECTED_DEFAULT.length);
    for (const e of list) expect(Object.keys(e)).toEqual(['name', 'image']);
    expectNoDuplicates(list.map((e: { name: string }) => e.name));
    expectNoDuplicates(list.map((e: { image: string }) => e.image));
    expect(list.map((e: { name: string }) => e.name)).toEqual([...list.map((e: { name: string }) => e.name)].sort());
    expect(list).toContainEqual({ name: 'drbd-module-loader_drbd9-almalinux9', image: `${Q}/drbd9-almalinux9:v9.2.16` });
    expect(list).toContainEqual({ name: 'manager_piraeus-operator', image: OPERATOR });
    const sdk = relatedImages(images, 'operator-sdk');
    expect(sdk).toContainEqual({ name: 'drbd-module-loader-drbd9-almalinux9', image: `${Q}/drbd9-almalinux9:v9.2.16` });
    expect(sdk.every((r) => r.name === r.name.toLowerCase() && !r.name.includes('_'))).toBe(true);
  });

  test('related-images: one entry per pull spec even when references differ only by tag', () => {
    const a: MirrorImage[] = collectImages(resolverFor({
      '0.yaml': `base: q.io/p\ncomponents:\n  a: {image: x, tag: v1, digest: "${D(1)}"}\n  b: {image: x, tag: v2, digest: "${D(1)}"}\n`,
    }), { operatorImage: OPERATOR, includeOperator: false });
    expect(a.length).toBe(2);
    expect(relatedImages(a)).toEqual([{ name: 'a_x', image: `q.io/p/x@${D(1)}` }]);
  });

  test('json: every image with its sources', () => {
    const doc = JSON.parse(formatJson(images));
    expect(doc.images.map((i: { reference: string }) => i.reference)).toEqual(EXPECTED_DEFAULT);
    const jammy = doc.images.find((i: { reference: string }) => i.reference.includes('drbd9-jammy'));
    expect(jammy.sources).toEqual([{
      kind: 'rule', component: 'drbd-module-loader', variant: 'drbd9-jammy', document: '0_piraeus_datastore_images.yaml',
      ruleIndex: 15, pattern: 'Ubuntu 22\\.04', envName: 'RELATED_IMAGE_drbd-module-loader_drbd9-jammy',
    }]);
  });

  test('output is deterministic', () => {
    expect(formatSkopeoSync(defaults())).toBe(formatSkopeoSync(images));
    expect(formatRelatedImages(defaults())).toBe(formatRelatedImages(images));
  });
});

describe('mirror sets', () => {
  const pinned = collectImages(resolverFor({
    ...defaultImageConfigData(),
    '1_pin.yaml': `base: quay.io/piraeusdatastore\ncomponents:\n  drbd-reactor: {image: drbd-reactor, tag: v1.10.0, digest: "${D(3)}"}\n`,
  }), { operatorImage: OPERATOR });

  test('tags go to the ITMS, digests to the IDMS, one entry per repository, sorted', () => {
    const sets = mirrorSets(pinned, 'mirror.example.com/piraeus', { mirrorSourcePolicy: 'NeverContactSource' });
    expect(sets.imageDigestMirrorSet).toEqual({
      apiVersion: 'config.openshift.io/v1', kind: 'ImageDigestMirrorSet', metadata: { name: 'piraeus-datastore' },
      spec: { imageDigestMirrors: [{
        source: `${Q}/drbd-reactor`, mirrors: ['mirror.example.com/piraeus/piraeusdatastore/drbd-reactor'], mirrorSourcePolicy: 'NeverContactSource',
      }] },
    });
    const tagEntries = sets.imageTagMirrorSet!.spec.imageTagMirrors;
    expect(tagEntries.length).toBe(EXPECTED_DEFAULT.length - 1);
    expect(tagEntries.map((e) => e.source)).toEqual([...tagEntries.map((e) => e.source)].sort());
    expect(tagEntries).toContainEqual({
      source: `${K}/csi-attacher`, mirrors: ['mirror.example.com/piraeus/sig-storage/csi-attacher'], mirrorSourcePolicy: 'NeverContactSource',
    });
    for (const l of LOADERS) expect(tagEntries.map((e) => e.source)).toContain(`${Q}/${l}`);
  });

  test('layouts', () => {
    const flat = mirrorSets(pinned, 'm.io/p', { layout: 'flat' }).imageTagMirrorSet!.spec.imageTagMirrors;
    expect(flat).toContainEqual({ source: `${K}/livenessprobe`, mirrors: ['m.io/p/livenessprobe'] });
    const scoped = mirrorSets(pinned, 'm.io', { layout: 'scoped' }).imageTagMirrorSet!.spec.imageTagMirrors;
    expect(scoped).toContainEqual({ source: `${K}/livenessprobe`, mirrors: ['m.io/registry.k8s.io/sig-storage/livenessprobe'] });
  });

  test('only the sets that are needed; multi-document YAML', () => {
    const docs = parseAllDocuments(formatMirrorSets(defaults(), 'm.io')).map((d) => d.toJS());
    expect(docs.map((d) => d.kind)).toEqual(['ImageTagMirrorSet']);
    expect(parseAllDocuments(formatMirrorSets(pinned, 'm.io')).map((d) => d.toJS().kind)).toEqual(['ImageDigestMirrorSet', 'ImageTagMirrorSet']);
  });

  test('bad mirror registry, and a flat layout that would merge two repositories', () => {
    expect(() => mirrorSets(pinned, 'Mirror.example.com/UPPER')).toThrow(/mirror registry/);
    expect(() => mirrorSets(pinned, 'm.io/')).toThrow(/must not end with/);
    const clash = collectImages(resolverFor({
      '0.yaml': 'base: a.io/one\ncomponents:\n  a: {image: x, tag: v1}\n',
      '1.yaml': 'base: b.io/two\ncomponents:\n  b: {image: x, tag: v1}\n',
    }), { operatorImage: OPERATOR, includeOperator: false });
    expect(() => mirrorSets(clash, 'm.io', { layout: 'flat' })).toThrow(/both be mirrored to m\.io\/x/);
  });
});

describe('ClusterServiceVersion pieces', () => {
  const deployment = (env: Array<{ name: string; value?: string; valueFrom?: unknown }>) => ({
    metadata: { name: 'piraeus-operator-controller-manager' },
    spec: { template: { spec: { containers: [{ name: 'manager', image: `${OPERATOR}@${D(9)}`, env }] } } },
  });
  const related = (images: MirrorImage[]) => relatedImages(images);

  test('disconnected "true" only when every related image is pinned and RELATED_IMAGE_* variables exist', () => {
    const data: Record<string, string> = {
      '0.yaml': `base: q.io/p\ncomponents:\n  a: {image: a, tag: v1, digest: "${D(1)}"}\n  b:\n    tag: v1\n    match:\n      - {osImage: X, image: bx, digest: "${D(2)}"}\n`,
    };
    const images = collectImages(resolverFor(data), { operatorImage: `${OPERATOR}@${D(9)}` });
    const env = [{ name: 'RELATED_IMAGE_a_a', value: `q.io/p/a:v1@${D(1)}` }];
    const pieces = clusterServiceVersionPieces({ deployment: deployment(env), relatedImages: related(images) });
    expect(pieces.metadata.annotations['features.operators.openshift.io/disconnected']).toBe('true');
    expect(pieces.metadata.annotations['features.operators.openshift.io/csi']).toBe('true');
    for (const f of ['fips-compliant', 'proxy-aware', 'tls-profiles', 'token-auth-aws', 'token-auth-azure', 'token-auth-gcp', 'cnf', 'cni']) {
      expect(pieces.metadata.annotations[`features.operators.openshift.io/${f}`]).toBe('false');
    }
    expect(pieces.metadata.annotations.containerImage).toBe(`${OPERATOR}@${D(9)}`);
    expect(pieces.spec.relatedImages).toEqual([
      { name: 'a', image: `q.io/p/a@${D(1)}` },
      { name: 'b_bx', image: `q.io/p/bx@${D(2)}` },
      { name: 'manager_piraeus-operator', image: `${Q}/piraeus-operator@${D(9)}` },
    ]);
    expect(pieces.spec.install).toEqual({
      strategy: 'deployment',
      spec: { deployments: [{ name: 'piraeus-operator-controller-manager', spec: deployment(env).spec }] },
    });

    const unpinned = collectImages(resolverFor(data), { operatorImage: OPERATOR });
    const notReady = clusterServiceVersionPieces({ deployment: deployment(env), relatedImages: related(unpinned) });
    expect(notReady.metadata.annotations['features.operators.openshift.io/disconnected']).toBe('false');
    expect(notReady.disconnected.reasons.join()).toContain(OPERATOR);
    expect(checkDisconnected(deployment([]), related(images)).reasons).toEqual(['the Deployment has no RELATED_IMAGE_* variable']);
    expect(checkDisconnected(deployment([{ name: 'RELATED_IMAGE_a', valueFrom: {} }]), related(images)).ready).toBe(false);
    expect(checkDisconnected(deployment(env), []).ready).toBe(false);
  });

  test('a caller cannot force disconnected', () => {
    const pieces = clusterServiceVersionPieces({
      deployment: deployment([]), relatedImages: [],
      annotations: { 'features.operators.openshift.io/disconnected': 'true', 'capabilities': 'Full Lifecycle' },
    });
    expect(pieces.metadata.annotations['features.operators.openshift.io/disconnected']).toBe('false');
    expect(pieces.metadata.annotations.capabilities).toBe('Full Lifecycle');
  });
});

describe('constructs: ImageMirrorSets and OlmClusterServiceVersion', () => {
  // Loaded here only: the pure modules above must not need cdk8s.
   
  const { Chart, Testing } = require('cdk8s') as typeof import('cdk8s');
  const { PiraeusOperator } = require('../src/constructs/piraeus-operator') as typeof import('../src/constructs/piraeus-operator');
  const { OperatorImage } = require('../src/constructs/operator-image') as typeof import('../src/constructs/operator-image');
  const { ImageConfigOverride } = require('../src/constructs/image-config-override') as typeof import('../src/constructs/image-config-override');
  const { ImageMirrorSets } = require('../src/constructs/image-mirror-sets') as typeof import('../src/constructs/image-mirror-sets');
  const { OlmClusterServiceVersion, clusterServiceVersionFor } = require('../src/constructs/olm-bundle') as typeof import('../src/constructs/olm-bundle');
  type Obj = Record<string, any>;

  test('mirror sets for the default install: cluster-scoped, every repository', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'storage' });
    const operator = new PiraeusOperator(chart, 'piraeus');
    new ImageMirrorSets(chart, 'mirrors', { operator, mirrorRegistry: 'mirror.example.com', mirrorSourcePolicy: 'NeverContactSource' });
    const objects = Testing.synth(chart) as Obj[];
    const itms = objects.filter((o) => o.kind === 'ImageTagMirrorSet');
    expect(itms).toHaveLength(1);
    expect(objects.filter((o) => o.kind === 'ImageDigestMirrorSet')).toHaveLength(0);
    expect(itms[0].apiVersion).toBe('config.openshift.io/v1');
    expect(itms[0].metadata).toEqual({ name: 'piraeus-datastore' });
    const sources = itms[0].spec.imageTagMirrors.map((e: { source: string }) => e.source);
    expect(sources).toHaveLength(EXPECTED_DEFAULT.length);
    expect(sources).toContain(`${Q}/piraeus-operator`);
    for (const l of LOADERS) expect(sources).toContain(`${Q}/${l}`);
  });

  test('the CSV: manager Deployment with its pins, every related image, disconnected only when all are pinned', () => {
    const chart = new Chart(Testing.app(), 'test');
    const operator = new PiraeusOperator(chart, 'piraeus');
    new OlmClusterServiceVersion(chart, 'csv', { operator, annotations: { capabilities: 'Full Lifecycle' } });
    const csv = (Testing.synth(chart) as Obj[]).find((o) => o.kind === 'ClusterServiceVersion')!;
    expect(csv.apiVersion).toBe('operators.coreos.com/v1alpha1');
    expect(csv.metadata.name).toBe('piraeus-operator.v2.10.4');
    expect(csv.metadata.annotations['features.operators.openshift.io/disconnected']).toBe('false');
    expect(csv.metadata.annotations.capabilities).toBe('Full Lifecycle');
    const [dep] = csv.spec.install.spec.deployments;
    expect(dep.name).toBe('piraeus-operator-controller-manager');
    const env = dep.spec.template.spec.containers[0].env.map((e: { name: string }) => e.name);
    for (const l of LOADERS) expect(env).toContain(`RELATED_IMAGE_drbd-module-loader_${l}`);
    expect(env).not.toContain('RELATED_IMAGE_drbd-module-loader');
    expect(csv.spec.relatedImages.map((r: { image: string }) => r.image)).toEqual(
      expect.arrayContaining(EXPECTED_DEFAULT));
    expect(csv.spec.relatedImages).toHaveLength(EXPECTED_DEFAULT.length);
  });

  test('the CSV says disconnected when every image and the operator are pinned by digest', () => {
    const chart = new Chart(Testing.app(), 'test');
    const operator = new PiraeusOperator(chart, 'piraeus', {
      includeDefaultImageConfig: false,
      imageConfig: [ImageConfigOverride.fromComponents({
        base: 'mirror.example.com/p',
        components: {
          'linstor-controller': { image: 'piraeus-server', tag: 'v1', digest: D(1) },
          'drbd-module-loader': { tag: 'v9', match: [{ osImage: 'Ubuntu', image: 'drbd9-noble', digest: D(2) }] },
        },
      })],
      image: OperatorImage.fromReference(`mirror.example.com/p/piraeus-operator:v2.10.4@${D(9)}`),
    });
    const csv = new OlmClusterServiceVersion(chart, 'csv', { operator });
    const synthesized = (Testing.synth(chart) as Obj[]).find((o) => o.kind === 'ClusterServiceVersion')!;
    expect(synthesized.metadata.annotations['features.operators.openshift.io/disconnected']).toBe('true');
    expect(synthesized.spec.relatedImages).toEqual([
      { name: 'drbd-module-loader_drbd9-noble', image: `mirror.example.com/p/drbd9-noble@${D(2)}` },
      { name: 'linstor-controller_piraeus-server', image: `mirror.example.com/p/piraeus-server@${D(1)}` },
      { name: 'manager_piraeus-operator', image: `mirror.example.com/p/piraeus-operator@${D(9)}` },
    ]);
    expect(csv.pieces().disconnected).toEqual({ ready: true, reasons: [] });
    expect(clusterServiceVersionFor(operator, { naming: 'operator-sdk' }).spec.relatedImages.map((r) => r.name))
      .toEqual(['drbd-module-loader-drbd9-noble', 'linstor-controller-piraeus-server', 'manager-piraeus-operator']);
    const idms = new ImageMirrorSets(chart, 'mirrors', { operator, mirrorRegistry: 'm.io', name: 'p' });
    expect(idms.imageTagMirrorSet).toBeUndefined();
    expect(idms.sets.imageDigestMirrorSet!.spec.imageDigestMirrors.map((e) => e.source)).toEqual([
      'mirror.example.com/p/drbd9-noble', 'mirror.example.com/p/piraeus-operator', 'mirror.example.com/p/piraeus-server',
    ]);
  });
});
