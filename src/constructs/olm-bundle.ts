import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { RelatedImageNaming, relatedImages } from '../mirror/formats';
import { collectImages } from '../mirror/images';
import { clusterServiceVersionPieces, ClusterServiceVersionPieces } from '../mirror/olm';
import { projectedRelatedImages } from '../mirror/olm-projection';
import { PiraeusOperator } from './piraeus-operator';

/** Options of `clusterServiceVersionFor`. */
export interface ClusterServiceVersionOptions {
  /**
   * Names of `spec.relatedImages`: `env-suffix` (`<component>_<image>`, LINBIT style) or
   * `operator-sdk` (what `operator-sdk generate bundle` derives). Ignored when the operator
   * projects its related images: their names are then the annotation names.
   * @default 'env-suffix'
   */
  readonly naming?: RelatedImageNaming;
  /**
   * Further CSV annotations (`capabilities`, `operators.openshift.io/valid-subscription`, ...).
   * `features.operators.openshift.io/disconnected` is always computed.
   * @default - none
   */
  readonly annotations?: Record<string, string>;
}

/**
 * The ClusterServiceVersion pieces for a `PiraeusOperator`: its manager Deployment (with every
 * `RELATED_IMAGE_*` pin), `spec.relatedImages` naming every image the operator can pull (operator
 * image, every component and OS variant, CSI sidecars; with projected pins, named as their
 * annotations), and the feature annotations —
 * `disconnected: "true"` only when every related image is pinned by digest.
 *
 * Call it after the operator is fully configured (at synth time the constructs do so).
 */
export function clusterServiceVersionFor(operator: PiraeusOperator, options: ClusterServiceVersionOptions = {}): ClusterServiceVersionPieces {
  const images = collectImages(operator.imagePlan.resolver, { operatorImage: operator.image });
  const projection = operator.relatedImageProjection;
  return clusterServiceVersionPieces({
    deployment: operator.deployment.apiObject.toJson(),
    relatedImages: projection ? projectedRelatedImages(projection, images) : relatedImages(images, options.naming),
    operatorImage: operator.image,
    annotations: options.annotations,
  });
}

/** Properties of `OlmClusterServiceVersion`. */
export interface OlmClusterServiceVersionProps extends ClusterServiceVersionOptions {
  /** The operator the bundle installs. */
  readonly operator: PiraeusOperator;
  /**
   * Name of the ClusterServiceVersion.
   * @default - `piraeus-operator.<release version>`, e.g. `piraeus-operator.v2.10.4`
   */
  readonly name?: string;
  /**
   * Further `spec` fields (displayName, version, installModes, customresourcedefinitions, ...);
   * `install` and `relatedImages` are always computed.
   * @default - none
   */
  readonly spec?: Record<string, unknown>;
}

/**
 * An OLM `ClusterServiceVersion` (operators.coreos.com/v1alpha1) holding the image-related
 * pieces of a bundle for a `PiraeusOperator`; add it only when building an OLM bundle.
 */
export class OlmClusterServiceVersion extends Construct {
  /** The emitted object. */
  public readonly apiObject: ApiObject;
  private readonly operator: PiraeusOperator;
  private readonly options: ClusterServiceVersionOptions;

  public constructor(scope: Construct, id: string, props: OlmClusterServiceVersionProps) {
    super(scope, id);
    this.operator = props.operator;
    this.options = { naming: props.naming, annotations: props.annotations };
    // The operator's images are final once it is constructed, so the annotations are known now;
    // the install spec embeds the manager Deployment, which may still be patched: it stays lazy.
    const extraSpec = props.spec ?? {};
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'operators.coreos.com/v1alpha1',
      kind: 'ClusterServiceVersion',
      metadata: { name: props.name ?? `piraeus-operator.${props.operator.release.version}`, annotations: this.pieces().metadata.annotations },
      spec: Lazy.any({
        produce: () => {
          const pieces = this.pieces();
          return { ...extraSpec, install: pieces.spec.install, relatedImages: pieces.spec.relatedImages };
        },
      }),
    });
  }

  /** The pieces as they are now (what synthesis emits). */
  public pieces(): ClusterServiceVersionPieces {
    return clusterServiceVersionFor(this.operator, this.options);
  }
}
