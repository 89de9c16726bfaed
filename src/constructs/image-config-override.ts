/**
 * Image-config documents a user adds to the operator's image ConfigMap: typed, or raw YAML.
 * Typed documents are checked strictly (references, digests, patterns) before they are emitted.
 */
import { ErrorCodes, PiraeusError } from '../errors';
import { encodeDocument } from '../resolver/encode';
import { compileGoPattern } from '../resolver/go-regexp';
import { yamlPackage } from '../resolver/on-demand';
import { validateDigest, validateReference, validateRepositoryPrefix, validateTag } from '../resolver/reference';
import { ComponentConfig, OsMatch } from '../resolver/types';
import { compareCodeUnits, isRecord } from '../resolver/util';

/** One OS-specific rule of a component. */
export interface OsMatchProps {
  /** Go regular expression matched (unanchored) against the node's `status.nodeInfo.osImage`. */
  readonly osImage: string;
  /** Image name under the document's base used when the rule matches. */
  readonly image: string;
  /**
   * Digest of the rule's image; the component digest is not inherited by rules.
   * @default - no digest
   */
  readonly digest?: string;
  /**
   * Whether the image ships precompiled DRBD modules (turns on the precompiled-module patch).
   * @default false
   */
  readonly precompiled?: boolean;
}

/** One component (image placeholder) of a document. */
export interface ComponentImageProps {
  /**
   * Fallback image name under the document's base. Required unless `match` rules are given: a
   * later document that leaves it out does not override anything.
   * @default - none (only the match rules apply)
   */
  readonly image?: string;
  /**
   * Tag of the fallback image and of every match rule.
   * @default - no tag (the runtime pulls `latest`; reported as a warning)
   */
  readonly tag?: string;
  /**
   * Digest of the fallback image.
   * @default - no digest
   */
  readonly digest?: string;
  /**
   * OS-specific rules, first match wins.
   * @default - none
   */
  readonly match?: OsMatchProps[];
}

/** A typed image-config document. */
export interface ImageConfigOverrideProps {
  /**
   * Registry and namespace prefix of the document's images, e.g. `registry.example.com/piraeus`.
   * `LinstorCluster.spec.repository` replaces it when set.
   * @default - none: only valid when a repository is set
   */
  readonly base?: string;
  /** Components by placeholder name (`linstor-controller`, `drbd-module-loader`, ...). */
  readonly components: Record<string, ComponentImageProps>;
}

/** An image-config document for the operator's ConfigMap. */
export class ImageConfigOverride {
  /**
   * A typed document. Every image, tag, digest and pattern is checked now, and the document is
   * emitted so that the operator reads back exactly these values.
   * @param name short name used in the ConfigMap key (`1_<name>.yaml`)
   */
  public static fromComponents(props: ImageConfigOverrideProps, name = 'override'): ImageConfigOverride {
    return new ImageConfigOverride(name, undefined, props);
  }

  /**
   * A document given as YAML text, emitted verbatim. It is decoded exactly as the operator decodes
   * it; syntax and type errors fail synthesis, and what the operator would silently tolerate is
   * reported as a warning.
   * @param name short name used in the ConfigMap key (`1_<name>.yaml`)
   * @throws PiraeusError INVALID_PROPS when the text is a Kubernetes manifest (a Deployment, a
   *   whole ConfigMap) rather than an image-config document
   */
  public static fromYaml(text: string, name = 'override'): ImageConfigOverride {
    const manifest = kubernetesManifest(text);
    if (manifest) {
      throw new PiraeusError(ErrorCodes.INVALID_PROPS, manifestMistake(manifest), { path: `ImageConfigOverride.fromYaml (document "${name}")` });
    }
    return new ImageConfigOverride(name, text, undefined);
  }

  /** Short name used in the ConfigMap key. */
  public readonly name: string;
  private readonly yamlText?: string;
  private readonly typed?: ImageConfigOverrideProps;

  private constructor(name: string, yamlText: string | undefined, typed: ImageConfigOverrideProps | undefined) {
    if (!/^[-._a-zA-Z0-9]+$/.test(name)) {
      throw new PiraeusError(ErrorCodes.INVALID_PROPS,
        `document name ${JSON.stringify(name)} may only contain letters, digits, "-", "_" and "." (it becomes a ConfigMap key)`);
    }
    this.name = name;
    this.yamlText = yamlText;
    this.typed = typed;
  }

  /**
   * The ConfigMap entry text. Typed documents are validated here; `where` names the construct
   * path for messages.
   * @internal
   */
  public _render(where: string): string {
    if (this.yamlText !== undefined) return this.yamlText;
    return encodeDocument(toDocument(this.typed!, `${where} (document "${this.name}")`));
  }
}

/** The kind and data keys of the text's first YAML document when it is a Kubernetes object (has apiVersion and kind). */
function kubernetesManifest(text: string): { kind: string; dataKeys: string[] } | undefined {
  let value: unknown;
  try {
    value = yamlPackage().parseDocument(text, { uniqueKeys: false }).toJS({ maxAliasCount: 100 });
  } catch {
    return undefined; // The operator's decoder reports what does not parse.
  }
  if (!isRecord(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') return undefined;
  const data = isRecord(value.data) ? Object.keys(value.data).sort(compareCodeUnits) : [];
  return { kind: value.kind, dataKeys: data };
}

/** What to pass instead of a manifest. */
function manifestMistake(m: { kind: string; dataKeys: string[] }): string {
  const what = 'an image-config document (`base` and `components`), as one ConfigMap data entry holds it';
  if (m.kind === 'ConfigMap') {
    const keys = m.dataKeys.length ? ` (its keys: ${m.dataKeys.map((k) => JSON.stringify(k)).join(', ')})` : '';
    return `is a whole ConfigMap manifest, but fromYaml takes ${what}: pass the text of one of its data entries${keys}, `
      + 'one ImageConfigOverride.fromYaml per entry';
  }
  return `is a Kubernetes ${m.kind} manifest (apiVersion and kind), but fromYaml takes ${what}; the operator would `
    + 'ignore every key of it. Pass the image-config document, or use ImageConfigOverride.fromComponents';
}

function toDocument(props: ImageConfigOverrideProps, where: string): { base: string; components: Map<string, ComponentConfig> } {
  const fail = (component: string | undefined, detail: string) => {
    throw new PiraeusError(ErrorCodes.INVALID_PROPS, detail, { path: where, component });
  };
  const base = props.base ?? '';
  if (base !== '') {
    const reason = validateRepositoryPrefix(base);
    if (reason) fail(undefined, `base ${JSON.stringify(base)} is not a valid registry/repository prefix: ${reason}`);
  }
  const components = new Map<string, ComponentConfig>();
  for (const [name, c] of Object.entries(props.components).sort(([a], [b]) => compareCodeUnits(a, b))) {
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name)) {
      fail(name, 'component names are image placeholders such as "linstor-controller": lower-case letters, digits, "-" and "."');
    }
    const match = (c.match ?? []).map((m, i): OsMatch => {
      const pattern = compileGoPattern(m.osImage);
      if (pattern.error !== undefined) {
        fail(name, `match rule ${i}: osImage ${JSON.stringify(m.osImage)} is not a valid Go regular expression (${pattern.error}); the operator would silently never match it`);
      }
      checkImage(name, `match rule ${i} image`, m.image, fail);
      if (m.digest !== undefined) checkDigest(name, `match rule ${i} digest`, m.digest, fail);
      return { osImage: m.osImage, image: m.image, digest: m.digest ?? '', precompiled: m.precompiled ?? false };
    });
    if (c.image === undefined && match.length === 0) {
      fail(name, 'sets no image and no match rules, and the operator ignores such a component: a later document '
        + 'cannot change only the tag. Repeat `image` (for example the image of the default configuration).');
    }
    if (c.image !== undefined) checkImage(name, 'image', c.image, fail);
    if (c.tag !== undefined) {
      const reason = validateTag(c.tag);
      if (reason) fail(name, `tag ${JSON.stringify(c.tag)} is not a valid tag (${reason}): letters, digits, "_", "." and "-", at most 128, not starting with "." or "-"`);
    }
    if (c.digest !== undefined) checkDigest(name, 'digest', c.digest, fail);
    components.set(name, { image: c.image ?? '', tag: c.tag ?? '', digest: c.digest ?? '', match });
  }
  return { base, components };
}

function checkImage(component: string, what: string, image: string, fail: (c: string, d: string) => never): void {
  const reason = image === '' ? 'it is empty' : /[:@]/.test(image) ? 'put the tag in `tag` and the digest in `digest`' : validateReference(`x.io/${image}`);
  if (reason) fail(component, `${what} ${JSON.stringify(image)} is not a valid image name: ${reason}`);
}

function checkDigest(component: string, what: string, digest: string, fail: (c: string, d: string) => never): void {
  const reason = validateDigest(digest);
  if (reason) fail(component, `${what} ${JSON.stringify(digest)} is malformed: ${reason}`);
}
