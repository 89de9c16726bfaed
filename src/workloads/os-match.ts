/**
 * How a component's image was chosen for a node's OS string, and what to do on OS families whose
 * hosts cannot use the module loader as shipped. Shared by `explain`, `report` and the preview.
 */
import { ImageConfigDocument, Provenance } from '../resolver/types';
import { compareCodeUnits } from '../resolver/util';

/**
 * `rule`: a match rule decided; `fallback-no-rule-matched`: the component has match rules but
 * none matches the OS string, so its fallback image is used; `fallback-no-rules`: the component
 * has no match rules at all (its image is the only one).
 */
export type MatchKind = 'rule' | 'fallback-no-rule-matched' | 'fallback-no-rules';

/** The component that loads DRBD on the host (the init container of every satellite). */
export const LOADER_COMPONENT = 'drbd-module-loader';

/** The match kind of a resolved entry, judged against the documents the resolver used. */
export function matchKind(provenance: Provenance, documents: readonly ImageConfigDocument[]): MatchKind {
  if (provenance.rule) return 'rule';
  const config = documents.find((d) => d.key === provenance.document)?.components.get(provenance.component);
  return config && config.match.length > 0 ? 'fallback-no-rule-matched' : 'fallback-no-rules';
}

/** An OS family whose hosts usually need another way of loading DRBD than the default loader. */
export interface LoaderOsFamily {
  /** Display name. */
  readonly family: string;
  /** Tested against `status.nodeInfo.osImage`. */
  readonly osImage: RegExp;
  /** What to do, in one sentence. */
  readonly hint: string;
}

/**
 * The families, first match wins. The advice follows the upstream Piraeus how-to guides (Talos,
 * Flatcar, "disable the DRBD module loader") where there is one.
 */
export const LOADER_OS_FAMILIES: readonly LoaderOsFamily[] = [
  {
    family: 'Talos Linux',
    osImage: /^Talos\b/i,
    hint: 'the host has no kernel headers to build DRBD: ship DRBD as the drbd system extension of the Talos image '
      + '(usermode_helper=disabled) and delete the drbd-module-loader init container in a LinstorSatelliteConfiguration podTemplate',
  },
  {
    family: 'Flatcar Container Linux',
    osImage: /Flatcar/i,
    hint: '/usr is read-only and has no /usr/src: the loader can build DRBD once a LinstorSatelliteConfiguration podTemplate '
      + 'removes the usr-src volume and its mount from drbd-module-loader; or load DRBD on the host and delete the init container',
  },
  {
    family: 'Bottlerocket',
    osImage: /Bottlerocket/i,
    hint: 'an immutable host without kernel headers: DRBD has to come with the host image, and the drbd-module-loader '
      + 'init container is deleted in a LinstorSatelliteConfiguration podTemplate',
  },
  {
    family: 'Fedora CoreOS',
    osImage: /Fedora CoreOS/i,
    hint: 'an immutable host: give drbd-module-loader an image built for this kernel in a LinstorSatelliteConfiguration '
      + 'podTemplate, or load DRBD on the host and delete the init container',
  },
  {
    family: 'SUSE Linux',
    osImage: /SUSE|SLES|SLE Micro/i,
    hint: 'there is no SUSE loader image, so the fallback is built for another distribution: give drbd-module-loader '
      + 'an image for this kernel (a match rule or a LinstorSatelliteConfiguration podTemplate), or load DRBD on the host '
      + 'and delete the init container',
  },
];

/** The family an OS string belongs to, if it is one of `LOADER_OS_FAMILIES`. */
export function loaderOsFamily(osImage: string): LoaderOsFamily | undefined {
  return LOADER_OS_FAMILIES.find((f) => f.osImage.test(osImage));
}

/** Components that fell back because no OS rule matched, and the family hint when the loader is one of them. */
export interface NoOsRuleMatched {
  /** The components, sorted. */
  readonly components: readonly string[];
  /** The OS family (`LOADER_OS_FAMILIES`), when the loader fell back on one. */
  readonly family?: string;
  /** What to do on that family. */
  readonly hint?: string;
}

/** The note for one OS string, or undefined when every component with rules matched one. */
export function noOsRuleMatched(
  osImage: string, kinds: ReadonlyArray<{ readonly component: string; readonly match: MatchKind }>,
): NoOsRuleMatched | undefined {
  const components = [...new Set(kinds.filter((k) => k.match === 'fallback-no-rule-matched').map((k) => k.component))].sort(compareCodeUnits);
  if (components.length === 0) return undefined;
  const family = components.includes(LOADER_COMPONENT) ? loaderOsFamily(osImage) : undefined;
  return family ? { components, family: family.family, hint: family.hint } : { components };
}

/** The note as one line: `no OS rule matched for drbd-module-loader: the fallback is used. Talos Linux: ...`. */
export function formatNoOsRuleMatched(note: NoOsRuleMatched): string {
  const head = `no OS rule matched for ${note.components.join(', ')}: the fallback image is used`;
  return note.family ? `${head}. ${note.family}: ${note.hint}` : head;
}
