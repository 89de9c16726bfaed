/**
 * The `yaml` package's syntax tree as go-yaml v2's node tree.
 */
import { PiraeusError } from '../src/errors';
import { DecodeContext } from '../src/resolver/yaml/diagnostics';
import { buildNodeTree } from '../src/resolver/yaml/nodes';
import { readFirstDocument } from '../src/resolver/yaml/parse';
import { GoNode } from '../src/resolver/yaml/values';

function tree(src: string): GoNode {
  const ctx = new DecodeContext('k');
  return buildNodeTree(ctx, readFirstDocument(ctx, src)!);
}

/** A node without offsets; aliases by name. */
function shape(n: GoNode): unknown {
  switch (n.kind) {
    case 'scalar':
      return { value: n.value, tag: n.tag, implicit: n.implicit, quoted: n.quoted };
    case 'alias':
      return { alias: n.name };
    default:
      return { [n.kind]: n.children.map(shape) };
  }
}

const plain = (value: string) => ({ value, tag: '', implicit: true, quoted: false });

describe('buildNodeTree', () => {
  test.each([
    { name: 'plain scalar', src: 'x', expected: plain('x') },
    { name: 'empty value is an empty plain scalar', src: 'a:', expected: { map: [plain('a'), plain('')] } },
    { name: 'quoted scalars are not implicit', src: '"a"', expected: { value: 'a', tag: '', implicit: false, quoted: true } },
    { name: 'quoted text is read by libyaml rules', src: "'it''s'", expected: { value: "it's", tag: '', implicit: false, quoted: true } },
    { name: 'block scalars count as quoted', src: '|\n  t\n', expected: { value: 't\n', tag: '', implicit: false, quoted: true } },
    { name: 'the non-specific tag ! stays implicit', src: '! 1', expected: { value: '1', tag: '!', implicit: true, quoted: false } },
    { name: '!!str is a full tag', src: '!!str 1', expected: { value: '1', tag: 'tag:yaml.org,2002:str', implicit: false, quoted: false } },
    { name: 'a local tag', src: '!foo 1', expected: { value: '1', tag: '!foo', implicit: false, quoted: false } },
    { name: 'sequence', src: '[a, "b"]', expected: { seq: [plain('a'), { value: 'b', tag: '', implicit: false, quoted: true }] } },
    { name: 'alias', src: '[&x a, *x]', expected: { seq: [plain('a'), { alias: 'x' }] } },
  ])('$name', ({ src, expected }) => {
    expect(shape(tree(src))).toEqual(expected);
  });

  test('an alias points at the node its anchor names at that point', () => {
    const root = tree('- &x a\n- *x\n- &x b\n- *x\n');
    if (root.kind !== 'seq') throw new Error('expected a sequence');
    const [a, aliasA, b, aliasB] = root.children;
    expect(aliasA.kind === 'alias' && aliasA.target).toBe(a);
    expect(aliasB.kind === 'alias' && aliasB.target).toBe(b);
  });

  test('an anchored collection is its own alias target inside itself', () => {
    const root = tree('&x [*x]');
    expect(root.kind === 'seq' && root.children[0].kind === 'alias' && root.children[0].target).toBe(root);
  });

  test.each([
    { name: 'unknown anchor', src: 'a: *nope', message: "unknown anchor 'nope' referenced" },
    { name: 'bad escape in a quoted scalar', src: 'a: "\\q"', message: 'found unknown escape character "\\q"' },
  ])('$name fails with YAML_SYNTAX', ({ src, message }) => {
    expect(() => tree(src)).toThrow(PiraeusError);
    expect(() => tree(src)).toThrow(message);
  });
});
