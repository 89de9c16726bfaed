/**
 * Digest locks: the file (format), building it from digest lines (import-lines), applying it to
 * the image ConfigMap (documents) and the digest policy (policy).
 */
export {
  DigestLock, emptyLock, LOCK_VERSION, lockDigestProblem, lockFormatFor, LockHit, lockKey, lockReference, lookupDigest,
  parseLock, referenceKey, repositoryName, serializeLock,
} from './format';
export { ImportLockOptions, importLockLines, lineKey, LockImportResult, LockLine, LockLineProblem, parseLockLine } from './import-lines';
export {
  DEFAULT_LOCK_KEY_PREFIX, isDigestLockKey, LockDiagnosticCodes, LockDocumentsOptions, LockDocumentsResult, lockDocuments,
  UnlockedImage,
} from './documents';
export { checkDigests, describeMissingDigests, digestRequiredError, missingDigestWarnings } from './policy';
