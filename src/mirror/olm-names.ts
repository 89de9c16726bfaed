/**
 * Names of projected related images: the `<name>` of the pod-template annotation
 * `olm.relatedImage.<name>` that carries one `RELATED_IMAGE_*` pin, which is also the name of the
 * pin's `spec.relatedImages` entry. The key has no `/`, so the whole key is one Kubernetes name
 * segment: at most 63 characters, alphanumerics, `-`, `_` and `.`, alphanumeric at both ends. With
 * the 17-character prefix, `<name>` has at most 46.
 *
 * Pure: no cdk8s, no I/O.
 */
import { ErrorCodes, PiraeusError } from '../errors';
import { compareCodeUnits } from '../resolver/util';

/** The prefix of a projected related image's annotation key. */
export const RELATED_IMAGE_ANNOTATION_PREFIX = 'olm.relatedImage.';
/** Longest name segment of an annotation key (`k8s.io/apimachinery` IsQualifiedName). */
export const MAX_NAME_SEGMENT = 63;
/** Longest `<name>` of `olm.relatedImage.<name>`. */
export const MAX_RELATED_IMAGE_NAME = MAX_NAME_SEGMENT - RELATED_IMAGE_ANNOTATION_PREFIX.length;
/** Longest prefix (a DNS-1123 subdomain) of a qualified annotation key. */
const MAX_KEY_PREFIX = 253;

const NAME_SEGMENT = /^[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;

/** Why `segment` is not a name segment Kubernetes accepts, or undefined when it is one. */
export function nameSegmentProblem(segment: string, max: number = MAX_NAME_SEGMENT): string | undefined {
  if (segment === '') return 'it is empty';
  if (segment.length > max) return `it has ${segment.length} characters, at most ${max} fit`;
  const bad = [...new Set([...segment].filter((c) => !/[-A-Za-z0-9_.]/.test(c)))];
  if (bad.length) return `it contains ${bad.map((c) => JSON.stringify(c)).join(', ')} (only letters, digits, "-", "_" and "." are allowed)`;
  if (!NAME_SEGMENT.test(segment)) return 'it must begin and end with a letter or digit';
  return undefined;
}

/** Why `name` cannot be the `<name>` of `olm.relatedImage.<name>`, or undefined. */
export function relatedImageNameProblem(name: string): string | undefined {
  return nameSegmentProblem(name, MAX_RELATED_IMAGE_NAME);
}

/**
 * Why `key` is not an annotation key Kubernetes accepts (`[prefix/]name`: the prefix a DNS-1123
 * subdomain of at most 253 characters, the name a segment of at most 63), or undefined.
 */
export function annotationKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  if (slash < 0) return nameSegmentProblem(key);
  if (key.indexOf('/', slash + 1) >= 0) return 'it has more than one "/"';
  const prefix = key.slice(0, slash);
  if (prefix === '') return 'its prefix before "/" is empty';
  if (prefix.length > MAX_KEY_PREFIX) return `its prefix has ${prefix.length} characters, at most ${MAX_KEY_PREFIX} fit`;
  if (!DNS_SUBDOMAIN.test(prefix)) return `its prefix ${JSON.stringify(prefix)} is not a DNS subdomain (lower-case letters, digits, "-" and ".")`;
  const problem = nameSegmentProblem(key.slice(slash + 1));
  return problem === undefined ? undefined : `its name after "/": ${problem}`;
}

/** The annotation key of a projected related image: `olm.relatedImage.<name>`. */
export function relatedImageAnnotationKey(name: string): string {
  return RELATED_IMAGE_ANNOTATION_PREFIX + name;
}

/** One pin to name: its variable and the component and variant it stands for. */
export interface RelatedImageSlot {
  /** The variable, `RELATED_IMAGE_<component>_<variant>`. */
  readonly envName: string;
  /** Component (placeholder). */
  readonly component: string;
  /** The variant's image name. */
  readonly variant: string;
}

/**
 * The readable name of a (component, variant): the component alone when the variant's image has
 * the component's name (`linstor-controller`), else `<component>_<variant>`
 * (`drbd-module-loader_drbd9-jammy`), as LINBIT names its related images.
 */
export function shortRelatedImageName(component: string, variant: string): string {
  return variant === component ? component : `${component}_${variant}`;
}

/** The name that is unique by construction: the variable name without `RELATED_IMAGE_`. */
function fullName(slot: RelatedImageSlot): string {
  return slot.envName.startsWith('RELATED_IMAGE_') ? slot.envName.slice('RELATED_IMAGE_'.length) : slot.envName;
}

/** Options of `relatedImageNames`. */
export interface RelatedImageNameOptions {
  /**
   * Names chosen by the user, by variable name (`RELATED_IMAGE_...`): for a name that would not
   * fit, or to keep a name stable.
   * @default - none
   */
  readonly names?: Readonly<Record<string, string>>;
  /** Where the pins come from (a construct path), for errors. */
  readonly where?: string;
}

/**
 * Names every slot, collision-free and stable (the same slots give the same names, whatever
 * their order): the short name unless another slot's name is the same, then the variable's
 * suffix (`a_b` + component `a_b` image `a_b` would otherwise share `a_b` with component `a`
 * image `b`). User names win and must be unique too.
 *
 * @returns names by variable name
 * @throws PiraeusError INVALID_PROPS, located at the component, when a name does not fit (more than
 *   46 characters, a character outside `[-A-Za-z0-9_.]`, a non-alphanumeric first or last
 *   character; the message names the `names` entry that fixes it), when two user names or a user
 *   name and a derived one are the same, or when a user name is given for an unknown variable
 */
export function relatedImageNames(slots: readonly RelatedImageSlot[], options: RelatedImageNameOptions = {}): Map<string, string> {
  const given = options.names ?? {};
  const ordered = [...slots].sort((a, b) => compareCodeUnits(a.envName, b.envName));
  const known = new Set(ordered.map((s) => s.envName));
  for (const envName of Object.keys(given).sort(compareCodeUnits)) {
    if (!known.has(envName)) {
      throw new PiraeusError(ErrorCodes.INVALID_PROPS,
        `names has an entry for ${envName}, which is not a projected variable; projected: ${[...known].join(', ') || 'none'}`,
        { path: options.where });
    }
  }
  const names = new Map<string, string>();
  const full = new Set<string>();
  for (const s of ordered) {
    const own = given[s.envName];
    names.set(s.envName, own ?? shortRelatedImageName(s.component, s.variant));
    if (own !== undefined) full.add(s.envName);
  }
  // Switch to the unique suffix until no derived name is shared; each switch is final, so it ends.
  for (let changed = true; changed;) {
    changed = false;
    const count = new Map<string, number>();
    for (const n of names.values()) count.set(n, (count.get(n) ?? 0) + 1);
    for (const s of ordered) {
      if (full.has(s.envName) || count.get(names.get(s.envName)!) === 1) continue;
      names.set(s.envName, fullName(s));
      full.add(s.envName);
      changed = true;
    }
  }
  const owner = new Map<string, string>();
  for (const s of ordered) {
    const name = names.get(s.envName)!;
    const where = { path: options.where, component: s.component };
    const problem = relatedImageNameProblem(name);
    if (problem !== undefined) {
      throw new PiraeusError(ErrorCodes.INVALID_PROPS,
        `the related-image name ${JSON.stringify(name)} of ${s.envName} (variant "${s.variant}") cannot be the <name> of `
        + `${RELATED_IMAGE_ANNOTATION_PREFIX}<name>: ${problem}; name it yourself with `
        + `RelatedImages.projected({ names: { ${JSON.stringify(s.envName)}: "..." } })`, where);
    }
    const other = owner.get(name);
    if (other !== undefined) {
      throw new PiraeusError(ErrorCodes.INVALID_PROPS,
        `${s.envName} and ${other} would both be named ${JSON.stringify(name)}; give them different names`, where);
    }
    owner.set(name, s.envName);
  }
  return names;
}
