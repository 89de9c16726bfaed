/**
 * The embedded image resolver (`cdk8s-piraeus/resolver`): pure TypeScript, no cdk8s. Callable
 * from constructs, the CLI and tests alike. This is its public surface; the decoder layers,
 * pattern compiler and ordering helpers are reached by their own modules inside the package.
 *
 * @module resolver
 */
export * from './types';
export { decodeDocument } from './yaml/decode';
export type { DecodeResult } from './yaml/decode';
export { encodeDocument } from './encode';
export {
  formatReference, parseNormalizedReference, parseReference, validateDigest, validateReference, validateRepositoryPrefix,
  validateTag,
} from './reference';
export type { ImageReference } from './reference';
export { loadImageConfig, parseConfigMapManifest } from './configmap';
export type { LoadedImageConfig } from './configmap';
export type { DecodedEntries, DecodedEntry } from './decoded-entries';
export type { Environment } from './resolve';
export { ImageResolver } from './image-resolver';
export type { ImageResolverOptions } from './image-resolver';
export type { ImageVariant } from './variants';
export { computePins } from './pins';
export type { EnvPin, PinOptions, PinResult } from './pins';
export { planImages } from './plan';
export type { ExplicitOverride, ImagePlan, ImagePlanInput, ImagePlanOptions, PlannedEnv } from './plan';
