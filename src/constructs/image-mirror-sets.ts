import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { MirrorLayout, MirrorSets, mirrorSets, MirrorSourcePolicy } from '../mirror/formats';
import { collectImages, MirrorImage } from '../mirror/images';
import { clusterScoped } from './cluster-scoped';
import { PiraeusOperator } from './piraeus-operator';

/** Properties of `ImageMirrorSets`. */
export interface ImageMirrorSetsProps {
  /** The operator whose images (operator image, every component and OS variant) are redirected. */
  readonly operator: PiraeusOperator;
  /** The mirror registry and path, e.g. `mirror.example.com/piraeus`. */
  readonly mirrorRegistry: string;
  /**
   * `mirrorSourcePolicy` of every entry.
   * @default - not set (the API's default, AllowContactingSource)
   */
  readonly mirrorSourcePolicy?: MirrorSourcePolicy;
  /**
   * Where repositories land in the mirror: `path` (`<mirror>/<path>`, oc-mirror), `scoped`
   * (`<mirror>/<registry>/<path>`, `skopeo sync --scoped`) or `flat` (`<mirror>/<name>`).
   * @default 'path'
   */
  readonly layout?: MirrorLayout;
  /**
   * Name of both objects.
   * @default 'piraeus-datastore'
   */
  readonly name?: string;
}

/**
 * OpenShift `ImageDigestMirrorSet` and `ImageTagMirrorSet` (config.openshift.io/v1,
 * cluster-scoped) that redirect every repository the operator can pull from to a mirror
 * registry: images with a digest through the IDMS, the others through the ITMS. An object is
 * emitted only when some image needs it.
 */
export class ImageMirrorSets extends Construct {
  /** The images the sets cover. */
  public readonly images: readonly MirrorImage[];
  /** The plain objects. */
  public readonly sets: MirrorSets;
  /** The IDMS, when some image has a digest. */
  public readonly imageDigestMirrorSet?: ApiObject;
  /** The ITMS, when some image has none. */
  public readonly imageTagMirrorSet?: ApiObject;

  public constructor(scope: Construct, id: string, props: ImageMirrorSetsProps) {
    super(scope, id);
    this.images = collectImages(props.operator.imagePlan.resolver, { operatorImage: props.operator.image });
    this.sets = mirrorSets(this.images, props.mirrorRegistry, {
      mirrorSourcePolicy: props.mirrorSourcePolicy, layout: props.layout, name: props.name,
    });
    const idms = this.sets.imageDigestMirrorSet;
    if (idms) {
      this.imageDigestMirrorSet = clusterScoped(new ApiObject(this, 'ImageDigestMirrorSet', {
        apiVersion: idms.apiVersion, kind: idms.kind, metadata: { name: idms.metadata.name }, spec: idms.spec,
      }));
    }
    const itms = this.sets.imageTagMirrorSet;
    if (itms) {
      this.imageTagMirrorSet = clusterScoped(new ApiObject(this, 'ImageTagMirrorSet', {
        apiVersion: itms.apiVersion, kind: itms.kind, metadata: { name: itms.metadata.name }, spec: itms.spec,
      }));
    }
  }
}
