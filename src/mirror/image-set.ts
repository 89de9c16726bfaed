/**
 * The image plan of a deployment, for the constructs and every CLI command that lists images:
 * the digest lock applied (its copies of the documents, the operator image and the override and
 * environment images locked), then the operator's final environment and a resolver over it.
 * Pure; callers decode the image configuration (defaults included) and pass it in.
 */
import { LoadedImageConfig } from '../resolver/configmap';
import { ExplicitOverride, ImagePlan, ImagePlanOptions, planImages } from '../resolver/plan';
import { RELATED_IMAGE_PREFIX } from '../resolver/resolve';
import { Diagnostic, ImageConfigDocument } from '../resolver/types';
import { SidecarImage } from './images';
import { DigestLock, lockDocuments } from './lock';

/**
 * Inputs of `planImageSet`: those of `planImages` (repository, environment, overrides, external
 * controller, pins, where) except the lock copies, which the plan makes itself. The environment's
 * `RELATED_IMAGE_*` images and the overrides' are locked like the operator image.
 */
export interface ImageSetInput extends Omit<ImagePlanOptions, 'lockCopies'> {
  /** The image configuration without lock copies (defaults and override documents), decoded once by the caller. */
  readonly config: LoadedImageConfig;
  /** The operator image reference. */
  readonly operatorImage: string;
  /**
   * Images of sidecars the install adds to the operator's Deployment, locked like the operator image.
   * @default - none
   */
  readonly extraImages?: readonly SidecarImage[];
  /** The digest lock, if any, and where it came from (the place of its warnings). */
  readonly lock?: { readonly lock: DigestLock; readonly source?: string };
}

/** The planned image set. */
export interface PlannedImageSet {
  /** Entries to append to the ConfigMap (the lock copies); empty without a lock. */
  readonly lockData: Readonly<Record<string, string>>;
  /** The operator image, with its digest when the lock knows it. */
  readonly operatorImage: string;
  /** `extraImages`, each with its digest when the lock knows it. */
  readonly extraImages: readonly SidecarImage[];
  /** The plan over the configuration and the lock copies; its diagnostics end with `lockDiagnostics`. */
  readonly plan: ImagePlan;
  /** The lock's own warnings (unused, ambiguous and conflicting entries); empty without a lock. */
  readonly lockDiagnostics: readonly Diagnostic[];
}

/** What the lock makes of the inputs. */
interface LockedInputs {
  readonly data: Record<string, string>;
  readonly copies: readonly ImageConfigDocument[];
  readonly operatorImage: string;
  readonly extraImages: readonly SidecarImage[];
  readonly overrides?: readonly ExplicitOverride[];
  readonly env?: Readonly<Record<string, string>>;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Plans the images of a deployment, applying the digest lock first.
 * @throws PiraeusError as `planImages` and `lockDocuments` do
 */
export function planImageSet(input: ImageSetInput): PlannedImageSet {
  const locked = input.lock ? applyLock(input, input.lock) : undefined;
  const { lock: _lock, operatorImage: _operator, extraImages: _extra, ...options } = input;
  const plan = planImages({
    ...options,
    lockCopies: locked?.copies,
    env: locked ? locked.env : input.env,
    overrides: locked ? locked.overrides : input.overrides,
  });
  const lockDiagnostics = locked?.diagnostics ?? [];
  return {
    lockData: locked?.data ?? {},
    operatorImage: locked?.operatorImage ?? input.operatorImage,
    extraImages: locked?.extraImages ?? [...(input.extraImages ?? [])],
    plan: lockDiagnostics.length ? { ...plan, diagnostics: [...plan.diagnostics, ...lockDiagnostics] } : plan,
    lockDiagnostics,
  };
}

/** A variable whose value is an image the lock can know: a non-empty `RELATED_IMAGE_*`. */
function isImageVariable(name: string, value: string): boolean {
  return name.startsWith(RELATED_IMAGE_PREFIX) && value !== '';
}

function applyLock(input: ImageSetInput, lock: NonNullable<ImageSetInput['lock']>): LockedInputs {
  const envImages = Object.entries(input.env ?? {}).filter(([name, value]) => isImageVariable(name, value)).map(([, value]) => value);
  const result = lockDocuments(input.config.documents, {
    repository: input.repository,
    externalController: input.externalController,
    externalControllerVersion: input.externalControllerVersion,
    extraReferences: [input.operatorImage, ...(input.extraImages ?? []).map((e) => e.reference), ...(input.overrides ?? []).map((o) => o.image), ...envImages],
    // Images still without a digest are for the digest policy: it sees the final environment.
    reportMissingDigests: false,
    source: lock.source,
  }, lock.lock);
  const locked = (ref: string) => result.references[ref] ?? ref;
  let env: Record<string, string> | undefined;
  if (input.env) {
    env = Object.create(null) as Record<string, string>;
    for (const [name, value] of Object.entries(input.env)) env[name] = isImageVariable(name, value) ? locked(value) : value;
  }
  return {
    data: result.data,
    copies: result.documents,
    operatorImage: locked(input.operatorImage),
    extraImages: (input.extraImages ?? []).map((e) => ({ component: e.component, reference: locked(e.reference) })),
    overrides: input.overrides?.map((o) => ({ ...o, image: locked(o.image) })),
    env,
    diagnostics: result.diagnostics,
  };
}
