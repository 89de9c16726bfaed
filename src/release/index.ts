/**
 * Operator releases as data (`cdk8s-piraeus/release`): the built-in catalogue, manifest import,
 * capabilities, the install.
 */
export { OperatorRelease, TEMPLATES_RELEASE } from './operator-release';
export { capabilitiesOf } from './capabilities';
export type { ReleaseCapabilities } from './capabilities';
export type { ReleaseMetadata, ReleaseSource } from './load';
export { compareReleaseVersions, parseReleaseVersion } from './version';
export type { ReleaseVersion } from './version';
export { buildInstall } from './install';
export type { InstallObject, InstallOptions, InstallRole, ManagerEnvVar } from './install';
export { ReleaseDiagnosticCodes } from './diagnostics';
