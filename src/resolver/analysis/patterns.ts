/** PATTERN_INVALID and PLACEHOLDER_PATTERN_INVALID: regular expressions that do not compile. */
import { placeholderPattern, placeholderPatternError, placeholderPatternValid, placeholderSelfUnmatched } from '../kustomize';
import { CompiledDocument } from '../resolve';
import { Diagnostic, DiagnosticCodes } from '../types';
import { ComponentSite, siteLocation, warning } from './site';

/**
 * PATTERN_INVALID: match rule `ruleIndex` has an `osImage` pattern Go rejects; the operator treats
 * it as "no match", so the rule's image is never used.
 */
export function invalidOsImagePattern(site: ComponentSite, ruleIndex: number): Diagnostic | undefined {
  const rule = site.component.config.match[ruleIndex];
  const error = site.component.patterns[ruleIndex]?.error;
  if (rule === undefined || error === undefined) return undefined;
  return warning(DiagnosticCodes.PATTERN_INVALID,
    `match rule ${ruleIndex} osImage pattern ${JSON.stringify(rule.osImage)} does not compile as a Go regular `
    + `expression (${error}); the operator silently treats it as "no match", so image `
    + `${JSON.stringify(rule.image)} is never used. Fix the pattern.`,
    siteLocation(site, rule.line));
}

/**
 * PLACEHOLDER_PATTERN_INVALID and PLACEHOLDER_UNMATCHED: kustomize matches container images against `^` + the component
 * name + a tag/digest suffix without escaping the name, so a name such as `bad(` makes an
 * expression that does not compile, and a name such as `a+b` makes one that compiles but does not
 * match the name itself. One warning per document that defines such a component.
 */
export function invalidPlaceholderPatterns(docs: readonly CompiledDocument[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { document, components } of docs) {
    for (const { name, config } of components) {
      const location = { key: document.key, component: name, line: config.line };
      if (placeholderSelfUnmatched(name)) {
        out.push(warning(DiagnosticCodes.PLACEHOLDER_UNMATCHED,
          `the component name is inserted unescaped into kustomize's image pattern ${JSON.stringify(placeholderPattern(name))}, `
          + `which does not match ${JSON.stringify(name)} itself: a container whose image is this placeholder keeps it `
          + 'unchanged. Rename the component to a plain name (letters, digits, "-", "_"), like the placeholders of the templates.',
          location));
        continue;
      }
      if (placeholderPatternValid(name)) continue;
      out.push(warning(DiagnosticCodes.PLACEHOLDER_PATTERN_INVALID,
        `the component name is inserted unescaped into kustomize's image pattern ${JSON.stringify(placeholderPattern(name))}, `
        + `which does not compile (${placeholderPatternError(name)}): kustomize fails to build the operator's `
        + 'kustomization, so the operator renders no workloads at all (older kustomize panics). '
        + 'Rename the component to a plain name (letters, digits, "-", "_"), like the placeholders of the templates.',
        location));
    }
  }
  return out;
}
