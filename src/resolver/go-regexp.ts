/**
 * Go `regexp.MatchString` semantics for `osImage` rules, on re2js (a port of RE2/J, which follows
 * Go's regexp/syntax and runs in linear time).
 */
import { RE2JS } from 're2js';

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

function compileUncached(source: string): GoPattern {
  try {
    return wrap(source, RE2JS.compile(source));
  } catch (e) {
    const message = errorMessage(e);
    // Go accepts repeated capture-group names; RE2/J does not. Names never affect a plain match,
    // so retry with the names removed.
    if (/duplicate capture group name/.test(message)) {
      try {
        return wrap(source, RE2JS.compile(stripGroupNames(source)));
      } catch (e2) {
        return invalid(source, errorMessage(e2));
      }
    }
    return invalid(source, message);
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
