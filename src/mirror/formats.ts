/**
 * Mirror lists in the shapes mirroring tools read (skopeo sync, oc-mirror, plain lists), CSV
 * `spec.relatedImages` and OpenShift redirect objects (IDMS/ITMS). Every output is
 * deterministic: entries and keys sorted, each image once.
 *
 * Pure: no cdk8s, no I/O.
 */
import { ErrorCodes, PiraeusError } from '../errors';
import { yamlPackage } from '../resolver/on-demand';
import { validateRepositoryPrefix } from '../resolver/reference';
import { compareCodeUnits } from '../resolver/util';
import { MirrorImage } from './images';

/** One `spec.relatedImages` entry of a ClusterServiceVersion: exactly these two fields. */
export interface RelatedImage {
  readonly name: string;
  readonly image: string;
}

/** Which names `relatedImages` uses. */
export type RelatedImageNaming = 'env-suffix' | 'operator-sdk';

function requireParsed(img: MirrorImage, what: string): void {
  if (img.problem !== undefined) {
    throw new PiraeusError(ErrorCodes.INVALID_REFERENCE,
      `image "${img.reference}" cannot be put into ${what}: ${img.problem}`,
      { component: img.component, key: img.sources[0]?.document });
  }
}

function uniqueSorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareCodeUnits);
}

/**
 * One pull spec per line (normalized name with the digest if there is one, else with the tag),
 * each once, sorted: input for `skopeo inspect`, `crane digest` or `oc image mirror` scripts.
 */
export function formatList(images: readonly MirrorImage[]): string {
  const lines = uniqueSorted(images.map((i) => i.pullSpec));
  return lines.length ? lines.join('\n') + '\n' : '';
}

/**
 * A `skopeo sync --src yaml` file: registry host -> `images:` -> repository -> tags and/or
 * digests. A reference with tag and digest lists the digest (what is pulled); an image with
 * neither lists `latest` (an empty list would mean "every tag").
 *
 * @throws PiraeusError INVALID_REFERENCE for an image that does not parse
 */
export function formatSkopeoSync(images: readonly MirrorImage[]): string {
  const registries = new Map<string, Map<string, Set<string>>>();
  for (const img of images) {
    requireParsed(img, 'a skopeo sync file');
    const repos = registries.get(img.domain) ?? new Map<string, Set<string>>();
    registries.set(img.domain, repos);
    const refs = repos.get(img.path) ?? new Set<string>();
    repos.set(img.path, refs);
    refs.add(img.digest !== '' ? img.digest : img.tag !== '' ? img.tag : 'latest');
  }
  const out: Record<string, { images: Record<string, string[]> }> = {};
  for (const registry of [...registries.keys()].sort(compareCodeUnits)) {
    const repos = registries.get(registry)!;
    const entry: Record<string, string[]> = {};
    for (const repo of [...repos.keys()].sort(compareCodeUnits)) entry[repo] = uniqueSorted(repos.get(repo)!);
    out[registry] = { images: entry };
  }
  return toYaml(out);
}

/** oc-mirror v2 `ImageSetConfiguration` with every image under `mirror.additionalImages`. */
export function ocMirrorImageSetConfiguration(images: readonly MirrorImage[]): object {
  for (const img of images) requireParsed(img, 'an oc-mirror ImageSetConfiguration');
  return {
    apiVersion: 'mirror.openshift.io/v2alpha1',
    kind: 'ImageSetConfiguration',
    mirror: { additionalImages: uniqueSorted(images.map((i) => i.pullSpec)).map((name) => ({ name })) },
  };
}

/**
 * oc-mirror v2 `ImageSetConfiguration` (mirror.openshift.io/v2alpha1) as YAML.
 * @throws PiraeusError INVALID_REFERENCE for an image that does not parse
 */
export function formatOcMirror(images: readonly MirrorImage[]): string {
  return toYaml(ocMirrorImageSetConfiguration(images));
}

/**
 * CSV `spec.relatedImages`: one entry per distinct pull spec, named by the first image that has
 * it, sorted by name. Names are unique and non-empty; `env-suffix` (default) gives the LINBIT
 * style (`drbd-module-loader_drbd9-jammy`), `operator-sdk` what `generate bundle` derives from the
 * operator's `RELATED_IMAGE_*` variables (`drbd-module-loader-drbd9-jammy`). Unlike
 * operator-sdk, an image reached under several names keeps one name instead of an empty one.
 */
export function relatedImages(images: readonly MirrorImage[], naming: RelatedImageNaming = 'env-suffix'): RelatedImage[] {
  const seen = new Set<string>();
  const out: RelatedImage[] = [];
  for (const img of images) {
    if (seen.has(img.pullSpec)) continue;
    seen.add(img.pullSpec);
    out.push({ name: naming === 'operator-sdk' ? img.operatorSdkName : img.name, image: img.pullSpec });
  }
  return out.sort((a, b) => compareCodeUnits(a.name, b.name) || compareCodeUnits(a.image, b.image));
}

/** `relatedImages` as a YAML list, ready to be injected into `spec.relatedImages`. */
export function formatRelatedImages(images: readonly MirrorImage[], naming: RelatedImageNaming = 'env-suffix'): string {
  return toYaml(relatedImages(images, naming).map((r) => ({ name: r.name, image: r.image })));
}

/** Every image with its names, pull spec and sources, as JSON. */
export function formatJson(images: readonly MirrorImage[]): string {
  return JSON.stringify({
    images: images.map((i) => ({
      reference: i.reference,
      pullSpec: i.pullSpec,
      name: i.name,
      operatorSdkName: i.operatorSdkName,
      domain: i.domain,
      path: i.path,
      tag: i.tag,
      digest: i.digest,
      ...(i.problem !== undefined ? { problem: i.problem } : {}),
      sources: i.sources.map((s) => ({
        kind: s.kind,
        component: s.component,
        variant: s.variant,
        ...(s.document !== undefined ? { document: s.document } : {}),
        ...(s.ruleIndex !== undefined ? { ruleIndex: s.ruleIndex, pattern: s.pattern } : {}),
        envName: s.envName,
        ...(s.envVar !== undefined ? { envVar: s.envVar } : {}),
      })),
    })),
  }, null, 2) + '\n';
}

// ---------------------------------------------------------------------------------------------
// ImageDigestMirrorSet / ImageTagMirrorSet
// ---------------------------------------------------------------------------------------------

/** `mirrorSourcePolicy` of IDMS/ITMS entries. */
export type MirrorSourcePolicy = 'AllowContactingSource' | 'NeverContactSource';

/**
 * Where a repository lands in the mirror registry:
 * - `path` (default): `<mirror>/<path>` — oc-mirror v2, `oc adm catalog mirror`, or
 *   `skopeo sync` with the path kept;
 * - `scoped`: `<mirror>/<registry>/<path>` — `skopeo sync --scoped`;
 * - `flat`: `<mirror>/<last path element>` — `skopeo sync` without `--scoped`, and what
 *   `LinstorCluster.spec.repository` expects (`<repository>/<image>`).
 */
export type MirrorLayout = 'path' | 'scoped' | 'flat';

/** Options of `mirrorSets`. */
export interface MirrorSetOptions {
  /**
   * `mirrorSourcePolicy` of every entry.
   * @default - not set (the API's default, AllowContactingSource)
   */
  readonly mirrorSourcePolicy?: MirrorSourcePolicy;
  /**
   * Object name of both sets.
   * @default 'piraeus-datastore'
   */
  readonly name?: string;
  /**
   * Mirror layout.
   * @default 'path'
   */
  readonly layout?: MirrorLayout;
}

/** One redirect entry. */
export interface MirrorEntry {
  readonly source: string;
  readonly mirrors: string[];
  readonly mirrorSourcePolicy?: MirrorSourcePolicy;
}

/** Plain `config.openshift.io/v1` objects; either is undefined when no image needs it. */
export interface MirrorSets {
  /** Redirects for pulls by digest (images with a digest). */
  readonly imageDigestMirrorSet?: { apiVersion: string; kind: string; metadata: { name: string }; spec: { imageDigestMirrors: MirrorEntry[] } };
  /** Redirects for pulls by tag (images without a digest). */
  readonly imageTagMirrorSet?: { apiVersion: string; kind: string; metadata: { name: string }; spec: { imageTagMirrors: MirrorEntry[] } };
}

/** The mirror repository of a source repository under a layout. */
export function mirrorRepository(mirrorRegistry: string, domain: string, path: string, layout: MirrorLayout = 'path'): string {
  switch (layout) {
    case 'scoped':
      return `${mirrorRegistry}/${domain}/${path}`;
    case 'flat':
      return `${mirrorRegistry}/${path.slice(path.lastIndexOf('/') + 1)}`;
    default:
      return `${mirrorRegistry}/${path}`;
  }
}

/**
 * ImageDigestMirrorSet (for images with a digest: the runtime pulls them by digest) and
 * ImageTagMirrorSet (for the others), one entry per source repository, sorted by source.
 *
 * @throws PiraeusError INVALID_REFERENCE for a malformed mirror registry or an image that does not
 *   parse; INVALID_PROPS when two source repositories land on the same mirror repository
 */
export function mirrorSets(images: readonly MirrorImage[], mirrorRegistry: string, options: MirrorSetOptions = {}): MirrorSets {
  const reason = validateRepositoryPrefix(mirrorRegistry);
  if (reason !== undefined) {
    throw new PiraeusError(ErrorCodes.INVALID_REFERENCE, `mirror registry ${JSON.stringify(mirrorRegistry)}: ${reason}`);
  }
  const layout = options.layout ?? 'path';
  const byDigest = new Map<string, string>();
  const byTag = new Map<string, string>();
  const targetOf = new Map<string, string>();
  for (const img of images) {
    requireParsed(img, 'an image mirror set');
    const source = `${img.domain}/${img.path}`;
    const mirror = mirrorRepository(mirrorRegistry, img.domain, img.path, layout);
    const other = targetOf.get(mirror);
    if (other !== undefined && other !== source) {
      throw new PiraeusError(ErrorCodes.INVALID_PROPS,
        `repositories ${other} and ${source} would both be mirrored to ${mirror} with the "${layout}" layout; use the "path" or "scoped" layout`);
    }
    targetOf.set(mirror, source);
    (img.digest !== '' ? byDigest : byTag).set(source, mirror);
  }
  const entries = (m: Map<string, string>): MirrorEntry[] => [...m.keys()].sort(compareCodeUnits).map((source) => ({
    source,
    mirrors: [m.get(source)!],
    ...(options.mirrorSourcePolicy ? { mirrorSourcePolicy: options.mirrorSourcePolicy } : {}),
  }));
  const name = options.name ?? 'piraeus-datastore';
  return {
    ...(byDigest.size ? {
      imageDigestMirrorSet: {
        apiVersion: 'config.openshift.io/v1', kind: 'ImageDigestMirrorSet', metadata: { name },
        spec: { imageDigestMirrors: entries(byDigest) },
      },
    } : {}),
    ...(byTag.size ? {
      imageTagMirrorSet: {
        apiVersion: 'config.openshift.io/v1', kind: 'ImageTagMirrorSet', metadata: { name },
        spec: { imageTagMirrors: entries(byTag) },
      },
    } : {}),
  };
}

/** Both sets as a multi-document YAML stream (only the non-empty ones). */
export function formatMirrorSets(images: readonly MirrorImage[], mirrorRegistry: string, options: MirrorSetOptions = {}): string {
  const sets = mirrorSets(images, mirrorRegistry, options);
  return [sets.imageDigestMirrorSet, sets.imageTagMirrorSet]
    .filter((o) => o !== undefined)
    .map((o) => toYaml(o))
    .join('---\n');
}

/**
 * YAML as a YAML 1.1 reader (go-yaml, as in skopeo and oc-mirror) reads it back: any string that
 * would resolve to something else when plain (`1.10`, `yes`, `on`, `1:20`) is quoted.
 */
export function toYaml(value: unknown): string {
  return yamlPackage().stringify(value, { version: '1.1', lineWidth: 0 });
}
