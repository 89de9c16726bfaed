/**
 * Go runtime details the decoder reproduces: Unicode folding of keys and `[]OsMatch` growth.
 */
import { foldName, grownCapacity, KELVIN, LONG_S, roundupsize, simpleFoldsToAscii } from '../src/resolver/yaml/go-runtime';

describe('foldName (encoding/json)', () => {
  test.each([
    { key: 'image', folded: 'IMAGE' },
    { key: 'OsImage', folded: 'OSIMAGE' },
    { key: 'a_b-1', folded: 'A_B-1' },
    { key: 'digeſt', folded: 'DIGEST' }, // U+017F long s
    { key: '\u212Aey', folded: 'KEY' }, // U+212A Kelvin sign
    // U+0130 and U+0131 are alone in their SimpleFold orbits: kept, never an ASCII letter.
    { key: 'İmage', folded: 'İMAGE' },
    { key: 'ımage', folded: 'ıMAGE' },
    { key: 'éclair', folded: 'éCLAIR' }, // folds to non-ASCII: matches no field
  ])('$key -> $folded', ({ key, folded }) => {
    expect(foldName(key)).toBe(folded);
  });
});

describe('simpleFoldsToAscii (unicode.SimpleFold orbits)', () => {
  test.each([
    { cp: LONG_S, letter: 's', folds: true },
    { cp: LONG_S, letter: 'S', folds: true },
    { cp: KELVIN, letter: 'k', folds: true },
    { cp: KELVIN, letter: 'K', folds: true },
    { cp: LONG_S, letter: 'k', folds: false },
    { cp: 0x130, letter: 'i', folds: false }, // İ is not in i's SimpleFold orbit
    { cp: 0xe9, letter: 'e', folds: false },
  ])('U+$cp and $letter: $folds', ({ cp, letter, folds }) => {
    expect(simpleFoldsToAscii(cp, letter)).toBe(folds);
  });
});

describe('roundupsize (Go >= 1.22 size classes, malloc header above 512 bytes)', () => {
  test.each([
    { size: 0, rounded: 0 },
    { size: 1, rounded: 8 },
    { size: 56, rounded: 64 },
    { size: 512, rounded: 512 },
    { size: 513, rounded: 568 }, // 521 with header -> class 576, minus the header
    { size: 896, rounded: 1016 }, // 904 -> class 1024
    { size: 32760, rounded: 32760 }, // the largest small object with its header
    { size: 32761, rounded: 32768 }, // large: whole 8 KiB pages (four)
    { size: 32769, rounded: 40960 }, // five pages
  ])('$size -> $rounded', ({ size, rounded }) => {
    expect(roundupsize(size)).toBe(rounded);
  });
});

describe('grownCapacity (append on a full []OsMatch, 56-byte elements)', () => {
  test.each([
    { cap: 0, grown: 1 },
    { cap: 1, grown: 2 },
    { cap: 2, grown: 4 },
    { cap: 4, grown: 8 },
    { cap: 8, grown: 18 }, // 16 elements = 896 bytes, class 1024 holds 18
    { cap: 18, grown: 36 },
    { cap: 256, grown: 585 }, // 1.25x + 192 growth, then class 32768
    { cap: 1000, grown: 1462 }, // large allocation rounded to pages
  ])('$cap -> $grown', ({ cap, grown }) => {
    expect(grownCapacity(cap)).toBe(grown);
  });
});
