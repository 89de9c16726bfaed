/**
 * Rewrites a Go pattern so that re2js, whose Unicode tables are newer than Go's, matches it as Go
 * does: every `\p{...}`/`\P{...}` class, every character class and, under `(?i)`, every literal
 * becomes an explicit class of code points computed from Go's tables (go-unicode.ts), and the
 * `i` flag is removed, so re2js never folds case with its own orbits. Everything else is copied.
 *
 * The parse follows Go's regexp/syntax (`parse`, `parseClass`, `parseEscape`,
 * `parseUnicodeClass`, `parsePerlFlags` in `golang/go:src/regexp/syntax/parse.go`). Only patterns
 * re2js has already accepted are rewritten, so malformed input is not diagnosed here.
 */
import { cleanRunes, foldOrbit, foldRunes, goUnicodeTable, MAX_RUNE, negateRunes, RuneSet } from './go-unicode';

/** `\p`/`\P`, and `(?i)` together with something non-ASCII that case folding could reach. */
const UNICODE_CLASS = /\\[pP]/;
const FOLD_FLAG = /\(\?[imsU-]*i/;
const BEYOND_ASCII = /[^\p{ASCII}]|\\x\{/u;

/**
 * Whether re2js's own tables could give a different answer from Go's for `pattern`. ASCII and
 * Latin-1 case orbits are the same in both, so `(?i)` over ASCII text keeps the fast path.
 */
export function needsGoTables(pattern: string): boolean {
  return UNICODE_CLASS.test(pattern) || (FOLD_FLAG.test(pattern) && BEYOND_ASCII.test(pattern));
}

/** A class group as Go keeps it: code points and whether the group is negated. */
interface Group { readonly runes: RuneSet; readonly negated: boolean }

const r = (...pairs: number[]): RuneSet => cleanRunes(pairs);
const c = (ch: string): number => ch.codePointAt(0)!;

/** Go's Perl classes (`perl_groups.go`): ASCII only. */
const PERL_GROUPS: Readonly<Record<string, Group>> = (() => {
  const digit = r(c('0'), c('9'));
  const space = r(9, 10, 12, 13, 32, 32);
  const word = r(c('0'), c('9'), c('A'), c('Z'), c('_'), c('_'), c('a'), c('z'));
  return {
    d: { runes: digit, negated: false }, D: { runes: digit, negated: true },
    s: { runes: space, negated: false }, S: { runes: space, negated: true },
    w: { runes: word, negated: false }, W: { runes: word, negated: true },
  };
})();

/** Go's POSIX classes (`perl_groups.go`): ASCII only; `[:^name:]` negates. */
const POSIX_GROUPS: ReadonlyMap<string, Group> = (() => {
  const classes: Record<string, RuneSet> = {
    alnum: r(c('0'), c('9'), c('A'), c('Z'), c('a'), c('z')),
    alpha: r(c('A'), c('Z'), c('a'), c('z')),
    ascii: r(0, 0x7f),
    blank: r(9, 9, 32, 32),
    cntrl: r(0, 0x1f, 0x7f, 0x7f),
    digit: r(c('0'), c('9')),
    graph: r(c('!'), c('~')),
    lower: r(c('a'), c('z')),
    print: r(c(' '), c('~')),
    punct: r(c('!'), c('/'), c(':'), c('@'), c('['), c('`'), c('{'), c('~')),
    space: r(9, 13, 32, 32),
    upper: r(c('A'), c('Z')),
    word: r(c('0'), c('9'), c('A'), c('Z'), c('_'), c('_'), c('a'), c('z')),
    xdigit: r(c('0'), c('9'), c('A'), c('F'), c('a'), c('f')),
  };
  const out = new Map<string, Group>();
  for (const [name, runes] of Object.entries(classes)) {
    out.set(`[:${name}:]`, { runes, negated: false });
    out.set(`[:^${name}:]`, { runes, negated: true });
  }
  return out;
})();

/** Go's `appendGroup`: a Perl or POSIX group, folded under `(?i)` before it is negated. */
function groupRunes(group: Group, fold: boolean): RuneSet {
  const runes = fold ? foldRunes(group.runes) : group.runes;
  return group.negated ? negateRunes(runes) : runes;
}

/** A class re2js reads as exactly `set`. */
export function classText(set: RuneSet): string {
  if (set.length === 0) return `[^\\x00-\\x{${MAX_RUNE.toString(16)}}]`;
  let out = '[';
  for (let i = 0; i < set.length; i += 2) {
    const lo = set[i]!;
    const hi = set[i + 1]!;
    out += hexRune(lo);
    if (hi !== lo) out += '-' + hexRune(hi);
  }
  return out + ']';
}

function hexRune(cp: number): string {
  return `\\x{${cp.toString(16)}}`;
}

/** The Perl group `\\<ch>` (`\\d`, `\\s`, `\\w` and their negations), if `ch` names one. */
function perlGroup(ch: string | undefined): Group | undefined {
  return ch !== undefined && Object.hasOwn(PERL_GROUPS, ch) ? PERL_GROUPS[ch] : undefined;
}

const isOctal = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '7';
const isAlnum = (ch: string): boolean => /^[0-9A-Za-z]$/.test(ch);

class Rewriter {
  private i = 0;
  private out = '';
  private fold = false;
  /** The fold flag to restore at each open group's `)`. */
  private readonly saved: boolean[] = [];

  constructor(private readonly s: string) {}

  run(): string {
    const s = this.s;
    while (this.i < s.length) {
      const ch = s[this.i];
      if (ch === '\\') this.escape();
      else if (ch === '[') this.out += classText(this.parseClass());
      else if (ch === '(') this.group();
      else if (ch === ')') {
        this.fold = this.saved.pop() ?? this.fold;
        this.out += ')';
        this.i++;
      } else {
        const cp = s.codePointAt(this.i)!;
        const text = String.fromCodePoint(cp);
        this.i += text.length;
        this.literal(cp, text);
      }
    }
    return this.out;
  }

  /** A literal rune: under `(?i)` its whole fold orbit, else the text as written. */
  private literal(cp: number, text: string): void {
    const orbit = this.fold ? foldOrbit(cp) : [cp];
    if (orbit.length === 1) this.out += text;
    else this.out += classText(cleanRunes(orbit.flatMap((o) => [o, o])));
  }

  /** `(`, `(?P<name>`, `(?<name>` and flag groups; `i` is taken out of the flags. */
  private group(): void {
    const s = this.s;
    if (s[this.i + 1] !== '?' || s.startsWith('(?P<', this.i) || s.startsWith('(?<', this.i)) {
      const end = s[this.i + 1] === '?' ? s.indexOf('>', this.i) + 1 : this.i + 1;
      if (end <= this.i) throw new Error('invalid named capture');
      this.out += s.slice(this.i, end);
      this.i = end;
      this.saved.push(this.fold);
      return;
    }
    let j = this.i + 2;
    let negative = false;
    let fold = this.fold;
    let set = '';
    let cleared = '';
    for (; j < s.length && s[j] !== ')' && s[j] !== ':'; j++) {
      const flag = s[j];
      if (flag === '-') negative = true;
      else if (flag === 'i') fold = !negative;
      else if (negative) cleared += flag;
      else set += flag;
    }
    if (j >= s.length) throw new Error('missing closing )');
    this.out += '(?' + set + (cleared === '' ? '' : '-' + cleared) + s[j];
    if (s[j] === ':') this.saved.push(this.fold);
    this.fold = fold;
    this.i = j + 1;
  }

  /** A backslash outside a class. */
  private escape(): void {
    const s = this.s;
    const next = s[this.i + 1];
    if (next === 'Q') {
      const end = s.indexOf('\\E', this.i + 2);
      const stop = end < 0 ? s.length : end;
      if (!this.fold) {
        this.out += s.slice(this.i, end < 0 ? s.length : end + 2);
      } else {
        for (const text of s.slice(this.i + 2, stop)) {
          const cp = text.codePointAt(0)!;
          this.literal(cp, isAlnum(text) ? text : hexRune(cp));
        }
      }
      this.i = end < 0 ? s.length : end + 2;
      return;
    }
    if (next === 'p' || next === 'P') {
      const { runes, end } = this.unicodeClass(this.i);
      this.out += classText(runes);
      this.i = end;
      return;
    }
    const perl = perlGroup(next);
    if (perl !== undefined) {
      this.out += this.fold ? classText(groupRunes(perl, true)) : s.slice(this.i, this.i + 2);
      this.i += 2;
      return;
    }
    if (next === 'A' || next === 'b' || next === 'B' || next === 'z') {
      this.out += s.slice(this.i, this.i + 2);
      this.i += 2;
      return;
    }
    const { cp, end } = this.parseEscape(this.i);
    this.literal(cp, s.slice(this.i, end));
    this.i = end;
  }

  /** Go's `parseUnicodeClass` at `\p`/`\P`: the class's code points, folded under `(?i)`. */
  private unicodeClass(at: number): { runes: RuneSet; end: number } {
    const s = this.s;
    let negated = s[at + 1] === 'P';
    let name: string;
    let end: number;
    if (s[at + 2] === '{') {
      end = s.indexOf('}', at + 3) + 1;
      if (end === 0) throw new Error('invalid character class range');
      name = s.slice(at + 3, end - 1);
    } else {
      name = String.fromCodePoint(s.codePointAt(at + 2)!);
      end = at + 2 + name.length;
    }
    if (name.startsWith('^')) {
      negated = !negated;
      name = name.slice(1);
    }
    const found = goUnicodeTable(name);
    if (found === undefined) throw new Error(`invalid character class range: \`${s.slice(at, end)}\``);
    const runes = this.fold && found.fold !== undefined ? cleanRunes([...found.table, ...found.fold]) : found.table;
    return { runes: negated ? negateRunes(runes) : runes, end };
  }

  /** Go's `parseClass` at `[`: the class's code points, after folding and negation. */
  private parseClass(): RuneSet {
    const s = this.s;
    let j = this.i + 1;
    let negated = false;
    if (s[j] === '^') {
      negated = true;
      j++;
    }
    const pairs: number[] = [];
    let first = true;
    while (j < s.length && (s[j] !== ']' || first)) {
      first = false;
      if (s.startsWith('[:', j)) {
        const close = s.indexOf(':]', j + 2);
        const group = close < 0 ? undefined : POSIX_GROUPS.get(s.slice(j, close + 2));
        if (close >= 0 && group === undefined) throw new Error(`invalid character class range: \`${s.slice(j, close + 2)}\``);
        if (group !== undefined) {
          pairs.push(...groupRunes(group, this.fold));
          j = close + 2;
          continue;
        }
      }
      if (s[j] === '\\' && (s[j + 1] === 'p' || s[j + 1] === 'P')) {
        const { runes, end } = this.unicodeClass(j);
        pairs.push(...runes);
        j = end;
        continue;
      }
      const perl = s[j] === '\\' ? perlGroup(s[j + 1]) : undefined;
      if (perl !== undefined) {
        pairs.push(...groupRunes(perl, this.fold));
        j += 2;
        continue;
      }
      const lo = this.classChar(j);
      let hi = lo;
      if (s[lo.end] === '-' && lo.end + 1 < s.length && s[lo.end + 1] !== ']') hi = this.classChar(lo.end + 1);
      const range = cleanRunes([lo.cp, hi.cp]);
      pairs.push(...(this.fold ? foldRunes(range) : range));
      j = hi.end;
    }
    this.i = j + 1;
    const runes = cleanRunes(pairs);
    return negated ? negateRunes(runes) : runes;
  }

  private classChar(at: number): { cp: number; end: number } {
    if (this.s[at] === '\\') return this.parseEscape(at);
    const cp = this.s.codePointAt(at)!;
    return { cp, end: at + (cp > 0xffff ? 2 : 1) };
  }

  /** Go's `parseEscape` at a backslash: octal, hex, C escapes and escaped punctuation. */
  private parseEscape(at: number): { cp: number; end: number } {
    const s = this.s;
    const e = s[at + 1];
    let j = at + 2;
    if (e === undefined) throw new Error(`invalid escape sequence: \`${s.slice(at, j)}\``);
    if (e === '0' || (e >= '1' && e <= '7' && isOctal(s[j]))) {
      let cp = e.charCodeAt(0) - 48;
      for (let n = 1; n < 3 && isOctal(s[j]); n++, j++) cp = cp * 8 + s.charCodeAt(j) - 48;
      return { cp, end: j };
    }
    if (e === 'x') {
      if (s[j] === '{') {
        const close = s.indexOf('}', j);
        return { cp: parseInt(s.slice(j + 1, close), 16), end: close + 1 };
      }
      return { cp: parseInt(s.slice(j, j + 2), 16), end: j + 2 };
    }
    const controls: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
    const control = Object.hasOwn(controls, e) ? controls[e] : undefined;
    if (control !== undefined) return { cp: control, end: j };
    if (e.charCodeAt(0) < 0x80 && !isAlnum(e)) return { cp: e.charCodeAt(0), end: j };
    throw new Error(`invalid escape sequence: \`${s.slice(at, j)}\``);
  }
}

/**
 * `pattern` rewritten so that re2js matches it with Go's Unicode tables and case orbits. The
 * pattern must already be one re2js accepts.
 */
export function withGoTables(pattern: string): string {
  return new Rewriter(pattern).run();
}
