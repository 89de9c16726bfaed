/**
 * The digest policy: which images the deployment can pull without a digest, and how that is
 * reported (a warning per image, or the error `requireDigests` raises). Pure.
 */
import { ErrorCodes, PiraeusError } from '../../errors';
import { ImageResolver } from '../../resolver/image-resolver';
import { Diagnostic } from '../../resolver/types';
import { collectImages, MirrorImage, SidecarImage } from '../images';
import { LockDiagnosticCodes } from './documents';

/**
 * Every image the deployment can pull that has no digest (for `requireDigests`): reachable
 * variants as the resolver resolves them (environment included) and the operator image.
 */
export function checkDigests(
  resolver: ImageResolver, operatorImage: string, options: { readonly skipComponents?: readonly string[]; readonly extraImages?: readonly SidecarImage[] } = {},
): MirrorImage[] {
  return collectImages(resolver, { operatorImage, skipComponents: options.skipComponents, extraImages: options.extraImages }).filter((i) => i.digest === '');
}

/** One line naming every image without digest and where it comes from. */
export function describeMissingDigests(missing: readonly MirrorImage[]): string {
  return `${missing.length} image(s) have no digest: `
    + missing.map((m) => `${m.reference} (${[...new Set(m.sources.map((s) => s.kind === 'operator' ? s.component : `${s.component}/${s.variant}`))].join(', ')})`).join('; ')
    + '. Add them to the digest lock (`cdk8s-piraeus images --format list`, resolve the digests, `cdk8s-piraeus lock import`).';
}

/** The error `requireDigests` raises, or undefined when every image has a digest. */
export function digestRequiredError(missing: readonly MirrorImage[], path?: string): PiraeusError | undefined {
  if (!missing.length) return undefined;
  return new PiraeusError(ErrorCodes.DIGEST_REQUIRED, describeMissingDigests(missing), path !== undefined ? { path } : undefined);
}

/** A DIGEST_MISSING warning per image without digest, placed at the first place it comes from. */
export function missingDigestWarnings(missing: readonly MirrorImage[]): Diagnostic[] {
  return missing.map((m) => {
    // The image's component is its first source's; the document, when it has one, too.
    const document = m.sources[0]?.document;
    return {
      code: LockDiagnosticCodes.DIGEST_MISSING, severity: 'warning' as const,
      location: document !== undefined ? { key: document, component: m.component } : { component: m.component },
      message: `the lock has no digest for ${m.reference}; add it with \`cdk8s-piraeus lock import\`.`,
    };
  });
}
