/**
 * Operator release versions as upstream tags them (`v2.10.4`), and their order. Pure.
 */

/** A parsed `vMAJOR.MINOR.PATCH[-PRE]` tag. */
export interface ReleaseVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** Pre-release suffix without the dash (`rc.1`), or '' for a release. */
  readonly pre: string;
  /** The tag as written (`v2.10.4`). */
  readonly tag: string;
}

const TAG = /^v(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})(?:-([0-9A-Za-z.-]{1,64}))?$/;

/** Parses an upstream tag; `undefined` for anything else (a digest, `latest`, a branch name). */
export function parseReleaseVersion(tag: string): ReleaseVersion | undefined {
  const m = TAG.exec(tag);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre: m[4] ?? '', tag };
}

/** Orders versions as semver does: a pre-release sorts before its release. */
export function compareReleaseVersions(a: ReleaseVersion, b: ReleaseVersion): number {
  const d = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (d !== 0) return d;
  if (a.pre === b.pre) return 0;
  if (a.pre === '') return 1;
  if (b.pre === '') return -1;
  return a.pre < b.pre ? -1 : 1;
}

/** True when `v` is at or after `major.minor.patch` (pre-releases of that version count as before). */
export function atLeast(v: ReleaseVersion, major: number, minor: number, patch: number): boolean {
  return compareReleaseVersions(v, { major, minor, patch, pre: '', tag: '' }) >= 0;
}
