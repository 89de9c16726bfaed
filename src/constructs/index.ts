/** cdk8s constructs: thin shells that gather props, call the resolver and emit objects. */
export * from './cluster-scoped';
export * from './image-config-map';
export * from './image-config-override';
export * from './image-override';
export * from './linstor-cluster';
export * from './linstor-node-connection';
export * from './linstor-satellite-configuration';
export * from './operator-deployment';
export * from './operator-image';
export * from './operator-rbac';
export * from './operator-webhook';
export * from './piraeus-crds';
export * from './piraeus-datastore';
export * from './piraeus-operator';
export * from './webhook-certificates';
export * from './run-synth';
export * from './piraeus-preview';
