/**
 * The complete set of images a deployment can pull: every reachable variant of every component
 * (each OS-specific `match` rule and the fallback, CSI sidecars included) as the operator renders
 * it, plus the operator image (manager and gencert share it) and any sidecar the install adds to
 * the operator's Deployment. What mirroring tools need, because
 * they cannot discover images the operator picks at run time from its ConfigMap.
 *
 * Pure: no cdk8s, no I/O.
 */
import { ImageResolver } from '../resolver/image-resolver';
import { renderEntry } from '../resolver/kustomize';
import { parseNormalizedReference, parseReference } from '../resolver/reference';
import { compareCodeUnits } from '../resolver/util';

/** How an image is reached. */
export type MirrorImageKind = 'rule' | 'fallback' | 'operator';

/** One way the deployment reaches an image. */
export interface MirrorImageSource {
  /** `rule` (a `match` rule), `fallback` (the component's own image) or `operator`. */
  readonly kind: MirrorImageKind;
  /** Component (placeholder); `manager` / `gencert` for the operator image, the container's name for a sidecar. */
  readonly component: string;
  /** The variant's image name (`drbd9-jammy`); for the operator, its repository's last path element. */
  readonly variant: string;
  /** ConfigMap key of the document (not for the operator image). */
  readonly document?: string;
  /** Index of the rule within the component's `match` list. */
  readonly ruleIndex?: number;
  /** The rule's `osImage` pattern. */
  readonly pattern?: string;
  /** `RELATED_IMAGE_<component>_<variant>`: the variable the operator consults for this variant. */
  readonly envName: string;
  /** The variable that actually decided the image, if one did. */
  readonly envVar?: string;
}

/** One distinct image (deduplicated by the exact rendered string). */
export interface MirrorImage {
  /** The image exactly as it is written into the workloads (kustomize's rendering). */
  readonly reference: string;
  /**
   * What to pull or mirror: the normalized name (`docker.io/library/...` made explicit) with the
   * digest when there is one (`name@sha256:...`, the tag dropped: skopeo and oc-mirror reject
   * tag+digest references), else with the tag. The reference itself when it does not parse.
   */
  readonly pullSpec: string;
  /**
   * LINBIT-style name, the suffix of a `RELATED_IMAGE_` variable: `<component>` when the image
   * name equals the component, else `<component>_<image>`; unique among the list, never empty.
   */
  readonly name: string;
  /**
   * The name `operator-sdk generate bundle` derives from the operator's two-part variable
   * `RELATED_IMAGE_<component>_<image>`: prefix dropped, `_` -> `-`, lower case; unique.
   */
  readonly operatorSdkName: string;
  /** Component of the first source. */
  readonly component: string;
  /** Variant image name of the first source. */
  readonly variant: string;
  /** Distinct kinds of the sources, sorted. */
  readonly kinds: readonly MirrorImageKind[];
  /** Every way the image is reached: operator first, then by component, variant, document, rule. */
  readonly sources: readonly MirrorImageSource[];
  /** Registry host after normalization (`quay.io`, `docker.io`); `""` when the reference does not parse. */
  readonly domain: string;
  /** Repository path after normalization (`piraeusdatastore/piraeus-server`, `library/nginx`). */
  readonly path: string;
  /** Tag, `""` when none. */
  readonly tag: string;
  /** Digest, `""` when none. */
  readonly digest: string;
  /** Why the reference does not parse (normalized distribution grammar), if it does not. */
  readonly problem?: string;
}

/** Options of `collectImages`. */
export interface CollectImagesOptions {
  /** The operator image reference (manager and gencert). */
  readonly operatorImage: string;
  /**
   * Whether to list the operator image.
   * @default true
   */
  readonly includeOperator?: boolean;
  /**
   * Components left out (e.g. `linstor-satellite` when it follows an external controller whose
   * version is unknown at synth time, so its tag is not known either).
   * @default - none
   */
  readonly skipComponents?: readonly string[];
  /**
   * Images of containers the install adds to the operator's Deployment (the kube-rbac-proxy
   * sidecar), listed as `operator` sources of their container's name.
   * @default - none
   */
  readonly extraImages?: readonly SidecarImage[];
}

/** An image of a container the install adds to the operator's Deployment. */
export interface SidecarImage {
  /** The container's name (`kube-rbac-proxy`). */
  readonly component: string;
  /** Its image reference. */
  readonly reference: string;
}

/** Name of the manager container, used as the component of the operator image. */
export const OPERATOR_COMPONENT = 'manager';
/** Name of the gencert container, which runs the operator image too. */
export const GENCERT_COMPONENT = 'gencert';

/**
 * Every image the deployment can pull, sorted by reference, each once.
 *
 * Variants come from `resolver.variants()`, reachable ones only, rendered from their effective
 * entry (so environment overrides and pins count); the operator image is added unless
 * `includeOperator` is false.
 */
export function collectImages(resolver: ImageResolver, opts: CollectImagesOptions): MirrorImage[] {
  const skip = new Set(opts.skipComponents ?? []);
  const byRef = new Map<string, Sources>();
  const add = (ref: string, source: MirrorImageSource) => {
    const list = byRef.get(ref);
    if (list) list.push(source); else byRef.set(ref, [source]);
  };

  for (const v of resolver.variants()) {
    if (!v.reachable || skip.has(v.component)) continue;
    add(renderEntry(v.effective), {
      kind: v.kind,
      component: v.component,
      variant: v.image,
      document: v.document,
      ruleIndex: v.ruleIndex,
      pattern: v.pattern,
      envName: v.envName,
      envVar: v.provenance.envVar,
    });
  }
  if (opts.includeOperator !== false) {
    const variant = operatorVariant(opts.operatorImage);
    for (const component of [OPERATOR_COMPONENT, GENCERT_COMPONENT]) {
      add(opts.operatorImage, { kind: 'operator', component, variant, envName: `RELATED_IMAGE_${component}_${variant}` });
    }
  }

  for (const extra of opts.extraImages ?? []) {
    const variant = operatorVariant(extra.reference);
    add(extra.reference, { kind: 'operator', component: extra.component, variant, envName: `RELATED_IMAGE_${extra.component}_${variant}` });
  }

  const images = [...byRef.keys()].sort(compareCodeUnits).map((reference) => {
    const sources = byRef.get(reference)!.sort(compareSources);
    return describe(reference, sources);
  });
  return assignNames(images);
}

/** The last path element of the operator image's repository (`piraeus-operator`). */
function operatorVariant(ref: string): string {
  let name = ref;
  try {
    const r = parseReference(ref);
    name = r.domain === '' ? r.path : `${r.domain}/${r.path}`;
  } catch {
    name = ref.replace(/@.*$/, '').replace(/:[^/]*$/, '');
  }
  const base = name.slice(name.lastIndexOf('/') + 1);
  return base === '' ? 'operator' : base;
}

const KIND_ORDER: Record<MirrorImageKind, number> = { operator: 0, fallback: 1, rule: 2 };

function compareSources(a: MirrorImageSource, b: MirrorImageSource): number {
  if (a.kind === 'operator' || b.kind === 'operator') {
    if (a.kind !== b.kind) return a.kind === 'operator' ? -1 : 1;
    // manager before gencert: the manager names the image.
    return (a.component === OPERATOR_COMPONENT ? 0 : 1) - (b.component === OPERATOR_COMPONENT ? 0 : 1);
  }
  return compareCodeUnits(a.component, b.component)
    || compareCodeUnits(a.variant, b.variant)
    || compareCodeUnits(a.document ?? '', b.document ?? '')
    || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]
    || (a.ruleIndex ?? -1) - (b.ruleIndex ?? -1);
}

/** An image's sources: it has at least one, the one that names it. */
type Sources = [MirrorImageSource, ...MirrorImageSource[]];

type Unnamed = Omit<MirrorImage, 'name' | 'operatorSdkName' | 'sources'> & { readonly sources: Readonly<Sources> };

function describe(reference: string, sources: Sources): Unnamed {
  const kinds = [...new Set(sources.map((s) => s.kind))].sort((a, b) => KIND_ORDER[a] - KIND_ORDER[b]);
  const [first] = sources;
  const common = { reference, component: first.component, variant: first.variant, kinds, sources };
  // Names starting with "/" (empty base) are never valid; normalization would hide that.
  try {
    if (reference.startsWith('/')) parseReference(reference);
    const r = parseNormalizedReference(reference);
    const name = `${r.domain}/${r.path}`;
    const pullSpec = r.digest !== '' ? `${name}@${r.digest}` : r.tag !== '' ? `${name}:${r.tag}` : name;
    return { ...common, pullSpec, domain: r.domain, path: r.path, tag: r.tag, digest: r.digest };
  } catch (e) {
    const problem = e instanceof Error ? (e as { detail?: string }).detail ?? e.message : String(e);
    const at = reference.lastIndexOf('@');
    return {
      ...common, pullSpec: reference, domain: '', path: '', tag: '',
      digest: at >= 0 ? reference.slice(at + 1) : '', problem,
    };
  }
}

/** LINBIT rule: `<component>` when the image name equals the component, else `<component>_<image>`. */
export function envSuffixName(component: string, variant: string): string {
  const name = variant === component ? component : `${component}_${variant}`;
  return name === '' || name === '_' ? 'image' : name;
}

/** operator-sdk's derivation from `RELATED_IMAGE_<x>`: drop the prefix, `_` -> `-`, lower case. */
export function operatorSdkName(envName: string): string {
  const suffix = envName.startsWith('RELATED_IMAGE_') ? envName.slice('RELATED_IMAGE_'.length) : envName;
  const name = suffix.replace(/_/g, '-').toLowerCase();
  return name === '' ? 'image' : name;
}

/**
 * Gives every image both names, unique: a name shared by several images gets `_<tag>` (or
 * `-<tag>` for operator-sdk names; digest hex prefix when untagged) and, if still shared, `_2`,
 * `_3`, ... in reference order.
 */
function assignNames(images: Unnamed[]): MirrorImage[] {
  const names = uniquify(images, (i) => envSuffixName(i.sources[0].component, i.sources[0].variant), '_');
  const sdkNames = uniquify(images, (i) => operatorSdkName(i.sources[0].envName), '-').map((n) => n.toLowerCase());
  // uniquify returns one name per image, in the images' order.
  return images.map((img, i) => ({ ...img, name: names[i]!, operatorSdkName: sdkNames[i]! }));
}

function uniquify(images: readonly Unnamed[], baseName: (image: Unnamed) => string, sep: string): string[] {
  const counts = (names: readonly string[]) => {
    const m = new Map<string, number>();
    for (const n of names) m.set(n, (m.get(n) ?? 0) + 1);
    return m;
  };
  const base = images.map((image) => ({ image, name: baseName(image) }));
  const baseCount = counts(base.map((b) => b.name));
  const qualified = base.map(({ image, name: n }) => (baseCount.get(n) === 1 ? n : `${n}${sep}${qualifier(image)}`));
  const count = counts(qualified);
  const taken = new Set(qualified.filter((n) => count.get(n) === 1));
  return qualified.map((n) => {
    if (count.get(n) === 1) return n;
    let k = 1;
    let name = `${n}${sep}${k}`;
    while (taken.has(name)) name = `${n}${sep}${++k}`;
    taken.add(name);
    return name;
  });
}

function qualifier(img: Unnamed): string {
  if (img.tag !== '') return img.tag;
  if (img.digest !== '') {
    const hex = img.digest.slice(img.digest.indexOf(':') + 1);
    return hex.slice(0, 12);
  }
  return 'latest';
}
