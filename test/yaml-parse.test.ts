/**
 * Reading the first document with the `yaml` package under libyaml's rules.
 */
import { isMap, isScalar } from 'yaml';
import { DecodeContext } from '../src/resolver/yaml/diagnostics';
import { normalizeLineBreaks, readFirstDocument } from '../src/resolver/yaml/parse';
import { expectPiraeusError } from './support/errors';

function read(src: string) {
  const ctx = new DecodeContext('k');
  return { root: readFirstDocument(ctx, src), diagnostics: ctx.diagnostics() };
}

describe('normalizeLineBreaks', () => {
  test.each([
    { name: 'LF', text: 'a\nb', expected: 'a\nb' },
    { name: 'lone CR', text: 'a\rb', expected: 'a\nb' },
    { name: 'CRLF kept (same offsets; the yaml package reads it)', text: 'a\r\nb', expected: 'a\r\nb' },
    { name: 'NEL', text: 'a\u0085b', expected: 'a\nb' },
    { name: 'LS and PS (put back into scalars by readFirstDocument)', text: 'a\u2028b\u2029c', expected: 'a\nb\nc' },
  ])('$name', ({ text, expected }) => {
    expect(normalizeLineBreaks(text)).toBe(expected);
  });
});

describe('readFirstDocument', () => {
  test.each([
    { name: 'empty entry', src: '' },
    { name: 'only a comment', src: '# nothing\n' },
  ])('$name has no root', ({ src }) => {
    expect(read(src)).toEqual({ root: null, diagnostics: [] });
  });

  test('a mapping root', () => {
    const { root, diagnostics } = read('base: x\n');
    expect(isMap(root)).toBe(true);
    expect(diagnostics).toEqual([]);
  });

  test('a scalar root', () => {
    expect(isScalar(read('x\n').root)).toBe(true);
  });

  test('an empty document after "---" has an empty scalar root (null for go-yaml)', () => {
    const { root } = read('---\n');
    expect(isScalar(root) && root.source).toBe('');
  });

  test('only the first document is read; a later one with content is reported', () => {
    const { root, diagnostics } = read('base: a\n---\nbase: b\n');
    expect(isMap(root) && root.items.length).toBe(1);
    expect(diagnostics.map((d) => [d.code, d.location.line])).toEqual([['EXTRA_DOCUMENTS', 3]]);
    expect(diagnostics[0].message).toContain('holds 2 YAML documents');
  });

  test('an empty later document is not reported', () => {
    expect(read('base: a\n---\n').diagnostics).toEqual([]);
  });

  test.each([
    {
      name: 'a directive without a document', src: '%YAML 1.1\n', code: 'YAML_SYNTAX', line: 1,
      message: 'did not find expected <document start>: a directive must be followed by "---"',
    },
    {
      name: 'a control character', src: 'a: \u0001\n', code: 'YAML_SYNTAX', line: 1,
      message: 'control characters are not allowed (U+0001); the operator\'s YAML parser rejects the entry',
    },
    {
      name: 'a tab in the second line (the yaml package reports it)', src: 'a: 1\n\tb: 2\n', code: 'YAML_SYNTAX', line: 2,
      message: 'not valid YAML: Tabs are not allowed as indentation',
    },
    {
      name: 'nesting beyond go-yaml\'s scanner (10,001 brackets)', src: `a: b\nc: ${'['.repeat(10001)}`, code: 'YAML_SYNTAX', line: 2,
      message: 'exceeded max depth of 10000: the operator\'s YAML parser allows at most 10000 nested [ ] and { }',
    },
    {
      name: 'an unknown directive at column 0 after a root block scalar (libyaml indents it by at least 1)', src: '|\n  a\n%x # c\n',
      code: 'YAML_SYNTAX', line: 3, message: 'found unknown directive name "%x"',
    },
  ])('$name', ({ src, code, line, message }) => {
    const e = expectPiraeusError(() => read(src), code);
    expect(e.detail.startsWith(message)).toBe(true);
    expect(e.location?.line).toBe(line);
  });

  // go-yaml v2.4's answers (test/fixtures/go-yaml-answers.json holds them with Go's messages).
  test.each([
    { name: 'a { not closed at the end', src: '{base: x\n', line: 2 },
    { name: 'a { closed by ]', src: '{base: x]\n', line: 1 },
    { name: 'a [ not closed under a key', src: 'a: [\n', line: 2 },
    { name: 'nested [ not closed', src: `extra: ${'['.repeat(50)}\n`, line: 2 },
  ])('an unclosed bracket is an error wherever the yaml package reports it: $name', ({ src, line }) => {
    const e = expectPiraeusError(() => read(src), 'YAML_SYNTAX', /must (be sufficiently indented and )?end with a [\]}]/);
    expect(e.location?.line).toBe(line);
  });

  test.each([
    { name: '"]" after a key', src: 'a: ]\n', line: 1, message: /did not find expected key: "\]"/ },
    { name: '"]" on the next line', src: 'a: 1\n]\n', line: 2, message: /did not find expected key/ },
    { name: '"}" after an alias', src: 'a: &x 1\nb: *x}\n', line: 2, message: /did not find expected key/ },
    { name: 'a key after a list', src: '- a\nb: c\n', line: 2, message: /did not find expected '-' indicator: "b"/ },
    { name: 'an indented root', src: '  a: 1\n  ]\n', line: 2, message: /did not find expected key/ },
  ])('a token the yaml package leaves after a block root, at its column or beyond, is inside it for libyaml: $name', ({ src, line, message }) => {
    const e = expectPiraeusError(() => read(src), 'YAML_SYNTAX', message);
    expect(e.location?.line).toBe(line);
  });

  test('a U+FEFF after the start of the entry is part of the key, as in libyaml', () => {
    const { root } = read('\n\ufeffbase: x\n');
    expect(isMap(root) && isScalar(root.items[0].key) && root.items[0].key.source).toBe('\ufeffbase');
  });

  test('a verbatim !<!> is the non-specific tag, so the value stays a string', () => {
    const { root, diagnostics } = read('a: !<!> yes\n');
    expect(isMap(root) && isScalar(root.items[0].value) && root.items[0].value.tag).toBe('!');
    expect(diagnostics).toEqual([]);
  });

  test.each([
    { name: '"@" after an indented root', src: '  a: 1\n@x\n', line: 2 },
    { name: '"`" after an indented root', src: '  a: 1\n`x\n', line: 2 },
    { name: '"@" after a flow root', src: '{a: 1} @x\n', line: 1 },
  ])('the token after the root is scanned, and "@" or "`" cannot start one: $name', ({ src, line }) => {
    const e = expectPiraeusError(() => read(src), 'YAML_SYNTAX', /found character that cannot start any token/);
    expect(e.location?.line).toBe(line);
  });

  test.each(['}', ']', '--- ]', '}\n', '# c\n]\n'])('a "]" or "}" where the document\'s node belongs is an error: %j', (src) => {
    expectPiraeusError(() => read(src), 'YAML_SYNTAX', /did not find expected node content|Unexpected flow-(map|seq)-end token/);
  });

  test('a directive at the start of a line ends the document, as in libyaml', () => {
    const { root, diagnostics } = read('base: x\n%YAML 1.1\n---\nbase: y\n');
    expect(isMap(root) && root.items.length).toBe(1);
    expect(diagnostics.map((d) => d.code)).toEqual(['EXTRA_DOCUMENTS']);
    expectPiraeusError(() => read('base: x\n%FOO\n'), 'YAML_SYNTAX', /found unknown directive name "%FOO"/);
  });

  test('a token less indented than an indented root ends it, as in libyaml', () => {
    expect(read('  a: 1\n ]\n').diagnostics.map((d) => d.code)).toEqual(['EXTRA_DOCUMENTS']);
    expect(read('  a: 1\nb: 2\n').diagnostics.map((d) => d.code)).toEqual(['EXTRA_DOCUMENTS']);
  });

  test('problems in later documents are not libyaml errors of the first', () => {
    expect(read('a: 1\n---\n\tb: c\n').diagnostics.map((d) => d.code)).toEqual(['EXTRA_DOCUMENTS']);
    // libyaml's reader checks characters 512 bytes at a time, so only a far one is never seen.
    expect(read(`a: 1\n---\n${'#'.repeat(600)}\n\tb: \u0001\n`).diagnostics.map((d) => d.code)).toEqual(['EXTRA_DOCUMENTS']);
    expectPiraeusError(() => read('a: 1\n---\n\tb: \u0001\n'), 'YAML_SYNTAX');
  });
});
