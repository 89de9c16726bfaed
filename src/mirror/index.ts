/**
 * Air-gapped and OLM outputs: the complete image list in the shapes mirroring tools read, digest
 * locks, OpenShift mirror sets and ClusterServiceVersion pieces (`cdk8s-piraeus/mirror`). Pure
 * TypeScript, no cdk8s.
 *
 * @module mirror
 */
export {
  collectImages, CollectImagesOptions, envSuffixName, GENCERT_COMPONENT, MirrorImage, MirrorImageKind,
  MirrorImageSource, OPERATOR_COMPONENT, operatorSdkName, SidecarImage,
} from './images';
export {
  formatJson, formatList, formatMirrorSets, formatOcMirror, formatRelatedImages, formatSkopeoSync, MirrorEntry,
  MirrorLayout, mirrorRepository, MirrorSetOptions, MirrorSets, mirrorSets, MirrorSourcePolicy,
  ocMirrorImageSetConfiguration, RelatedImage, RelatedImageNaming, relatedImages,
} from './formats';
export {
  checkDigests, DEFAULT_LOCK_KEY_PREFIX, DigestLock, describeMissingDigests, digestRequiredError, emptyLock, ImportLockOptions,
  importLockLines, isDigestLockKey, LOCK_VERSION, LockDiagnosticCodes, LockDocumentsOptions, LockDocumentsResult,
  lockDocuments, lockFormatFor, LockHit, LockImportResult, lockKey, LockLine, LockLineProblem, lockReference, lookupDigest,
  missingDigestWarnings, parseLock, parseLockLine, serializeLock, UnlockedImage,
} from './lock';
export {
  checkDisconnected, ClusterServiceVersionInput, ClusterServiceVersionPieces, clusterServiceVersionPieces,
  DisconnectedCheck, FEATURE_ANNOTATION_PREFIX, featureAnnotations, isDigestPinned, OPTIONAL_FEATURES, REQUIRED_FEATURES,
} from './olm';
export {
  annotationKeyProblem, MAX_NAME_SEGMENT, MAX_RELATED_IMAGE_NAME, nameSegmentProblem, RELATED_IMAGE_ANNOTATION_PREFIX,
  relatedImageAnnotationKey, relatedImageNameProblem, RelatedImageNameOptions, relatedImageNames, RelatedImageSlot,
  shortRelatedImageName,
} from './olm-names';
export {
  AnnotatedRelatedImage, annotationFieldPath, annotationOfFieldPath, EnvVarLike, expandAnnotationEnv, FieldRefEnvVar,
  ProjectedPin, ProjectedRelatedImage, projectedRelatedImages, ProjectedRelatedImagesOptions, projectRelatedImages,
  RelatedImageProjection, RelatedImages,
} from './olm-projection';
export {
  BUNDLE_ANNOTATIONS, BUNDLE_MEDIA_TYPE, bundleAnnotations, bundleDockerfile, DEFAULT_INSTALL_MODES, DEFAULT_MIN_KUBE_VERSION,
  InstallMode, olmBundle, OlmBundleInput, OlmBundleResult, unpinnedDeploymentImages,
} from './olm-bundle';
export { CLUSTER_SERVICE_VERSION_SCHEMA, checkSchema, CsvSchema, SchemaFinding } from './olm-csv-schema';
export {
  BundleManifest, bundleManifests, BundleProblem, formatBundleProblem, OlmBundleRules, validateOlmBundle,
} from './olm-validate';
export {
  BundleImage, bundleImages, BundleImageSource, bundleMirrorImages, formatBundleImagesJson,
} from './olm-bundle-images';
export * from './image-set';
