/** Operator releases as data: the built-in catalogue, manifest import, capabilities, the install. */
export { OperatorRelease, templatesReleaseFor } from './operator-release';
export { ReleaseCapabilities, capabilitiesOf } from './capabilities';
export { ReleaseMetadata, ReleaseSource } from './load';
export { ReleaseVersion, parseReleaseVersion, compareReleaseVersions } from './version';
export { buildInstall, InstallObject, InstallOptions, InstallRole, ManagerEnvVar } from './install';
export { ReleaseDiagnosticCodes } from './diagnostics';
