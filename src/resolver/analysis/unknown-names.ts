/** UNKNOWN_COMPONENT_NAME: components no workload of the release uses as an image placeholder. */
import { CompiledDocument } from '../resolve';
import { Diagnostic, DiagnosticCodes } from '../types';
import { compareCodeUnits, editDistance } from '../util';
import { warning } from './site';

/**
 * The known name closest to `name` by edit distance, when close enough to be a typo (at most 3
 * edits and fewer than half the name); ties go to the name first in code-unit order.
 */
export function nearestName(name: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of [...known].sort(compareCodeUnits)) {
    const distance = editDistance(name, candidate);
    if (distance > 3 || distance * 2 >= Math.max(name.length, 2)) continue;
    if (!best || distance < best.distance) best = { name: candidate, distance };
  }
  return best?.name;
}

/**
 * One warning per document and component whose name is not in `placeholders`: kustomize only
 * replaces images that are placeholders in the workloads, so such a component changes nothing.
 */
export function unknownComponentNames(docs: readonly CompiledDocument[], placeholders: readonly string[]): Diagnostic[] {
  const known = new Set(placeholders);
  const out: Diagnostic[] = [];
  for (const { document, components } of docs) {
    for (const { name, config } of components) {
      if (known.has(name)) continue;
      const nearest = nearestName(name, placeholders);
      const hint = nearest !== undefined
        ? `did you mean "${nearest}"?`
        : `the placeholders are: ${[...placeholders].sort(compareCodeUnits).join(', ')}.`;
      out.push(warning(DiagnosticCodes.UNKNOWN_COMPONENT_NAME,
        `no workload the operator creates uses image placeholder "${name}", so this component changes nothing; ${hint}`,
        { key: document.key, component: name, line: config.line }));
    }
  }
  return out;
}
