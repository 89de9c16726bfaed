/**
 * The Unicode data Go's regexp/syntax works with: `unicode.Categories`, `unicode.Scripts`, their
 * `(?i)` fold tables and the `unicode.SimpleFold` orbits, as the Go releases the operator is built
 * with have them (Unicode 15.0.0). re2js carries newer Unicode tables, so patterns that depend on
 * them are rewritten with these (go-regexp-unicode.ts).
 *
 * The tables are generated from a Go toolchain into go-unicode-15.ts and decoded here on first
 * use, so patterns that need none of them never load them.
 */

/**
 * A set of code points as Go's regexp/syntax keeps a character class: ascending, non-overlapping,
 * non-adjacent `lo, hi` pairs, flattened.
 */
export type RuneSet = readonly number[];

/** The largest code point (`unicode.MaxRune`). */
export const MAX_RUNE = 0x10ffff;

type GoUnicodeData = typeof import('./go-unicode-15');

/** Decoded tables by kind and name; filled on first use, at most one entry per table name. */
const decoded = new Map<string, RuneSet>();
/** The fold orbits, decoded on first use: `[orbits ascending by first member, orbit by member]`. */
const orbitCache: { value?: readonly [readonly (readonly number[])[], ReadonlyMap<number, readonly number[]>] } = {};

function data(): GoUnicodeData {
  return require('./go-unicode-15') as GoUnicodeData;
}

/** The Go release and Unicode version the tables come from. */
export function goUnicodeProvenance(): { goVersion: string; unicodeVersion: string } {
  const d = data();
  return { goVersion: d.GO_VERSION, unicodeVersion: d.UNICODE_VERSION };
}

/**
 * Sorts and merges `lo, hi` pairs into a RuneSet (Go's `cleanClass`).
 */
export function cleanRunes(pairs: readonly number[]): RuneSet {
  // Index loops over flattened pairs: `pairs` and `set` have an even length, `out` ends in a pair.
  const ranges: [number, number][] = [];
  for (let i = 0; i < pairs.length; i += 2) ranges.push([pairs[i]!, pairs[i + 1]!]);
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: number[] = [];
  for (const [lo, hi] of ranges) {
    const n = out.length;
    if (n > 0 && lo <= out[n - 1]! + 1) {
      if (hi > out[n - 1]!) out[n - 1] = hi;
    } else {
      out.push(lo, hi);
    }
  }
  return out;
}

/** Every code point not in `set` (Go's `negateClass`). */
export function negateRunes(set: RuneSet): RuneSet {
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < set.length; i += 2) {
    const lo = set[i]!;
    if (lo > next) out.push(next, lo - 1);
    next = set[i + 1]! + 1;
  }
  if (next <= MAX_RUNE) out.push(next, MAX_RUNE);
  return out;
}

/** Whether `set` contains `c`. */
export function hasRune(set: RuneSet, c: number): boolean {
  let lo = 0;
  let hi = set.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (c < set[2 * mid]!) hi = mid - 1;
    else if (c > set[2 * mid + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}

/** The generated tables are our own output: an entry in another shape is a bug, said loudly. */
function malformedTable(entry: string): Error {
  return new Error(`internal error: malformed entry ${JSON.stringify(entry)} in go-unicode-15.ts`);
}

/** Decodes a range list of go-unicode-15.ts ("gap.length[.stride]" in base 36, comma-separated). */
export function decodeRanges(text: string): RuneSet {
  const pairs: number[] = [];
  let prev = 0;
  for (const range of text.split(',')) {
    const [gap, length, stride] = range.split('.').map((n) => parseInt(n, 36));
    if (gap === undefined || length === undefined) throw malformedTable(range);
    const lo = prev + gap;
    const hi = lo + length;
    if (stride === undefined || stride === 1) pairs.push(lo, hi);
    else for (let c = lo; c <= hi; c += stride) pairs.push(c, c);
    prev = hi;
  }
  return cleanRunes(pairs);
}

/** Decodes the orbit list of go-unicode-15.ts into orbits, each ascending. */
export function decodeOrbits(text: string): number[][] {
  const orbits: number[][] = [];
  let prev = 0;
  for (const entry of text.split(',')) {
    if (entry.startsWith('*')) {
      const [firstGap, ...gaps] = entry.slice(1).split('.').map((n) => parseInt(n, 36));
      if (firstGap === undefined) throw malformedTable(entry);
      const first = prev + firstGap;
      const orbit = [first];
      let last = first;
      for (const gap of gaps) {
        last += gap;
        orbit.push(last);
      }
      orbits.push(orbit);
      prev = first;
      continue;
    }
    const [start, delta, step, count] = entry.split('.').map((n) => parseInt(n, 36));
    if (start === undefined || delta === undefined || step === undefined || count === undefined) throw malformedTable(entry);
    for (let k = 0; k < count; k++) {
      const first = prev + start + k * step;
      orbits.push([first, first + delta]);
    }
    prev += start + (count - 1) * step;
  }
  return orbits;
}

function orbitIndex(): readonly [readonly (readonly number[])[], ReadonlyMap<number, readonly number[]>] {
  if (orbitCache.value === undefined) {
    const orbits = decodeOrbits(data().ORBITS);
    const byMember = new Map<number, readonly number[]>();
    for (const orbit of orbits) for (const c of orbit) byMember.set(c, orbit);
    orbitCache.value = [orbits, byMember];
  }
  return orbitCache.value;
}

/** The `unicode.SimpleFold` orbit of `c`, ascending; `[c]` when `c` has no other case. */
export function foldOrbit(c: number): readonly number[] {
  return orbitIndex()[1].get(c) ?? [c];
}

/**
 * `set` with every code point that folds to one in it added: what Go's `appendFoldedRange` makes
 * of a class under `(?i)`.
 */
export function foldRunes(set: RuneSet): RuneSet {
  const added: number[] = [...set];
  for (const orbit of orbitIndex()[0]) {
    if (orbit.some((c) => hasRune(set, c))) for (const c of orbit) added.push(c, c);
  }
  return cleanRunes(added);
}

function table(kind: 'CATEGORIES' | 'SCRIPTS' | 'FOLD_CATEGORY' | 'FOLD_SCRIPT', name: string): RuneSet | undefined {
  const key = `${kind}/${name}`;
  const hit = decoded.get(key);
  if (hit !== undefined) return hit;
  const tables = data()[kind];
  const text = Object.hasOwn(tables, name) ? tables[name] : undefined;
  if (text === undefined) return undefined;
  const set = text.startsWith('=')
    ? cleanRunes(text.slice(1).split(' ').flatMap((sub) => table(kind, sub)!))
    : decodeRanges(text);
  decoded.set(key, set);
  return set;
}

/** The names Go accepts in `\p{...}` and `\pX`: `Any`, the categories and the scripts. */
export function goClassNameKnown(name: string): boolean {
  const d = data();
  return name === 'Any' || Object.hasOwn(d.CATEGORIES, name) || Object.hasOwn(d.SCRIPTS, name);
}

/**
 * Go's `unicodeTable`: the code points of a class name and what `(?i)` adds to them (undefined
 * when it adds nothing), or undefined for a name Go does not know.
 */
export function goUnicodeTable(name: string): { readonly table: RuneSet; readonly fold?: RuneSet } | undefined {
  if (name === 'Any') return { table: [0, MAX_RUNE], fold: [0, MAX_RUNE] };
  const category = table('CATEGORIES', name);
  if (category !== undefined) return { table: category, fold: table('FOLD_CATEGORY', name) };
  const script = table('SCRIPTS', name);
  if (script !== undefined) return { table: script, fold: table('FOLD_SCRIPT', name) };
  return undefined;
}
