import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { ContainerFact, HttpProbeFact, PodFact } from '../manifests/upstream';

/** One environment variable with a literal value. */
export interface EnvVarValue {
  /** Variable name. */
  readonly name: string;
  /** Literal value. */
  readonly value: string;
}

/** Properties of an operator Deployment (manager or gencert). */
export interface OperatorDeploymentProps {
  /** Namespace of the operator. */
  readonly namespace: string;
  /** Upstream facts of the Deployment and its pod. */
  readonly pod: PodFact;
  /** Upstream facts of its only container. */
  readonly container: ContainerFact;
  /** The operator image reference. */
  readonly image: string;
  /**
   * Variables appended after upstream's (for the manager: every RELATED_IMAGE_* pin), in order.
   * @default - none
   */
  readonly extraEnv?: readonly EnvVarValue[];
  /**
   * Values replacing upstream's literal env values by name (e.g. IMAGE_CONFIG_MAP_NAME).
   * @default - none
   */
  readonly envValues?: Record<string, string>;
  /**
   * Secrets the kubelet uses to pull the operator image.
   * @default - none
   */
  readonly imagePullSecrets?: string[];
  /**
   * Labels on every object; upstream's component labels are always added.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

function probe(p: HttpProbeFact): k8s.Probe {
  return {
    httpGet: { path: p.path, port: k8s.IntOrString.fromNumber(p.port) },
    initialDelaySeconds: p.initialDelaySeconds,
    periodSeconds: p.periodSeconds,
  };
}

/**
 * A Deployment of the operator image, written from upstream's manifest facts with every field set
 * explicitly (replicas, resources, probes, security contexts): nothing comes from library defaults.
 */
export class OperatorDeployment extends Construct {
  /** The emitted Deployment. */
  public readonly apiObject: k8s.KubeDeployment;
  /** Name of the Deployment. */
  public readonly name: string;

  public constructor(scope: Construct, id: string, props: OperatorDeploymentProps) {
    super(scope, id);
    const { pod, container } = props;
    this.name = pod.deploymentName;
    const selector = { ...pod.labels };
    const env: k8s.EnvVar[] = container.env.map((e) => ('fieldRef' in e
      ? { name: e.name, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: e.fieldRef } } }
      : { name: e.name, value: props.envValues?.[e.name] ?? e.value }));
    for (const e of props.extraEnv ?? []) env.push({ name: e.name, value: e.value });

    this.apiObject = new k8s.KubeDeployment(this, 'Resource', {
      metadata: { name: pod.deploymentName, namespace: props.namespace, labels: { ...props.labels, ...pod.labels } },
      spec: {
        replicas: pod.replicas,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: { ...props.labels, ...pod.labels }, annotations: { ...pod.podAnnotations } },
          spec: {
            serviceAccountName: pod.serviceAccountName,
            automountServiceAccountToken: true,
            securityContext: { runAsNonRoot: pod.podSecurityContext.runAsNonRoot },
            terminationGracePeriodSeconds: pod.terminationGracePeriodSeconds,
            ...(pod.priorityClassName ? { priorityClassName: pod.priorityClassName } : {}),
            tolerations: pod.tolerations.map((t) => ({ key: t.key, effect: t.effect })),
            ...(props.imagePullSecrets?.length ? { imagePullSecrets: props.imagePullSecrets.map((name) => ({ name })) } : {}),
            ...(pod.volumes.length ? {
              volumes: pod.volumes.map((v) => ({ name: v.name, secret: { secretName: v.secretName, defaultMode: v.defaultMode } })),
            } : {}),
            containers: [{
              name: container.name,
              image: props.image,
              command: [...container.command],
              args: [...container.args],
              env,
              ...(container.ports.length ? { ports: container.ports.map((p) => ({ ...p })) } : {}),
              ...(container.volumeMounts.length ? { volumeMounts: container.volumeMounts.map((m) => ({ ...m })) } : {}),
              securityContext: { ...container.securityContext },
              livenessProbe: probe(container.livenessProbe),
              readinessProbe: probe(container.readinessProbe),
              resources: {
                limits: { cpu: k8s.Quantity.fromString(container.resources.limits.cpu), memory: k8s.Quantity.fromString(container.resources.limits.memory) },
                requests: { cpu: k8s.Quantity.fromString(container.resources.requests.cpu), memory: k8s.Quantity.fromString(container.resources.requests.memory) },
              },
            }],
          },
        },
      },
    });
  }
}
