import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { JsonObject } from '../workloads/json';
import { emitInstallObject } from './install-object';

/** Properties of an operator Deployment (manager or gencert). */
export interface OperatorDeploymentProps {
  /** The Deployment as `buildInstall` returns it. */
  readonly object: JsonObject;
}

/**
 * A Deployment of the operator image, exactly the release's (replicas, resources, probes,
 * security contexts: nothing comes from library defaults), with the install's adjustments.
 */
export class OperatorDeployment extends Construct {
  /** The emitted Deployment. Plain values: a JSON patch on it takes plain strings and numbers. */
  public readonly apiObject: ApiObject;
  /** Name of the Deployment. */
  public readonly name: string;

  public constructor(scope: Construct, id: string, props: OperatorDeploymentProps) {
    super(scope, id);
    this.apiObject = emitInstallObject(this, props.object);
    this.name = this.apiObject.name;
  }
}
