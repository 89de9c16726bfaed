/**
 * libyaml's character classes (yamlprivateh.go in go-yaml v2.4: is_blank, is_break, is_blankz,
 * is_alpha), for the modules that re-scan text the way libyaml does. `undefined` is the end of
 * the text, which is_blankz counts as a blank.
 */

/** A space or a tab. */
export function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

/** A line break (after the decoder's normalisation, LF or CR). */
export function isBreak(c: string | undefined): boolean {
  return c === '\n' || c === '\r';
}

/** A blank, a line break or the end of the text. */
export function isBlankz(c: string | undefined): boolean {
  return c === undefined || isBlank(c) || isBreak(c);
}

/** A character of an anchor name or tag handle: a letter, a digit, `_` or `-`. */
export function isAlpha(c: string | undefined): boolean {
  return c !== undefined && /[0-9A-Za-z_-]/.test(c);
}
