/**
 * Air-gapped and OLM outputs through the constructs: digest locks (import -> apply -> list),
 * requireDigests, unused lock entries, mirror sets and the ClusterServiceVersion pieces.
 */
import { Chart, Testing } from 'cdk8s';
import {
  ImageDigestLock, ImageMirrorSets, LinstorCluster, OlmClusterServiceVersion, PiraeusDatastore, PiraeusOperator,
} from '../src/constructs';
import { collectImages } from '../src/mirror/images';
import { importLockLines, serializeLock } from '../src/mirror/lock';

type Obj = Record<string, any>;
const MIRROR = 'registry.example.com/piraeus';

/** A fake digest per reference, as a mirror would report after `skopeo inspect`. */
function digestOf(ref: string): string {
  let h = 0n;
  for (const ch of ref) h = (h * 131n + BigInt(ch.codePointAt(0)!)) % (1n << 256n);
  return 'sha256:' + h.toString(16).padStart(64, '0').slice(-64);
}

/** The one-command list, "mirrored", digests imported: what a disconnected user does. */
function lockForEverything(): ImageDigestLock {
  const app = Testing.app();
  const chart = new Chart(app, 'probe');
  const probe = new PiraeusOperator(chart, 'op', { cluster: new LinstorCluster(chart, 'cluster', { repository: MIRROR }) });
  const lines = collectImages(probe.imagePlan.resolver, { operatorImage: probe.image }).map((i) => `${i.pullSpec}@${digestOf(i.pullSpec)}`);
  const lock = importLockLines({ version: 1, images: {} }, lines.join('\n') + '\n', 'digests.txt');
  return ImageDigestLock.fromText(serializeLock(lock.lock, 'json'), 'piraeus.lock.json');
}

function synth(build: (chart: Chart) => void): Obj[] {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  build(chart);
  return Testing.synth(chart) as Obj[];
}

function allImages(objects: readonly Obj[]): string[] {
  const out: string[] = [];
  for (const o of objects) {
    for (const c of [...(o.spec?.template?.spec?.initContainers ?? []), ...(o.spec?.template?.spec?.containers ?? [])]) {
      out.push(c.image);
      for (const e of c.env ?? []) if (e.name.startsWith('RELATED_IMAGE_')) out.push(e.value);
    }
  }
  return out;
}

describe('digest lock', () => {
  const lock = lockForEverything();

  test('round trip: every image in the output is pinned by digest to the mirror', () => {
    const objects = synth((chart) => new PiraeusDatastore(chart, 'p', {
      operator: { image: undefined, digestLock: lock, requireDigests: true },
      cluster: { repository: MIRROR },
    }));
    const images = allImages(objects);
    // Operator image (manager + gencert) and 23 pins (17 components, the loader with 7 variants).
    expect(images.length).toBe(2 + 23);
    for (const image of images.filter((i) => !i.includes('piraeus-operator'))) {
      expect(image).toMatch(new RegExp(`^${MIRROR.replace(/\./g, '\\.')}/[a-z0-9-]+:[\\w.-]+@sha256:[0-9a-f]{64}$`));
    }
    const loader = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'piraeus-operator-controller-manager')!
      .spec.template.spec.containers[0].env.find((e: Obj) => e.name === 'RELATED_IMAGE_drbd-module-loader_drbd9-almalinux9');
    expect(loader.value).toBe(`${MIRROR}/drbd9-almalinux9:v9.2.16@${digestOf(`${MIRROR}/drbd9-almalinux9:v9.2.16`)}`);
  });

  test('the ConfigMap carries the digests too, after the defaults, so the operator works without the pins', () => {
    const objects = synth((chart) => new PiraeusDatastore(chart, 'p', { operator: { digestLock: lock }, cluster: { repository: MIRROR } }));
    const cm = objects.find((o) => o.kind === 'ConfigMap')!;
    const keys = Object.keys(cm.data);
    expect(keys.slice(0, 2)).toEqual(['0_piraeus_datastore_images.yaml', '0_sig_storage_images.yaml']);
    expect(keys.slice(2).every((k) => k.startsWith('zz-digest-lock-'))).toBe(true);
    expect(cm.data[keys[2]]).toContain(digestOf(`${MIRROR}/piraeus-server:v1.32.3`));
    expect(cm.data[keys[3]]).toContain(digestOf(`${MIRROR}/csi-attacher:v4.10.0`));
  });

  test('requireDigests lists every image without a digest', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    new PiraeusDatastore(chart, 'p', { operator: { requireDigests: true } });
    expect(() => Testing.synth(chart)).toThrow(/23 image\(s\) have no digest: [\s\S]*drbd9-jammy:v9\.2\.16 \(drbd-module-loader\/drbd9-jammy\)[\s\S]*\[DIGEST_REQUIRED\]/);
  });

  test('with an external controller and no version, requireDigests names the satellite and the fix', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    new PiraeusDatastore(chart, 'p', {
      operator: { digestLock: lock, requireDigests: true },
      cluster: { repository: MIRROR, externalController: { url: 'http://linstor.example.com:3370' } },
    });
    expect(() => Testing.synth(chart)).toThrow(/linstor-satellite/);
  });

  test('a lock entry no image uses is a warning naming it', () => {
    const extra = ImageDigestLock.fromText(JSON.stringify({ version: 1, images: { 'quay.io/unused/image:v1': digestOf('x') } }), 'extra.lock.json');
    const app = Testing.app();
    const op = new PiraeusOperator(new Chart(app, 'test'), 'op', { digestLock: extra });
    expect(op.diagnostics).toContainEqual(expect.objectContaining({ code: 'LOCK_UNUSED', message: expect.stringContaining('quay.io/unused/image:v1') }));
  });

  test.each([
    ['{"version": 1, "images": {"quay.io/a/b:v1": "sha256:abcd"}}', /INVALID_DIGEST|64/],
    ['{"version": 2, "images": {}}', /version/],
    ['not: [valid', /INVALID_LOCK|not valid/],
  ])('a malformed lock %s is a located error', (text, message) => {
    expect(() => ImageDigestLock.fromText(text, 'bad.lock.json')).toThrow(message);
    try {
      ImageDigestLock.fromText(text, 'bad.lock.json');
    } catch (e) {
      expect(String((e as Error).message)).toContain('bad.lock.json');
    }
  });
});

describe('mirror sets and OLM', () => {
  test('ImageMirrorSets: an ITMS for tagged images covering every source repository, cluster-scoped', () => {
    const objects = synth((chart) => {
      const op = new PiraeusOperator(chart, 'op');
      new ImageMirrorSets(chart, 'mirrors', { operator: op, mirrorRegistry: 'mirror.example.com/piraeus' });
    });
    const itms = objects.find((o) => o.kind === 'ImageTagMirrorSet')!;
    expect(itms.apiVersion).toBe('config.openshift.io/v1');
    expect(itms.metadata.namespace).toBeUndefined();
    const sources = itms.spec.imageTagMirrors.map((m: Obj) => m.source);
    expect(sources).toEqual([...sources].sort());
    expect(sources).toContain('quay.io/piraeusdatastore/drbd9-bookworm');
    expect(sources).toContain('registry.k8s.io/sig-storage/csi-attacher');
    expect(objects.find((o) => o.kind === 'ImageDigestMirrorSet')).toBeUndefined();
  });

  test('OlmClusterServiceVersion: relatedImages name every variant; disconnected only when all are digests', () => {
    const csvOf = (withLock: boolean) => synth((chart) => {
      const op = new PiraeusOperator(chart, 'op', withLock
        ? { cluster: new LinstorCluster(chart, 'cluster', { repository: MIRROR }), digestLock: lockForEverything() } : {});
      new OlmClusterServiceVersion(chart, 'csv', { operator: op });
    }).find((o) => o.kind === 'ClusterServiceVersion')!;
    const tagged = csvOf(false);
    const names = tagged.spec.relatedImages.map((r: Obj) => r.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('drbd-module-loader_drbd9-almalinux10');
    expect(tagged.metadata.annotations['features.operators.openshift.io/disconnected']).toBe('false');
    const pinned = csvOf(true);
    expect(pinned.metadata.annotations['features.operators.openshift.io/disconnected']).toBe('true');
    expect(pinned.spec.relatedImages.every((r: Obj) => /@sha256:[0-9a-f]{64}$/.test(r.image))).toBe(true);
    const deployment = pinned.spec.install.spec.deployments[0];
    expect(deployment.spec.template.spec.containers[0].env.some((e: Obj) => e.name === 'RELATED_IMAGE_drbd-module-loader_drbd9-jammy')).toBe(true);
  });
});
