/**
 * Air-gapped and OLM outputs: the complete image list in the shapes mirroring tools read, digest
 * locks, OpenShift mirror sets and ClusterServiceVersion pieces (`cdk8s-piraeus/mirror`). Pure
 * TypeScript, no cdk8s.
 *
 * @module mirror
 */
export {
  collectImages, CollectImagesOptions, envSuffixName, GENCERT_COMPONENT, MirrorImage, MirrorImageKind,
  MirrorImageSource, OPERATOR_COMPONENT, operatorSdkName,
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
  DisconnectedCheck, FEATURE_ANNOTATION_PREFIX, isDigestPinned, OPTIONAL_FEATURES, REQUIRED_FEATURES,
} from './olm';
export * from './image-set';
