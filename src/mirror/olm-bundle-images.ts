/**
 * Every image an OLM bundle references, as operator-registry lists them for a bundle: the images
 * of the install strategy's containers and init containers as written, plus every
 * `spec.relatedImages` image; each exact string once.
 *
 * Pure: reads the file map, no I/O.
 */
import { ErrorCodes, PiraeusError } from '../errors';
import { parseNormalizedReference, parseReference } from '../resolver/reference';
import { compareCodeUnits } from '../resolver/util';
import { isJsonObject, JsonObject, JsonValue } from '../workloads/json';
import { MirrorImage, MirrorImageSource } from './images';
import { bundleManifests, BundleProblem, formatBundleProblem } from './olm-validate';

/** Where a bundle references an image. */
export interface BundleImageSource {
  /** `container` (an install-strategy container or init container) or `relatedImages`. */
  readonly from: 'container' | 'relatedImages';
  /** The Deployment and container (`manager` in `piraeus-operator-controller-manager`), or the related-image name. */
  readonly name: string;
  /** The Deployment, for containers. */
  readonly deployment?: string;
}

/** One image of a bundle. */
export interface BundleImage {
  /** The image exactly as written. */
  readonly reference: string;
  readonly sources: readonly BundleImageSource[];
}

function list(v: JsonValue | undefined): JsonObject[] {
  return Array.isArray(v) ? v.filter(isJsonObject) : [];
}

function obj(v: JsonValue | undefined): JsonObject {
  return isJsonObject(v) ? v : {};
}

/**
 * The bundle's images, sorted by reference.
 * @throws PiraeusError INVALID_INPUT when `manifests/` does not hold exactly one
 *   ClusterServiceVersion or a manifest does not parse
 */
export function bundleImages(files: Readonly<Record<string, string>>, where = 'the bundle'): BundleImage[] {
  const problems: BundleProblem[] = [];
  const manifests = bundleManifests(files, problems);
  const [problem] = problems;
  if (problem) throw new PiraeusError(ErrorCodes.INVALID_INPUT, formatBundleProblem(problem), { path: where });
  const csvs = manifests.filter((m) => m.object.kind === 'ClusterServiceVersion');
  const [csv] = csvs;
  if (csv === undefined || csvs.length !== 1) {
    throw new PiraeusError(ErrorCodes.INVALID_INPUT, `manifests/ must hold exactly one ClusterServiceVersion; holds ${csvs.length}`, { path: where });
  }
  const spec = obj(csv.object.spec);
  const byRef = new Map<string, BundleImageSource[]>();
  const add = (ref: JsonValue | undefined, source: BundleImageSource) => {
    if (typeof ref !== 'string' || ref === '') return;
    const sources = byRef.get(ref) ?? [];
    sources.push(source);
    byRef.set(ref, sources);
  };
  for (const d of list(obj(obj(spec.install).spec).deployments)) {
    const pod = obj(obj(obj(d.spec).template).spec);
    for (const c of [...list(pod.initContainers), ...list(pod.containers)]) {
      add(c.image, { from: 'container', name: String(c.name), deployment: String(d.name) });
    }
  }
  for (const r of list(spec.relatedImages)) add(r.image, { from: 'relatedImages', name: String(r.name ?? '') });
  return [...byRef.keys()].sort(compareCodeUnits).map((reference) => ({ reference, sources: byRef.get(reference)! }));
}

/**
 * The bundle's images as `MirrorImage`s, for the mirror formats: named by their first related-image
 * name (else `<container>`), unique with `_2`, `_3`, ...; containers count as the operator's own
 * images, related images as component images.
 */
export function bundleMirrorImages(images: readonly BundleImage[]): MirrorImage[] {
  const taken = new Set<string>();
  return images.map((img) => {
    const [first] = img.sources;
    if (first === undefined) throw new PiraeusError(ErrorCodes.INVALID_INPUT, `bundle image "${img.reference}" has no sources; each needs one to be named by`);
    const related = img.sources.find((s) => s.from === 'relatedImages' && s.name !== '');
    const base = related?.name ?? first.name;
    let name = base;
    for (let k = 2; taken.has(name); k++) name = `${base}_${k}`;
    taken.add(name);
    const source = (s: BundleImageSource): MirrorImageSource => ({
      kind: s.from === 'container' ? 'operator' : 'fallback',
      component: s.name,
      variant: s.deployment ?? s.name,
      envName: `RELATED_IMAGE_${s.name}`,
    });
    const firstSource = source(first);
    const sources = [firstSource, ...img.sources.slice(1).map(source)];
    const common = {
      reference: img.reference, name, operatorSdkName: name.replace(/_/g, '-').toLowerCase(), component: firstSource.component,
      variant: firstSource.variant, kinds: [...new Set(sources.map((s) => s.kind))].sort(), sources,
    };
    try {
      if (img.reference.startsWith('/')) parseReference(img.reference);
      const r = parseNormalizedReference(img.reference);
      const repo = `${r.domain}/${r.path}`;
      const pullSpec = r.digest !== '' ? `${repo}@${r.digest}` : r.tag !== '' ? `${repo}:${r.tag}` : repo;
      return { ...common, pullSpec, domain: r.domain, path: r.path, tag: r.tag, digest: r.digest };
    } catch (e) {
      const problem = (e as { detail?: string }).detail ?? (e as Error).message;
      return { ...common, pullSpec: img.reference, domain: '', path: '', tag: '', digest: '', problem };
    }
  });
}

/** The bundle's images with their sources, as JSON. */
export function formatBundleImagesJson(images: readonly BundleImage[]): string {
  const mirror = bundleMirrorImages(images);
  return JSON.stringify({
    images: images.map((img, i) => {
      const m = mirror[i]!; // one mirror image per image, in order
      return {
        reference: img.reference,
        pullSpec: m.pullSpec,
        name: m.name,
        digest: m.digest,
        ...(m.problem !== undefined ? { problem: m.problem } : {}),
        sources: img.sources.map((s) => ({ from: s.from, name: s.name, ...(s.deployment !== undefined ? { deployment: s.deployment } : {}) })),
      };
    }),
  }, null, 2) + '\n';
}
