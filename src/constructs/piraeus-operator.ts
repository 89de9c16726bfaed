import { Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { ErrorCodes, formatLocation, PiraeusError } from '../errors';
import {
  GENCERT_CONTAINER, GENCERT_POD, MANAGER_CONTAINER, MANAGER_POD, NAMESPACE_POD_SECURITY_LABELS,
  UPSTREAM_COMMON_LABELS, UPSTREAM_NAMES,
} from '../manifests/upstream';
import { renderEntry } from '../resolver/kustomize';
import { ImagePlan } from '../resolver/plan';
import { Diagnostic, Resolution } from '../resolver/types';
import { clusterScoped } from './cluster-scoped';
import { planImageSet } from '../mirror/image-set';
import { loadImageConfig } from '../resolver/configmap';
import { checkDigests, describeMissingDigests } from '../mirror/lock';
import { ImageConfigMap, imageConfigData } from './image-config-map';
import { ImageDigestLock } from './image-digest-lock';
import { ImageConfigOverride } from './image-config-override';
import { ImageOverride } from './image-override';
import { LinstorCluster } from './linstor-cluster';
import { OperatorDeployment } from './operator-deployment';
import { OperatorImage } from './operator-image';
import { OperatorRbac } from './operator-rbac';
import { OperatorWebhook } from './operator-webhook';
import { PiraeusCrds } from './piraeus-crds';
import { WebhookCertificates } from './webhook-certificates';

/** Properties of `PiraeusOperator`. */
export interface PiraeusOperatorProps {
  /**
   * Namespace of the operator and of everything it creates.
   * @default 'piraeus-datastore'
   */
  readonly namespace?: string;
  /**
   * Whether to create the Namespace (with pod-security labels that admit the privileged storage
   * workloads).
   * @default true
   */
  readonly createNamespace?: boolean;
  /**
   * Whether to create the four piraeus.io CustomResourceDefinitions.
   * @default true
   */
  readonly installCrds?: boolean;
  /**
   * The operator image (manager and gencert).
   * @default OperatorImage.DEFAULT (quay.io/piraeusdatastore/piraeus-operator:v2.10.4)
   */
  readonly image?: OperatorImage;
  /**
   * Image-config documents added after the defaults, in order.
   * @default - none
   */
  readonly imageConfig?: ImageConfigOverride[];
  /**
   * Whether the image ConfigMap holds the default documents of the targeted release.
   * @default true
   */
  readonly includeDefaultImageConfig?: boolean;
  /**
   * `spec.repository` of the LinstorCluster this operator serves: the pins are computed with it.
   * It must equal the repository of every LinstorCluster in the same chart (checked at synth;
   * `PiraeusDatastore` wires both).
   * @default - no repository
   */
  readonly repository?: string;
  /**
   * Explicit image overrides (`RELATED_IMAGE_*` variables that win over the ConfigMap).
   * @default - none
   */
  readonly imageOverrides?: ImageOverride[];
  /**
   * Whether to pin every image variant with a `RELATED_IMAGE_<component>_<image>` variable.
   * @default true
   */
  readonly pinImages?: boolean;
  /**
   * Whether the LinstorCluster uses an external LINSTOR controller. The satellite image then
   * follows the controller's version at run time, so `linstor-satellite` is left unpinned unless
   * `externalControllerVersion` is given.
   * @default false
   */
  readonly externalController?: boolean;
  /**
   * Version of the external LINSTOR controller (e.g. `1.31.2`): pins the satellite to
   * `v<version>` as the operator would choose it. A later controller upgrade then needs a new synth.
   * @default - satellite left unpinned when `externalController` is set
   */
  readonly externalControllerVersion?: string;
  /**
   * How the admission webhook gets its certificate.
   * @default WebhookCertificates.gencert()
   */
  readonly webhookCertificates?: WebhookCertificates;
  /**
   * Secrets for pulling the operator image, and (through the operator's `PULL_SECRET`) the
   * first one for every workload the operator creates.
   * @default - none
   */
  readonly imagePullSecrets?: string[];
  /**
   * A digest lock: every image it knows is emitted with its digest (in a copy of each image
   * document appended to the ConfigMap, hence in the pins too), the operator image included.
   * @default - no lock
   */
  readonly digestLock?: ImageDigestLock;
  /**
   * Fail synthesis when any image the install can run has no digest, listing each one.
   * @default false
   */
  readonly requireDigests?: boolean;
  /**
   * Fail synthesis on warnings (things the operator tolerates silently) instead of printing them.
   * @default false
   */
  readonly failOnWarnings?: boolean;
}

/** One row of the resolution report: one variant of one component. */
export interface ImageReportRow {
  /** Component (placeholder). */
  readonly component: string;
  /** Variant image name (`drbd9-jammy`, or the fallback's image). */
  readonly variant: string;
  /** `rule` or `fallback`. */
  readonly kind: 'rule' | 'fallback';
  /** ConfigMap key of the document. */
  readonly document: string;
  /** The rule's osImage pattern, for rule variants. */
  readonly pattern?: string;
  /** The image the operator will run for this variant. */
  readonly image: string;
  /** The RELATED_IMAGE_* variable that decides, if one does. */
  readonly envVar?: string;
  /** Whether the variable is a computed pin or an explicit override. */
  readonly origin: 'configmap' | 'pin' | 'override';
}

/**
 * Everything the upstream operator install creates — Namespace, CRDs, RBAC, admission webhook,
 * image ConfigMap and the operator Deployment — with every image the operator can run resolved
 * at synth time and pinned through `RELATED_IMAGE_*` variables.
 */
export class PiraeusOperator extends Construct {
  /** Namespace of the operator. */
  public readonly namespace: string;
  /** The Namespace object, when created. */
  public readonly namespaceObject?: k8s.KubeNamespace;
  /** The CRDs, when installed. */
  public readonly crds?: PiraeusCrds;
  /** RBAC objects. */
  public readonly rbac: OperatorRbac;
  /** The admission webhook. */
  public readonly webhook: OperatorWebhook;
  /** The image ConfigMap. */
  public readonly imageConfigMap: ImageConfigMap;
  /** The manager Deployment `piraeus-operator-controller-manager`. */
  public readonly deployment: OperatorDeployment;
  /** The gencert Deployment, unless cert-manager issues the certificate. */
  public readonly gencert?: OperatorDeployment;
  /** The operator image reference. */
  public readonly image: string;
  /** The resolved image plan: documents, environment, resolver. */
  public readonly imagePlan: ImagePlan;
  /** Repository the pins were computed for ('' for none). */
  public readonly repository: string;

  public constructor(scope: Construct, id: string, props: PiraeusOperatorProps = {}) {
    super(scope, id);
    this.namespace = props.namespace ?? UPSTREAM_NAMES.namespace;
    this.repository = props.repository ?? '';
    const labels = { ...UPSTREAM_COMMON_LABELS };
    const certManager = props.webhookCertificates?.method === 'cert-manager';

    if (props.createNamespace !== false) {
      this.namespaceObject = clusterScoped(new k8s.KubeNamespace(this, 'Namespace', {
        metadata: { name: this.namespace, labels: { ...labels, 'control-plane': 'controller-manager', ...NAMESPACE_POD_SECURITY_LABELS } },
      }));
    }
    if (props.installCrds !== false) this.crds = new PiraeusCrds(this, 'Crds', { labels });

    // Named after the ConfigMap construct, which is where the documents end up.
    const baseData = imageConfigData(props.imageConfig ?? [], props.includeDefaultImageConfig !== false, `${this.node.path}/ImageConfig`);
    const installPlan = planImageSet({
      config: loadImageConfig(baseData),
      operatorImage: (props.image ?? OperatorImage.DEFAULT).reference,
      repository: this.repository,
      overrides: (props.imageOverrides ?? []).map((o) => o.override),
      externalController: props.externalController ?? props.externalControllerVersion !== undefined,
      externalControllerVersion: props.externalControllerVersion,
      pin: props.pinImages,
      lock: props.digestLock,
      where: this.node.path,
    });
    this.image = installPlan.operatorImage;
    this.imagePlan = installPlan.plan;
    this.imageConfigMap = new ImageConfigMap(this, 'ImageConfig', {
      namespace: this.namespace,
      data: baseData,
      extraData: installPlan.lockData,
      labels,
    });

    this.rbac = new OperatorRbac(this, 'Rbac', { namespace: this.namespace, gencert: !certManager, labels });
    this.webhook = new OperatorWebhook(this, 'Webhook', { namespace: this.namespace, certificates: props.webhookCertificates, labels });
    const pullSecrets = props.imagePullSecrets ?? [];
    this.deployment = new OperatorDeployment(this, 'Manager', {
      namespace: this.namespace,
      pod: MANAGER_POD,
      container: MANAGER_CONTAINER,
      image: this.image,
      envValues: { IMAGE_CONFIG_MAP_NAME: this.imageConfigMap.name },
      extraEnv: [
        // --pull-secret defaults to $PULL_SECRET: the operator adds it to every workload it creates.
        ...(pullSecrets.length ? [{ name: 'PULL_SECRET', value: pullSecrets[0] }] : []),
        ...this.imagePlan.env.map((e) => ({ name: e.name, value: e.value })),
      ],
      imagePullSecrets: pullSecrets,
      labels,
    });
    if (!certManager) {
      this.gencert = new OperatorDeployment(this, 'Gencert', {
        namespace: this.namespace, pod: GENCERT_POD, container: GENCERT_CONTAINER, image: this.image, imagePullSecrets: pullSecrets, labels,
      });
    }

    const failOnWarnings = props.failOnWarnings ?? false;
    const requireDigests = props.requireDigests ?? false;
    this.node.addValidation({
      validate: () => {
        const errors = this.checkRepositories();
        if (requireDigests) {
          // With an external controller and no pinned version the satellite's tag is only known at
          // run time, so it cannot have a digest: it is listed, and the message names the fix.
          const missing = checkDigests(this.imagePlan.resolver, this.image);
          if (missing.length) errors.push(`[${ErrorCodes.DIGEST_REQUIRED}] at ${this.node.path}: ${describeMissingDigests(missing)}`);
        }
        const warnings = this.imagePlan.diagnostics.map((d) => formatWarning(d, this.node.path));
        if (failOnWarnings) return [...errors, ...warnings];
        reportWarnings(warnings);
        return errors;
      },
    });
  }

  /** Warnings about the image configuration (see `DiagnosticCodes`). */
  public get diagnostics(): readonly Diagnostic[] {
    return this.imagePlan.diagnostics;
  }

  /**
   * The image a component runs with, as the operator will resolve it: for a node with the given
   * `status.nodeInfo.osImage`, or at cluster level (the default, `""`).
   * @throws PiraeusError UNKNOWN_COMPONENT when no document defines the component
   */
  public imageFor(component: string, osImage?: string): string {
    const res = this.resolve(osImage);
    const hit = res.images.find((i) => i.name === component);
    if (!hit) {
      throw new PiraeusError(ErrorCodes.UNKNOWN_COMPONENT,
        `no image resolves for component "${component}"${osImage ? ` on OS "${osImage}"` : ''}; components: ${res.images.map((i) => i.name).join(', ')}`,
        { path: this.node.path });
    }
    return hit.image;
  }

  /** The full resolution for one OS string (default: cluster level). */
  public resolve(osImage?: string): Resolution {
    const r = this.imagePlan.resolver;
    return osImage === undefined ? r.resolveCluster() : r.resolve(osImage);
  }

  /** Every component × variant and the image the operator will run for it, with provenance. */
  public report(): ImageReportRow[] {
    const origin = new Map(this.imagePlan.env.map((e) => [e.name, e.origin]));
    return this.imagePlan.resolver.variants().filter((v) => v.reachable).map((v) => ({
      component: v.component,
      variant: v.image,
      kind: v.kind,
      document: v.document,
      pattern: v.pattern,
      image: renderEntry(v.effective),
      envVar: v.provenance.envVar,
      origin: v.provenance.envVar ? origin.get(v.provenance.envVar) ?? 'override' : 'configmap',
    }));
  }

  private checkRepositories(): string[] {
    // LinstorClusters of the same chart: an app may hold several independent installs.
    const clusters = Chart.of(this).node.findAll().filter((c: IConstruct): c is LinstorCluster => c instanceof LinstorCluster);
    return clusters.filter((c) => c.repository !== this.repository).map((c) =>
      `[${ErrorCodes.INVALID_PROPS}] at ${c.node.path}: LinstorCluster repository "${c.repository}" differs from the repository `
      + `"${this.repository}" the operator ${this.node.path} pinned its images for; set the same \`repository\` on both (PiraeusDatastore does this).`);
  }
}

function formatWarning(d: Diagnostic, path: string): string {
  const where = formatLocation({ ...d.location, path: d.location.path ?? path });
  return `[${d.code}] ${where}: ${d.message}`;
}

const reported = new Set<string>();

/** Prints each warning once per process to standard error. */
function reportWarnings(warnings: readonly string[]): void {
  for (const w of warnings) {
    if (reported.has(w)) continue;
    reported.add(w);
    process.stderr.write(`cdk8s-piraeus warning: ${w}\n`);
  }
}
