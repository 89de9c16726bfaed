/**
 * The embedded image resolver: pure TypeScript, no cdk8s. Callable from constructs, the CLI and
 * tests alike.
 */
export * from './types';
export { decodeDocument, DecodeResult } from './yaml/decode';
export { encodeDocument } from './encode';
export { formatFloat32 } from './yaml/float32';
export { compileGoPattern, GoPattern, stripGroupNames } from './go-regexp';
export { kustomizeSplit, renderEntry, matchesPlaceholder, applyEntries, SplitImage } from './kustomize';
export {
  parseReference, parseNormalizedReference, validateReference, validateDigest, validateRepositoryPrefix, validateTag,
  formatReference, ImageReference,
} from './reference';
export { loadImageConfig, parseConfigMapManifest, LoadedImageConfig } from './configmap';
export { compareBytewise } from './order';
export { applyExternalVersion, SATELLITE_COMPONENT } from './external';
export { lookupOverride, relatedImageNames, RELATED_IMAGE_PREFIX, Environment } from './resolve';
export { ImageResolver, ImageResolverOptions } from './image-resolver';
export { ImageVariant } from './variants';
export { computePins, EnvPin, PinOptions, PinResult } from './pins';
export { planImages, ImagePlan, ImagePlanInput, ExplicitOverride, PlannedEnv } from './plan';
