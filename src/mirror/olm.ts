/**
 * The ClusterServiceVersion pieces of an OLM bundle that concern images: the operator Deployment
 * with its `RELATED_IMAGE_*` variables under `spec.install`, `spec.relatedImages`, and the
 * `features.operators.openshift.io/*` annotations, with `disconnected: "true"` only when the
 * bundle really is disconnected-ready.
 *
 * Pure: no cdk8s, no I/O.
 */
import { compareCodeUnits } from '../resolver/util';
import { RelatedImage } from './formats';
import { annotationOfFieldPath } from './olm-projection';

/** Feature annotation prefix preflight checks. */
export const FEATURE_ANNOTATION_PREFIX = 'features.operators.openshift.io/';

/** Features preflight requires to be declared (`"true"` or `"false"`). */
export const REQUIRED_FEATURES = [
  'disconnected', 'fips-compliant', 'proxy-aware', 'tls-profiles', 'token-auth-aws', 'token-auth-azure', 'token-auth-gcp',
] as const;

/** Optional features; Piraeus provides a CSI driver. */
export const OPTIONAL_FEATURES = ['cnf', 'cni', 'csi'] as const;

/** Inputs of `clusterServiceVersionPieces`. */
export interface ClusterServiceVersionInput {
  /** The manager Deployment as JSON (`metadata.name`, `spec`), e.g. `apiObject.toJson()`. */
  readonly deployment: object;
  /** `spec.relatedImages`. */
  readonly relatedImages: readonly RelatedImage[];
  /**
   * The operator image, for the `containerImage` annotation.
   * @default - the first container image of the Deployment
   */
  readonly operatorImage?: string;
  /**
   * Further annotations (they win over the computed ones, except `disconnected`, which is
   * always computed).
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Why a bundle is or is not disconnected-ready. */
export interface DisconnectedCheck {
  readonly ready: boolean;
  /** What is missing, empty when ready. */
  readonly reasons: readonly string[];
}

/** The pieces, shaped as the parts of a ClusterServiceVersion they belong to. */
export interface ClusterServiceVersionPieces {
  readonly metadata: { readonly annotations: Record<string, string> };
  readonly spec: {
    readonly install: {
      readonly strategy: 'deployment';
      readonly spec: { readonly deployments: Array<{ readonly name: string; readonly spec: unknown }> };
    };
    readonly relatedImages: RelatedImage[];
  };
  /** The outcome of the disconnected check behind the annotation. */
  readonly disconnected: DisconnectedCheck;
}

const DIGEST_PINNED = /@sha256:[a-f0-9]{64}$/;

/** Whether an image reference is pinned by a sha256 digest. */
export function isDigestPinned(image: string): boolean {
  return DIGEST_PINNED.test(image);
}

interface ContainerLike {
  readonly name?: string;
  readonly image?: string;
  readonly env?: ReadonlyArray<{ readonly name?: string; readonly value?: string; readonly valueFrom?: { readonly fieldRef?: { readonly fieldPath?: string } } }>;
}

function podAnnotations(deployment: object): Record<string, unknown> {
  const a = (deployment as { spec?: { template?: { metadata?: { annotations?: Record<string, unknown> } } } }).spec?.template?.metadata?.annotations;
  return a !== null && typeof a === 'object' ? a : {};
}

function podContainers(deployment: object): ContainerLike[] {
  const spec = (deployment as { spec?: { template?: { spec?: { containers?: ContainerLike[]; initContainers?: ContainerLike[] } } } })
    .spec?.template?.spec;
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
}

/**
 * preflight's `FollowsRestrictedNetworkEnablementGuidelines`: at least one related image, every
 * related image pinned by digest, at least one `RELATED_IMAGE_*` variable in the Deployment.
 * A variable must hold its image literally (operator-sdk and operator-manifest-tools reject
 * `valueFrom`), or read a pod-template annotation of the same Deployment that holds a
 * digest-pinned image (the projected form, whose image the kubelet expands from the bundle itself).
 */
export function checkDisconnected(deployment: object, related: readonly RelatedImage[]): DisconnectedCheck {
  const reasons: string[] = [];
  if (related.length === 0) reasons.push('spec.relatedImages is empty');
  const unpinned = related.filter((r) => !isDigestPinned(r.image)).map((r) => r.image);
  if (unpinned.length) reasons.push(`not pinned by digest: ${unpinned.join(', ')}`);
  const env = podContainers(deployment).flatMap((c) => c.env ?? []).filter((e) => e.name?.startsWith('RELATED_IMAGE_'));
  if (!env.length) reasons.push('the Deployment has no RELATED_IMAGE_* variable');
  const annotations = podAnnotations(deployment);
  const annotationOf = (e: typeof env[number]) => annotationOfFieldPath(e.valueFrom?.fieldRef?.fieldPath ?? '');
  const fromRef = env.filter((e) => e.valueFrom !== undefined && annotationOf(e) === undefined).map((e) => e.name);
  if (fromRef.length) reasons.push(`RELATED_IMAGE_* variables with valueFrom: ${fromRef.join(', ')}`);
  const badProjection = env.filter((e) => {
    const key = annotationOf(e);
    if (e.valueFrom === undefined || key === undefined) return false;
    const value = annotations[key];
    return typeof value !== 'string' || !isDigestPinned(value);
  }).map((e) => `${e.name} (${annotationOf(e)})`);
  if (badProjection.length) reasons.push(`RELATED_IMAGE_* variables reading a pod-template annotation that is missing or not pinned by digest: ${badProjection.join(', ')}`);
  return { ready: reasons.length === 0, reasons };
}

/**
 * The CSV annotations: every required and optional feature `"false"` except `csi` (`"true"`),
 * `containerImage` when known, then `extra` (which may override all but `disconnected`), then
 * `disconnected` from the check. Sorted by key.
 */
export function featureAnnotations(disconnected: DisconnectedCheck, containerImage: string | undefined, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const annotations: Record<string, string> = {};
  for (const f of [...REQUIRED_FEATURES, ...OPTIONAL_FEATURES].sort()) annotations[FEATURE_ANNOTATION_PREFIX + f] = 'false';
  annotations[`${FEATURE_ANNOTATION_PREFIX}csi`] = 'true';
  if (containerImage) annotations.containerImage = containerImage;
  Object.assign(annotations, extra);
  annotations[`${FEATURE_ANNOTATION_PREFIX}disconnected`] = disconnected.ready ? 'true' : 'false';
  return sortKeys(annotations);
}

/**
 * Builds the CSV pieces. `disconnected` is `"true"` only when `checkDisconnected` passes, else
 * `"false"`; `csi` is `"true"`; every other required or optional feature annotation is `"false"`.
 */
export function clusterServiceVersionPieces(input: ClusterServiceVersionInput): ClusterServiceVersionPieces {
  const related = input.relatedImages.map((r) => ({ name: r.name, image: r.image, ...annotationField(r) }));
  const disconnected = checkDisconnected(input.deployment, related);
  const containerImage = input.operatorImage ?? podContainers(input.deployment).find((c) => c.image)?.image;
  const annotations = featureAnnotations(disconnected, containerImage, input.annotations);

  const d = input.deployment as { metadata?: { name?: string }; spec?: unknown };
  return {
    metadata: { annotations },
    spec: {
      install: {
        strategy: 'deployment',
        spec: { deployments: [{ name: d.metadata?.name ?? 'piraeus-operator-controller-manager', spec: d.spec }] },
      },
      relatedImages: related,
    },
    disconnected,
  };
}

/** The design proposal's `annotation` of an entry, kept when a caller gives one. */
function annotationField(r: RelatedImage): { annotation?: string } {
  const a = (r as { annotation?: unknown }).annotation;
  return typeof a === 'string' ? { annotation: a } : {};
}

function sortKeys(r: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(r).sort(([a], [b]) => compareCodeUnits(a, b))) out[k] = v;
  return out;
}
