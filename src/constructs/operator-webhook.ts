import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { JsonObject } from '../workloads/json';
import { emitInstallObject, findObject } from './install-object';

/** Properties of the admission webhook. */
export interface OperatorWebhookProps {
  /** The release's webhook Service and configuration (plus cert-manager objects), from `buildInstall`. */
  readonly objects: readonly JsonObject[];
}

/**
 * The operator's validating admission webhook: its Service, the ValidatingWebhookConfiguration
 * and, with cert-manager, the Issuer and Certificate.
 */
export class OperatorWebhook extends Construct {
  /** Every object, in install order. */
  public readonly objects: readonly ApiObject[];
  /** The webhook Service. */
  public readonly service?: ApiObject;
  /** The ValidatingWebhookConfiguration (cluster-scoped). */
  public readonly configuration?: ApiObject;

  public constructor(scope: Construct, id: string, props: OperatorWebhookProps) {
    super(scope, id);
    this.objects = props.objects.map((o) => emitInstallObject(this, o));
    this.service = findObject(this.objects, 'Service');
    this.configuration = findObject(this.objects, 'ValidatingWebhookConfiguration');
  }
}
