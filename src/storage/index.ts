/**
 * LINSTOR CSI StorageClass and VolumeSnapshotClass parameters (`cdk8s-piraeus/storage`): their
 * names, the rules LINSTOR CSI and the operator's StorageClass webhook apply, and building them
 * from typed options. Pure TypeScript, no cdk8s.
 *
 * @module storage
 */
export {
  assertStorageClassParameters, buildStorageClassParameters, classifyParameterKey, describeProblem, DRBD_OPTIONS_NAMESPACE,
  FSTYPE_PARAMETER, LINSTOR_CSI_DRIVER, LINSTOR_PARAMETER_NAMESPACE, LINSTOR_PARAMETERS, LINSTOR_PROPERTY_NAMESPACE, LinstorLayer,
  LinstorPlacementPolicy, parameterValueProblem, RemoteVolumeAccess, StorageDiagnosticCodes, storageClassParameterProblems,
} from './storage-class-parameters';
export type {
  BuiltParameters, LinstorParameterDef, LinstorStorageClassParameterOptions, ParameterKeyMeaning, ParameterProblem,
  ParameterValueKind,
} from './storage-class-parameters';
export {
  buildSnapshotClassParameters, LINSTOR_SNAPSHOT_NAMESPACE, LinstorSnapshotTarget, snapshotClassParameterProblems,
  SNAPSHOTTER_SECRET_NAME, SNAPSHOTTER_SECRET_NAMESPACE, unknownSnapshotParameterKeys,
} from './snapshot-class-parameters';
export type {
  BuiltSnapshotParameters, LinstorRemoteSnapshotOptions, RemoteSnapshotOptions, S3SnapshotOptions, SnapshotSecretReference,
} from './snapshot-class-parameters';
