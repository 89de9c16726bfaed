/**
 * Go `regexp.MatchString` semantics for `osImage` rules, on re2js (a port of RE2/J, which follows
 * Go's regexp/syntax and runs in linear time). re2js's Unicode tables are newer than the
 * Unicode 15.0.0 of the Go releases the operator is built with, so a pattern whose answer depends
 * on them (`\p{...}`, or `(?i)` beyond ASCII) is rewritten with Go's tables first
 * (go-regexp-unicode.ts).
 */
import type { RE2JS } from 're2js';
import { needsGoTables, withGoTables } from './go-regexp-unicode';
import { goClassNameKnown } from './go-unicode';
import { re2js } from './on-demand';

/** A compiled `osImage` pattern. A pattern that does not compile never matches, as in the operator. */
export interface GoPattern {
  /** The pattern text. */
  readonly source: string;
  /** The compile error, when Go would reject the pattern. */
  readonly error?: string;
  /** Unanchored search, like Go's `regexp.MatchString`. */
  test(input: string): boolean;
}

const cache = new Map<string, GoPattern>();
const CACHE_LIMIT = 10_000;

/** Compiles (once) a Go RE2 pattern. Never throws. */
export function compileGoPattern(source: string): GoPattern {
  const hit = cache.get(source);
  if (hit) return hit;
  const compiled = compileUncached(source);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(source, compiled);
  return compiled;
}

/**
 * A pattern of plain ASCII text, where only `.` may appear, escaped (`Ubuntu 24\.04`, the shape of
 * nearly every rule upstream ships): Go compiles it to a literal, and an unanchored match is a
 * substring search. Recognised without compiling, which is most of a cold start's pattern work.
 */
const LITERAL_PATTERN = /^(?:[A-Za-z0-9 /_,:;=@%&~'"<>!#-]|\\\.)*$/;

/** The text a literal pattern stands for, or undefined when the pattern is not one. */
export function literalPatternText(source: string): string | undefined {
  return LITERAL_PATTERN.test(source) ? source.replace(/\\\./g, '.') : undefined;
}

/**
 * A pattern built only of what means the same to Go and to V8 on any input: the plain text of
 * LITERAL_PATTERN, escaped ASCII punctuation, classes of ASCII letters and digits and their
 * ranges (not negated: a negated class would take one UTF-16 unit where Go takes a code point),
 * and `^` / `$` at the ends. No repetition, so no backtracking either. `CoreOS 41[3-9]` is one.
 */
const SIMPLE_PATTERN = /^\^?(?:[A-Za-z0-9 /_,:;=@%&~'"<>!#-]|\\[.+*?()|[\]{}^$\\]|\[(?:[A-Za-z0-9](?:-[A-Za-z0-9])?)+\])*\$?$/;

/** Whether every range of the pattern's classes runs upwards (Go rejects `[9-3]`). */
function rangesAscend(source: string): boolean {
  for (const m of source.matchAll(/([A-Za-z0-9])-([A-Za-z0-9])/g)) {
    if (m.index > 0 && source[m.index - 1] === '\\') continue;
    if (m[1]! > m[2]! && isInClass(source, m.index)) return false;
  }
  return true;
}

/** Whether offset `at` lies inside a `[...]` of a SIMPLE_PATTERN source. */
function isInClass(source: string, at: number): boolean {
  const open = source.lastIndexOf('[', at);
  return open >= 0 && source[open - 1] !== '\\' && source.indexOf(']', open) > at;
}

/** A V8 RegExp with Go's meaning for a simple pattern, or undefined when the pattern is not one. */
export function simplePatternRegExp(source: string): RegExp | undefined {
  return SIMPLE_PATTERN.test(source) && rangesAscend(source) ? new RegExp(source) : undefined;
}

function compileUncached(source: string): GoPattern {
  const literal = literalPatternText(source);
  if (literal !== undefined) return { source, test: (input: string) => input.includes(literal) };
  const simple = simplePatternRegExp(source);
  if (simple !== undefined) return { source, test: (input: string) => simple.test(input) };
  try {
    return wrap(source, compileGoRegexp(source));
  } catch (e) {
    return invalid(source, errorMessage(e));
  }
}

/**
 * Compiles a Go pattern into an re2js program that matches as Go's `regexp` does, or throws
 * Go's compile error.
 */
export function compileGoRegexp(source: string): RE2JS {
  const unknownClass = goUnicodeClassError(source);
  if (unknownClass !== undefined) throw new Error(unknownClass);
  const native = compileRe2js(source);
  if (!needsGoTables(source)) return native;
  try {
    return compileRe2js(withGoTables(source));
  } catch {
    // Not expected: the rewrite only re-expresses what re2js accepted. Keep re2js's reading.
    return native;
  }
}

function compileRe2js(pattern: string): RE2JS {
  try {
    return re2js().compile(pattern);
  } catch (e) {
    // Go accepts repeated capture-group names; RE2/J does not. Names never affect a plain match,
    // so retry with the names removed.
    if (!/duplicate capture group name/.test(errorMessage(e))) throw e;
    return re2js().compile(stripGroupNames(pattern));
  }
}

function wrap(source: string, re: RE2JS): GoPattern {
  return { source, test: (input: string) => re.test(input) };
}

function invalid(source: string, error: string): GoPattern {
  return { source, error, test: () => false };
}

function errorMessage(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/^error parsing regexp: /, '');
}

/**
 * Rewrites `(?P<name>` and `(?<name>` to `(` outside escapes, `\Q...\E` quotes and character
 * classes. Only used after RE2/J rejected duplicate names.
 */
export function stripGroupNames(pattern: string): string {
  let out = '';
  let i = 0;
  let inClass = false;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      if (!inClass && pattern[i + 1] === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        const stop = end < 0 ? pattern.length : end + 2;
        out += pattern.slice(i, stop);
        i = stop;
        continue;
      }
      out += pattern.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (inClass) {
      if (c === '[' && pattern[i + 1] === ':') {
        const end = pattern.indexOf(':]', i + 2);
        if (end >= 0) {
          out += pattern.slice(i, end + 2);
          i = end + 2;
          continue;
        }
      }
      if (c === ']') inClass = false;
      out += c;
      i++;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      i++;
      // A `]` right after `[` or `[^` is a literal member.
      if (pattern[i] === '^') { out += '^'; i++; }
      if (pattern[i] === ']') { out += ']'; i++; }
      continue;
    }
    if (c === '(') {
      const m = /^\(\?P?<[^>]*>/.exec(pattern.slice(i));
      if (m) {
        out += '(';
        i += m[0].length;
        continue;
      }
    }
    out += c;
    i++;
  }
  return out;
}

/**
 * Go's error for the first `\p`/`\P` class whose name Go does not know, or undefined. Escapes,
 * `\Q...\E` quotes and classes are read as Go reads them (a `\p` inside `[...]` counts too).
 *
 * Go (1.21 to 1.24) knows `Any` and the names of `unicode.Categories` and `unicode.Scripts` at
 * Unicode 15.0.0, exactly as spelled there (go-unicode.ts). re2js knows more (binary properties
 * such as `Emoji` or `Alphabetic`, `Cn`, `LC`, scripts added after Unicode 15), which Go rejects:
 * such a pattern does not compile, so the operator skips the rule.
 */
export function goUnicodeClassError(pattern: string): string | undefined {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] !== '\\') continue;
    const e = pattern[i + 1];
    if (e === 'Q') {
      const end = pattern.indexOf('\\E', i + 2);
      if (end < 0) return undefined;
      i = end + 1;
      continue;
    }
    if (e !== 'p' && e !== 'P') {
      i++;
      continue;
    }
    let name: string;
    let text: string;
    if (pattern[i + 2] === '{') {
      const close = pattern.indexOf('}', i + 3);
      if (close < 0) return undefined; // re2js reports the malformed class itself
      text = pattern.slice(i, close + 1);
      name = pattern.slice(i + 3, close);
      if (name.startsWith('^')) name = name.slice(1);
    } else {
      const cp = pattern.codePointAt(i + 2);
      if (cp === undefined) return undefined;
      name = String.fromCodePoint(cp);
      text = pattern.slice(i, i + 2 + name.length);
    }
    if (!goClassNameKnown(name)) return `invalid character class range: \`${text}\``;
    i += text.length - 1;
  }
  return undefined;
}
