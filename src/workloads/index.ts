/**
 * The operator's storage workloads, rendered offline: node inventory and selection, the embedded
 * templates, and rendering with resolved images. Pure TypeScript, no cdk8s.
 */
export * from './json';
export * from './nodes';
export * from './tolerations';
export { strategicMerge, MERGE_KEYS } from './merge';
export * from './templates';
export * from './render';
export * from './preview';
export * from './report-format';
