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
  const unknownClass = goUnicodeClassError(source);
  if (unknownClass !== undefined) return invalid(source, unknownClass);
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

/**
 * The names Go's regexp/syntax accepts in `\p{...}` and `\pX` (Go 1.21 to 1.26, Unicode 15.0.0):
 * `Any`, the keys of `unicode.Categories` and of `unicode.Scripts`. re2js knows more (binary
 * properties such as `Emoji` or `Alphabetic`, `Cn`, `LC`, scripts added after Unicode 15), which
 * Go rejects: such a pattern does not compile, so the operator skips the rule.
 */
const GO_UNICODE_CLASS_NAMES: ReadonlySet<string> = new Set([
  'Any',
  // unicode.Categories
  'C', 'Cc', 'Cf', 'Co', 'Cs', 'L', 'Ll', 'Lm', 'Lo', 'Lt', 'Lu', 'M', 'Mc', 'Me', 'Mn', 'N', 'Nd', 'Nl',
  'No', 'P', 'Pc', 'Pd', 'Pe', 'Pf', 'Pi', 'Po', 'Ps', 'S', 'Sc', 'Sk', 'Sm', 'So', 'Z', 'Zl', 'Zp', 'Zs',
  // unicode.Scripts
  'Adlam', 'Ahom', 'Anatolian_Hieroglyphs', 'Arabic', 'Armenian', 'Avestan', 'Balinese', 'Bamum',
  'Bassa_Vah', 'Batak', 'Bengali', 'Bhaiksuki', 'Bopomofo', 'Brahmi', 'Braille', 'Buginese', 'Buhid',
  'Canadian_Aboriginal', 'Carian', 'Caucasian_Albanian', 'Chakma', 'Cham', 'Cherokee', 'Chorasmian',
  'Common', 'Coptic', 'Cuneiform', 'Cypriot', 'Cypro_Minoan', 'Cyrillic', 'Deseret', 'Devanagari',
  'Dives_Akuru', 'Dogra', 'Duployan', 'Egyptian_Hieroglyphs', 'Elbasan', 'Elymaic', 'Ethiopic', 'Georgian',
  'Glagolitic', 'Gothic', 'Grantha', 'Greek', 'Gujarati', 'Gunjala_Gondi', 'Gurmukhi', 'Han', 'Hangul',
  'Hanifi_Rohingya', 'Hanunoo', 'Hatran', 'Hebrew', 'Hiragana', 'Imperial_Aramaic', 'Inherited',
  'Inscriptional_Pahlavi', 'Inscriptional_Parthian', 'Javanese', 'Kaithi', 'Kannada', 'Katakana', 'Kawi',
  'Kayah_Li', 'Kharoshthi', 'Khitan_Small_Script', 'Khmer', 'Khojki', 'Khudawadi', 'Lao', 'Latin', 'Lepcha',
  'Limbu', 'Linear_A', 'Linear_B', 'Lisu', 'Lycian', 'Lydian', 'Mahajani', 'Makasar', 'Malayalam', 'Mandaic',
  'Manichaean', 'Marchen', 'Masaram_Gondi', 'Medefaidrin', 'Meetei_Mayek', 'Mende_Kikakui',
  'Meroitic_Cursive', 'Meroitic_Hieroglyphs', 'Miao', 'Modi', 'Mongolian', 'Mro', 'Multani', 'Myanmar',
  'Nabataean', 'Nag_Mundari', 'Nandinagari', 'New_Tai_Lue', 'Newa', 'Nko', 'Nushu', 'Nyiakeng_Puachue_Hmong',
  'Ogham', 'Ol_Chiki', 'Old_Hungarian', 'Old_Italic', 'Old_North_Arabian', 'Old_Permic', 'Old_Persian',
  'Old_Sogdian', 'Old_South_Arabian', 'Old_Turkic', 'Old_Uyghur', 'Oriya', 'Osage', 'Osmanya',
  'Pahawh_Hmong', 'Palmyrene', 'Pau_Cin_Hau', 'Phags_Pa', 'Phoenician', 'Psalter_Pahlavi', 'Rejang', 'Runic',
  'Samaritan', 'Saurashtra', 'Sharada', 'Shavian', 'Siddham', 'SignWriting', 'Sinhala', 'Sogdian',
  'Sora_Sompeng', 'Soyombo', 'Sundanese', 'Syloti_Nagri', 'Syriac', 'Tagalog', 'Tagbanwa', 'Tai_Le',
  'Tai_Tham', 'Tai_Viet', 'Takri', 'Tamil', 'Tangsa', 'Tangut', 'Telugu', 'Thaana', 'Thai', 'Tibetan',
  'Tifinagh', 'Tirhuta', 'Toto', 'Ugaritic', 'Vai', 'Vithkuqi', 'Wancho', 'Warang_Citi', 'Yezidi', 'Yi',
  'Zanabazar_Square',
]);

/**
 * Go's error for the first `\p`/`\P` class whose name Go does not know, or undefined. Escapes,
 * `\Q...\E` quotes and classes are read as Go reads them (a `\p` inside `[...]` counts too).
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
    if (!GO_UNICODE_CLASS_NAMES.has(name)) return `invalid character class range: \`${text}\``;
    i += text.length - 1;
  }
  return undefined;
}
