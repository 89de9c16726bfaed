import { ErrorCodes, PiraeusError } from '../errors';
import { DEFAULT_OPERATOR_IMAGE } from '../resolver/defaults';
import { parseReference, validateDigest, validateRepositoryPrefix } from '../resolver/reference';

/** Where the operator image (manager and gencert) comes from. */
export interface OperatorImageProps {
  /**
   * Registry and namespace, e.g. `registry.example.com/piraeusdatastore`.
   * @default 'quay.io/piraeusdatastore'
   */
  readonly registry?: string;
  /**
   * Repository name under the registry.
   * @default 'piraeus-operator'
   */
  readonly name?: string;
  /**
   * Tag.
   * @default - the targeted release, 'v2.10.4'
   */
  readonly tag?: string;
  /**
   * Digest (`sha256:` + 64 hex); with a tag, rendered as `name:tag@digest`.
   * @default - no digest
   */
  readonly digest?: string;
}

/** The operator's own image. Not resolved by the operator: written into its Deployments. */
export class OperatorImage {
  /** The image of the targeted release: quay.io/piraeusdatastore/piraeus-operator:v2.10.4. */
  public static readonly DEFAULT = new OperatorImage(
    `${DEFAULT_OPERATOR_IMAGE.registry}/${DEFAULT_OPERATOR_IMAGE.name}:${DEFAULT_OPERATOR_IMAGE.tag}`);

  /** From registry, name, tag and digest; unset parts keep the targeted release's values. */
  public static fromRegistry(props: OperatorImageProps): OperatorImage {
    const registry = props.registry ?? DEFAULT_OPERATOR_IMAGE.registry;
    const reason = validateRepositoryPrefix(registry);
    if (reason) throw new PiraeusError(ErrorCodes.INVALID_REFERENCE, `operator image registry ${JSON.stringify(registry)}: ${reason}`);
    if (props.digest !== undefined) {
      const bad = validateDigest(props.digest);
      if (bad) throw new PiraeusError(ErrorCodes.INVALID_DIGEST, `operator image digest ${JSON.stringify(props.digest)}: ${bad}`);
    }
    const tag = props.tag ?? DEFAULT_OPERATOR_IMAGE.tag;
    let ref = `${registry}/${props.name ?? DEFAULT_OPERATOR_IMAGE.name}`;
    if (tag !== '') ref += `:${tag}`;
    if (props.digest !== undefined) ref += `@${props.digest}`;
    return OperatorImage.fromReference(ref);
  }

  /** From a full reference such as `registry.example.com/piraeus-operator:v2.10.4@sha256:...`. */
  public static fromReference(reference: string): OperatorImage {
    parseReference(reference);
    return new OperatorImage(reference);
  }

  /** The image reference written into the Deployments. */
  public readonly reference: string;

  private constructor(reference: string) {
    this.reference = reference;
  }
}
