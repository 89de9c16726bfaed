/**
 * The Go target types: documented spellings and the target each field kind decodes into.
 */
import { fieldTarget, STRUCT_FIELDS } from '../src/resolver/yaml/structs';

describe('STRUCT_FIELDS', () => {
  const all = Object.entries(STRUCT_FIELDS).flatMap(([s, fields]) => fields.map((f) => ({ s, ...f })));
  test.each(all)('$s.$go is documented as $doc', ({ go, doc }) => {
    expect(doc).toBe(go[0].toLowerCase() + go.slice(1));
  });
});

describe('fieldTarget', () => {
  test.each([
    { go: 'Base', target: { k: 'string' } },
    { go: 'Components', target: { k: 'components' } },
    { go: 'Match', target: { k: 'match' } },
    { go: 'Precompiled', target: { k: 'bool' } },
  ])('$go', ({ go, target }) => {
    const f = Object.values(STRUCT_FIELDS).flat().find((x) => x.go === go)!;
    expect(fieldTarget(f)).toEqual(target);
  });
});
