/** DIGEST_MALFORMED: a digest the operator passes through although no registry can serve it. */
import { validateDigest } from '../reference';
import { Diagnostic, DiagnosticCodes } from '../types';
import { ComponentSite, siteLocation, warning } from './site';

function malformedDigest(digest: string, what: string, location: Diagnostic['location']): Diagnostic | undefined {
  if (digest === '') return undefined;
  const reason = validateDigest(digest);
  if (reason === undefined) return undefined;
  return warning(DiagnosticCodes.DIGEST_MALFORMED,
    `${what} has digest ${JSON.stringify(digest)}, which is malformed (${reason}); the operator `
    + 'passes it through and the pull fails. Use "sha256:" followed by 64 lower-case hex characters.',
    location);
}

/** The digest of match rule `ruleIndex`, if set and malformed. */
export function malformedRuleDigest(site: ComponentSite, ruleIndex: number): Diagnostic | undefined {
  const rule = site.component.config.match[ruleIndex];
  if (rule === undefined) return undefined;
  return malformedDigest(rule.digest, `match rule ${ruleIndex}`, siteLocation(site, rule.line));
}

/** The digest of the component's fallback image, if set and malformed. */
export function malformedComponentDigest(site: ComponentSite): Diagnostic | undefined {
  const { config } = site.component;
  return malformedDigest(config.digest, 'the component', siteLocation(site, config.line));
}
