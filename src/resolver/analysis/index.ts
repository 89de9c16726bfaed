/**
 * The configuration's pitfalls that do not depend on a node, one small check per diagnostic,
 * run in a fixed order: per document and component (rules first, in rule order), then per
 * variant, then the checks over the whole configuration.
 */
import { renderEntry } from '../kustomize';
import { Diagnostic } from '../types';
import { placeholderCollisions } from './collisions';
import { componentWithoutImage, emptyBase } from './components';
import { malformedComponentDigest, malformedRuleDigest } from './digests';
import { unusedEnvironment } from './environment';
import { externalVersionShadowed } from './external';
import { invalidReference, untaggedImage } from './images';
import { unwritableEntry } from './kustomization';
import { invalidOsImagePattern, invalidPlaceholderPatterns } from './patterns';
import { replacedRules } from './replaced';
import { AnalysisInput, ComponentSite } from './site';
import { unknownComponentNames } from './unknown-names';
import { WELL_KNOWN_OS_IMAGES } from './well-known-os';

export { AnalysisInput, ComponentSite } from './site';
export { nearestName } from './unknown-names';
export { WELL_KNOWN_OS_IMAGES } from './well-known-os';

/** Every diagnostic of the configuration, in the order the checks run. */
export function analyse(input: AnalysisInput): Diagnostic[] {
  const out: Diagnostic[] = [];
  const add = (d: Diagnostic | undefined) => { if (d) out.push(d); };

  for (const { document, components } of input.docs) {
    let emptyBaseReported = false;
    for (const component of components) {
      const site: ComponentSite = { document, component };
      component.config.match.forEach((_, i) => {
        add(invalidOsImagePattern(site, i));
        add(malformedRuleDigest(site, i));
      });
      add(malformedComponentDigest(site));
      add(componentWithoutImage(site));
      if (!emptyBaseReported) {
        const d = emptyBase(site, input.ctx);
        emptyBaseReported = d !== undefined;
        add(d);
      }
    }
  }

  // Each invalid image is reported once, for the first variant that resolves to it.
  const reportedImages = new Set<string>();
  for (const v of input.variants) {
    add(unwritableEntry(v));
    add(untaggedImage(v));
    const d = invalidReference(v);
    if (!d) continue;
    const image = renderEntry(v.effective);
    if (!reportedImages.has(image)) {
      reportedImages.add(image);
      out.push(d);
    }
  }

  if (input.placeholders) out.push(...unknownComponentNames(input.docs, input.placeholders));
  out.push(...replacedRules(input.docs, input.ctx, ['', ...WELL_KNOWN_OS_IMAGES, ...(input.osImages ?? [])]));
  out.push(...placeholderCollisions(input.variants));
  out.push(...invalidPlaceholderPatterns(input.docs));
  out.push(...externalVersionShadowed(input.docs, input.ctx));
  out.push(...unusedEnvironment(input.variants, input.ctx.env));
  return out;
}
