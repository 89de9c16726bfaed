/**
 * The image plan of an install with an optional digest lock: lock copies of the documents, the
 * locked operator and override images, and the operator's final environment. Pure; the
 * `PiraeusOperator` construct calls it and only emits what it returns.
 */
import { loadImageConfig } from '../resolver/configmap';
import { ExplicitOverride, ImagePlan, planImages } from '../resolver/plan';
import { Diagnostic, DiagnosticCodes } from '../resolver/types';
import { DigestLock, isDigestLockKey, LockDiagnosticCodes, lockDocuments } from './lock';

/** Inputs of `planInstallImages`. */
export interface InstallPlanInput {
  /** The image ConfigMap's data without lock copies (defaults and override documents). */
  readonly data: Readonly<Record<string, string>>;
  /** The operator image reference. */
  readonly operatorImage: string;
  /** `LinstorCluster.spec.repository`. */
  readonly repository?: string;
  /** Explicit overrides. */
  readonly overrides?: readonly ExplicitOverride[];
  /** Whether the satellites follow an external LINSTOR controller. */
  readonly externalController?: boolean;
  /** The external controller's version, to pin the satellite. */
  readonly externalControllerVersion?: string;
  /** Whether to emit pins. */
  readonly pin?: boolean;
  /** The digest lock, if any, and where it came from. */
  readonly lock?: { readonly lock: DigestLock; readonly source: string };
  /** Construct path, for messages. */
  readonly where: string;
}

/** What the install emits. */
export interface InstallPlan {
  /** Entries to append to the ConfigMap (the lock copies); empty without a lock. */
  readonly lockData: Readonly<Record<string, string>>;
  /** The operator image, with its digest when the lock knows it. */
  readonly operatorImage: string;
  /** The plan over the whole ConfigMap data; its diagnostics include the lock's. */
  readonly plan: ImagePlan;
}

/** Plans the images of an install, applying the digest lock first. */
export function planInstallImages(input: InstallPlanInput): InstallPlan {
  let operatorImage = input.operatorImage;
  let overrides = input.overrides ?? [];
  let lockData: Record<string, string> = {};
  const lockDiagnostics: Diagnostic[] = [];
  if (input.lock) {
    const locked = lockDocuments(loadImageConfig(input.data).documents, {
      repository: input.repository,
      externalController: input.externalController,
      externalControllerVersion: input.externalControllerVersion,
      extraReferences: [operatorImage, ...overrides.map((o) => o.image)],
    }, input.lock.lock);
    lockData = locked.data;
    operatorImage = locked.references[operatorImage] ?? operatorImage;
    overrides = overrides.map((o) => ({ ...o, image: locked.references[o.image] ?? o.image }));
    // Images still without a digest are for requireDigests to report: it sees the final environment.
    const source = input.lock.source;
    lockDiagnostics.push(...locked.diagnostics.filter((d) => d.code !== LockDiagnosticCodes.DIGEST_MISSING)
      .map((d) => ({ ...d, location: { ...d.location, path: d.location.path ?? source } })));
  }
  const plan = planImages({
    data: { ...input.data, ...lockData },
    repository: input.repository,
    overrides,
    externalController: input.externalController,
    externalControllerVersion: input.externalControllerVersion,
    pin: input.pin,
    where: input.where,
  });
  return {
    lockData,
    operatorImage,
    plan: {
      ...plan,
      diagnostics: [
        // The lock copies define linstor-satellite again on purpose (with v<version>): no shadowing mistake.
        ...plan.diagnostics.filter((d) => !(d.code === DiagnosticCodes.EXTERNAL_VERSION_SHADOWED && isDigestLockKey(d.location.key ?? ''))),
        ...lockDiagnostics,
      ],
    },
  };
}
