/**
 * The decoder's reporting context and the helpers that describe keys and values in messages.
 */
import { PiraeusError } from '../src/errors';
import {
  componentOf, DecodeContext, describeJson, describeKey, displayText, jsonKind, typedKey, yamlTypeName,
} from '../src/resolver/yaml/diagnostics';
import { AliasNode, GoNode, GV, JV, ScalarNode } from '../src/resolver/yaml/values';

const scalar = (value: string, quoted = false): ScalarNode => ({ kind: 'scalar', value, tag: '', implicit: !quoted, quoted, offset: 0 });
const alias = (name: string, target: GoNode): AliasNode => ({ kind: 'alias', name, target, offset: 0 });

/** A context over a two-line entry: line 2 starts at offset 4. */
function context(): DecodeContext {
  const ctx = new DecodeContext('k');
  ctx.lines.addNewLine(0);
  ctx.lines.addNewLine(4);
  return ctx;
}

describe('DecodeContext', () => {
  test.each([
    { name: 'no offset', offset: undefined, component: undefined, expected: { key: 'k' } },
    { name: 'no offset, a component', offset: undefined, component: 'c', expected: { key: 'k', component: 'c' } },
    { name: 'first line', offset: 2, component: undefined, expected: { key: 'k', line: 1, column: 3 } },
    { name: 'second line, a component', offset: 5, component: 'c', expected: { key: 'k', line: 2, column: 2, component: 'c' } },
  ])('where: $name', ({ offset, component, expected }) => {
    expect(context().where(offset, component)).toEqual(expected);
  });

  test('fail throws a located PiraeusError', () => {
    const ctx = context();
    expect(() => ctx.fail('DECODE_TYPE', 'bad', 5)).toThrow(new PiraeusError('DECODE_TYPE', 'bad', { key: 'k', line: 2, column: 2 }));
  });

  test('a diagnostic is recorded once per code, place and message, and listed by line', () => {
    const ctx = context();
    ctx.diag('B', 'second line', 5);
    ctx.diag('A', 'first line', 0);
    ctx.diag('B', 'second line', 5);
    ctx.diag('B', 'second line, other text', 5);
    ctx.diag('B', 'second line', 6);
    expect(ctx.diagnostics().map((d) => [d.code, d.location.line, d.location.column, d.message])).toEqual([
      ['A', 1, 1, 'first line'],
      ['B', 2, 2, 'second line'],
      ['B', 2, 2, 'second line, other text'],
      ['B', 2, 3, 'second line'],
    ]);
    expect(ctx.diagnostics().every((d) => d.severity === 'warning')).toBe(true);
  });
});

describe('displayText', () => {
  const a = scalar('1.0');
  const loop: AliasNode = { kind: 'alias', name: 'x', offset: 0, target: undefined as unknown as GoNode };
  (loop as { target: GoNode }).target = loop;
  test.each<{ name: string; n: GoNode; text: string }>([
    { name: 'a scalar as written', n: a, text: '1.0' },
    { name: 'an alias shows its target', n: alias('x', alias('y', a)), text: '1.0' },
    { name: 'a mapping', n: { kind: 'map', children: [], offset: 0 }, text: '{…}' },
    { name: 'a sequence', n: { kind: 'seq', children: [], offset: 0 }, text: '[…]' },
    { name: 'an alias loop stops', n: loop, text: '*x' },
  ])('$name', ({ n, text }) => {
    expect(displayText(n)).toBe(text);
  });
});

describe('key and value descriptions', () => {
  const src = scalar('0x10');
  test.each<{ gv: GV; key: string; typed: string; type: string }>([
    { gv: { t: 'str', v: 'a', src }, key: '"a"', typed: '"0x10" (a string)', type: 'value' },
    { gv: { t: 'int', v: 16n, unsigned: false, src }, key: '16', typed: '0x10 (a YAML integer)', type: 'integer' },
    { gv: { t: 'float', v: 1.1, src }, key: '1.1', typed: '0x10 (a YAML float)', type: 'float' },
    { gv: { t: 'bool', v: true, src }, key: 'true', typed: '0x10 (a YAML boolean)', type: 'boolean' },
    { gv: { t: 'null', src }, key: 'null', typed: '0x10 (a YAML null)', type: 'null' },
  ])('$gv.t', ({ gv, key, typed, type }) => {
    expect([describeKey(gv), typedKey(gv, src), yamlTypeName(gv)]).toEqual([key, typed, type]);
  });

  const gv: GV = { t: 'str', v: 'x', src: scalar('x') };
  test.each<{ jv: JV; kind: string; described: string }>([
    { jv: { j: 'str', v: 'x', gv }, kind: 'string', described: 'the string "x"' },
    { jv: { j: 'str', v: 'x', gv: { t: 'str', v: 'x', src: scalar('x', true) } }, kind: 'string', described: 'the quoted string "x"' },
    { jv: { j: 'num', gv: { t: 'float', v: 1.1, src: scalar('1.10') } }, kind: 'number', described: 'the number 1.10' },
    { jv: { j: 'bool', v: false, gv }, kind: 'bool', described: 'the boolean false' },
    { jv: { j: 'null', gv }, kind: 'null', described: 'null' },
    { jv: { j: 'obj', entries: [], gv }, kind: 'object', described: 'a mapping' },
    { jv: { j: 'arr', items: [], gv }, kind: 'array', described: 'a list' },
  ])('$described', ({ jv, kind, described }) => {
    expect([jsonKind(jv), describeJson(jv)]).toEqual([kind, described]);
  });
});

describe('componentOf', () => {
  test.each([
    { path: [], component: undefined },
    { path: ['components'], component: undefined },
    { path: ['components', 'drbd', 'tag'], component: 'drbd' },
    { path: ['base'], component: undefined },
  ])('$path', ({ path, component }) => {
    expect(componentOf(path)).toBe(component);
  });
});
