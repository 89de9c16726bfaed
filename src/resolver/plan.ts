/**
 * The image plan of an install: from ConfigMap data, repository, explicit overrides and the
 * external-controller setting to the operator's final `RELATED_IMAGE_*` environment and a
 * resolver that answers with exactly what the operator will do. Pure; the constructs call it.
 */
import { ErrorCodes, PiraeusError } from '../errors';
import { LoadedImageConfig, loadImageConfig } from './configmap';
import { SATELLITE_COMPONENT } from './external';
import { ImageResolver } from './image-resolver';
import { computePins, EnvPin, ENV_VAR_NAME } from './pins';
import { validateReference, validateTag } from './reference';
import { RELATED_IMAGE_PREFIX } from './resolve';
import { Diagnostic, DiagnosticCodes, ImageConfigDocument } from './types';
import { compareCodeUnits } from './util';

/** An explicit override: one `RELATED_IMAGE_*` variable chosen by the user. */
export interface ExplicitOverride {
  /** Component (placeholder) it applies to. */
  readonly component: string;
  /** The variant image name it targets; undefined means every variant of the component. */
  readonly variant?: string;
  /** The image reference the operator should use. */
  readonly image: string;
}

/** Inputs of `planImages` besides the image configuration. */
export interface ImagePlanOptions {
  /**
   * Documents appended after the configuration that restate it with digests (a digest lock's
   * copies, as `lockDocuments` writes them). They are resolved like the others; the external
   * version they repeat on purpose is not reported as shadowed.
   * @default - none
   */
  readonly lockCopies?: readonly ImageConfigDocument[];
  /** `LinstorCluster.spec.repository`; empty for none. */
  readonly repository?: string;
  /**
   * The operator container's environment as it already is (names and values verbatim): the
   * resolver answers with it, explicit overrides replace same-named variables, and pins are not
   * computed for them. Not part of `ImagePlan.env`, which holds what the plan adds.
   * @default - none
   */
  readonly env?: Readonly<Record<string, string>>;
  /** Explicit overrides; they win over the pins. */
  readonly overrides?: readonly ExplicitOverride[];
  /** Whether the satellites follow an external LINSTOR controller. */
  readonly externalController?: boolean;
  /** The external controller's version, to pin the satellite as the operator would. */
  readonly externalControllerVersion?: string;
  /**
   * Whether `externalControllerVersion` must be a version as `linstor controller version` reports
   * it and go with an external controller (see `checkExternalVersion`). The CLI takes
   * `--external-version` as given, as the resolver does, and says false.
   * @default true
   */
  readonly checkExternalVersion?: boolean;
  /** Whether to emit pins at all. */
  readonly pin?: boolean;
  /** Construct path or source, for messages. */
  readonly where?: string;
  /**
   * The image placeholders the release's workloads use (`WorkloadTemplates.placeholders`):
   * components outside them are reported (UNKNOWN_COMPONENT_NAME).
   * @default - component names are not checked
   */
  readonly placeholders?: readonly string[];
  /**
   * Nodes' OS strings to report changed resolutions for when a document replaces a component's
   * rules (RULES_REPLACED), besides the well-known OS images.
   * @default - the well-known OS images only
   */
  readonly osImages?: readonly string[];
}

/**
 * Inputs of `planImages`: the image ConfigMap's data, or the same already decoded (so that a
 * caller that decodes it for its own use does not decode it twice).
 */
export type ImagePlanInput = ImagePlanOptions & (
  | { readonly data: Readonly<Record<string, string>> }
  | { readonly config: LoadedImageConfig }
);

/** One variable of the operator container, with why it is there. */
export interface PlannedEnv {
  readonly name: string;
  readonly value: string;
  /** `override` for an explicit override, `pin` for a computed pin. */
  readonly origin: 'override' | 'pin';
}

/** The outcome: documents, the final environment and a resolver over both. */
export interface ImagePlan {
  readonly documents: readonly ImageConfigDocument[];
  /** Every RELATED_IMAGE_* variable the plan sets (besides the environment given), sorted by name. */
  readonly env: readonly PlannedEnv[];
  /** The computed pins (a subset of `env`). */
  readonly pins: readonly EnvPin[];
  /** Resolver with the final environment: what the operator's satellite controller will do. */
  readonly resolver: ImageResolver;
  /** Warnings from decoding, analysis and pinning. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Plans the images of an install.
 * @throws PiraeusError for decode errors, invalid or duplicate overrides, unknown components or
 *   variants
 */
export function planImages(input: ImagePlanInput): ImagePlan {
  const where = input.where ?? 'image plan';
  if (input.checkExternalVersion !== false) checkExternalVersion(input, where);
  const loaded = 'config' in input ? input.config : loadImageConfig(input.data);
  const documents = [...loaded.documents, ...(input.lockCopies ?? [])];
  const repository = input.repository ?? '';
  const overrideEnv = new Map<string, string>();
  // Every image name each component can look up: the fallback and every rule, in any document.
  const variantsByComponent = new Map<string, Set<string>>();
  for (const doc of documents) {
    for (const [name, c] of doc.components) {
      const set = variantsByComponent.get(name) ?? new Set<string>();
      if (c.image !== '') set.add(c.image);
      for (const rule of c.match) set.add(rule.image);
      variantsByComponent.set(name, set);
    }
  }
  // Variants some OS string can still select: an override of any other would never apply.
  const reachable = new Map<string, Set<string>>();
  const replacedBy = new Map<string, string>();
  if ((input.overrides ?? []).length > 0) {
    for (const v of new ImageResolver(documents, { repository }).variants()) {
      if (v.reachable) {
        const set = reachable.get(v.component) ?? new Set<string>();
        set.add(v.image);
        reachable.set(v.component, set);
      }
    }
    for (const doc of documents) for (const [name, c] of doc.components) if (c.image !== '') replacedBy.set(name, doc.key);
  }
  for (const o of input.overrides ?? []) {
    const loc = { path: where, component: o.component };
    const variants = variantsByComponent.get(o.component);
    if (!variants) {
      throw new PiraeusError(ErrorCodes.UNKNOWN_COMPONENT,
        `no image-config document defines component "${o.component}"; known components: ${[...variantsByComponent.keys()].sort(compareCodeUnits).join(', ')}`, loc);
    }
    const reason = validateReference(o.image);
    if (reason) throw new PiraeusError(ErrorCodes.INVALID_REFERENCE, `override image ${JSON.stringify(o.image)} is not a valid reference: ${reason}`, loc);
    if (looksLikeTag(o.image)) {
      throw new PiraeusError(ErrorCodes.INVALID_REFERENCE,
        `override image ${JSON.stringify(o.image)} is a tag, not an image: the operator would pull docker.io/library/${o.image}; `
        + 'give the whole reference (registry/name:tag)', loc);
    }
    // A whole-component override is written per variant: the bare RELATED_IMAGE_<component>
    // would also catch variants added later and hides which images are meant.
    const targets = o.variant === undefined ? [...variants].sort(compareCodeUnits) : [o.variant];
    if (o.variant !== undefined && !variants.has(o.variant)) {
      throw new PiraeusError(ErrorCodes.UNKNOWN_VARIANT,
        `component "${o.component}" has no variant "${o.variant}"; its variants are: ${[...variants].sort(compareCodeUnits).join(', ')}`, loc);
    }
    const inUse = reachable.get(o.component) ?? new Set<string>();
    if (o.variant !== undefined && !inUse.has(o.variant)) {
      throw new PiraeusError(ErrorCodes.UNKNOWN_VARIANT,
        `variant "${o.variant}" of component "${o.component}" is never used: document "${replacedBy.get(o.component)}" gives the `
        + 'component its own fallback image, so no earlier rule applies and the override would change nothing; '
        + `the variants in use are: ${[...inUse].sort(compareCodeUnits).join(', ')}`, loc);
    }
    for (const t of targets) {
      const name = `${RELATED_IMAGE_PREFIX}${o.component}_${t}`;
      if (!ENV_VAR_NAME.test(name)) {
        throw new PiraeusError(ErrorCodes.INVALID_ENV,
          `${JSON.stringify(name)} is not an environment variable name Kubernetes accepts (letters, digits, "-", "_" and "."), `
          + 'so the operator Deployment cannot carry this override', loc);
      }
      if (overrideEnv.has(name)) {
        throw new PiraeusError(ErrorCodes.DUPLICATE_OVERRIDE,
          `${name} is overridden twice (${overrideEnv.get(name)} and ${o.image}); keep one override per component and variant`, loc);
      }
      overrideEnv.set(name, o.image);
    }
  }

  const given = new Map(Object.entries(input.env ?? {}).filter(([name]) => !overrideEnv.has(name)));
  const fixedEnv = new Map([...given, ...overrideEnv]);
  const analysed = { placeholders: input.placeholders, osImages: input.osImages };
  const withOverrides = new ImageResolver(documents, {
    repository, env: fixedEnv, externalVersion: input.externalControllerVersion, ...analysed,
  });
  const skip = input.externalController && input.externalControllerVersion === undefined ? [SATELLITE_COMPONENT] : [];
  const pinResult = input.pin === false ? { pins: [], diagnostics: [] } : computePins(withOverrides, { skipComponents: skip });

  const env: PlannedEnv[] = [
    ...[...overrideEnv].map(([name, value]) => ({ name, value, origin: 'override' as const })),
    ...pinResult.pins.filter((p) => !fixedEnv.has(p.name)).map((p) => ({ name: p.name, value: p.value, origin: 'pin' as const })),
  ].sort((a, b) => compareCodeUnits(a.name, b.name));

  const resolver = new ImageResolver(documents, {
    repository,
    env: new Map([...given, ...env.map((e): [string, string] => [e.name, e.value])]),
    externalVersion: input.externalControllerVersion,
    ...analysed,
  });
  const copyKeys = new Set((input.lockCopies ?? []).map((d) => d.key));
  return {
    documents,
    env,
    pins: pinResult.pins,
    resolver,
    diagnostics: [
      ...loaded.diagnostics,
      ...withOverrides.diagnostics().filter((d) => !restatedVersion(d, copyKeys) && !restatedDocument(d, copyKeys)),
      ...pinResult.diagnostics,
    ],
  };
}

/**
 * Whether the warning is a lock copy defining linstor-satellite after the document that got the
 * external version: the copy carries that same `v<version>` tag, so nothing is shadowed.
 */
function restatedVersion(d: Diagnostic, copyKeys: ReadonlySet<string>): boolean {
  return d.code === DiagnosticCodes.EXTERNAL_VERSION_SHADOWED && d.location.key !== undefined && copyKeys.has(d.location.key);
}

/**
 * Whether the warning is about a lock copy as such (it restates every component of an earlier
 * document, so its fallback images would look like replaced rules, its names like new ones).
 */
function restatedDocument(d: Diagnostic, copyKeys: ReadonlySet<string>): boolean {
  return (d.code === DiagnosticCodes.RULES_REPLACED || d.code === DiagnosticCodes.UNKNOWN_COMPONENT_NAME)
    && d.location.key !== undefined && copyKeys.has(d.location.key);
}

/** A pinned external version must be one the operator could apply: an external controller, a valid tag. */
function checkExternalVersion(input: ImagePlanInput, where: string): void {
  const version = input.externalControllerVersion;
  if (version === undefined) return;
  const fail = (detail: string) => { throw new PiraeusError(ErrorCodes.INVALID_PROPS, detail, { path: where }); };
  if (input.externalController === false) {
    fail('externalControllerVersion is set but externalController is false: without an external controller the '
      + 'operator never applies a version, so pinning the satellite to it would change the image it runs');
  }
  const problem = externalVersionProblem(version);
  if (problem) fail(`externalControllerVersion ${problem}`);
}

/**
 * What is wrong with an external controller version as the operator would use it (it makes the
 * satellite tag `v<version>`), as a phrase that follows the option's name; undefined when fine.
 */
export function externalVersionProblem(version: string): string | undefined {
  if (/^v\d/.test(version)) {
    return `${JSON.stringify(version)} starts with "v": give the version as `
      + '`linstor controller version` reports it (e.g. "1.31.2"); the operator adds the "v" itself';
  }
  const reason = validateTag(`v${version}`);
  return reason ? `${JSON.stringify(version)} does not make a valid image tag (v${version}): ${reason}` : undefined;
}

/**
 * True for a reference that is only a version, such as `v1.10.6` or `1.10`: valid as a Docker
 * Hub name, but never what an override of a Piraeus image means.
 */
export function looksLikeTag(image: string): boolean {
  return /^v?\d+(\.\d+)*([-+][\w.-]*)?$/.test(image);
}
