/**
 * cdk8s-piraeus: Piraeus Datastore as cdk8s constructs, with the operator's image resolver
 * embedded so every image is visible at synth time.
 *
 * The package root carries the constructs, their props and factories, operator releases, the
 * error type and the diagnostic codes, plus the types their signatures name. The pure layers have
 * their own entry points: `cdk8s-piraeus/resolver`, `/release`, `/mirror`, `/workloads`, `/storage`
 * and `/imports` (the generated piraeus.io classes).
 *
 * @module cdk8s-piraeus
 */

// The one error type and the stable codes.
export { ErrorCodes, PiraeusError } from './errors';
export type { ErrorCode, SourceLocation } from './errors';
export { DiagnosticCodes } from './resolver/types';
export { ReleaseDiagnosticCodes } from './release/diagnostics';
export { LockDiagnosticCodes } from './mirror/lock/documents';

// Constructs, their props and factories.
export { ImageConfigMap } from './constructs/image-config-map';
export type { ImageConfigMapProps } from './constructs/image-config-map';
export { ImageConfigOverride } from './constructs/image-config-override';
export type { ComponentImageProps, ImageConfigOverrideProps, OsMatchProps } from './constructs/image-config-override';
export { ImageDigestLock } from './constructs/image-digest-lock';
export { ImageMirrorSets } from './constructs/image-mirror-sets';
export type { ImageMirrorSetsProps } from './constructs/image-mirror-sets';
export { ImageOverride } from './constructs/image-override';
export { LinstorCluster } from './constructs/linstor-cluster';
export type { LinstorClusterProps, LinstorClusterTls } from './constructs/linstor-cluster';
export { LinstorApiTls } from './constructs/linstor-api-tls';
export type { LinstorApiTlsOptions, LinstorSelfSignedApiTlsOptions } from './constructs/linstor-api-tls';
export { LinstorInternalTls } from './constructs/linstor-internal-tls';
export type {
  LinstorInternalTlsOptions, LinstorInternalTlsSecretOptions, LinstorSelfSignedInternalTlsOptions,
} from './constructs/linstor-internal-tls';
export { LinstorPassphrase } from './constructs/linstor-passphrase';
export type { LinstorPassphraseValueOptions } from './constructs/linstor-passphrase';
export { LinstorClusterPrerequisites } from './constructs/linstor-cluster-prerequisites';
export type { LinstorClusterPrerequisitesProps } from './constructs/linstor-cluster-prerequisites';
export { ClusterDiagnosticCodes } from './manifests/cluster-tls';
export { LinstorNodeConnection } from './constructs/linstor-node-connection';
export type { LinstorNodeConnectionProps } from './constructs/linstor-node-connection';
export { LinstorSatelliteConfiguration } from './constructs/linstor-satellite-configuration';
export type { LinstorSatelliteConfigurationProps } from './constructs/linstor-satellite-configuration';
export { clusterServiceVersionFor, OlmClusterServiceVersion } from './constructs/olm-bundle';
export type { ClusterServiceVersionOptions, OlmClusterServiceVersionProps } from './constructs/olm-bundle';
export { OlmBundle } from './constructs/olm-bundle-dir';
export type { OlmBundleForReleaseOptions, OlmBundleOptions } from './constructs/olm-bundle-dir';
export { RelatedImages } from './mirror/olm-projection';
export type { ProjectedRelatedImagesOptions } from './mirror/olm-projection';
export { OlmBundleRules } from './mirror/olm-validate';
export { OperatorDeployment } from './constructs/operator-deployment';
export type { OperatorDeploymentProps } from './constructs/operator-deployment';
export { OperatorImage } from './constructs/operator-image';
export type { OperatorImageProps } from './constructs/operator-image';
export { OperatorRbac } from './constructs/operator-rbac';
export type { OperatorRbacProps } from './constructs/operator-rbac';
export { OperatorWebhook } from './constructs/operator-webhook';
export type { OperatorWebhookProps } from './constructs/operator-webhook';
export { PiraeusCrds } from './constructs/piraeus-crds';
export type { PiraeusCrdsProps } from './constructs/piraeus-crds';
export { PiraeusDatastore } from './constructs/piraeus-datastore';
export type { PiraeusDatastoreProps } from './constructs/piraeus-datastore';
export { PiraeusOperator } from './constructs/piraeus-operator';
export type {
  ImageReportRow, KubeRbacProxyOptions, OperatorDeploymentOptions, OperatorPodOptions, PiraeusOperatorProps, WebhookOptions,
} from './constructs/piraeus-operator';
export { NodeInventory, PiraeusPreview, PREVIEW_ANNOTATION, PREVIEW_FILES } from './constructs/piraeus-preview';
export type { IPiraeusInstall, NodeProps, PiraeusPreviewProps } from './constructs/piraeus-preview';
export { PiraeusMonitoring } from './constructs/piraeus-monitoring';
export type { PiraeusMonitoringProps } from './constructs/piraeus-monitoring';
export { piraeusAlertRuleGroups } from './constructs/piraeus-monitoring-rules';
export type { AlertRule, AlertRuleGroup } from './constructs/piraeus-monitoring-rules';
export { PIRAEUS_PORTS, PiraeusNetworkPolicies } from './constructs/piraeus-network-policies';
export type { PiraeusNetworkPoliciesProps } from './constructs/piraeus-network-policies';
export { runSynth } from './constructs/run-synth';
export type { SynthOutput } from './constructs/run-synth';
export { addWarning, collectErrors, collectWarnings, duplicateObjects, WARNING_METADATA } from './constructs/diagnostics';
export { GitOps } from './constructs/gitops';
export { PhaseChart } from './constructs/phase-chart';
export type { PhaseChartProps } from './constructs/phase-chart';
export { PiraeusInstall } from './constructs/piraeus-install';
export type { PiraeusInstallProps } from './constructs/piraeus-install';
export { WebhookCertificates } from './constructs/webhook-certificates';
export { LinstorStorageClass, StorageClassReclaimPolicy, VolumeBindingMode } from './constructs/linstor-storage-class';
export type { LinstorStorageClassProps } from './constructs/linstor-storage-class';
export { LinstorVolumeSnapshotClass, SnapshotDeletionPolicy } from './constructs/linstor-volume-snapshot-class';
export type { LinstorVolumeSnapshotClassProps } from './constructs/linstor-volume-snapshot-class';
export { LinstorLayer, LinstorPlacementPolicy, RemoteVolumeAccess, StorageDiagnosticCodes } from './storage/storage-class-parameters';
export type { LinstorStorageClassParameterOptions } from './storage/storage-class-parameters';
export { LinstorSnapshotTarget } from './storage/snapshot-class-parameters';
export type {
  LinstorRemoteSnapshotOptions, RemoteSnapshotOptions, S3SnapshotOptions, SnapshotSecretReference,
} from './storage/snapshot-class-parameters';

// The generated piraeus.io classes the resource props extend (also `cdk8s-piraeus/imports`).
// Imported then exported, not `export * as`: API Extractor then sees the one namespace the
// construct modules also import, instead of a second copy it reports as forgotten.
import * as imports from './imports/piraeus.io';
export { imports };

// Operator releases.
export { OperatorRelease } from './release/operator-release';
export type { ReleaseCapabilities } from './release/capabilities';
export type { ReleaseMetadata, ReleaseSource } from './release/load';
export type { ReleaseVersion } from './release/version';
export type {
  CertManagerIssuerRef, ContainerResources, ImagePullPolicy, KubeRbacProxySettings, ManagerSettings, OperatorFlags, PodDisruptionBudgetSettings,
  PodSettings, ResourceQuantities, WebhookSecretSource, WebhookSettings,
} from './release/customize';

// Types the signatures above name; their modules are public as `cdk8s-piraeus/resolver`,
// `/mirror` and `/workloads`.
export type {
  BaseSource, Diagnostic, ImageEntry, Provenance, ResolvedImage, Resolution, Severity,
} from './resolver/types';
export type { ExplicitOverride, ImagePlan } from './resolver/plan';
export type { DigestLock } from './mirror/lock/format';
export type { MirrorImage, MirrorImageKind, MirrorImageSource } from './mirror/images';
export type { MirrorLayout, MirrorSets, MirrorSourcePolicy, RelatedImageNaming } from './mirror/formats';
export type { ClusterServiceVersionPieces, DisconnectedCheck } from './mirror/olm';
export type { InstallMode } from './mirror/olm-bundle';
export type { FieldRefEnvVar, ProjectedRelatedImage, RelatedImageProjection } from './mirror/olm-projection';
export type { BundleProblem } from './mirror/olm-validate';
export type { JsonObject, JsonValue } from './workloads/json';
export type { NodeInfo, Taint } from './workloads/nodes';
export type { ImageReport } from './workloads/preview';
