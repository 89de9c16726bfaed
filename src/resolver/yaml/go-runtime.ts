/**
 * Go runtime and standard-library details the decoder must reproduce to the letter, kept in one
 * place because they are facts about Go, not about YAML:
 *  - Unicode case folding: which non-ASCII runes count as an ASCII letter when keys are matched
 *    to field names (`unicode.SimpleFold` orbits, smallest rune first);
 *  - slice growth: encoding/json decodes a list into an existing slice's backing array, so how
 *    far `append` grows it decides which earlier elements survive a second spelling of `match`.
 * (The third, UTF-8 byte order of keys, is `compareBytewise` in ../order.)
 */

/** U+212A KELVIN SIGN: in the `unicode.SimpleFold` orbit of k/K. */
export const KELVIN = 0x212a;
/** U+017F LATIN SMALL LETTER LONG S: in the `unicode.SimpleFold` orbit of s/S. */
export const LONG_S = 0x17f;

/**
 * Whether the non-ASCII rune `cp` is case-equivalent to the ASCII letter `letter` under
 * `unicode.SimpleFold`. Only two such runes exist: U+017F for s and U+212A for k.
 */
export function simpleFoldsToAscii(cp: number, letter: string): boolean {
  if (letter === 's' || letter === 'S') return cp === LONG_S;
  if (letter === 'k' || letter === 'K') return cp === KELVIN;
  return false;
}

/**
 * encoding/json (Go >= 1.21) `foldName`: ASCII letters upper-cased, every other rune replaced by
 * the smallest rune of its `unicode.SimpleFold` orbit. Only two non-ASCII runes fold to ASCII
 * letters (U+017F to S, U+212A to K); U+0130 and U+0131 are in no orbit with i, so `ımage` is no
 * spelling of `image`. Runes folding to something non-ASCII are kept: field names are ASCII.
 */
export function foldName(key: string): string {
  let out = '';
  for (const ch of key) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x80) {
      out += cp >= 0x61 && cp <= 0x7a ? String.fromCharCode(cp - 0x20) : ch;
    } else if (cp === LONG_S) {
      out += 'S';
    } else if (cp === KELVIN) {
      out += 'K';
    } else {
      out += ch; // folds to something non-ASCII: never equal to an ASCII field name
    }
  }
  return out;
}

/** sizeof(imageversions.OsMatch) on 64-bit: three strings and a padded bool. */
export const OSMATCH_SIZE = 56;

/** The Go runtime's small-object size classes (bytes), up to 32 KiB. */
const SIZE_CLASSES: readonly number[] = [0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224,
  240, 256, 288, 320, 352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048,
  2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240, 10880, 12288,
  13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768];

/** Go runtime `roundupsize(size, noscan=false)` (Go >= 1.22, with malloc headers). */
export function roundupsize(size: number): number {
  const maxSmall = 32768;
  const header = 8;
  if (size <= maxSmall - header) {
    const req = size > 512 ? size + header : size;
    const cls = SIZE_CLASSES.find((c) => c >= req) as number;
    return cls - (req - size);
  }
  const page = 8192;
  return Math.ceil(size / page) * page;
}

/**
 * Go `reflect.Value.Grow(1)` on a full `[]OsMatch`: the new capacity (runtime `nextslicecap`,
 * then the allocation rounded up to its size class).
 */
export function grownCapacity(oldCap: number): number {
  const newLen = oldCap + 1;
  let newcap = oldCap;
  const doublecap = newcap + newcap;
  if (newLen > doublecap) {
    newcap = newLen;
  } else if (oldCap < 256) {
    newcap = doublecap;
  } else {
    while (newcap < newLen) newcap += (newcap + 3 * 256) >> 2;
  }
  return Math.floor(roundupsize(newcap * OSMATCH_SIZE) / OSMATCH_SIZE);
}
