/**
 * The operator's image resolution (`pkg/imageversions`), reproduced step by step:
 * per document, effective base, first matching rule, environment override; then last-wins merge
 * and the OR of `precompiled`. See docs/resolver.md.
 */
import { SATELLITE_COMPONENT } from './external';
import { compileGoPattern, GoPattern } from './go-regexp';
import { kustomizeSplit, matchesPlaceholder, renderEntry } from './kustomize';
import {
  ComponentConfig, ImageConfigDocument, ImageEntry, Provenance, Resolution, ResolvedImage,
} from './types';
import { compareCodeUnits } from './util';

/** Prefix of the operator's image override variables. */
export const RELATED_IMAGE_PREFIX = 'RELATED_IMAGE_';

/** An environment as the resolver reads it: name -> value. */
export type Environment = ReadonlyMap<string, string>;

/** Turns a plain record (or map) into an Environment. */
export function toEnvironment(env?: Readonly<Record<string, string>> | ReadonlyMap<string, string>): Environment {
  if (!env) return new Map();
  if (env instanceof Map) return env;
  return new Map(Object.entries(env as Record<string, string>));
}

/** The two variable names the operator consults for a component and image, in lookup order. */
export function relatedImageNames(component: string, image: string): [string, string] {
  return [`${RELATED_IMAGE_PREFIX}${component}_${image}`, `${RELATED_IMAGE_PREFIX}${component}`];
}

/** The variable that decides for (component, image), if any: two-part name first, empty = unset. */
export function lookupOverride(
  env: Environment, component: string, image: string,
): { readonly name: string; readonly value: string } | undefined {
  for (const name of relatedImageNames(component, image)) {
    const value = env.get(name);
    if (value !== undefined && value !== '') return { name, value };
  }
  return undefined;
}

/** Inputs that apply to every document. */
export interface ResolveContext {
  /** `spec.repository`; non-empty replaces every document's base. */
  readonly repository: string;
  /** The operator's environment. */
  readonly env: Environment;
  /** Key of the document whose linstor-satellite tag came from an external controller, if any. */
  readonly externalDocument?: string;
}

/** The outcome of one component in one document for one OS string. */
export interface ComponentOutcome {
  readonly entry: ImageEntry;
  readonly provenance: Provenance;
}

/** Compiled patterns of one component, so each is compiled once per resolver. */
export interface CompiledComponent {
  readonly name: string;
  readonly config: ComponentConfig;
  readonly patterns: readonly GoPattern[];
  /**
   * Whether kustomize's pattern built from the name matches the name itself, i.e. whether the
   * placeholder is replaced at all. A property of the name alone: decided once here, not per node.
   */
  readonly replacesPlaceholder: boolean;
}

/** Compiles the patterns of every component of a document. */
export function compileDocument(doc: ImageConfigDocument): CompiledComponent[] {
  const out: CompiledComponent[] = [];
  for (const [name, config] of doc.components) {
    out.push({ name, config, patterns: config.match.map((m) => compileGoPattern(m.osImage)), replacesPlaceholder: matchesPlaceholder(name, name) });
  }
  return out;
}

/** Index of the first rule whose pattern matches, or -1. Invalid patterns never match. */
export function firstMatchingRule(patterns: readonly GoPattern[], osImage: string): number {
  for (let i = 0; i < patterns.length; i++) {
    if (patterns[i]!.test(osImage)) return i;
  }
  return -1;
}

/**
 * Resolves one component of one document: the matched rule or the fallback, then the
 * environment override. Undefined when the component yields nothing.
 */
export function resolveComponent(
  doc: ImageConfigDocument, component: Omit<CompiledComponent, 'replacesPlaceholder'>, osImage: string, ctx: ResolveContext,
): ComponentOutcome | undefined {
  const { config, name } = component;
  const ruleIndex = firstMatchingRule(component.patterns, osImage);
  const rule = ruleIndex >= 0 ? config.match[ruleIndex] : undefined;
  // No rule matched and no fallback image: nothing, and the environment is not consulted.
  if (!rule && config.image === '') return undefined;

  const variant = rule ? rule.image : config.image;
  const precompiled = rule ? rule.precompiled : false;
  const external = ctx.externalDocument === doc.key && name === SATELLITE_COMPONENT;
  const ruleRef = rule ? { index: ruleIndex, pattern: rule.osImage } : undefined;

  const override = lookupOverride(ctx.env, name, variant);
  if (override) {
    const split = kustomizeSplit(override.value);
    return {
      entry: { name, newName: split.name, newTag: split.tag, digest: split.digest },
      provenance: {
        document: doc.key, component: name, rule: ruleRef, variant, envVar: override.name,
        base: '', baseSource: ctx.repository !== '' ? 'repository' : 'document',
        externalVersion: false, precompiled,
      },
    };
  }
  const base = ctx.repository !== '' ? ctx.repository : doc.base;
  return {
    entry: {
      name,
      newName: `${base}/${variant}`,
      newTag: config.tag,
      // A rule carries its own digest; the component digest is never inherited.
      digest: rule ? rule.digest : config.digest,
    },
    provenance: {
      document: doc.key, component: name, rule: ruleRef, variant,
      base, baseSource: ctx.repository !== '' ? 'repository' : 'document',
      externalVersion: external, precompiled,
    },
  };
}

/** A document with its patterns compiled. */
export interface CompiledDocument {
  readonly document: ImageConfigDocument;
  readonly components: readonly CompiledComponent[];
}

/**
 * Resolves all documents for one OS string: later documents replace whole entries, only when
 * they produce one; `precompiled` is the OR over every produced entry, replaced ones included.
 */
export function resolveCompiled(
  docs: readonly CompiledDocument[], osImage: string, ctx: ResolveContext,
): Resolution {
  const merged = new Map<string, { outcome: ComponentOutcome; replaces: boolean }>();
  let precompiled = false;
  for (const { document, components } of docs) {
    for (const component of components) {
      const outcome = resolveComponent(document, component, osImage, ctx);
      if (!outcome) continue;
      merged.set(component.name, { outcome, replaces: component.replacesPlaceholder });
      precompiled = precompiled || outcome.provenance.precompiled;
    }
  }
  // Same rendering as placeholderImage(entry), with the name's self-match decided at compile time.
  const images: ResolvedImage[] = [...merged.values()]
    .map(({ outcome: { entry, provenance }, replaces }) => ({ ...entry, image: replaces ? renderEntry(entry) : entry.name, provenance }))
    .sort((a, b) => compareCodeUnits(a.name, b.name));
  return { osImage, precompiled, images };
}
