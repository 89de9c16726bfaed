/** PLACEHOLDER_COLLISION: an image that kustomize may rewrite again as another component's placeholder. */
import { matchesPlaceholder, renderEntry } from '../kustomize';
import { Diagnostic, DiagnosticCodes } from '../types';
import { ImageVariant } from '../variants';
import { warning } from './site';

/** Past this many names with regular-expression characters, only exact names are checked. */
const PATTERNED_NAMES_MAX = 64;

/**
 * A reachable variant whose image matches the placeholder pattern of another component: the
 * operator does not define in which order kustomize applies the entries. One warning per
 * (component, other component, image).
 */
export function placeholderCollisions(variants: readonly ImageVariant[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  // Only a name with regex metacharacters can match a string other than itself (plus tag and
  // digest); exact names are looked up, so this stays linear for thousands of components.
  const exact = new Set<string>();
  const patterned: string[] = [];
  for (const c of new Set(variants.map((v) => v.component))) {
    if (/^[-a-zA-Z0-9_]+$/.test(c)) exact.add(c);
    else patterned.push(c);
  }
  // Patterned names are tried one by one against every image; past a few dozen (never seen
  // outside hostile input) only exact names are checked, which keeps the analysis linear.
  const tried = patterned.length <= PATTERNED_NAMES_MAX ? patterned : [];
  if (tried.length < patterned.length) {
    out.push(warning(DiagnosticCodes.PLACEHOLDER_COLLISION, `${patterned.length} component names contain regular-expression `
      + 'characters (such as "."); images were checked against them only where a name matches exactly.', {}));
  }
  const reported = new Set<string>();
  for (const v of variants) {
    if (!v.reachable) continue;
    const image = renderEntry(v.effective);
    const head = /^[^:@]*/.exec(image)![0];
    for (const other of [...(exact.has(head) ? [head] : []), ...tried]) {
      if (other === v.component || !matchesPlaceholder(other, image)) continue;
      const key = `${v.component}\u0000${other}\u0000${image}`;
      if (reported.has(key)) continue;
      reported.add(key);
      out.push(warning(DiagnosticCodes.PLACEHOLDER_COLLISION,
        `resolves to "${image}", which is also the placeholder of component "${other}": kustomize may replace it again, `
        + 'in an order the operator leaves undefined. Use a full image reference.',
        { key: v.document, component: v.component, line: v.line, ...(v.provenance.envVar ? { path: v.provenance.envVar } : {}) }));
    }
  }
  return out;
}
