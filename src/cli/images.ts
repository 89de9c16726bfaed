/**
 * `cdk8s-piraeus images`: every image the deployment can pull, in the shape a mirroring tool
 * reads. Loads no cdk8s and touches no network.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ErrorCodes, PiraeusError } from '../errors';
import {
  formatJson, formatList, formatMirrorSets, formatOcMirror, formatRelatedImages, formatSkopeoSync, MirrorLayout,
  MirrorSourcePolicy, RelatedImageNaming,
} from '../mirror/formats';
import { ImageSetInput, planImageSet } from '../mirror/image-set';
import { collectImages, MirrorImage, SidecarImage } from '../mirror/images';
import { checkDigests, describeMissingDigests, DigestLock, missingDigestWarnings, parseLock } from '../mirror/lock';
import { bundleImages, bundleMirrorImages, formatBundleImagesJson } from '../mirror/olm-bundle-images';
import { KUBE_RBAC_PROXY_CONTAINER } from '../release/customize';
import { gateImageInputs } from '../release/image-inputs';
import { ImageResolver } from '../resolver/image-resolver';
import { parseReference } from '../resolver/reference';
import { Diagnostic } from '../resolver/types';
import {
  ExitCode, Io, loadDocuments, optionProblems, parseEnv, parseOptions, printDiagnostics, readInput, refuseForArtifacts, releaseOption,
  releasePlaceholders, RESOLVER_OPTIONS, runCommand, UsageError,
} from './common';

export const IMAGES_USAGE = `usage: cdk8s-piraeus images [--release VERSION|FILE] [--config-map FILE] [--repository BASE] [--env NAME=VALUE]...
                            [--external-version VERSION] [--operator-image REF] [--kube-rbac-proxy-image REF] [--lock FILE]
                            [--format list|skopeo-sync|oc-mirror|related-images|json|mirror-sets]
                            [--mirror REGISTRY] [--mirror-layout path|scoped|flat]
                            [--mirror-source-policy AllowContactingSource|NeverContactSource]
                            [--names env-suffix|operator-sdk] [--unpinned] [--require-digests]
       cdk8s-piraeus images --bundle DIR [--format FORMAT] [--mirror ...] [--unpinned] [--require-digests]`;

export const IMAGES_HELP = `${IMAGES_USAGE}

Lists every image the deployment can pull: the operator image (manager and gencert) and the
kube-rbac-proxy sidecar's when given, every
component, every OS variant of every match rule (all drbd9-* loaders) and the CSI sidecars. Each
image once. Nothing touches the network.

  --release VERSION|FILE      the operator release: a built-in version (cdk8s-piraeus releases) or
                              an upstream manifest.yaml (default: the newest built-in release)
  --config-map FILE           the image ConfigMap (kubectl get configmap -o yaml); - reads standard
                              input (default: the release's default documents)
  --repository BASE           LinstorCluster.spec.repository; replaces the base of every document
  --env NAME=VALUE            an environment variable of the operator container; repeatable
  --external-version VERSION  version reported by an external LINSTOR controller (e.g. 1.31.2)
  --operator-image REF        the operator image (default: the release's)
  --kube-rbac-proxy-image REF the image of the kube-rbac-proxy sidecar, when the install runs it
                              (PiraeusOperator kubeRbacProxy; upstream's chart's default is
                              gcr.io/kubebuilder/kube-rbac-proxy:v0.13.1)
  --lock FILE                 a digest lock (cdk8s-piraeus lock import): images get its digests
  --format FORMAT             list (default): one pull spec per line, name@sha256:... when pinned
                              skopeo-sync: a file for skopeo sync --src yaml, grouped by registry
                              oc-mirror: an ImageSetConfiguration (mirror.openshift.io/v2alpha1)
                              related-images: a ClusterServiceVersion spec.relatedImages list
                              json: every image with its names and where it comes from
                              mirror-sets: ImageDigestMirrorSet and ImageTagMirrorSet (needs --mirror)
  --mirror REGISTRY           the mirror registry (and path), e.g. mirror.example.com/piraeus
  --mirror-layout LAYOUT      where images land in the mirror: path (default, <mirror>/<path>, as
                              oc-mirror), scoped (<mirror>/<registry>/<path>, skopeo sync --scoped)
                              or flat (<mirror>/<name>, skopeo sync without --scoped)
  --mirror-source-policy P    mirrorSourcePolicy of the mirror-set entries
  --names STYLE               related-images names: env-suffix (default, <component>_<image>) or
                              operator-sdk (as operator-sdk generate bundle derives them)
  --unpinned                  only the images that have no digest yet
  --bundle DIR                an OLM bundle directory instead of a release: every image its
                              ClusterServiceVersion references (install-strategy containers and
                              spec.relatedImages); takes only --format, the --mirror options,
                              --unpinned and --require-digests
  --require-digests           exit 1, listing them, when any image has no digest

Disconnected workflow:
  # 1. the sources come from upstream: no --repository here
  cdk8s-piraeus images --format skopeo-sync > sync.yaml
  skopeo sync --all --preserve-digests --src yaml --dest docker sync.yaml mirror.example.com/piraeus
  # 2. the mirror's references to look up digests for; the lock records the repository
  cdk8s-piraeus images --repository mirror.example.com/piraeus \\
      --operator-image mirror.example.com/piraeus/piraeus-operator:TAG --unpinned |
    while read -r ref; do echo "$ref@$(skopeo inspect --format '{{.Digest}}' "docker://$ref")"; done |
    cdk8s-piraeus lock import --lock images.lock.json --repository mirror.example.com/piraeus
  # 3. check: the lock's repository is the default; another --repository is an error
  cdk8s-piraeus images --lock images.lock.json \\
      --operator-image mirror.example.com/piraeus/piraeus-operator:TAG --require-digests

Warnings go to standard error. Invalid input: one line on standard error, exit 1. Bad usage: exit 2.
`;

const FORMATS = ['list', 'skopeo-sync', 'oc-mirror', 'related-images', 'json', 'mirror-sets'] as const;
type Format = typeof FORMATS[number];

/** Options shared by `images` and `lock`: the resolver's plus the operator image. */
export const IMAGE_SET_OPTIONS = {
  ...RESOLVER_OPTIONS,
  'operator-image': { type: 'string' },
  'kube-rbac-proxy-image': { type: 'string' },
} as const;

/** The deployment's images as the command options describe them, with every warning. */
export interface ImageSet {
  readonly images: MirrorImage[];
  readonly resolver: ImageResolver;
  readonly operatorImage: string;
  /** Sidecar images of the operator's Deployment (kube-rbac-proxy), locked like the operator image. */
  readonly extraImages: readonly SidecarImage[];
  readonly diagnostics: Diagnostic[];
  /** The lock's warnings: its unused, ambiguous and conflicting entries, then the images it has no digest for. */
  readonly lockDiagnostics: Diagnostic[];
}

/**
 * The plan input from `--config-map` (decoded here, once), `--repository`, `--env`,
 * `--external-version` and `--operator-image`.
 */
export function imageSetInput(values: Record<string, string | boolean | string[] | undefined>, io: Io, usage: string): ImageSetInput {
  const release = releaseOption(values.release as string | undefined, usage);
  // What the constructs refuse cannot go into an artifact.
  refuseForArtifacts(optionProblems(values));
  const operatorImage = (values['operator-image'] as string | undefined) ?? release.operatorImage;
  try {
    parseReference(operatorImage);
  } catch (e) {
    throw new PiraeusError(ErrorCodes.INVALID_REFERENCE, `--operator-image: ${(e as PiraeusError).detail ?? (e as Error).message}`);
  }
  if (values.lock !== undefined && !release.capabilities.digests) {
    throw new PiraeusError(ErrorCodes.RELEASE_CAPABILITY, `--lock: release ${release.version}'s operator does not read image digests `
      + '(v2.9.0 and later do); choose a newer --release', { path: '--lock' });
  }
  const proxyImage = values['kube-rbac-proxy-image'] as string | undefined;
  if (proxyImage !== undefined) {
    try {
      parseReference(proxyImage);
    } catch (e) {
      throw new PiraeusError(ErrorCodes.INVALID_REFERENCE, `--kube-rbac-proxy-image: ${(e as PiraeusError).detail ?? (e as Error).message}`);
    }
  }
  const gated = gateImageInputs(release.version, release.capabilities, {
    config: loadDocuments(values['config-map'] as string | undefined, io, usage, release),
    env: parseEnv(values.env as string[] | undefined, usage),
    externalVersion: values['external-version'] as string | undefined,
  });
  return {
    config: { documents: gated.config.documents, diagnostics: [...gated.config.diagnostics, ...gated.diagnostics] },
    operatorImage,
    extraImages: proxyImage !== undefined ? [{ component: KUBE_RBAC_PROXY_CONTAINER, reference: proxyImage }] : undefined,
    repository: values.repository as string | undefined,
    env: gated.env,
    externalControllerVersion: gated.externalVersion,
    // Taken as given, as every command's resolver takes it.
    checkExternalVersion: false,
    // The environment as given: the images the operator would pull with it, no pins of ours.
    pin: false,
    placeholders: releasePlaceholders(release),
  };
}

/** The image set of the input, with the lock applied when given. */
export function imageSet(input: ImageSetInput, lock?: DigestLock): ImageSet {
  const planned = planImageSet(lock ? { ...input, lock: { lock } } : input);
  refuseForArtifacts(planned.plan.diagnostics);
  const resolver = planned.plan.resolver;
  const images = collectImages(resolver, { operatorImage: planned.operatorImage, extraImages: planned.extraImages });
  // With a lock, every image still without a digest is named, the environment and operator image included.
  const missing = lock ? missingDigestWarnings(images.filter((i) => i.digest === '')) : [];
  return {
    images, resolver, operatorImage: planned.operatorImage, extraImages: planned.extraImages,
    diagnostics: [...planned.plan.diagnostics, ...missing],
    lockDiagnostics: [...planned.lockDiagnostics, ...missing],
  };
}

/**
 * The options with the lock's recorded repository as the default `--repository`.
 * @throws PiraeusError INVALID_LOCK when an explicit `--repository` contradicts it
 */
export function withLockRepository<T extends Record<string, string | boolean | string[] | undefined>>(
  values: T, lock: DigestLock | undefined, source: string,
): T {
  if (lock?.repository === undefined) return values;
  const given = values.repository as string | undefined;
  if (given === undefined) return { ...values, repository: lock.repository };
  if (given !== lock.repository) {
    throw new PiraeusError(ErrorCodes.INVALID_LOCK,
      `--repository ${JSON.stringify(given)} contradicts the lock, which was made for repository ${JSON.stringify(lock.repository)} `
      + '(its digests were looked up there); leave out --repository, or import the digests of that repository into another lock',
      { path: source });
  }
  return values;
}

/** Reads and parses `--lock FILE`. */
export function readLockOption(file: string, io: Io, usage: string): DigestLock {
  return parseLock(readInput(file, io, usage, 'lock'), file === '-' ? 'standard input' : file);
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], option: string, fallback: T | undefined, usage: string): T | undefined {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${option} must be ${allowed.join(', ')}; got ${JSON.stringify(value)}`, usage);
  }
  return value as T;
}

/** Runs `images` with the arguments after the command name. */
export function imagesCommand(args: string[], io: Io): number {
  return runCommand(io, () => {
    const values = parseOptions(args, {
      ...IMAGE_SET_OPTIONS,
      'bundle': { type: 'string' },
      'lock': { type: 'string' },
      'format': { type: 'string' },
      'mirror': { type: 'string' },
      'mirror-layout': { type: 'string' },
      'mirror-source-policy': { type: 'string' },
      'names': { type: 'string' },
      'unpinned': { type: 'boolean' },
      'require-digests': { type: 'boolean' },
    }, IMAGES_USAGE);
    const format = oneOf<Format>(values.format as string | undefined, FORMATS, '--format', 'list', IMAGES_USAGE)!;
    const layout = oneOf<MirrorLayout>(values['mirror-layout'] as string | undefined, ['path', 'scoped', 'flat'], '--mirror-layout', undefined, IMAGES_USAGE);
    const policy = oneOf<MirrorSourcePolicy>(values['mirror-source-policy'] as string | undefined,
      ['AllowContactingSource', 'NeverContactSource'], '--mirror-source-policy', undefined, IMAGES_USAGE);
    const naming = oneOf<RelatedImageNaming>(values.names as string | undefined, ['env-suffix', 'operator-sdk'], '--names', 'env-suffix', IMAGES_USAGE)!;
    const mirror = values.mirror as string | undefined;
    if (format === 'mirror-sets' && mirror === undefined) {
      throw new UsageError('--format mirror-sets needs --mirror REGISTRY', IMAGES_USAGE);
    }
    if (format !== 'mirror-sets' && (mirror !== undefined || layout !== undefined || policy !== undefined)) {
      throw new UsageError('--mirror, --mirror-layout and --mirror-source-policy only apply to --format mirror-sets', IMAGES_USAGE);
    }

    if (values.bundle !== undefined) return bundleImagesOutput(values, format, io, { mirror, layout, policy });

    const lockFile = values.lock as string | undefined;
    if (lockFile === '-' && values['config-map'] === '-') {
      throw new UsageError('--config-map - and --lock - cannot both read standard input', IMAGES_USAGE);
    }
    const lock = lockFile !== undefined ? readLockOption(lockFile, io, IMAGES_USAGE) : undefined;
    const set = imageSet(imageSetInput(withLockRepository(values, lock, lockFile ?? ''), io, IMAGES_USAGE), lock);

    const images = values.unpinned ? set.images.filter((i) => i.digest === '') : set.images;
    let text: string;
    switch (format) {
      case 'skopeo-sync': text = formatSkopeoSync(images); break;
      case 'oc-mirror': text = formatOcMirror(images); break;
      case 'related-images': text = formatRelatedImages(images, naming); break;
      case 'json': text = formatJson(images); break;
      case 'mirror-sets': text = formatMirrorSets(images, mirror!, { layout, mirrorSourcePolicy: policy }); break;
      default: text = formatList(images);
    }
    if (values['require-digests']) {
      const missing = checkDigests(set.resolver, set.operatorImage, { extraImages: set.extraImages });
      if (missing.length) throw new PiraeusError(ErrorCodes.DIGEST_REQUIRED, describeMissingDigests(missing));
    }
    printDiagnostics(set.diagnostics, io);
    io.stdout(text);
    return ExitCode.OK;
  });
}

/** Options `--bundle` takes besides `--format` and the mirror options. */
const BUNDLE_OPTIONS = new Set(['bundle', 'format', 'mirror', 'mirror-layout', 'mirror-source-policy', 'unpinned', 'require-digests']);

/** Reads every file of a bundle directory (relative `/`-separated path -> content). */
export function readBundleDirectory(dir: string, usage: string): Record<string, string> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new UsageError(`bundle directory not found: ${dir}`, usage);
  }
  if (!stat.isDirectory()) throw new UsageError(`--bundle must be a directory, but ${dir} is a file`, usage);
  const files: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) {
        try {
          files[child] = fs.readFileSync(path.join(dir, child), 'utf8');
        } catch (e) {
          throw new PiraeusError(ErrorCodes.FILE_UNREADABLE, `cannot read ${child}: ${(e as Error).message}`, { path: dir });
        }
      }
    }
  };
  walk('');
  return files;
}

/** `images --bundle DIR`: the bundle's images in the chosen format. */
function bundleImagesOutput(
  values: Record<string, string | boolean | string[] | undefined>, format: Format, io: Io,
  mirrorOptions: { mirror?: string; layout?: MirrorLayout; policy?: MirrorSourcePolicy },
): number {
  const extra = Object.keys(values).filter((k) => values[k] !== undefined && !BUNDLE_OPTIONS.has(k)).sort();
  if (extra.length) throw new UsageError(`--bundle takes no ${extra.map((k) => `--${k}`).join(', ')}: the bundle states its images`, IMAGES_USAGE);
  const dir = values.bundle as string;
  const bundle = bundleImages(readBundleDirectory(dir, IMAGES_USAGE), dir);
  const all = bundleMirrorImages(bundle);
  const images = values.unpinned ? all.filter((i) => i.digest === '') : all;
  let text: string;
  switch (format) {
    case 'skopeo-sync': text = formatSkopeoSync(images); break;
    case 'oc-mirror': text = formatOcMirror(images); break;
    case 'related-images': text = formatRelatedImages(images); break;
    case 'json': text = formatBundleImagesJson(bundle.filter((b) => images.some((i) => i.reference === b.reference))); break;
    case 'mirror-sets': text = formatMirrorSets(images, mirrorOptions.mirror!, { layout: mirrorOptions.layout, mirrorSourcePolicy: mirrorOptions.policy }); break;
    default: text = formatList(images);
  }
  if (values['require-digests']) {
    const missing = all.filter((i) => i.digest === '').map((i) => i.reference);
    if (missing.length) throw new PiraeusError(ErrorCodes.DIGEST_REQUIRED, `images without a digest in ${dir}: ${missing.join(', ')}`);
  }
  io.stdout(text);
  return ExitCode.OK;
}
