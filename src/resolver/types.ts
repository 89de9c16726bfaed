/**
 * The data model of the operator's image configuration, as the operator decodes it
 * (`pkg/imageversions`: Config, ComponentConfig, OsMatch), plus what the resolver returns.
 *
 * Pure data: no cdk8s, no I/O.
 */
import { SourceLocation } from '../errors';

/** One `match` rule of a component (Go `OsMatch`). */
export interface OsMatch {
  /** Regular expression (Go RE2) tested against the node's `status.nodeInfo.osImage`. */
  readonly osImage: string;
  /** Image name used under the base when the rule matches. */
  readonly image: string;
  /** Whether the image ships precompiled DRBD modules. */
  readonly precompiled: boolean;
  /** Digest of the rule's image; the component digest is never inherited. */
  readonly digest: string;
  /** 1-based line of the rule in its ConfigMap entry, when decoded from text. */
  readonly line?: number;
}

/** One component of a document (Go `ComponentConfig`). */
export interface ComponentConfig {
  /** Tag used by the fallback image and by every match rule. */
  readonly tag: string;
  /** Fallback image name under the base; empty means "no fallback". */
  readonly image: string;
  /** Digest of the fallback image. */
  readonly digest: string;
  /** OS-specific rules, first match wins. */
  readonly match: readonly OsMatch[];
  /** 1-based line of the component key in its ConfigMap entry, when decoded from text. */
  readonly line?: number;
}

/** One decoded image-config document: one ConfigMap data entry (Go `Config`). */
export interface ImageConfigDocument {
  /** ConfigMap data key the document came from (determines its order). */
  readonly key: string;
  /** Registry/namespace prefix of the document's images. */
  readonly base: string;
  /** Line of the `base` key, when decoded from text. */
  readonly baseLine?: number;
  /** Components by placeholder name. A Map, so hostile names such as `__proto__` are plain keys. */
  readonly components: ReadonlyMap<string, ComponentConfig>;
}

/** Severity of a diagnostic. */
export type Severity = 'warning' | 'error';

/**
 * Something the operator tolerates silently but a user almost certainly did not mean
 * (or, with severity error, something that stops synthesis).
 */
export interface Diagnostic {
  /** Stable code, e.g. `PATTERN_INVALID`. See `DiagnosticCodes`. */
  readonly code: string;
  /** `warning` unless stated otherwise. */
  readonly severity: Severity;
  /** What is wrong and what to do about it. */
  readonly message: string;
  /** Where it is. */
  readonly location: SourceLocation;
}

/** Stable diagnostic codes. Never rename one, only add. */
export const DiagnosticCodes = {
  /** A match pattern does not compile as Go RE2; the operator treats it as "no match". */
  PATTERN_INVALID: 'PATTERN_INVALID',
  /** A number, boolean or null where a string belongs was turned into a string (`1.10` -> `1.1`). */
  SCALAR_COERCED: 'SCALAR_COERCED',
  /** A key the operator does not know is ignored (`tagg`, `images`). */
  UNKNOWN_KEY: 'UNKNOWN_KEY',
  /** A key appears twice in one mapping; the last one wins. */
  DUPLICATE_KEY: 'DUPLICATE_KEY',
  /** A key spelled with other letter case than documented (`Tag`, `OSIMAGE`); it still works. */
  KEY_CASE: 'KEY_CASE',
  /** Several spellings of one field (`image` and `Image`); the byte-wise last one wins. */
  KEY_SPELLING_CONFLICT: 'KEY_SPELLING_CONFLICT',
  /** An entry holds more than one YAML document; only the first is used. */
  EXTRA_DOCUMENTS: 'EXTRA_DOCUMENTS',
  /** A resolved image has neither tag nor digest: the runtime pulls `latest`. */
  UNTAGGED_IMAGE: 'UNTAGGED_IMAGE',
  /** The effective base is empty, so the image name starts with `/`. */
  EMPTY_BASE: 'EMPTY_BASE',
  /** Data keys sort in a surprising order (`10_x` before `2_x`). */
  KEY_ORDER: 'KEY_ORDER',
  /** A digest in the configuration is not `algorithm:hex` of the right length. */
  DIGEST_MALFORMED: 'DIGEST_MALFORMED',
  /** A resolved image is not a valid reference by the distribution grammar. */
  REFERENCE_INVALID: 'REFERENCE_INVALID',
  /** A component value or match element is null; it is an empty component or rule. */
  NULL_VALUE: 'NULL_VALUE',
  /** An environment variable given has no effect (not RELATED_IMAGE_*, or no such component). */
  ENV_UNUSED: 'ENV_UNUSED',
  /** A component has no image and no rule that matches; it yields nothing. */
  NO_IMAGE: 'NO_IMAGE',
  /** A document defining linstor-satellite after the one the external version is applied to. */
  EXTERNAL_VERSION_SHADOWED: 'EXTERNAL_VERSION_SHADOWED',
  /** A variant cannot be pinned through RELATED_IMAGE_* without changing what runs. */
  PIN_SKIPPED: 'PIN_SKIPPED',
  /** A resolved image is itself another component's placeholder (which wins is undefined). */
  PLACEHOLDER_COLLISION: 'PLACEHOLDER_COLLISION',
  /**
   * A component name that kustomize cannot compile as a placeholder pattern (`^` + the unescaped
   * name + a tag/digest suffix, e.g. for `bad(`): kustomize panics or never matches it.
   */
  PLACEHOLDER_PATTERN_INVALID: 'PLACEHOLDER_PATTERN_INVALID',
  /**
   * A component name whose placeholder pattern compiles but does not match the name itself
   * (`a+b`, `x\\d`, a float key that becomes `6.777217e+06`): its placeholder is never replaced.
   */
  PLACEHOLDER_UNMATCHED: 'PLACEHOLDER_UNMATCHED',
  /** A ConfigMap entry that is empty, only comments, or null: accepted, and contributes nothing. */
  EMPTY_DOCUMENT: 'EMPTY_DOCUMENT',
  /** A ConfigMap data key the API server would reject. */
  INVALID_KEY: 'INVALID_KEY',
  /** A YAML tag or construct the operator's decoder handles unusually (anchors, merge keys, tags). */
  YAML_FEATURE: 'YAML_FEATURE',
  /**
   * A component that is no image placeholder of the release's workloads (`linstor-controler`): the
   * operator never uses it. The nearest known name is suggested.
   */
  UNKNOWN_COMPONENT_NAME: 'UNKNOWN_COMPONENT_NAME',
  /**
   * A later document gives a component its own fallback `image`, so none of the component's
   * earlier match rules is used any more: lists the rules, variants and RELATED_IMAGE_* variables
   * that no longer apply and the well-known OS images that now resolve differently.
   */
  RULES_REPLACED: 'RULES_REPLACED',
  /** A repository (`--repository`) the constructs refuse: trailing "/", a scheme, a tag or digest. */
  REPOSITORY_INVALID: 'REPOSITORY_INVALID',
  /** An external controller version (`--external-version`) that makes a wrong tag (`v1.31.2` gives `vv1.31.2`). */
  EXTERNAL_VERSION_INVALID: 'EXTERNAL_VERSION_INVALID',
  /**
   * A value of a reachable variant's kustomize entry that the operator cannot write into its
   * kustomization (a character such as U+007F, or U+0085 followed by `---`): kustomize never
   * runs, so the operator renders no workloads for the nodes that use it.
   */
  KUSTOMIZATION_INVALID: 'KUSTOMIZATION_INVALID',
} as const;

/** A kustomize `images:` entry, as the operator builds it. Empty fields are `""`. */
export interface ImageEntry {
  /** Placeholder (component key) the entry replaces. */
  readonly name: string;
  /** New image name; empty keeps the placeholder name. */
  readonly newName: string;
  /** New tag; may be empty. */
  readonly newTag: string;
  /** Digest; may be empty. */
  readonly digest: string;
}

/** Why the base of an entry is what it is. */
export type BaseSource = 'repository' | 'document';

/** Where a resolved entry came from. */
export interface Provenance {
  /** ConfigMap key of the document that produced the winning entry. */
  readonly document: string;
  /** Component key. */
  readonly component: string;
  /** The match rule that decided, or undefined when the component's fallback image was used. */
  readonly rule?: { readonly index: number; readonly pattern: string };
  /** Image name looked up (the rule's or the component's `image`). */
  readonly variant: string;
  /** The environment variable whose value replaced the entry, if one did. */
  readonly envVar?: string;
  /** Base used to build `newName` (empty when an environment variable decided). */
  readonly base: string;
  /** `repository` when `spec.repository` replaced the document base, else `document`. */
  readonly baseSource: BaseSource;
  /** True when the tag came from the external LINSTOR controller's version. */
  readonly externalVersion: boolean;
  /** Precompiled flag of the deciding rule. */
  readonly precompiled: boolean;
}

/** One resolved component: the kustomize entry, the rendered image string and why. */
export interface ResolvedImage extends ImageEntry {
  /** What kustomize writes into a container whose image is the bare placeholder. */
  readonly image: string;
  /** How the entry was chosen. */
  readonly provenance: Provenance;
}

/** The resolution for one OS string. */
export interface Resolution {
  /** The node OS string resolved for (`""` for cluster-level workloads). */
  readonly osImage: string;
  /** OR of every document's precompiled flag (satellite controller only uses it). */
  readonly precompiled: boolean;
  /** One entry per component that resolves, sorted by name (code-unit order). */
  readonly images: readonly ResolvedImage[];
}
