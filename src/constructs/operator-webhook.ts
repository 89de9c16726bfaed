import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { certManagerVariant, resolveValidatingWebhooks, UPSTREAM_NAMES, WEBHOOK_SERVICE } from '../manifests/upstream';
import { clusterScoped } from './cluster-scoped';
import { WebhookCertificates } from './webhook-certificates';

/** Properties of the admission webhook. */
export interface OperatorWebhookProps {
  /** Namespace of the operator. */
  readonly namespace: string;
  /**
   * Who issues the serving certificate.
   * @default WebhookCertificates.gencert()
   */
  readonly certificates?: WebhookCertificates;
  /**
   * Labels of every object.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/**
 * The operator's validating admission webhook: Service, ValidatingWebhookConfiguration and, with
 * cert-manager, the Issuer and Certificate (the gencert Deployment is part of `PiraeusOperator`).
 */
export class OperatorWebhook extends Construct {
  /** The webhook Service. */
  public readonly service: k8s.KubeService;
  /** The ValidatingWebhookConfiguration (cluster-scoped). */
  public readonly configuration: k8s.KubeValidatingWebhookConfiguration;

  public constructor(scope: Construct, id: string, props: OperatorWebhookProps) {
    super(scope, id);
    const ns = props.namespace;
    const certManager = props.certificates?.method === 'cert-manager';
    this.service = new k8s.KubeService(this, 'Service', {
      metadata: { name: WEBHOOK_SERVICE.name, namespace: ns, labels: { ...props.labels, ...WEBHOOK_SERVICE.selector } },
      spec: {
        ports: [{ port: WEBHOOK_SERVICE.port, protocol: WEBHOOK_SERVICE.protocol, targetPort: k8s.IntOrString.fromNumber(WEBHOOK_SERVICE.targetPort) }],
        selector: { ...WEBHOOK_SERVICE.selector },
      },
    });
    const cm = certManagerVariant(ns, WEBHOOK_SERVICE.name);
    this.configuration = clusterScoped(new k8s.KubeValidatingWebhookConfiguration(this, 'Configuration', {
      metadata: {
        name: UPSTREAM_NAMES.validatingWebhookConfiguration,
        labels: { ...props.labels, 'app.kubernetes.io/name': 'piraeus-datastore' },
        ...(certManager ? { annotations: { ...cm.webhookAnnotations } } : {}),
      },
      webhooks: resolveValidatingWebhooks(ns, WEBHOOK_SERVICE.name).map((w) => ({
        name: w.name,
        admissionReviewVersions: [...w.admissionReviewVersions],
        clientConfig: { service: { ...w.clientConfig.service } },
        failurePolicy: w.failurePolicy,
        rules: w.rules.map((r) => ({
          apiGroups: [...r.apiGroups], apiVersions: [...r.apiVersions], operations: [...r.operations], resources: [...r.resources],
        })),
        sideEffects: w.sideEffects,
      })),
    }));
    if (certManager) {
      for (const obj of [cm.issuer, cm.certificate]) {
        new ApiObject(this, obj.kind, {
          apiVersion: obj.apiVersion, kind: obj.kind,
          metadata: { name: obj.name, namespace: obj.namespace, labels: { ...props.labels, 'app.kubernetes.io/name': 'piraeus-datastore' } },
          spec: obj.spec,
        });
      }
    }
  }
}
