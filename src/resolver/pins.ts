/**
 * `RELATED_IMAGE_*` pins: one variable per (component, variant image), set to exactly what the
 * configuration resolves to, so the operator Deployment names every image it can run while the
 * result stays the same. Never the component-only name: it would replace every OS variant.
 */
import { ImageResolver } from './image-resolver';
import { kustomizedEntry, kustomizeSplit, renderEntry } from './kustomize';
import { relatedImageNames } from './resolve';
import { Diagnostic, DiagnosticCodes } from './types';
import { compareCodeUnits } from './util';
import { ImageVariant } from './variants';

/** One environment variable of the operator container. */
export interface EnvPin {
  /** `RELATED_IMAGE_<component>_<image>`. */
  readonly name: string;
  /** The image the variant resolves to. */
  readonly value: string;
  /** Component the variable belongs to. */
  readonly component: string;
  /** The variants (document and rule) the variable stands for. */
  readonly variants: readonly ImageVariant[];
}

/** Options for `computePins`. */
export interface PinOptions {
  /**
   * Components left unpinned (for example `linstor-satellite` when it follows an external
   * controller's version at run time).
   * @default - none
   */
  readonly skipComponents?: readonly string[];
}

/** Pins in name order, plus why any variant was left unpinned. */
export interface PinResult {
  readonly pins: readonly EnvPin[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Kubernetes `IsEnvVarName` (without the RelaxedEnvironmentVariableValidation feature gate). */
export const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/**
 * Computes the pins for every reachable variant that the environment does not already decide.
 * A variant is left unpinned, with a PIN_SKIPPED diagnostic, when its image does not survive
 * kustomize's split unchanged, when its variable name is not one Kubernetes accepts, when two
 * reachable variants need different values under one name, or when the name would also be read
 * for another variant (names are ambiguous: a_b + c and a + b_c both give RELATED_IMAGE_a_b_c).
 */
export function computePins(resolver: ImageResolver, options: PinOptions = {}): PinResult {
  const skip = new Set(options.skipComponents ?? []);
  const diagnostics: Diagnostic[] = [];
  const byName = new Map<string, { value: string; variants: [ImageVariant, ...ImageVariant[]]; component: string; conflict: boolean; ambiguous?: ImageVariant }>();

  for (const v of resolver.variants()) {
    if (!v.reachable || skip.has(v.component) || v.provenance.envVar !== undefined) continue;
    const value = renderEntry(v.configured);
    const split = kustomizeSplit(value);
    // The pin must give kustomize the entry the configuration gives it (a U+0085 is a space there).
    const wanted = kustomizedEntry(v.configured);
    const where = { key: v.document, component: v.component, line: v.line };
    if (split.name !== wanted.newName || split.tag !== wanted.newTag || split.digest !== wanted.digest) {
      diagnostics.push({
        code: DiagnosticCodes.PIN_SKIPPED, severity: 'warning', location: where,
        message: `variant "${v.image}" resolves to "${value}", which the operator would read back differently `
          + `from ${v.envName}; it is left unpinned. Fix the image name (no ":" or "@" in \`image\`).`,
      });
      continue;
    }
    if (!ENV_VAR_NAME.test(v.envName)) {
      diagnostics.push({
        code: DiagnosticCodes.PIN_SKIPPED, severity: 'warning', location: where,
        message: `${JSON.stringify(v.envName)} is not an environment variable name Kubernetes accepts (letters, digits, `
          + '"-", "_" and "."), so variant "' + v.image + '" is left unpinned.',
      });
      continue;
    }
    const slot = byName.get(v.envName);
    if (!slot) {
      byName.set(v.envName, { value, variants: [v], component: v.component, conflict: false });
    } else {
      slot.variants.push(v);
      if (slot.value !== value) slot.conflict = true;
    }
  }

  // Variable names are ambiguous: RELATED_IMAGE_a_b_c is the two-part name of (a_b, c) and of
  // (a, b_c), and RELATED_IMAGE_a_b is both (a, b) and the bare name of component a_b. A pin must
  // never be read by a variant it was not computed for (one left unpinned above, or of a skipped
  // component); drop such pins until none is, since dropping one can expose another.
  for (let changed = true; changed;) {
    changed = false;
    for (const v of resolver.variants()) {
      if (!v.reachable) continue;
      const [twoPart, bare] = relatedImageNames(v.component, v.image);
      const decidedBy = v.provenance.envVar;
      const pinned = (n: string): boolean => byName.has(n) && !byName.get(n)!.conflict;
      let reads: string | undefined;
      if (decidedBy === twoPart) reads = undefined;
      else if (pinned(twoPart)) reads = twoPart;
      else if (decidedBy === bare) reads = undefined;
      else if (pinned(bare)) reads = bare;
      if (reads === undefined || byName.get(reads)!.variants.includes(v)) continue;
      const slot = byName.get(reads)!;
      slot.conflict = true;
      slot.ambiguous = v;
      changed = true;
    }
  }

  const pins: EnvPin[] = [];
  for (const name of [...byName.keys()].sort(compareCodeUnits)) {
    const slot = byName.get(name)!;
    if (slot.ambiguous) {
      const first = slot.variants[0];
      diagnostics.push({
        code: DiagnosticCodes.PIN_SKIPPED, severity: 'warning',
        location: { key: first.document, component: slot.component, line: first.line },
        message: `${name} would also be read for component "${slot.ambiguous.component}" (variant "${slot.ambiguous.image}"), `
          + 'because variable names join component and image with "_"; it is left unpinned. Rename the component or image.',
      });
      continue;
    }
    if (slot.conflict) {
      const values = [...new Set(slot.variants.map((v) => renderEntry(v.configured)))].sort(compareCodeUnits);
      const first = slot.variants[0];
      diagnostics.push({
        code: DiagnosticCodes.PIN_SKIPPED, severity: 'warning',
        location: { key: first.document, component: slot.component, line: first.line },
        message: `${name} would have to stand for several images (${values.join(', ')}), because variants `
          + 'share an image name but differ in base, tag or digest; it is left unpinned.',
      });
      continue;
    }
    pins.push({ name, value: slot.value, component: slot.component, variants: slot.variants });
  }
  return { pins, diagnostics };
}
