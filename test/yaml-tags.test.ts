/**
 * Tags split into handle and suffix as libyaml splits them (go-yaml v2.4 scannerc.go
 * yaml_parser_scan_tag_handle and yaml_parser_scan_tag_uri).
 */
import { Parser } from 'yaml';
import { PiraeusError } from '../src/errors';
import { decodeDocument } from '../src/resolver/yaml/decode';
import { leavesOf } from '../src/resolver/yaml/scan';
import { joinTagIndicators, libyamlTag, restoreTagSources } from '../src/resolver/yaml/tags';

describe('libyamlTag', () => {
  test.each([
    { source: '!!str', expected: 'tag:yaml.org,2002:str' },
    { source: '!!str!', expected: 'tag:yaml.org,2002:str!' },
    { source: '!!!str', expected: 'tag:yaml.org,2002:!str' },
    { source: '!...!int', expected: '!...!int' },
    { source: '!a,', expected: '!a,' },
    { source: '!!m]erge', expected: 'tag:yaml.org,2002:m]erge' },
    { source: '!a%21', expected: '!a!' },
    { source: '!', expected: undefined },
    { source: '!<tag:x>', expected: undefined },
    { source: '!a!b', expected: undefined }, // a named handle: %TAG or libyaml's error
  ])('$source', ({ source, expected }) => {
    expect(libyamlTag(source)).toBe(expected);
  });
});

describe('joinTagIndicators', () => {
  test.each([
    { name: 'a "," in a tag', text: 'base: !a, x\n', expected: 'base: !ax x\n' },
    { name: 'a "]" in a tag inside { }', text: '{base: !a]b x}\n', expected: '{base: !axb x}\n' },
    { name: 'a "[" and "]" in a tag at the end', text: 'a: !![m]', expected: 'a: !!xmx' },
    { name: 'not followed by a blank (libyaml refuses it)', text: 'a: !a,{\n', expected: 'a: !a,{\n' },
    { name: 'inside quotes', text: 'a: "!a, x"\n', expected: 'a: "!a, x"\n' },
    { name: 'a verbatim tag', text: 'a: !<a,b> x\n', expected: 'a: !<a,b> x\n' },
  ])('$name', ({ text, expected }) => {
    const out = joinTagIndicators(text);
    expect(out.text).toBe(expected);
    const cst = Array.from(new Parser().parse(out.text));
    restoreTagSources(cst, out.sources);
    // The CST holds the tags as written.
    for (const tag of leavesOf(cst).filter((l) => l.type === 'tag')) {
      expect(tag.source).toBe(text.slice(tag.offset, tag.offset + tag.source.length));
    }
  });
});

describe('decodeDocument: tags as libyaml splits them (answers of sigs.k8s.io/yaml v1.6.0 on go.yaml.in/yaml/v2 v2.4.4)', () => {
  const outcome = (text: string): unknown => {
    try {
      const d = decodeDocument('k', text).document;
      return { base: d.base, components: Object.fromEntries([...d.components].map(([k, c]) => [k, c.tag])) };
    } catch (e) {
      return (e as PiraeusError).code;
    }
  };
  test.each([
    { name: 'a "!" after the handle\'s name', text: 'base: !!str! x\n', expected: { base: 'x', components: {} } },
    { name: 'three "!"', text: 'base: !!!str x\n', expected: { base: 'x', components: {} } },
    { name: 'a "!" later in a local tag', text: 'base: !...!int 1\n', expected: { base: '1', components: {} } },
    { name: 'a "]" in a tag', text: 'base: !!m]erge x\n', expected: { base: 'x', components: {} } },
    { name: 'a "," in a tag inside { }', text: '{base: !!str, x}\n', expected: { base: 'x', components: {} } },
    { name: 'on a key and a value', text: 'components:\n  !!str! x: {tag: !!str! 1}\n', expected: { base: '', components: { x: '1' } } },
    { name: 'on a collection', text: 'components: !!map! {x: {tag: t}}\n', expected: { base: '', components: { x: 't' } } },
    { name: 'a named handle without %TAG', text: 'base: !a!b!c x\n', expected: 'YAML_SYNTAX' },
  ])('$name', ({ text, expected }) => {
    expect(outcome(text)).toEqual(expected);
  });
});
