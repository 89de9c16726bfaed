/**
 * Operator releases as data (`cdk8s-piraeus/release`): the built-in catalogue, manifest import,
 * capabilities, the install, the apply plan and the install diff between releases.
 *
 * @module release
 */
export { OperatorRelease, templatesReleaseFor } from './operator-release';
export { capabilitiesOf } from './capabilities';
export type { ReleaseCapabilities } from './capabilities';
export type { ReleaseMetadata, ReleaseSource } from './load';
export { compareReleaseVersions, parseReleaseVersion } from './version';
export type { ReleaseVersion } from './version';
export { buildInstall } from './install';
export type { InstallObject, InstallOptions, InstallRole, ManagerEnvVar } from './install';
export { customizeInstall } from './customize';
export type {
  CertManagerIssuerRef, ContainerResources, CustomizeOptions, ImagePullPolicy, ManagerSettings, OperatorFlags,
  PodDisruptionBudgetSettings, PodSettings, ResourceQuantities, WebhookSecretSource, WebhookSettings,
} from './customize';
export { applyPlan } from './apply-plan';
export type { ApplyStep, SynthesizedFile } from './apply-plan';
export { diffInstalls, formatInstallDiff } from './install-diff';
export type { ContainerChange, InstallDiff, SetChange } from './install-diff';
export { gateImageInputs } from './image-inputs';
export type { GatedImageInputs, ImageInputs } from './image-inputs';
export { ReleaseDiagnosticCodes } from './diagnostics';
