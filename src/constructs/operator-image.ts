import { ErrorCodes, PiraeusError } from '../errors';
import { parseReference, validateDigest, validateRepositoryPrefix } from '../resolver/reference';

/** Where the operator image (manager and gencert) comes from. */
export interface OperatorImageProps {
  /**
   * Registry and namespace, e.g. `registry.example.com/piraeusdatastore`.
   * @default - the release's (quay.io/piraeusdatastore)
   */
  readonly registry?: string;
  /**
   * Repository name under the registry.
   * @default - the release's (piraeus-operator)
   */
  readonly name?: string;
  /**
   * Tag.
   * @default - the release's version
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
  /** The release's own operator image. */
  public static fromRelease(): OperatorImage {
    return new OperatorImage({});
  }

  /** From registry, name, tag and digest; unset parts keep the release's values. */
  public static fromRegistry(props: OperatorImageProps): OperatorImage {
    if (props.registry !== undefined) {
      const reason = validateRepositoryPrefix(props.registry);
      if (reason) throw new PiraeusError(ErrorCodes.INVALID_REFERENCE, `operator image registry ${JSON.stringify(props.registry)}: ${reason}`);
    }
    if (props.digest !== undefined) {
      const bad = validateDigest(props.digest);
      if (bad) throw new PiraeusError(ErrorCodes.INVALID_DIGEST, `operator image digest ${JSON.stringify(props.digest)}: ${bad}`);
    }
    return new OperatorImage({ parts: props });
  }

  /** From a full reference such as `registry.example.com/piraeus-operator:v2.10.4@sha256:...`. */
  public static fromReference(reference: string): OperatorImage {
    parseReference(reference);
    return new OperatorImage({ reference });
  }

  private constructor(private readonly spec: { readonly reference?: string; readonly parts?: OperatorImageProps }) {}

  /**
   * The reference written into the Deployments, given the release's own operator image.
   * @param releaseImage e.g. `quay.io/piraeusdatastore/piraeus-operator:v2.10.4`
   */
  public referenceFor(releaseImage: string): string {
    if (this.spec.reference !== undefined) return this.spec.reference;
    const parts = this.spec.parts;
    if (parts === undefined) return releaseImage;
    const ref = parseReference(releaseImage);
    const full = ref.domain ? `${ref.domain}/${ref.path}` : ref.path;
    const slash = full.lastIndexOf('/');
    const registry = parts.registry ?? full.slice(0, slash);
    const name = parts.name ?? full.slice(slash + 1);
    const tag = parts.tag ?? ref.tag;
    let out = `${registry}/${name}`;
    if (tag !== '') out += `:${tag}`;
    if (parts.digest !== undefined) out += `@${parts.digest}`;
    parseReference(out);
    return out;
  }
}
