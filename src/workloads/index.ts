/**
 * The operator's storage workloads, rendered offline (`cdk8s-piraeus/workloads`): node inventory
 * and selection, the embedded templates, and rendering with resolved images. Pure TypeScript, no
 * cdk8s. The JSON helpers and the strategic merge are reached by their own modules inside the
 * package.
 *
 * @module workloads
 */
export type { JsonObject, JsonValue } from './json';
export {
  labelsMatch, matchNodeSelectorTerms, nodeMatchesSelector, nodeSelectorIssues, nodeSelectorProblems, parseNodeList,
} from './nodes';
export type { NodeInfo, NodeSelector, NodeSelectorIssue, NodeSelectorRequirement, NodeSelectorTerm, Taint } from './nodes';
export {
  DEFAULT_DAEMONSET_TOLERATIONS, HA_CONTROLLER_TOLERATIONS, LINSTOR_CONTROLLER_TOLERATIONS, mergeTolerations,
  formatTaint, formatToleration, NO_SCHEDULE_TOLERATION, normalizeToleration, toleratesTaint, tolerationFor, untoleratedTaint,
  untoleratedTaints,
} from './tolerations';
export type { Toleration } from './tolerations';
export {
  SATELLITE_PATCH_NAMES, substituteMarkers, TEMPLATE_MARKERS, WORKLOAD_TEMPLATE_NAMES, WORKLOAD_TEMPLATES_API_VERSION,
  WORKLOAD_TEMPLATES_KIND, WorkloadTemplates,
} from './templates';
export type { SatellitePatchName, TemplateMarker, WorkloadTemplateName } from './templates';
export {
  containerImages, enabledClusterWorkloads, linstorControllerUrl, mergeSatelliteConfigs, renderClusterWorkloads,
  renderSatellite, satelliteDaemonSetName, selectSatelliteNodes, substituteImages,
} from './render';
export type {
  ClusterComponentKey, ClusterSpecInput, ComponentSpecInput, ContainerImage, DeploymentComponentSpecInput,
  MergedSatelliteConfig, RenderClusterInput, RenderSatelliteInput, SatelliteConfigInput, SatelliteInternalTLSInput,
} from './render';
export { previewInstall } from './preview';
export type { ContainerReport, ImageReport, NodeGroupReport, Preview, PreviewInput, WorkloadReport } from './preview';
export { diffReports, diffTable, excludedNodesJson, reportJson, reportMarkdown, reportTable, splitSharedRows } from './report-format';
export type { ImageChange, ReportFormatOptions } from './report-format';
export {
  clusterExclusionReasons, formatExcludedNode, partitionSatelliteNodes, satellitePodReasons, satelliteSelectionTolerations,
} from './exclusion';
export type { AppliedConfiguration, ExcludedNode, ExclusionKind, ExclusionReason } from './exclusion';
export { formatNoOsRuleMatched, LOADER_COMPONENT, LOADER_OS_FAMILIES, loaderOsFamily, matchKind, noOsRuleMatched } from './os-match';
export type { LoaderOsFamily, MatchKind, NoOsRuleMatched } from './os-match';
