/** NO_IMAGE and EMPTY_BASE: components that produce nothing, or nothing a runtime can pull. */
import { ResolveContext } from '../resolve';
import { ComponentConfig, Diagnostic, DiagnosticCodes } from '../types';
import { ComponentSite, siteLocation, warning } from './site';

/** Whether the component yields an image for some OS string (a fallback image or a rule). */
export function producesImage(config: ComponentConfig): boolean {
  return config.image !== '' || config.match.length > 0;
}

/** NO_IMAGE: neither image nor rules, so the operator ignores the component altogether. */
export function componentWithoutImage(site: ComponentSite): Diagnostic | undefined {
  const { config } = site.component;
  if (producesImage(config)) return undefined;
  return warning(DiagnosticCodes.NO_IMAGE,
    'sets no image and no match rules, so the operator ignores it: it neither overrides an earlier '
    + 'document nor changes the tag. To override only the tag, repeat `image` in this document.',
    siteLocation(site, config.line));
}

/**
 * EMPTY_BASE: the component produces an image, but neither the document nor the repository gives
 * a base, so the name starts with "/". Located at the document's `base`; the caller reports it
 * once per document (for the first component that produces an image).
 */
export function emptyBase(site: ComponentSite, ctx: ResolveContext): Diagnostic | undefined {
  const { config } = site.component;
  const base = ctx.repository !== '' ? ctx.repository : site.document.base;
  if (base !== '' || !producesImage(config)) return undefined;
  return warning(DiagnosticCodes.EMPTY_BASE,
    'the document has no base (and no repository is set), so image names start with "/" '
    + '(e.g. "/' + (config.image || (config.match[0]?.image ?? '')) + '"), which no runtime can pull. Set `base`.',
    { key: site.document.key, line: site.document.baseLine });
}
