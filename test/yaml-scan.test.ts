/**
 * libyaml's reader and scanner rules the `yaml` package does not apply, checked on its CST.
 */
import { Parser } from 'yaml';
import {
  attachKeyProps, blockScalarTabProblem, characterProblem, directiveLinesInDocuments, directiveProblem, emptyBlockKeyProblem, laterByteOrderMarks, Leaf,
  leavesOf, nonSpecificVerbatimTags, scannerNestingProblem, TAB_MESSAGE, tagScanProblem, tokenProblem, walkTokens,
} from '../src/resolver/yaml/scan';

const firstTokenProblem = (src: string) => tokenProblem(leavesOf(Array.from(new Parser().parse(src))), src.length);

describe('scannerNestingProblem (go-yaml v2.4\'s max_flow_level and max_indents)', () => {
  const cst = (src: string) => Array.from(new Parser().parse(src));
  const blockMaps = (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' x\n';
  test.each([
    { name: 'nothing nested', src: 'a: 1\n', offset: undefined },
    { name: '10,000 flow sequences', src: `${'['.repeat(10000)}${']'.repeat(10000)}`, offset: undefined },
    { name: '10,001 flow sequences', src: `${'['.repeat(10001)}${']'.repeat(10001)}`, offset: 10000 },
    { name: '10,001 flow mappings and sequences', src: `${'{a: ['.repeat(5001)}${']}'.repeat(5001)}`, offset: 5000 * 5 },
    { name: '10,000 indented block mappings', src: blockMaps(10000), offset: undefined },
    { name: '10,001 indented block mappings', src: blockMaps(10001), offset: 9999 * 10000 / 2 + 3 * 10000 + 10000 },
    { name: 'a sequence at its key\'s column does not indent', src: `x:\n${'- '.repeat(10000)}y\n`, offset: undefined },
    { name: '10,001 compact sequences', src: `${'- '.repeat(10001)}y\n`, offset: 20000 },
    { name: 'block collections inside flow ones do not indent', src: `${'['.repeat(9999)}a: b${']'.repeat(9999)}`, offset: undefined },
  ])('$name', ({ src, offset }) => {
    const p = scannerNestingProblem(cst(src));
    expect(p?.offset).toBe(offset);
    if (p) expect(p.message).toMatch(/^exceeded max depth of 10000: /);
  });
});

describe('walkTokens', () => {
  test('visits each object before what it holds, in property order, and skips what a visit declines', () => {
    const tree = { id: 1, a: [{ id: 2, x: { id: 3 } }, { id: 4, skip: true, x: { id: 5 } }], b: { id: 6 } };
    const seen: unknown[] = [];
    walkTokens(tree, (t) => {
      seen.push(t.id);
      return t.skip !== true;
    });
    expect(seen).toEqual([1, 2, 3, 4, 6]);
  });

  test('walks 100,000 levels', () => {
    let deep: Record<string, unknown> = { id: 0 };
    for (let i = 1; i <= 100000; i++) deep = { id: i, next: [deep] };
    let count = 0;
    walkTokens(deep, () => {
      count++;
      return true;
    });
    expect(count).toBe(100001);
  });
});

describe('characterProblem', () => {
  test.each([
    { name: 'tab, LF, CR and NEL are allowed', src: 'a\tb\nc\rd\u0085e', expected: undefined },
    { name: 'a surrogate pair is one printable character', src: 'a: 😀', expected: undefined },
    {
      name: 'BEL is a control character', src: 'a\u0007',
      expected: { message: 'control characters are not allowed (U+0007); the operator\'s YAML parser rejects the entry', offset: 1 },
    },
    {
      name: 'U+FFFE is not printable', src: 'ab\ufffe',
      expected: { message: 'control characters are not allowed (U+FFFE); the operator\'s YAML parser rejects the entry', offset: 2 },
    },
    {
      name: 'a lone surrogate is not UTF-8', src: 'a\ud800b',
      expected: { message: 'the entry contains a lone UTF-16 surrogate, which is not valid UTF-8', offset: 1 },
    },
  ])('$name', ({ src, expected }) => {
    expect(characterProblem(src, src.length)).toEqual(expected);
  });

  test('only the region before `end` is read', () => {
    expect(characterProblem('ok\u0007', 2)).toBeUndefined();
  });
});

describe('tokenProblem', () => {
  const tab = (offset: number) => ({ message: TAB_MESSAGE, offset });
  test.each([
    { name: 'plain mapping', src: 'a: b\nc: [d, e]\n', expected: undefined },
    { name: 'tab indentation', src: '\ta: 1\n', expected: tab(0) },
    { name: 'tab after ":" of a simple key is skipped', src: 'a:\tb\n', expected: undefined },
    { name: 'tab after ":" without a key on its line', src: '? a\n:\tb\n', expected: tab(5) },
    { name: 'tab after "- "', src: '- \tb\n', expected: tab(2) },
    { name: 'tab after a value is fine', src: 'a: b\t# c\n', expected: undefined },
    { name: 'tab inside [ ] is fine', src: 'a: [b,\tc]\n', expected: undefined },
    {
      name: '"?" in a plain value inside [ ]', src: 'a: [b?c]\n',
      expected: {
        message: 'plain value "b?c" inside [ ] or { }: the operator\'s YAML parser reads "?" and a leading ":" there as '
          + 'indicators; quote the value',
        offset: 4,
      },
    },
    {
      name: 'anchor names are letters, digits, _ and -', src: 'a: &x.y 1\n',
      expected: {
        message: 'anchor name "x.y" is not accepted by the operator\'s YAML parser (only letters, digits, "_" and "-" are allowed)',
        offset: 3,
      },
    },
    {
      // A line break for libyaml: normalizeLineBreaks makes it one before the parse, so no token problem.
      name: 'U+2028 outside quotes', src: 'a: b\u2028c\n', expected: undefined,
    },
    { name: 'U+2028 inside quotes is fine', src: 'a: "b\u2028c"\n', expected: undefined },
    { name: 'unknown directive', src: '%FOO bar\n---\na: 1\n', expected: { message: 'found unknown directive name "%FOO"', offset: 0 } },
  ])('$name', ({ src, expected }) => {
    expect(firstTokenProblem(src)).toEqual(expected);
  });
});

describe('tagScanProblem', () => {
  // go-yaml v2.4's answers (yaml_parser_scan_tag, yaml_parser_scan_tag_uri, yaml_parser_scan_uri_escapes).
  test.each([
    { tag: '!!str', expected: undefined },
    { tag: '!', expected: undefined },
    { tag: '!local', expected: undefined },
    { tag: '!e!x', expected: undefined },
    { tag: '!<tag:yaml.org,2002:str>', expected: undefined },
    { tag: '!<a,b[c]>', expected: undefined },
    { tag: '!!str%41', expected: undefined },
    { tag: '!<%C3%A9>', expected: undefined },
    { tag: '!!', expected: 'did not find expected tag URI' },
    { tag: '!e!', expected: 'did not find expected tag URI' },
    { tag: '!<>', expected: 'did not find expected tag URI' },
    { tag: '!a#b', expected: 'did not find expected whitespace or line break' },
    { tag: '!a^b', expected: 'did not find expected whitespace or line break' },
    { tag: '!<a^b>', expected: 'did not find the expected \'>\'' },
    { tag: '!!str%zz', expected: 'did not find URI escaped octet' },
    { tag: '!<%FF>', expected: 'found an incorrect leading UTF-8 octet' },
    { tag: '!<%C3x>', expected: 'found an incorrect trailing UTF-8 octet' },
  ])('$tag', ({ tag, expected }) => {
    expect(tagScanProblem(tag)).toBe(expected);
  });
});

describe('laterByteOrderMarks', () => {
  // libyaml drops a BOM only at offset 0; the yaml package also before the first document.
  test.each([
    { name: 'at the start: dropped by both', text: '\ufeffbase: x\n', expected: '\ufeffbase: x\n', edited: [] },
    { name: 'after a line break: a character', text: '\n\ufeffbase: x\n', expected: '\nxbase: x\n', edited: [1] },
    { name: 'after a comment: a character', text: '# c\n\ufeffbase: x\n', expected: '# c\nxbase: x\n', edited: [4] },
    { name: 'inside the document the yaml package keeps it', text: 'a: 1\n\ufeffb: 2\n', expected: 'a: 1\n\ufeffb: 2\n', edited: [] },
  ])('$name', ({ text, expected, edited }) => {
    const r = laterByteOrderMarks(text);
    expect(r.text).toBe(expected);
    expect([...r.edited]).toEqual(edited);
  });
});

describe('nonSpecificVerbatimTags', () => {
  test.each([
    { name: '!<!> before a value', text: 'a: !<!> x\n', expected: 'a: !    x\n' },
    { name: '!<!!> before a value', text: 'a: !<!!> x\n', expected: 'a: !     x\n' },
    { name: '!<!> at the end', text: 'a: !<!>', expected: 'a: !   ' },
    { name: 'not followed by a blank (libyaml rejects it)', text: 'a: !<!>x\n', expected: 'a: !<!>x\n' },
    { name: 'inside quotes', text: 'a: "!<!> x"\n', expected: 'a: "!<!> x"\n' },
    { name: 'another verbatim tag', text: 'a: !<!x> y\n', expected: 'a: !<!x> y\n' },
  ])('$name', ({ text, expected }) => {
    expect(nonSpecificVerbatimTags(text)).toBe(expected);
  });
});

describe('directiveLinesInDocuments', () => {
  test.each([
    { name: 'after a mapping', text: 'a: 1\n%YAML 1.1\n---\nb: 2\n', expected: 'a: 1\n...      \n---\nb: 2\n' },
    { name: 'an unknown one (still checked where libyaml scans it)', text: 'a: 1\n%FOO\n', expected: 'a: 1\n... \n' },
    { name: 'shorter than "..." is left', text: 'a: 1\n%Y\n', expected: 'a: 1\n%Y\n' },
    { name: 'before the first document', text: '%YAML 1.1\n---\na: 1\n', expected: '%YAML 1.1\n---\na: 1\n' },
    { name: 'not at the start of a line', text: 'a: 1 %x\n', expected: 'a: 1 %x\n' },
  ])('$name', ({ text, expected }) => {
    expect(directiveLinesInDocuments(text)).toBe(expected);
  });
});

describe('attachKeyProps', () => {
  const firstItemStart = (src: string): string[] => {
    const cst = Array.from(new Parser().parse(src));
    attachKeyProps(cst);
    const doc = cst[0] as { value?: { items: Array<{ value?: { items?: Array<{ start: Array<{ source: string }> }> } }> } };
    return (doc.value?.items[0].value?.items?.[0].start ?? []).map((t) => t.source);
  };
  test.each([
    { name: 'a tag before the ":" of a nested first key', src: 'a:\n  !!str : x\n', expected: ['!!str', ' '] },
    { name: 'an anchor before it', src: 'a:\n  &k : x\n', expected: ['&k', ' '] },
    { name: 'an anchor on the key\'s line stays the mapping\'s', src: 'a: &m\n  !!str : x\n', expected: ['!!str', ' '] },
    { name: 'a key is left alone', src: 'a:\n  b: x\n', expected: [] },
    { name: 'props on the line of the outer key are the mapping\'s', src: 'a: !!map\n  : x\n', expected: [] },
  ])('$name', ({ src, expected }) => {
    expect(firstItemStart(src)).toEqual(expected);
  });
});

describe('emptyBlockKeyProblem', () => {
  const problem = (src: string) => emptyBlockKeyProblem(Array.from(new Parser().parse(src)), src, src.length);
  const noKey = (offset: number) => ({
    message: 'did not find expected key: this ":" has no key before it on its line, which the operator\'s YAML parser does '
      + 'not accept in a block mapping; write the key (or "" for an empty one)',
    offset,
  });
  // go-yaml v2.4's parser (yaml_parser_parse_block_mapping_key) wants a KEY token before a value.
  test.each([
    { name: 'a ":" at the start of the entry', src: ': x\n', expected: noKey(0) },
    { name: 'a ":" in a nested mapping', src: 'components:\n  : {}\n', expected: noKey(14) },
    { name: 'a ":" after a key', src: 'a: 1\n: 2\n', expected: noKey(5) },
    { name: 'a ":" in a list item', src: '- : x\n', expected: noKey(2) },
    { name: 'an anchor on the line above', src: '&a\n: b\n', expected: noKey(3) },
    { name: 'an anchor before the ":" is an empty key', src: '&a : b\n', expected: undefined },
    { name: 'a tag before the ":" is an empty key', src: '!!str : b\n', expected: undefined },
    { name: 'an explicit key above', src: '? a\n: b\n', expected: undefined },
    { name: 'a tag before the ":" of a nested mapping\'s first key', src: 'a:\n  !!null : x\n', expected: undefined },
    { name: 'an anchor before the ":" in a list item', src: '- &a : x\n', expected: undefined },
    { name: 'a ":" after a [ ] or { } value', src: 'a: {x: 1}: c\n', expected: noKey(9) },
    { name: 'inside { } (flowKeyProblem says)', src: '{: x}\n', expected: undefined },
    {
      name: 'an anchor where a key starts, with nothing after it', src: 'a: 1\n&a \n',
      expected: { message: 'could not find expected \':\' after "&a"', offset: 5 },
    },
    {
      name: 'a tag where a key starts, with nothing after it', src: 'a: 1\n!!str\n',
      expected: { message: 'could not find expected \':\' after "!!str"', offset: 5 },
    },
    { name: 'a key', src: 'a: 1\nb: 2\n', expected: undefined },
    {
      name: 'a key whose ":" is on the next line', src: 'a: 1\nb\n  : c\n',
      expected: { message: 'could not find expected \':\': an implicit key and its ":" must be on one line', offset: 9 },
    },
    { name: 'the root\'s first key whose ":" is on the next line (the root is the scalar)', src: 'b\n  : c\n', expected: undefined },
  ])('$name', ({ src, expected }) => {
    expect(problem(src)).toEqual(expected);
  });
});

describe('directiveProblem', () => {
  const directive = (source: string): Leaf => ({ type: 'directive', offset: 0, source, indent: 0 });
  test.each([
    { source: '%YAML 1.1', expected: undefined },
    { source: '%TAG ! tag:example.com,2000:', expected: undefined },
    {
      source: '%YAML 1.2',
      expected: { message: 'found incompatible YAML document (%YAML 1.2): the operator\'s YAML parser accepts only %YAML 1.1', offset: 0 },
    },
    { source: '%FOO', expected: { message: 'found unknown directive name "%FOO"', offset: 0 } },
    { source: '%TAG !e! tag:a.b,2000: # c', expected: undefined },
    { source: '%TAG !s! tag:y#aml.org,2002:', expected: { message: 'did not find a valid handle and prefix in the %TAG directive', offset: 0 } },
    { source: '%TAG !s!', expected: { message: 'did not find a valid handle and prefix in the %TAG directive', offset: 0 } },
  ])('$source', ({ source, expected }) => {
    expect(directiveProblem(directive(source))).toEqual(expected);
  });
});

describe('blockScalarTabProblem', () => {
  const message = 'found a tab character where an indentation space is expected in a block scalar (| or >); use spaces';
  const content = (source: string, header = '|'): Leaf => ({ type: 'block-scalar-content', offset: 10, source, indent: 0, header });
  test.each([
    { name: 'spaces only', leaf: content('  x\n  y\n'), expected: undefined },
    { name: 'a tab after the indentation is content', leaf: content('  x\n  \ty\n'), expected: undefined },
    { name: 'a tab as the first indentation', leaf: content('\tx\n'), expected: { message, offset: 10 } },
    { name: 'a tab within the detected indentation', leaf: content('  x\n\ty\n'), expected: { message, offset: 14 } },
    { name: 'a tab within an explicit indentation', leaf: content(' \tx\n', '|2'), expected: { message, offset: 11 } },
  ])('$name', ({ leaf, expected }) => {
    expect(blockScalarTabProblem(leaf)).toEqual(expected);
  });
});
