/**
 * RULES_REPLACED: a later document gives a component its own fallback `image`. The operator takes
 * the whole entry of the last document that produces one, and a fallback always produces one, so
 * every earlier match rule of the component stops being used.
 */
import { CompiledComponent, CompiledDocument, relatedImageNames, ResolveContext, resolveComponent } from '../resolve';
import { Diagnostic, DiagnosticCodes } from '../types';
import { compareCodeUnits } from '../util';
import { warning } from './site';

/** One variant (rule or fallback) of an earlier document that a later one makes unused. */
interface LostVariant {
  readonly document: string;
  readonly image: string;
  readonly rule?: number;
}

/** One document's definition of a component. */
interface Definition {
  readonly doc: CompiledDocument;
  readonly component: CompiledComponent;
}

/** The variant name the definitions resolve to for `osImage` (the last that produces one wins). */
function variantFor(defs: readonly Definition[], osImage: string, ctx: ResolveContext): string | undefined {
  let variant: string | undefined;
  for (const { doc, component } of defs) {
    const outcome = resolveComponent(doc.document, component, osImage, ctx);
    if (outcome) variant = outcome.provenance.variant;
  }
  return variant;
}

/**
 * For each document that defines a component with a fallback image while earlier documents still
 * had match rules of it in use: the earlier rules no longer used, the variants the later
 * document does not have (and the RELATED_IMAGE_* variables set for them), and which of
 * `osImages` now resolve to another variant. Reported only when something is lost or changes.
 */
export function replacedRules(docs: readonly CompiledDocument[], ctx: ResolveContext, osImages: readonly string[]): Diagnostic[] {
  // Definitions per component, in document order, so each component is looked at once.
  const byName = new Map<string, Definition[]>();
  for (const doc of docs) {
    for (const component of doc.components) {
      const list = byName.get(component.name) ?? [];
      list.push({ doc, component });
      byName.set(component.name, list);
    }
  }
  const found: Array<{ order: number; diagnostic: Diagnostic }> = [];
  for (const [name, defs] of byName) {
    // Definitions still in use: those from the last one with a fallback image on.
    let from = 0;
    defs.forEach((later, j) => {
      const { config } = later.component;
      if (config.image === '') return;
      const inUse = defs.slice(from, j);
      from = j;
      const d = replacement(name, later, inUse, ctx, osImages);
      if (d) found.push({ order: docs.indexOf(later.doc), diagnostic: d });
    });
  }
  // Document order, then component order within the document.
  return found.sort((a, b) => a.order - b.order || compareCodeUnits(a.diagnostic.location.component!, b.diagnostic.location.component!))
    .map((f) => f.diagnostic);
}

function replacement(
  name: string, later: Definition, inUse: readonly Definition[], ctx: ResolveContext, osImages: readonly string[],
): Diagnostic | undefined {
  const { config } = later.component;
  const variants: LostVariant[] = [];
  for (const { doc, component } of inUse) {
    component.config.match.forEach((m, rule) => variants.push({ document: doc.document.key, image: m.image, rule }));
    if (component.config.image !== '') variants.push({ document: doc.document.key, image: component.config.image });
  }
  if (!variants.some((v) => v.rule !== undefined)) return undefined;
  const kept = new Set([config.image, ...config.match.map((m) => m.image)]);
  const lostImages = [...new Set(variants.filter((v) => !kept.has(v.image)).map((v) => v.image))].sort(compareCodeUnits);
  const changed: string[] = [];
  for (const os of new Set(osImages)) {
    const before = variantFor(inUse, os, ctx);
    const after = variantFor([later], os, ctx);
    if (before !== undefined && after !== undefined && before !== after) changed.push(`"${os}" ${before} -> ${after}`);
  }
  if (lostImages.length === 0 && changed.length === 0) return undefined;
  const rules = new Map<string, number>();
  for (const v of variants) if (v.rule !== undefined) rules.set(v.document, (rules.get(v.document) ?? 0) + 1);
  const ruleText = [...rules].map(([doc, n]) => `${n} match rule${n === 1 ? '' : 's'} of "${doc}"`).join(', ');
  const variables = lostImages.map((image) => relatedImageNames(name, image)[0]).filter((n) => (ctx.env.get(n) ?? '') !== '');
  const parts = [
    `sets its own fallback image "${config.image}", so the operator takes this whole entry for every node and no longer uses the ${ruleText}`,
    lostImages.length ? `variants no longer used: ${lostImages.join(', ')}` : '',
    variables.length ? `variables that no longer apply: ${variables.join(', ')}` : '',
    changed.length ? `now resolving differently: ${changed.join(', ')}` : '',
  ].filter((p) => p !== '');
  return warning(DiagnosticCodes.RULES_REPLACED,
    `${parts.join('; ')}. Repeat the earlier match rules in this document to keep them, or leave out \`image\` to `
    + 'override only the nodes its rules match.',
    { key: later.doc.document.key, component: name, line: config.line });
}
