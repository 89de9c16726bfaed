/**
 * The one error type of cdk8s-piraeus.
 *
 * Every user mistake surfaces as a `PiraeusError` with a stable `code` and a message that names
 * where the problem is (ConfigMap key and line, component, construct path) and what to do.
 */

/** Where a problem is. Every field is optional; the message names the ones that are set. */
export interface SourceLocation {
  /** ConfigMap data key (document) the problem is in. */
  readonly key?: string;
  /** 1-based line inside that entry. */
  readonly line?: number;
  /** 1-based column inside that entry. */
  readonly column?: number;
  /** Component (image placeholder) the problem concerns. */
  readonly component?: string;
  /** Construct path, CLI option or file the problem came from. */
  readonly path?: string;
}

/** Renders a location as `key:line:column (component x) at path`. */
export function formatLocation(loc: SourceLocation | undefined): string {
  if (!loc) return '';
  const parts: string[] = [];
  if (loc.key !== undefined) {
    let where = `ConfigMap key "${loc.key}"`;
    if (loc.line !== undefined) where += ` line ${loc.line}`;
    if (loc.column !== undefined) where += ` column ${loc.column}`;
    parts.push(where);
  }
  if (loc.component !== undefined) parts.push(`component "${loc.component}"`);
  if (loc.path !== undefined) parts.push(`at ${loc.path}`);
  return parts.join(', ');
}

/** One problem as one line: `<where>: <message> [CODE]`, line breaks folded. */
export function formatProblem(location: SourceLocation | undefined, message: string, code: string): string {
  const where = formatLocation(location);
  return `${where ? `${where}: ` : ''}${message.replace(/\s*\n\s*/g, ' ').trim()} [${code}]`;
}

/** The first line of a message (a parser's error often appends a code excerpt below it). */
export function firstLine(message: string): string {
  const end = message.indexOf('\n');
  return end < 0 ? message : message.slice(0, end);
}

/**
 * Stable error codes. Tools may match on them; never rename one, only add.
 */
export const ErrorCodes = {
  /** A ConfigMap entry is not valid YAML (syntax, tabs for indentation, bad escapes). */
  YAML_SYNTAX: 'YAML_SYNTAX',
  /** A ConfigMap entry decodes to the wrong type (e.g. `precompiled: "true"`, `components: []`). */
  DECODE_TYPE: 'DECODE_TYPE',
  /** An external LINSTOR version was given but no document defines `linstor-satellite`. */
  NO_SATELLITE_COMPONENT: 'NO_SATELLITE_COMPONENT',
  /** An image reference does not follow the distribution/reference grammar. */
  INVALID_REFERENCE: 'INVALID_REFERENCE',
  /** A digest is not `algorithm:hex` of the right length. */
  INVALID_DIGEST: 'INVALID_DIGEST',
  /** A construct property is invalid. */
  INVALID_PROPS: 'INVALID_PROPS',
  /** Input that is not what was expected (not a ConfigMap, no data, binary, ...). */
  INVALID_INPUT: 'INVALID_INPUT',
  /** An environment variable name or value is malformed. */
  INVALID_ENV: 'INVALID_ENV',
  /** An override or pin names a component no document defines. */
  UNKNOWN_COMPONENT: 'UNKNOWN_COMPONENT',
  /** A pin names a variant (image) the component does not have. */
  UNKNOWN_VARIANT: 'UNKNOWN_VARIANT',
  /** The same override was given twice. */
  DUPLICATE_OVERRIDE: 'DUPLICATE_OVERRIDE',
  /** A file could not be read. */
  FILE_UNREADABLE: 'FILE_UNREADABLE',
  /** A digest lock file or line is malformed. */
  INVALID_LOCK: 'INVALID_LOCK',
  /** `requireDigests` is set and some images have no digest. */
  DIGEST_REQUIRED: 'DIGEST_REQUIRED',
  /** A node inventory is malformed. */
  INVALID_NODES: 'INVALID_NODES',
  /** A manifest is not a Piraeus Operator install (or holds duplicate objects, or no readable version). */
  INVALID_RELEASE: 'INVALID_RELEASE',
  /** A release version that is not built in. */
  UNKNOWN_RELEASE: 'UNKNOWN_RELEASE',
  /** Something the chosen release's operator cannot do (a digest before v2.9.0, ...). */
  RELEASE_CAPABILITY: 'RELEASE_CAPABILITY',
  /** Two constructs of one app emit the same object (group, kind, namespace, name). */
  DUPLICATE_OBJECT: 'DUPLICATE_OBJECT',
  /** A StorageClass or VolumeSnapshotClass parameter LINSTOR CSI (or the operator's webhook) would reject. */
  INVALID_STORAGE_CLASS: 'INVALID_STORAGE_CLASS',
} as const;

export type ErrorCode = typeof ErrorCodes[keyof typeof ErrorCodes];

/** The single error type thrown by cdk8s-piraeus for anything a user can get wrong. */
export class PiraeusError extends Error {
  /** Stable machine-readable code, one of `ErrorCodes`. */
  public readonly code: ErrorCode;
  /** Where the problem is. */
  public readonly location?: SourceLocation;
  /** The problem alone, without the location prefix. */
  public readonly detail: string;

  public constructor(code: ErrorCode, detail: string, location?: SourceLocation) {
    const where = formatLocation(location);
    super(where ? `${where}: ${detail}` : detail);
    this.name = 'PiraeusError';
    this.code = code;
    this.detail = detail;
    this.location = location;
  }
}
