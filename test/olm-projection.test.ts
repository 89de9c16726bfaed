/**
 * Related images projected as pod-template annotations: the names (lengths, collisions, odd
 * characters), the downward-API variables, and that the operator reads the same images.
 */
import { Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { ImageDigestLock, PiraeusOperator } from '../src/constructs';
import { clusterServiceVersionFor } from '../src/constructs/olm-bundle';
import { ErrorCodes } from '../src/errors';
import { collectImages } from '../src/mirror/images';
import { importLockLines, serializeLock } from '../src/mirror/lock';
import { checkDisconnected } from '../src/mirror/olm';
import {
  annotationKeyProblem, MAX_RELATED_IMAGE_NAME, nameSegmentProblem, relatedImageNameProblem, relatedImageNames, RelatedImageSlot,
} from '../src/mirror/olm-names';
import {
  annotationFieldPath, annotationOfFieldPath, expandAnnotationEnv, projectRelatedImages, RelatedImages,
} from '../src/mirror/olm-projection';
import { buildInstall } from '../src/release/install';
import { OperatorRelease } from '../src/release/operator-release';
import { ImageResolver } from '../src/resolver/image-resolver';
import { planImages } from '../src/resolver/plan';
import { expectPiraeusError } from './support/errors';

type Obj = Record<string, any>;
const slot = (component: string, variant: string): RelatedImageSlot => ({ envName: `RELATED_IMAGE_${component}_${variant}`, component, variant });

describe('name segments and annotation keys', () => {
  test.each([
    ['a', undefined],
    ['linstor-controller', undefined],
    ['drbd-module-loader_drbd9-almalinux9', undefined],
    ['A.b_C-9', undefined],
    ['x'.repeat(63), undefined],
    ['x'.repeat(64), 'it has 64 characters, at most 63 fit'],
    ['', 'it is empty'],
    ['-a', 'it must begin and end with a letter or digit'],
    ['a_', 'it must begin and end with a letter or digit'],
    ['.a', 'it must begin and end with a letter or digit'],
    ['a b', 'it contains " " (only letters, digits, "-", "_" and "." are allowed)'],
    ['a/b:c', 'it contains "/", ":" (only letters, digits, "-", "_" and "." are allowed)'],
    ['ü', 'it contains "ü" (only letters, digits, "-", "_" and "." are allowed)'],
  ])('nameSegmentProblem(%j)', (segment, problem) => {
    expect(nameSegmentProblem(segment)).toBe(problem);
  });

  test('a related-image name fits in 46 characters: olm.relatedImage. takes 17 of the 63', () => {
    expect(MAX_RELATED_IMAGE_NAME).toBe(46);
    expect(relatedImageNameProblem('x'.repeat(46))).toBeUndefined();
    expect(relatedImageNameProblem('x'.repeat(47))).toBe('it has 47 characters, at most 46 fit');
    expect(nameSegmentProblem(`olm.relatedImage.${'x'.repeat(46)}`)).toBeUndefined();
  });

  test.each([
    ['default', undefined],
    ['example.com/image', undefined],
    ['a.b-c.io/x_y', undefined],
    ['Example.com/x', 'its prefix "Example.com" is not a DNS subdomain (lower-case letters, digits, "-" and ".")'],
    ['/x', 'its prefix before "/" is empty'],
    ['a/b/c', 'it has more than one "/"'],
    ['example.com/-x', 'its name after "/": it must begin and end with a letter or digit'],
    [`${'a'.repeat(254)}/x`, 'its prefix has 254 characters, at most 253 fit'],
  ])('annotationKeyProblem(%j)', (key, problem) => {
    expect(annotationKeyProblem(key)).toBe(problem);
  });
});

describe('relatedImageNames', () => {
  test('readable: the component when the image has its name, else <component>_<variant>', () => {
    const names = relatedImageNames([slot('linstor-controller', 'piraeus-server'), slot('csi-attacher', 'csi-attacher'), slot('drbd-module-loader', 'drbd9-noble')]);
    expect(Object.fromEntries(names)).toEqual({
      'RELATED_IMAGE_csi-attacher_csi-attacher': 'csi-attacher',
      'RELATED_IMAGE_drbd-module-loader_drbd9-noble': 'drbd-module-loader_drbd9-noble',
      'RELATED_IMAGE_linstor-controller_piraeus-server': 'linstor-controller_piraeus-server',
    });
  });

  test('collision-free: a short name another slot also has falls back to the variable suffix', () => {
    // component a_b with image a_b shortens to a_b, which is also component a with image b.
    const names = relatedImageNames([slot('a', 'b'), slot('a_b', 'a_b')]);
    expect(Object.fromEntries(names)).toEqual({ RELATED_IMAGE_a_b: 'a_b', RELATED_IMAGE_a_b_a_b: 'a_b_a_b' });
    // The fallback can itself be someone's short name: the switch repeats until nothing is shared.
    const chain = relatedImageNames([slot('a', 'b'), slot('a_b', 'a_b'), slot('a_b_a_b', 'a_b_a_b')]);
    expect(new Set(chain.values()).size).toBe(3);
    expect(chain.get('RELATED_IMAGE_a_b_a_b_a_b_a_b')).toBe('a_b_a_b_a_b_a_b');
  });

  test('stable: the same slots in any order give the same names', () => {
    const slots = [slot('a', 'b'), slot('a_b', 'a_b'), slot('c', 'c'), slot('c', 'd')];
    fc.assert(fc.property(fc.shuffledSubarray(slots, { minLength: slots.length }), (order) => {
      expect(Object.fromEntries(relatedImageNames(order))).toEqual(Object.fromEntries(relatedImageNames(slots)));
    }), { numRuns: 50 });
  });

  test('every derived name of generated slots is unique, or the call fails with INVALID_PROPS', () => {
    const part = fc.string({ unit: fc.constantFrom('a', 'b', '_', '-', '.'), minLength: 1, maxLength: 6 });
    fc.assert(fc.property(fc.uniqueArray(fc.tuple(part, part), { maxLength: 6, selector: ([c, v]) => `${c}_${v}` }), (pairs) => {
      const slots = pairs.map(([c, v]) => slot(c, v));
      try {
        const names = relatedImageNames(slots);
        expect(new Set(names.values()).size).toBe(slots.length);
        for (const n of names.values()) expect(relatedImageNameProblem(n)).toBeUndefined();
      } catch (e) {
        expect((e as { code?: string }).code).toBe(ErrorCodes.INVALID_PROPS);
      }
    }), { numRuns: 300 });
  });

  test('a name that cannot fit is a located error naming the fix, never truncated', () => {
    const long = slot('csi-node-driver-registrar', 'ose-csi-node-driver-registrar-rhel9');
    const err = expectPiraeusError(() => relatedImageNames([long], { where: 'app/op' }), ErrorCodes.INVALID_PROPS,
      /"csi-node-driver-registrar_ose-csi-node-driver-registrar-rhel9" .* it has 61 characters, at most 46 fit; name it yourself with RelatedImages\.projected\(\{ names: \{ "RELATED_IMAGE_csi-node-driver-registrar_ose-csi-node-driver-registrar-rhel9": "\.\.\." \} \}\)/);
    expect(err.location).toEqual({ path: 'app/op', component: 'csi-node-driver-registrar' });
    // The user's name fixes it.
    expect(relatedImageNames([long], { names: { [long.envName]: 'csi-node-driver-registrar_rhel9' } }).get(long.envName)).toBe('csi-node-driver-registrar_rhel9');
  });

  test.each([
    [slot('-x', '-x'), /it must begin and end with a letter or digit/],
    [slot('x', 'y.'), /it must begin and end with a letter or digit/],
  ])('odd characters fail: %j', (s, message) => {
    expectPiraeusError(() => relatedImageNames([s]), ErrorCodes.INVALID_PROPS, message);
  });

  test('user names: unique, valid, and only for projected variables', () => {
    const a = slot('a', 'a');
    const b = slot('b', 'b');
    // A user name wins over a derived one, which moves to its variable suffix.
    expect(Object.fromEntries(relatedImageNames([a, b], { names: { [a.envName]: 'b' } }))).toEqual({ RELATED_IMAGE_a_a: 'b', RELATED_IMAGE_b_b: 'b_b' });
    expectPiraeusError(() => relatedImageNames([a, b], { names: { [a.envName]: 'x', [b.envName]: 'x' } }), ErrorCodes.INVALID_PROPS, /would both be named "x"/);
    expectPiraeusError(() => relatedImageNames([a], { names: { RELATED_IMAGE_zz: 'z' } }), ErrorCodes.INVALID_PROPS, /RELATED_IMAGE_zz, which is not a projected variable/);
    expectPiraeusError(() => relatedImageNames([a], { names: { [a.envName]: 'bad name' } }), ErrorCodes.INVALID_PROPS, /contains " "/);
  });
});

describe('projectRelatedImages', () => {
  const pins = [
    { ...slot('linstor-controller', 'piraeus-server'), image: 'quay.io/p/piraeus-server:v1' },
    { ...slot('csi-attacher', 'csi-attacher'), image: 'registry.k8s.io/csi-attacher:v4' },
  ];

  test('one annotation per pin, the variable reads it through the downward API', () => {
    const p = projectRelatedImages(pins);
    expect(p.annotations).toEqual({
      'olm.relatedImage.csi-attacher': 'registry.k8s.io/csi-attacher:v4',
      'olm.relatedImage.linstor-controller_piraeus-server': 'quay.io/p/piraeus-server:v1',
    });
    expect(p.env).toEqual([
      { name: 'RELATED_IMAGE_csi-attacher_csi-attacher', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['olm.relatedImage.csi-attacher']" } } },
      { name: 'RELATED_IMAGE_linstor-controller_piraeus-server', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['olm.relatedImage.linstor-controller_piraeus-server']" } } },
    ]);
    expect(expandAnnotationEnv(p.env, p.annotations)).toEqual(new Map(pins.map((x) => [x.envName, x.image])));
  });

  test("the proposal's annotation field: a key of the user's choice", () => {
    const p = projectRelatedImages(pins, { annotations: { 'csi-attacher': 'default' } });
    expect(p.annotations.default).toBe('registry.k8s.io/csi-attacher:v4');
    expect(p.entries.find((e) => e.name === 'csi-attacher')).toMatchObject({ annotation: 'default', customAnnotation: true });
    expectPiraeusError(() => projectRelatedImages(pins, { annotations: { 'csi-attacher': 'Bad/x' } }), ErrorCodes.INVALID_PROPS, /is not valid: its prefix "Bad"/);
    expectPiraeusError(() => projectRelatedImages(pins, { annotations: { nope: 'x' } }), ErrorCodes.INVALID_PROPS, /"nope", which is not a projected related image/);
    expectPiraeusError(() => projectRelatedImages(pins, { annotations: { 'csi-attacher': 'olm.relatedImage.linstor-controller_piraeus-server' } }),
      ErrorCodes.INVALID_PROPS, /would carry both/);
  });

  test('field paths and the kubelet expansion', () => {
    expect(annotationOfFieldPath(annotationFieldPath('olm.relatedImage.x'))).toBe('olm.relatedImage.x');
    expect(annotationOfFieldPath('metadata.namespace')).toBeUndefined();
    const env = [
      { name: 'A', value: 'literal' },
      { name: 'B', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['k']" } } },
      { name: 'C', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['missing']" } } },
      { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    ];
    expect(expandAnnotationEnv(env, { k: 'v' })).toEqual(new Map([['A', 'literal'], ['B', 'v'], ['C', '']]));
  });
});

describe('PiraeusOperator with projected related images', () => {
  const managerOf = (objects: Obj[]) => objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'piraeus-operator-controller-manager')!;
  const synthOperator = (props: ConstructorParameters<typeof PiraeusOperator>[2] = {}) => {
    const chart = new Chart(Testing.app(), 'test');
    const operator = new PiraeusOperator(chart, 'op', props);
    return { operator, objects: Testing.synth(chart) as Obj[] };
  };

  test('every pin once as an annotation; no literal RELATED_IMAGE_* values; the CSV names equal the annotation names', () => {
    const literal = synthOperator();
    const { operator, objects } = synthOperator({ relatedImages: RelatedImages.projected() });
    const manager = managerOf(objects);
    const annotations = manager.spec.template.metadata.annotations as Record<string, string>;
    const env = manager.spec.template.spec.containers[0].env as Obj[];
    const related = env.filter((e) => e.name.startsWith('RELATED_IMAGE_'));
    expect(related.length).toBe(operator.imagePlan.env.length);
    for (const e of related) {
      expect(e.value).toBeUndefined();
      const key = annotationOfFieldPath(e.valueFrom.fieldRef.fieldPath)!;
      expect(key.startsWith('olm.relatedImage.')).toBe(true);
      expect(annotationKeyProblem(key)).toBeUndefined();
    }
    // Each image once: one annotation per variable, nothing else added.
    const projectedKeys = Object.keys(annotations).filter((k) => k.startsWith('olm.relatedImage.'));
    expect(projectedKeys.length).toBe(related.length);
    expect(annotations['kubectl.kubernetes.io/default-container']).toBe('manager');
    // The operator reads what the literal form says.
    const literalEnv = expandAnnotationEnv(managerOf(literal.objects).spec.template.spec.containers[0].env, {});
    expect(expandAnnotationEnv(env, annotations)).toEqual(literalEnv);
    // CSV: the projected entries are named as their annotations.
    const csv = clusterServiceVersionFor(operator);
    const names = new Set(csv.spec.relatedImages.map((r) => r.name));
    for (const k of projectedKeys) expect(names.has(k.slice('olm.relatedImage.'.length))).toBe(true);
    expect(names.has('manager_piraeus-operator')).toBe(true);
    expect(new Set(csv.spec.relatedImages.map((r) => r.image))).toEqual(new Set(collectImages(operator.imagePlan.resolver, { operatorImage: operator.image }).map((i) => i.pullSpec)));
  });

  test('with every image pinned by digest the projected form is disconnected-ready', () => {
    const probe = synthOperator().operator;
    const lines = collectImages(probe.imagePlan.resolver, { operatorImage: probe.image })
      .map((i, n) => `${i.pullSpec}@sha256:${n.toString(16).padStart(64, '0')}`);
    const lock = importLockLines({ version: 1, images: {} }, lines.join('\n') + '\n', 'digests.txt').lock;
    const digestLock = ImageDigestLock.fromText(serializeLock(lock, 'json'), 'lock.json');
    const { operator, objects } = synthOperator({ relatedImages: RelatedImages.projected(), digestLock });
    const csv = clusterServiceVersionFor(operator);
    expect(csv.disconnected).toEqual({ ready: true, reasons: [] });
    expect(checkDisconnected(managerOf(objects), csv.spec.relatedImages).ready).toBe(true);
    // An annotation that is missing is not.
    const manager = JSON.parse(JSON.stringify(managerOf(objects)));
    delete manager.spec.template.metadata.annotations['olm.relatedImage.csi-attacher'];
    expect(checkDisconnected(manager, csv.spec.relatedImages).reasons.join()).toContain('RELATED_IMAGE_csi-attacher_csi-attacher (olm.relatedImage.csi-attacher)');
  });

  test('a release that ignores RELATED_IMAGE_* refuses the projection', () => {
    const chart = new Chart(Testing.app(), 'test');
    expectPiraeusError(() => new PiraeusOperator(chart, 'op', { release: OperatorRelease.of('v2.8.1'), relatedImages: RelatedImages.projected() }),
      ErrorCodes.RELEASE_CAPABILITY, /relatedImages is projected/);
  });

  test('buildInstall refuses an annotation key the release already sets', () => {
    expectPiraeusError(() => buildInstall(OperatorRelease.latest(), { managerPodAnnotations: { 'kubectl.kubernetes.io/default-container': 'x' } }),
      ErrorCodes.INVALID_PROPS, /already has the annotation "kubectl.kubernetes.io\/default-container"/);
  });
});

describe('the projected pins leave every resolution unchanged', () => {
  // As property 3 does for literal pins: the plan of generated configurations, projected, then
  // expanded as the kubelet would, must give the resolver the same environment and images.
  const component = fc.constantFrom('linstor-controller', 'drbd-module-loader', 'csi-attacher', 'ha-controller', 'a_b', 'a');
  const image = fc.constantFrom('piraeus-server', 'drbd9-jammy', 'drbd9-noble', 'csi-attacher', 'a_b', 'b');
  const tag = fc.constantFrom('v1', 'v2.0.1', '');
  const digest = fc.constantFrom('', `sha256:${'a'.repeat(64)}`);
  const os = fc.constantFrom('', 'Ubuntu 22.04.4 LTS', 'Ubuntu 24.04.1 LTS', 'AlmaLinux 9.4', 'x');
  const rule = fc.record({ osImage: fc.constantFrom('Ubuntu 22', 'Ubuntu 24', 'AlmaLinux'), image, digest });
  const doc = fc.dictionary(component, fc.record({ image, tag, digest, match: fc.array(rule, { maxLength: 2 }) }), { minKeys: 1, maxKeys: 4 });

  function yamlOf(components: Record<string, { image: string; tag: string; digest: string; match: Array<{ osImage: string; image: string; digest: string }> }>): string {
    const lines = ['base: quay.io/p', 'components:'];
    for (const [name, c] of Object.entries(components)) {
      lines.push(`  ${name}:`, `    image: ${c.image}`);
      if (c.tag) lines.push(`    tag: "${c.tag}"`);
      if (c.digest) lines.push(`    digest: "${c.digest}"`);
      if (c.match.length) {
        lines.push('    match:');
        for (const r of c.match) lines.push(`      - osImage: "${r.osImage}"`, `        image: ${r.image}`, ...(r.digest ? [`        digest: "${r.digest}"`] : []));
      }
    }
    return lines.join('\n') + '\n';
  }

  test('generated configurations, every OS string', () => {
    fc.assert(fc.property(doc, fc.array(os, { minLength: 1, maxLength: 3 }), (components, osImages) => {
      const plan = planImages({ data: { '0.yaml': yamlOf(components) } });
      const pins = plan.env.map((e) => {
        const v = plan.resolver.variants().find((x) => x.envName === e.name)!;
        return { envName: e.name, component: v.component, variant: v.image, image: e.value };
      });
      let projection;
      try {
        projection = projectRelatedImages(pins);
      } catch (e) {
        // Only names that cannot be annotations are refused.
        expect((e as { code?: string }).code).toBe(ErrorCodes.INVALID_PROPS);
        return;
      }
      const expanded = expandAnnotationEnv(projection.env, projection.annotations);
      expect(expanded).toEqual(new Map(plan.env.map((e) => [e.name, e.value])));
      const literal = new ImageResolver(plan.documents, { env: new Map(plan.env.map((e) => [e.name, e.value])) });
      const projected = new ImageResolver(plan.documents, { env: expanded });
      const without = new ImageResolver(plan.documents, {});
      // Provenance differs from the unpinned resolver (a variable decided), the images do not.
      const images = (r: ImageResolver, o: string) => r.resolve(o).images.map((i) => [i.name, i.image]);
      for (const o of osImages) {
        expect(projected.resolve(o).images).toEqual(literal.resolve(o).images);
        expect(images(projected, o)).toEqual(images(without, o));
      }
    }), { numRuns: 300 });
  });
});
