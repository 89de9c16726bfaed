/**
 * Scalar resolution exactly as go-yaml v2 (`resolve.go`, the library under `sigs.k8s.io/yaml`)
 * does it, plus the to-string coercion `sigs.k8s.io/yaml` applies when the Go target is a string.
 *
 * A plain (unquoted, untagged) scalar is resolved by its first byte:
 *  - found in the fixed table (`~`, `null`, `yes`, `On`, `.inf`, `.NaN`, `<<` is NOT reachable, ...)
 *    -> null / bool / float;
 *  - first byte a digit or sign: timestamp check (`YYYY-...` in four Go layouts, stays text), then
 *    with all `_` removed Go `ParseInt(s, 0, 64)` (prefixes 0x 0o 0b, leading 0 = octal, sign),
 *    `ParseUint(s, 0, 64)`, the float regexp + `ParseFloat` (overflow -> not a float), then the
 *    legacy `0b`/`-0b` binary forms;
 *  - first byte `.`: `ParseFloat` of the text;
 *  - anything else: a string.
 * Explicit tags (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!timestamp`, `!!binary`, custom)
 * follow `resolve(tag, in)` and the decoder's binary handling.
 *
 * Pure; no I/O.
 */
import { formatFloat32 } from './float32';

/** Result of resolving one YAML scalar the way the operator's YAML library does. */
export type GoScalar =
  | { readonly kind: 'null'; readonly text: string }
  | { readonly kind: 'bool'; readonly text: string; readonly value: boolean }
  /** Go `int` (int64 range) or, with `unsigned`, Go `uint64` (values >= 2^63). */
  | { readonly kind: 'int'; readonly text: string; readonly value: bigint; readonly unsigned: boolean }
  | { readonly kind: 'float'; readonly text: string; readonly value: number }
  | { readonly kind: 'string'; readonly text: string; readonly value: string }
  /** Timestamp-like: go-yaml v2 hands the original text to `interface{}` targets. */
  | { readonly kind: 'timestamp'; readonly text: string; readonly value: string };

export const TAG_PREFIX = 'tag:yaml.org,2002:';
export const STR_TAG = TAG_PREFIX + 'str';
export const BOOL_TAG = TAG_PREFIX + 'bool';
export const INT_TAG = TAG_PREFIX + 'int';
export const FLOAT_TAG = TAG_PREFIX + 'float';
export const NULL_TAG = TAG_PREFIX + 'null';
export const TIMESTAMP_TAG = TAG_PREFIX + 'timestamp';
export const BINARY_TAG = TAG_PREFIX + 'binary';
export const MERGE_TAG = TAG_PREFIX + 'merge';

/** go-yaml's failure for a tagged scalar that does not fit its tag, or bad `!!binary` data. */
export class ScalarResolveError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'ScalarResolveError';
  }
}

/** Go `shortTag`: `tag:yaml.org,2002:int` -> `!!int`. */
export function shortTag(tag: string): string {
  return tag.startsWith(TAG_PREFIX) ? '!!' + tag.slice(TAG_PREFIX.length) : tag;
}

// ---------------------------------------------------------------------------------------------
// The fixed table (resolveMap)

type MapItem = { kind: 'null' } | { kind: 'bool'; value: boolean } | { kind: 'float'; value: number };
const RESOLVE_MAP = new Map<string, MapItem>();
for (const s of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) {
  RESOLVE_MAP.set(s, { kind: 'bool', value: true });
}
for (const s of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']) {
  RESOLVE_MAP.set(s, { kind: 'bool', value: false });
}
for (const s of ['', '~', 'null', 'Null', 'NULL']) RESOLVE_MAP.set(s, { kind: 'null' });
for (const s of ['.nan', '.NaN', '.NAN']) RESOLVE_MAP.set(s, { kind: 'float', value: NaN });
for (const s of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) RESOLVE_MAP.set(s, { kind: 'float', value: Infinity });
for (const s of ['-.inf', '-.Inf', '-.INF']) RESOLVE_MAP.set(s, { kind: 'float', value: -Infinity });
// "<<" is in Go's map too (merge tag), but its first byte '<' has no hint, so it is never looked up.

/** go-yaml's resolveTable hint for the first byte. */
function hintOf(s: string): string {
  if (s === '') return 'N';
  const c = s.charCodeAt(0);
  if (c === 0x2b || c === 0x2d) return 'S'; // + -
  if (c >= 0x30 && c <= 0x39) return 'D';
  if ('yYnNtTfFoO~'.includes(s[0]!)) return 'M';
  if (c === 0x2e) return '.';
  return '';
}

// ---------------------------------------------------------------------------------------------
// strconv emulation (exact, BigInt)

const MAX_UINT64 = (1n << 64n) - 1n;
const INT64_CUTOFF = 1n << 63n;

type NumResult = { ok: true; value: bigint } | { ok: false; range: boolean };

function lower(c: string): string {
  return c.length === 1 && c >= 'A' && c <= 'Z' ? c.toLowerCase() : c;
}

/** Go `underscoreOK`: underscores only between digits or after a base prefix. */
export function underscoreOK(s0: string): boolean {
  let s = s0;
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && (lower(s[1]!) === 'b' || lower(s[1]!) === 'o' || lower(s[1]!) === 'x')) {
    i = 2;
    saw = '0';
    hex = lower(s[1]!) === 'x';
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if ((c >= '0' && c <= '9') || (hex && lower(c) >= 'a' && lower(c) <= 'f')) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** Go `strconv.ParseUint(s, base, 64)` for base 0 or 2..36. */
export function goParseUint(s0: string, base: number): NumResult {
  if (s0 === '') return { ok: false, range: false };
  const base0 = base === 0;
  let s = s0;
  let b = base;
  if (base0) {
    b = 10;
    if (s[0] === '0') {
      if (s.length >= 3 && lower(s[1]!) === 'b') {
        b = 2;
        s = s.slice(2);
      } else if (s.length >= 3 && lower(s[1]!) === 'o') {
        b = 8;
        s = s.slice(2);
      } else if (s.length >= 3 && lower(s[1]!) === 'x') {
        b = 16;
        s = s.slice(2);
      } else {
        b = 8;
        s = s.slice(1);
      }
    }
  }
  const bb = BigInt(b);
  let n = 0n;
  let underscores = false;
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    let d: number;
    if (ch === '_' && base0) {
      underscores = true;
      continue;
    } else if (c >= 0x30 && c <= 0x39) {
      d = c - 0x30;
    } else if (ch.length === 1 && lower(ch) >= 'a' && lower(ch) <= 'z') {
      d = lower(ch).charCodeAt(0) - 0x61 + 10;
    } else {
      return { ok: false, range: false };
    }
    if (d >= b) return { ok: false, range: false };
    n = n * bb + BigInt(d);
    if (n > MAX_UINT64) return { ok: false, range: true };
  }
  if (underscores && !underscoreOK(s0)) return { ok: false, range: false };
  return { ok: true, value: n };
}

/** Go `strconv.ParseInt(s, base, 64)`. */
export function goParseInt(s0: string, base: number): NumResult {
  if (s0 === '') return { ok: false, range: false };
  let s = s0;
  let neg = false;
  if (s[0] === '+') s = s.slice(1);
  else if (s[0] === '-') {
    neg = true;
    s = s.slice(1);
  }
  const un = goParseUint(s, base);
  if (!un.ok && !un.range) return un;
  const value = un.ok ? un.value : MAX_UINT64;
  if (!neg && value >= INT64_CUTOFF) return { ok: false, range: true };
  if (neg && value > INT64_CUTOFF) return { ok: false, range: true };
  if (!un.ok) return { ok: false, range: true };
  return { ok: true, value: neg ? -value : value };
}

/**
 * Go `strconv.ParseFloat(s, 64)` for decimal input (what go-yaml ever passes it): optional sign,
 * digits with at most one `.`, optional exponent, Go underscores rules; `inf`/`nan` words too.
 * Returns undefined on a syntax or range error (overflow to ±Inf is a range error).
 */
export function goParseFloat(s: string): number | undefined {
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(s);
  if (special) {
    if (special[2]!.toLowerCase() === 'nan') return NaN;
    return special[1] === '-' ? -Infinity : Infinity;
  }
  // Hexadecimal floats are never produced by the callers' inputs in a way that matters:
  // go-yaml only reaches ParseFloat with a leading '.' or after its decimal regexp.
  const m = /^[+-]?([0-9_]*)(?:\.([0-9_]*))?(?:[eE][+-]?[0-9][0-9_]*)?$/.exec(s);
  if (!m) return undefined;
  const mantDigits = (m[1] ?? '') + (m[2] ?? '');
  if (!/[0-9]/.test(mantDigits)) return undefined;
  if (s.includes('_') && !underscoreOK(s)) return undefined;
  const v = Number(s.replace(/_/g, ''));
  if (!Number.isFinite(v)) return undefined; // overflow: Go returns ±Inf with ErrRange
  return v;
}

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

// ---------------------------------------------------------------------------------------------
// Timestamps (go-yaml v2 parseTimestamp over Go time.Parse)

function isDigit(s: string, i: number): boolean {
  return i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39;
}

/** Go time.go getnum: one or two digits (two if present). */
function getnum(s: string): { n: number; rest: string } | undefined {
  if (!isDigit(s, 0)) return undefined;
  if (!isDigit(s, 1)) return { n: s.charCodeAt(0) - 0x30, rest: s.slice(1) };
  return { n: (s.charCodeAt(0) - 0x30) * 10 + (s.charCodeAt(1) - 0x30), rest: s.slice(2) };
}

function daysIn(month: number, year: number): number {
  if (month === 2) {
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    return leap ? 29 : 28;
  }
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** Parses a fractional second `[.,]digits` if present; returns the rest. */
function fracSecond(v: string): string {
  if (v.length >= 2 && (v[0] === '.' || v[0] === ',') && isDigit(v, 1)) {
    let i = 1;
    while (isDigit(v, i)) i++;
    return v.slice(i);
  }
  return v;
}

/** One layout attempt. layout: 'T' | 't' | ' ' (date-time) or 'date'. */
function parseLayout(s: string, layout: 'T' | 't' | ' ' | 'date'): boolean {
  // 2006
  if (s.length < 4 || !/^[0-9]{4}/.test(s)) return false;
  const year = Number(s.slice(0, 4));
  let v = s.slice(4);
  if (v[0] !== '-') return false;
  v = v.slice(1);
  const mo = getnum(v);
  if (!mo || mo.n < 1 || mo.n > 12) return false;
  v = mo.rest;
  if (v[0] !== '-') return false;
  v = v.slice(1);
  const dd = getnum(v);
  if (!dd) return false;
  v = dd.rest;
  if (dd.n < 1 || dd.n > daysIn(mo.n, year)) return false;
  if (layout === 'date') return v === '';
  // separator
  if (layout === ' ') {
    // a space in the layout matches zero or more spaces, but the value must start with one if non-empty
    if (v.length > 0 && v[0] !== ' ') return false;
    v = v.replace(/^ +/, '');
  } else {
    if (v[0] !== layout) return false;
    v = v.slice(1);
  }
  const hh = getnum(v);
  if (!hh || hh.n >= 24) return false;
  v = hh.rest;
  if (v[0] !== ':') return false;
  v = v.slice(1);
  const mi = getnum(v);
  if (!mi || mi.n >= 60) return false;
  v = mi.rest;
  if (v[0] !== ':') return false;
  v = v.slice(1);
  const ss = getnum(v);
  if (!ss || ss.n >= 60) return false;
  v = ss.rest;
  v = fracSecond(v);
  if (layout === ' ') return v === '';
  // Z07:00
  if (v.length >= 1 && v[0] === 'Z') return v.length === 1;
  if (v.length < 6 || v[3] !== ':') return false;
  if (v[0] !== '+' && v[0] !== '-') return false;
  if (!/^[0-9]{2}$/.test(v.slice(1, 3)) || !/^[0-9]{2}$/.test(v.slice(4, 6))) return false;
  const oh = Number(v.slice(1, 3));
  const om = Number(v.slice(4, 6));
  if (oh > 24 || om > 60) return false;
  return v.length === 6;
}

/** go-yaml v2 `parseTimestamp`: `YYYY-` then one of four Go layouts. */
export function isGoYamlTimestamp(s: string): boolean {
  let i = 0;
  while (i < s.length && isDigit(s, i)) i++;
  if (i !== 4 || i === s.length || s[i] !== '-') return false;
  return parseLayout(s, 'T') || parseLayout(s, 't') || parseLayout(s, ' ') || parseLayout(s, 'date');
}

// ---------------------------------------------------------------------------------------------
// resolve()

type Resolved =
  | { tag: string; kind: 'null' }
  | { tag: string; kind: 'bool'; value: boolean }
  | { tag: string; kind: 'int'; value: bigint; unsigned: boolean }
  | { tag: string; kind: 'float'; value: number }
  | { tag: string; kind: 'string'; value: string }
  | { tag: string; kind: 'timestamp'; value: string };

function resolvable(tag: string): boolean {
  return tag === '' || tag === STR_TAG || tag === BOOL_TAG || tag === INT_TAG || tag === FLOAT_TAG
    || tag === NULL_TAG || tag === TIMESTAMP_TAG;
}

function intResult(v: bigint, unsigned: boolean): Resolved {
  return { tag: INT_TAG, kind: 'int', value: v, unsigned };
}

/** go-yaml v2 `resolve(tag, in)` body, before the tag check in its deferred function. */
function resolveRaw(tag: string, inp: string): Resolved {
  const hint = hintOf(inp);
  if (hint !== '' && tag !== STR_TAG && tag !== BINARY_TAG) {
    const item = RESOLVE_MAP.get(inp);
    if (item) {
      if (item.kind === 'null') return { tag: NULL_TAG, kind: 'null' };
      if (item.kind === 'bool') return { tag: BOOL_TAG, kind: 'bool', value: item.value };
      return { tag: FLOAT_TAG, kind: 'float', value: item.value };
    }
    switch (hint) {
      case 'M':
        break;
      case '.': {
        const f = goParseFloat(inp);
        if (f !== undefined) return { tag: FLOAT_TAG, kind: 'float', value: f };
        break;
      }
      case 'D':
      case 'S': {
        if (tag === '' || tag === TIMESTAMP_TAG) {
          if (isGoYamlTimestamp(inp)) return { tag: TIMESTAMP_TAG, kind: 'timestamp', value: inp };
        }
        const plain = inp.replace(/_/g, '');
        const iv = goParseInt(plain, 0);
        if (iv.ok) return intResult(iv.value, false);
        const uv = goParseUint(plain, 0);
        if (uv.ok) return intResult(uv.value, true);
        if (YAML_STYLE_FLOAT.test(plain)) {
          const f = goParseFloat(plain);
          if (f !== undefined) return { tag: FLOAT_TAG, kind: 'float', value: f };
        }
        if (plain.startsWith('0b')) {
          const bi = goParseInt(plain.slice(2), 2);
          if (bi.ok) return intResult(bi.value, false);
          const bu = goParseUint(plain.slice(2), 2);
          if (bu.ok) return intResult(bu.value, true);
        } else if (plain.startsWith('-0b')) {
          const bi = goParseInt('-' + plain.slice(3), 2);
          if (bi.ok) return intResult(bi.value, false);
        }
        break;
      }
      default:
        break;
    }
  }
  return { tag: STR_TAG, kind: 'string', value: inp };
}

/**
 * Go `base64.StdEncoding.DecodeString` (padded, non-strict: CR and LF are ignored, trailing
 * bits are not checked). Returns undefined for corrupt input.
 */
export function goBase64Decode(s: string): Uint8Array | undefined {
  const t = s.replace(/[\r\n]/g, '');
  if (t.length % 4 !== 0) return undefined;
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(t)) return undefined;
  return new Uint8Array(Buffer.from(t, 'base64'));
}

/**
 * Bytes to a JavaScript string the way Go's encoding/json writes a Go string: valid UTF-8 as is,
 * each byte of an invalid sequence as U+FFFD.
 */
export function goBytesToString(b: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      out += String.fromCharCode(c);
      i++;
      continue;
    }
    let need = 0;
    let cp = 0;
    let min = 0;
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      cp = c & 0x1f;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      cp = c & 0x0f;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      cp = c & 0x07;
      min = 0x10000;
    } else {
      out += '\ufffd';
      i++;
      continue;
    }
    let ok = i + need < b.length;
    let j = 1;
    for (; ok && j <= need; j++) {
      const cc = b[i + j];
      if (cc === undefined || (cc & 0xc0) !== 0x80) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (!ok || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      out += '\ufffd';
      i++;
      continue;
    }
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}

function toScalar(r: Resolved, text: string): GoScalar {
  switch (r.kind) {
    case 'null':
      return { kind: 'null', text };
    case 'bool':
      return { kind: 'bool', text, value: r.value };
    case 'int':
      return { kind: 'int', text, value: r.value, unsigned: r.unsigned };
    case 'float':
      return { kind: 'float', text, value: r.value };
    case 'timestamp':
      return { kind: 'timestamp', text, value: r.value };
    default:
      return { kind: 'string', text, value: r.value };
  }
}

/**
 * Resolves a scalar with go-yaml v2's `resolve(tag, in)` and the decoder's handling of its result
 * for an `interface{}` target (timestamps stay text, `!!binary` is base64-decoded).
 *
 * `tag` is the full tag (`tag:yaml.org,2002:int`), `''` for an untagged plain scalar, or `'!'`
 * for the non-specific tag. Throws `ScalarResolveError` where go-yaml fails
 * (e.g. `!!int abc`: "cannot decode !!str `abc` as a !!int").
 */
export function resolveTagged(tag: string, text: string): GoScalar {
  if (!resolvable(tag)) {
    if (tag === BINARY_TAG) {
      const bytes = goBase64Decode(text);
      if (!bytes) throw new ScalarResolveError('!!binary value contains invalid base64 data');
      return { kind: 'string', text, value: goBytesToString(bytes) };
    }
    return { kind: 'string', text, value: text };
  }
  const r = resolveRaw(tag, text);
  if (tag === '' || tag === r.tag || tag === STR_TAG) return toScalar(r, text);
  if (tag === FLOAT_TAG && r.kind === 'int' && !r.unsigned) {
    return { kind: 'float', text, value: Number(r.value) };
  }
  throw new ScalarResolveError(`cannot decode ${shortTag(r.tag)} \`${text}\` as a ${shortTag(tag)}`);
}

/** Resolves a plain (unquoted, untagged) scalar: `1.10` -> float 1.1, `yes` -> true, `010` -> 8. */
export function resolvePlain(text: string): GoScalar {
  return resolveTagged('', text);
}

/**
 * What go-yaml v2 (under kubectl's sigs.k8s.io/yaml) makes of an untagged plain scalar, as a
 * JavaScript value: null, a boolean, a number or the text. For reading manifests the way kubectl
 * does, where the `yaml` package's YAML 1.1 schema differs in corners (`.` is NaN there).
 */
export function goPlainValue(text: string): unknown {
  const r = resolvePlain(text);
  switch (r.kind) {
    case 'null': return null;
    case 'bool': return r.value;
    case 'int': return Number(r.value);
    case 'float': return r.value;
    default: return r.value;
  }
}

/**
 * What a Go string field receives for a resolved scalar (sigs.k8s.io/yaml's coercion):
 * int -> decimal, float -> FormatFloat(v,'g',-1,32), bool -> "true"/"false", null -> "" (the
 * field is left unchanged), timestamp and string -> their text.
 */
export function coerceToString(s: GoScalar): string {
  switch (s.kind) {
    case 'null':
      return '';
    case 'bool':
      return s.value ? 'true' : 'false';
    case 'int':
      return s.value.toString();
    case 'float':
      return formatFloat32(s.value);
    case 'timestamp':
    case 'string':
      return s.value;
  }
}

/** True when a plain scalar with this exact text reads back as this same string. */
export function isPlainString(text: string): boolean {
  const r = resolvePlain(text);
  return r.kind === 'string' && r.value === text;
}
