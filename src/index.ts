/**
 * cdk8s-piraeus: Piraeus Datastore as cdk8s constructs, with the operator's image resolver
 * embedded so every image is visible at synth time.
 */
export * from './errors';
export * from './resolver';
export * from './constructs';
export * from './release';
export * as imports from './imports/piraeus.io';
export * as workloads from './workloads';
export * as mirror from './mirror';
