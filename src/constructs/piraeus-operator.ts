import { ApiObject } from 'cdk8s';
import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { ErrorCodes, formatProblem, PiraeusError } from '../errors';
import { planImageSet } from '../mirror/image-set';
import { checkDigests, describeMissingDigests } from '../mirror/lock';
import { ProjectedPin, projectRelatedImages, RelatedImageProjection, RelatedImages } from '../mirror/olm-projection';
import { CustomizeOptions, KUBE_RBAC_PROXY_CONTAINER, KUBE_RBAC_PROXY_IMAGE, KubeRbacProxySettings, ManagerSettings, PodSettings, WebhookSettings } from '../release/customize';
import { ReleaseDiagnosticCodes } from '../release/diagnostics';
import { buildInstall, InstallRole } from '../release/install';
import { podContainers } from '../release/manifest';
import { OperatorRelease } from '../release/operator-release';
import { loadImageConfig } from '../resolver/configmap';
import { SATELLITE_COMPONENT } from '../resolver/external';
import { renderEntry } from '../resolver/kustomize';
import { pinDocuments } from '../resolver/pin-documents';
import { ImagePlan } from '../resolver/plan';
import { Diagnostic, Resolution } from '../resolver/types';
import { JsonObject } from '../workloads/json';
import { addWarning, duplicateObjects } from './diagnostics';
import { ImageConfigMap, imageConfigData } from './image-config-map';
import { ImageConfigOverride } from './image-config-override';
import { ImageDigestLock } from './image-digest-lock';
import { ImageOverride } from './image-override';
import { emitInstallObject } from './install-object';
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
   * The operator release to install: its objects, images and resolver behaviour.
   * @default OperatorRelease.latest()
   */
  readonly release?: OperatorRelease;
  /**
   * Namespace of the operator and of everything it creates.
   * @default - the release's ('piraeus-datastore')
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
   * Where the Namespace and the CRDs are emitted. They must exist before anything else applies,
   * so `PiraeusInstall` puts them in a chart of their own that applies first.
   * @default - this construct (the same chart as the operator)
   */
  readonly foundation?: Construct;
  /**
   * The operator image (manager and gencert).
   * @default OperatorImage.fromRelease()
   */
  readonly image?: OperatorImage;
  /**
   * Image-config documents added after the defaults, in order.
   * @default - none
   */
  readonly imageConfig?: ImageConfigOverride[];
  /**
   * Whether the image ConfigMap holds the release's default documents.
   * @default true
   */
  readonly includeDefaultImageConfig?: boolean;
  /**
   * The LinstorCluster this operator serves: its `repository` and `externalController` decide the
   * pins. It may live in another chart (the apply phases put it in a later one).
   * @default - no cluster: pins for an empty repository and no external controller
   */
  readonly cluster?: LinstorCluster;
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
   * How the manager carries its `RELATED_IMAGE_*` pins and overrides: as literal values, or
   * projected (each image once, as the pod-template annotation `olm.relatedImage.<name>`, read by
   * its variable through the downward API). The operator reads the same images either way.
   * @default RelatedImages.literal()
   */
  readonly relatedImages?: RelatedImages;
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
  /**
   * The manager Deployment: replicas, a PodDisruptionBudget, resources, scheduling, pod metadata,
   * security contexts, the operator's flags, extra env and volumes, ServiceAccount annotations.
   * @default - the release's Deployment unchanged
   */
  readonly deployment?: OperatorDeploymentOptions;
  /**
   * The gencert Deployment's pod (ignored when cert-manager or a Secret provides the certificate).
   * @default - the release's Deployment unchanged
   */
  readonly gencertDeployment?: OperatorPodOptions;
  /**
   * The admission webhooks' failure policy and timeout.
   * @default - the release's (failurePolicy Fail, no timeout: the API server's 10 s)
   */
  readonly webhook?: WebhookOptions;
  /**
   * A kube-rbac-proxy sidecar in front of the operator's metrics, as upstream's Helm chart offers
   * it: the manager's metrics bind to 127.0.0.1:8080, the proxy serves them over TLS (the webhook
   * certificate) on 8443, behind the Service `<prefix>controller-manager-metrics-service` (port
   * `metrics`, 443); its ClusterRole for token and access reviews is bound to the manager's
   * ServiceAccount. A scraper needs `get` on the non-resource URL `/metrics`.
   * @default - no proxy; the release's metrics setting (off)
   */
  readonly kubeRbacProxy?: KubeRbacProxyOptions;
}

/** The kube-rbac-proxy sidecar; every unset setting is upstream's chart's. */
export interface KubeRbacProxyOptions extends Omit<KubeRbacProxySettings, 'securityContext' | 'volumeMounts'> {
  /**
   * The proxy's security context (replaces the chart's default as a whole).
   * @default - upstream's chart: drop ALL capabilities, read-only root file system, non-root, user 1000
   */
  readonly securityContext?: k8s.SecurityContext;
  /**
   * Volume mounts added to the proxy container; each names a volume of the pod (`deployment.volumes`).
   * @default - none
   */
  readonly volumeMounts?: k8s.VolumeMount[];
}

/**
 * Pod settings of an operator Deployment (manager or gencert); every unset one keeps the release's.
 * Kubernetes structures are typed as cdk8s-plus's `k8s` imports type them.
 */
export interface OperatorPodOptions extends Omit<PodSettings, 'affinity' | 'tolerations' | 'podSecurityContext' | 'securityContext'> {
  /**
   * The pod's affinity.
   * @default - none
   */
  readonly affinity?: k8s.Affinity;
  /**
   * Tolerations added to the release's (the two `drbd.linbit.com` NoSchedule taints).
   * @default - none added
   */
  readonly tolerations?: k8s.Toleration[];
  /**
   * Pod security context fields, merged key by key over the release's (`runAsNonRoot: true`).
   * @default - the release's
   */
  readonly podSecurityContext?: k8s.PodSecurityContext;
  /**
   * Container security context fields, merged key by key over the release's
   * (`allowPrivilegeEscalation: false`, `readOnlyRootFilesystem: true`).
   * @default - the release's
   */
  readonly securityContext?: k8s.SecurityContext;
}

/** Settings of the manager Deployment; every unset one keeps the release's. */
export interface OperatorDeploymentOptions extends OperatorPodOptions, Omit<ManagerSettings, keyof OperatorPodOptions | 'env' | 'volumes' | 'volumeMounts'> {
  /**
   * Environment variables appended to the manager container.
   * @default - none
   */
  readonly env?: k8s.EnvVar[];
  /**
   * Volumes added to the pod (a ClusterAPI kubeconfig, a CA bundle).
   * @default - none
   */
  readonly volumes?: k8s.Volume[];
  /**
   * Volume mounts added to the manager container; each names a volume of the pod.
   * @default - none
   */
  readonly volumeMounts?: k8s.VolumeMount[];
}

/** The admission webhooks' failure policy and timeout. */
export type WebhookOptions = WebhookSettings;

type Json = JsonObject;

/**
 * cdk8s-plus-28's generated classes, loaded only when a prop needs their serializers: the module
 * is large, and an install without such props should not pay for it on every synth.
 */
function k8sSerializers(): typeof k8s {
  return require('cdk8s-plus-28/lib/imports/k8s') as typeof k8s;
}

function wire<T>(convert: (v: T | undefined) => Record<string, any> | undefined, value: T | undefined): Json | undefined {
  return value === undefined ? undefined : convert(value) as Json;
}

/** Pod options with their Kubernetes structures in wire form (what `customizeInstall` takes). */
function podSettings(o: OperatorPodOptions): PodSettings {
  return {
    resources: o.resources,
    nodeSelector: o.nodeSelector,
    priorityClassName: o.priorityClassName,
    podAnnotations: o.podAnnotations,
    podLabels: o.podLabels,
    imagePullPolicy: o.imagePullPolicy,
    affinity: o.affinity && wire(k8sSerializers().toJson_Affinity, o.affinity),
    tolerations: o.tolerations?.map((t) => k8sSerializers().toJson_Toleration(t) as Json),
    podSecurityContext: o.podSecurityContext && wire(k8sSerializers().toJson_PodSecurityContext, o.podSecurityContext),
    securityContext: o.securityContext && wire(k8sSerializers().toJson_SecurityContext, o.securityContext),
  };
}

/** The construct's production props as `buildInstall`'s `customize` option. */
function customizeOptions(props: PiraeusOperatorProps, where: string, kubeRbacProxyImage: string | undefined): CustomizeOptions {
  const d = props.deployment;
  return {
    where,
    webhook: props.webhook,
    kubeRbacProxy: props.kubeRbacProxy && {
      ...props.kubeRbacProxy,
      image: kubeRbacProxyImage,
      securityContext: props.kubeRbacProxy.securityContext && wire(k8sSerializers().toJson_SecurityContext, props.kubeRbacProxy.securityContext),
      volumeMounts: props.kubeRbacProxy.volumeMounts?.map((m) => k8sSerializers().toJson_VolumeMount(m) as Json),
    },
    gencert: props.gencertDeployment && podSettings(props.gencertDeployment),
    manager: d && {
      ...podSettings(d),
      replicas: d.replicas,
      podDisruptionBudget: d.podDisruptionBudget,
      options: d.options,
      extraArgs: d.extraArgs,
      serviceAccountAnnotations: d.serviceAccountAnnotations,
      env: d.env?.map((e) => k8sSerializers().toJson_EnvVar(e) as Json),
      volumes: d.volumes?.map((v) => k8sSerializers().toJson_Volume(v) as Json),
      volumeMounts: d.volumeMounts?.map((m) => k8sSerializers().toJson_VolumeMount(m) as Json),
    },
  };
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
 * Everything a Piraeus Operator release installs (Namespace, CRDs, RBAC, admission webhook, image
 * ConfigMap, gencert and the operator Deployment), exactly as the release defines it, with every
 * image the operator can run resolved at synth time and pinned.
 */
export class PiraeusOperator extends Construct {
  /** The release this install is. */
  public readonly release: OperatorRelease;
  /** Namespace of the operator. */
  public readonly namespace: string;
  /** The Namespace object, when created. */
  public readonly namespaceObject?: ApiObject;
  /** The CRDs, when installed. */
  public readonly crds?: PiraeusCrds;
  /** RBAC objects. */
  public readonly rbac: OperatorRbac;
  /** The admission webhook. */
  public readonly webhook: OperatorWebhook;
  /** Where the webhook's serving certificate comes from. */
  public readonly webhookCertificates: WebhookCertificates;
  /** The image ConfigMap. */
  public readonly imageConfigMap: ImageConfigMap;
  /** The manager Deployment (`piraeus-operator-controller-manager` upstream). */
  public readonly deployment: OperatorDeployment;
  /** The gencert Deployment, unless cert-manager issues the certificate. */
  public readonly gencert?: OperatorDeployment;
  /** The kube-rbac-proxy image, when the sidecar runs (with its digest when the digest lock knows it). */
  public readonly kubeRbacProxyImage?: string;
  /** The operator image reference. */
  public readonly image: string;
  /** The resolved image plan: documents, environment, resolver. */
  public readonly imagePlan: ImagePlan;
  /** Repository the pins were computed for ('' for none): the served LinstorCluster's. */
  public readonly repository: string;
  /** The LinstorCluster this operator serves, when given. */
  public readonly cluster?: LinstorCluster;
  /** The projected related images, when `relatedImages` is `RelatedImages.projected()`. */
  public readonly relatedImageProjection?: RelatedImageProjection;
  private readonly gencertObjects: readonly ApiObject[] = [];
  private readonly otherObjects: readonly ApiObject[];

  public constructor(scope: Construct, id: string, props: PiraeusOperatorProps = {}) {
    super(scope, id);
    const release = props.release ?? OperatorRelease.latest();
    const caps = release.capabilities;
    this.release = release;
    this.webhookCertificates = props.webhookCertificates ?? WebhookCertificates.gencert();
    this.cluster = props.cluster;
    this.namespace = props.namespace ?? release.namespace;
    this.repository = props.cluster?.repository ?? '';
    const where = this.node.path;
    if (props.cluster?.prerequisites && props.cluster.operatorNamespace !== this.namespace) {
      throw new PiraeusError(ErrorCodes.INVALID_PROPS, `the served LinstorCluster puts its CA and passphrase objects in namespace "${props.cluster.operatorNamespace}", `
        + `but the operator runs in "${this.namespace}" and reads them there: set the cluster's operatorNamespace to "${this.namespace}"`, { path: where });
    }
    const releaseDiagnostics: Diagnostic[] = [];
    const refuse = (what: string) => {
      throw new PiraeusError(ErrorCodes.RELEASE_CAPABILITY, `${what}: release ${release.version}'s operator cannot use it (only v2.9.0 and later read `
        + 'RELATED_IMAGE_* variables and image digests); choose a newer release or drop the setting', { path: where });
    };
    if (!caps.digests && props.digestLock) refuse('digestLock is set');
    if (!caps.digests && props.requireDigests) refuse('requireDigests is set');
    if (!caps.relatedImageEnv && props.imageOverrides?.length) refuse('imageOverrides are set (they become RELATED_IMAGE_* variables)');
    if (!caps.relatedImageEnv && props.relatedImages?.isProjected) refuse('relatedImages is projected (the projection feeds RELATED_IMAGE_* variables)');

    let externalController = props.cluster?.externalController ?? false;
    let externalControllerVersion = props.externalControllerVersion;
    if (externalControllerVersion !== undefined && !externalController) {
      throw new PiraeusError(ErrorCodes.INVALID_PROPS, 'externalControllerVersion is set but the served LinstorCluster has no externalController', { path: where });
    }
    if (externalController && !caps.externalControllerTag) {
      // Before v2.8.0 the satellite runs the ConfigMap's tag whatever the controller's version.
      if (externalControllerVersion !== undefined) {
        releaseDiagnostics.push({
          code: ReleaseDiagnosticCodes.RELEASE_IGNORES, severity: 'warning', location: { path: where },
          message: `externalControllerVersion is ignored: release ${release.version}'s operator does not set the satellite tag from an external controller (v2.8.0 and later do)`,
        });
      }
      externalController = false;
      externalControllerVersion = undefined;
    }

    const defaults = props.includeDefaultImageConfig === false ? {} : release.imageConfigData();
    const baseData = imageConfigData(defaults, props.imageConfig ?? [], `${where}/ImageConfig`);
    const pinByEnv = caps.relatedImageEnv && props.pinImages !== false;
    // Components are judged against the placeholders the release's workloads use.
    const placeholders = release.workloadTemplates().placeholders;
    const planFor = (data: Record<string, string>, pin: boolean) => planImageSet({
      config: loadImageConfig(data, release.decodedImageConfig()),
      operatorImage: (props.image ?? OperatorImage.fromRelease()).referenceFor(release.operatorImage),
      extraImages: props.kubeRbacProxy ? [{ component: KUBE_RBAC_PROXY_CONTAINER, reference: props.kubeRbacProxy.image ?? KUBE_RBAC_PROXY_IMAGE }] : undefined,
      repository: this.repository,
      overrides: (props.imageOverrides ?? []).map((o) => o.override),
      externalController,
      externalControllerVersion,
      pin,
      lock: props.digestLock,
      where,
      placeholders,
    });
    let installPlan = planFor(baseData, pinByEnv);
    let pinData: Record<string, string> = {};
    if (!caps.relatedImageEnv && props.pinImages !== false) {
      pinData = pinDocuments(installPlan.plan.documents, { skip: externalController ? [SATELLITE_COMPONENT] : [] });
      installPlan = planFor({ ...baseData, ...pinData }, false);
      releaseDiagnostics.push({
        code: ReleaseDiagnosticCodes.PINNED_BY_CONFIGMAP, severity: 'warning', location: { path: where },
        message: `release ${release.version}'s operator ignores RELATED_IMAGE_* variables, so the images are pinned by ConfigMap documents `
          + `${Object.keys(pinData).map((k) => `"${k}"`).join(', ')} instead (they resolve to the same images)`,
      });
    }
    this.image = installPlan.operatorImage;
    // The sidecars' images as the lock pins them (the lock's digests apply to them as to the operator's).
    const sidecarImages = installPlan.extraImages;
    this.imagePlan = { ...installPlan.plan, diagnostics: [...installPlan.plan.diagnostics, ...releaseDiagnostics] };

    const pullSecrets = props.imagePullSecrets ?? [];
    const [pullSecret] = pullSecrets;
    const projected = props.relatedImages?.isProjected ?? false;
    if (projected) {
      this.relatedImageProjection = projectRelatedImages(projectedPins(this.imagePlan), { ...props.relatedImages!.options, where });
    }
    const install = buildInstall(release, {
      namespace: this.namespace,
      createNamespace: props.createNamespace,
      installCrds: props.installCrds,
      operatorImage: this.image,
      imageConfigData: { ...baseData, ...pinData, ...installPlan.lockData },
      managerEnv: [
        // --pull-secret defaults to $PULL_SECRET: the operator adds it to every workload it creates.
        ...(pullSecret !== undefined ? [{ name: 'PULL_SECRET', value: pullSecret }] : []),
        ...(projected ? [] : this.imagePlan.env.map((e) => ({ name: e.name, value: e.value }))),
      ],
      managerFieldRefEnv: this.relatedImageProjection?.env.map((e) => ({ name: e.name, fieldPath: e.valueFrom.fieldRef.fieldPath })),
      managerPodAnnotations: this.relatedImageProjection?.annotations,
      imagePullSecrets: pullSecrets,
      certManager: props.webhookCertificates?.issuerRef ?? props.webhookCertificates?.method === 'cert-manager',
      webhookSecret: props.webhookCertificates?.secret,
      olmCertificates: props.webhookCertificates?.method === 'olm',
      customize: customizeOptions(props, where, sidecarImages.find((e) => e.component === KUBE_RBAC_PROXY_CONTAINER)?.reference),
    });
    const byRole = (...roles: InstallRole[]) => install.filter((o) => roles.includes(o.role)).map((o) => o.object);
    const one = (role: InstallRole) => byRole(role)[0];
    // A release always has its manager Deployment and image ConfigMap (the loader refuses one without).
    const required = (role: InstallRole) => {
      const object = one(role);
      if (object === undefined) throw new Error(`internal error: the install of release ${release.version} has no ${role} object`);
      return object;
    };
    const manager = required('manager');

    const foundation = props.foundation ?? this;
    const foundationId = (name: string) => (foundation === this ? name : `${id}${name}`);
    const ns = one('namespace');
    if (ns) this.namespaceObject = emitInstallObject(foundation, ns);
    if (byRole('crd').length) this.crds = new PiraeusCrds(foundation, foundationId('Crds'), { objects: byRole('crd') });
    this.rbac = new OperatorRbac(this, 'Rbac', { objects: byRole('rbac') });
    this.imageConfigMap = new ImageConfigMap(this, 'ImageConfig', { object: required('image-config') });
    this.webhook = new OperatorWebhook(this, 'Webhook', { objects: byRole('webhook', 'cert-manager') });
    const gencert = byRole('gencert');
    const gencertDeployment = gencert.find((o) => o.kind === 'Deployment');
    if (gencertDeployment) {
      const gencertRbac = new OperatorRbac(this, 'GencertRbac', { objects: gencert.filter((o) => o !== gencertDeployment) });
      this.gencert = new OperatorDeployment(this, 'Gencert', { object: gencertDeployment });
      this.gencertObjects = [...gencertRbac.objects, this.gencert.apiObject];
    }
    this.deployment = new OperatorDeployment(this, 'Manager', { object: manager });
    this.kubeRbacProxyImage = podContainers(manager).find((c) => c.name === KUBE_RBAC_PROXY_CONTAINER)?.image as string | undefined;
    this.otherObjects = byRole('other').map((o) => emitInstallObject(this, o));

    const warnings = this.imagePlan.diagnostics.map((d) => formatProblem({ ...d.location, path: d.location.path ?? where }, d.message, d.code));
    if (!props.failOnWarnings) for (const w of warnings) addWarning(this, w);
    const requireDigests = props.requireDigests ?? false;
    this.node.addValidation({
      validate: () => {
        const errors: string[] = [];
        if (requireDigests) {
          // With an external controller and no pinned version the satellite's tag is only known at
          // run time, so it cannot have a digest: it is listed, and the message names the fix.
          const missing = checkDigests(this.imagePlan.resolver, this.image, { extraImages: sidecarImages });
          if (missing.length) errors.push(formatProblem({ path: where }, describeMissingDigests(missing), ErrorCodes.DIGEST_REQUIRED));
        }
        errors.push(...duplicateObjects(this.node.root, this.objects()));
        return props.failOnWarnings ? [...errors, ...warnings] : errors;
      },
    });
  }

  /** Every object this install emits (also those placed in `foundation`), in install order. */
  public objects(): ApiObject[] {
    return [
      ...(this.namespaceObject ? [this.namespaceObject] : []), ...(this.crds?.crds ?? []), ...this.rbac.objects,
      this.imageConfigMap.apiObject, ...this.webhook.objects, ...this.gencertObjects, this.deployment.apiObject, ...this.otherObjects,
    ];
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
}

/**
 * Every variable of the plan (pins and overrides) with the component and variant it stands for:
 * the variant whose two-part name it is (overrides name unreachable variants too).
 */
function projectedPins(plan: ImagePlan): ProjectedPin[] {
  const byEnv = new Map<string, { component: string; variant: string }>();
  for (const v of plan.resolver.variants()) if (!byEnv.has(v.envName)) byEnv.set(v.envName, { component: v.component, variant: v.image });
  return plan.env.map((e) => {
    const slot = byEnv.get(e.name);
    const suffix = e.name.slice('RELATED_IMAGE_'.length);
    return { envName: e.name, image: e.value, component: slot?.component ?? suffix, variant: slot?.variant ?? suffix };
  });
}

/**
 * Refuses operator props that a wrapper construct (`PiraeusDatastore`, `PiraeusInstall`) sets
 * itself, so that a value given in the wrong place is an error instead of silently replaced.
 * @param owner the wrapper's class name, for the message
 * @param own fields the wrapper takes as props of its own (the rest it sets without asking)
 */
export function refuseOwnedOperatorProps(
  scope: Construct, owner: string, operator: PiraeusOperatorProps | undefined, fields: readonly (keyof PiraeusOperatorProps)[],
  own: readonly (keyof PiraeusOperatorProps)[] = fields,
): void {
  for (const field of fields) {
    if (operator?.[field] === undefined) continue;
    throw new PiraeusError(ErrorCodes.INVALID_PROPS,
      `operator.${String(field)} must not be set: ${owner} sets it${own.includes(field) ? ` (give ${String(field)} on ${owner} itself)` : ''}`,
      { path: scope.node.path });
  }
}
