/**
 * encodeDocument writes YAML the operator reads back unchanged;
 * "reads back" is checked with the Go-compatible decoder.
 */
import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { ErrorCodes, PiraeusError } from '../src/errors';
import { encodeDocument } from '../src/resolver/encode';
import { ComponentConfig, OsMatch } from '../src/resolver/types';
import { decodeDocument } from '../src/resolver/yaml/decode';
import { DEFAULT_IMAGE_CONFIG_DATA } from './support/defaults';

type Doc = { base: string; components: Map<string, ComponentConfig> };

function comp(p: Partial<ComponentConfig> = {}): ComponentConfig {
  return { tag: p.tag ?? '', image: p.image ?? '', digest: p.digest ?? '', match: p.match ?? [] };
}

function rule(p: Partial<OsMatch> = {}): OsMatch {
  return { osImage: p.osImage ?? '', image: p.image ?? '', precompiled: p.precompiled ?? false, digest: p.digest ?? '' };
}

/** Line-free view for comparisons. */
function strip(d: { base: string; components: ReadonlyMap<string, ComponentConfig> }): unknown {
  return {
    base: d.base,
    components: [...d.components].map(([k, c]) => [k, {
      tag: c.tag, image: c.image, digest: c.digest,
      match: c.match.map((m) => ({ osImage: m.osImage, image: m.image, precompiled: m.precompiled, digest: m.digest })),
    }]).sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : (a[0] as string) > (b[0] as string) ? 1 : 0)),
  };
}

function roundTrip(doc: Doc): { text: string; back: unknown } {
  const text = encodeDocument(doc);
  const r = decodeDocument('roundtrip.yaml', text);
  expect(r.diagnostics).toEqual([]);
  return { text, back: strip(r.document) };
}

// Every scalar whose decoding matters (YAML 1.1 numbers, booleans, nulls, timestamps) plus YAML hazards.
const TRICKY: string[] = [
  // integers
  '10', '0777', '012', '010', '0x1F', '0b101', '0o17', '1_000', '017_', '+12', '12345678901234567890', '-0', '0b-101',
  '-0b101', '9223372036854775808', '18446744073709551616',
  // floats
  '1.10', '2.10', '1.0', '10.0', '.5', '1.2345678901', '1.123456789', '3.14159265358979', '100000.0', '1234567.0',
  '100000000.5', '16777217.0', '0.0001', '0.000001', '1e3', '08', '09', '.inf', '-.Inf', '+.inf', '.NaN', '.nan',
  '.5_5', '1e400', '-0.0',
  // bools and nulls
  'yes', 'Yes', 'YES', 'y', 'Y', 'on', 'On', 'ON', 'true', 'True', 'TRUE', 'no', 'No', 'NO', 'n', 'N', 'off', 'Off',
  'OFF', 'false', 'False', 'FALSE', '~', 'null', 'Null', 'NULL',
  // timestamps, base 60, strings that look like numbers
  '2024-01-02', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10', '1:30', '1:20', 'v1.10', '1.10.0', '1.2.3',
  // YAML syntax hazards
  '<<', 'a: b', 'a #b', '#x', '- x', '-x', '? x', '?x', ':x', 'x:', '[a]', '{a}', 'a,b', '*a', '&a', '!a', '|', '>',
  '%x', '@x', '`x', '"q"', "'q'", ' lead', 'trail ', 'tab\tx', '\tlead', 'nl\nx', 'crlf\r\nx', '\r', '---', '...',
  '--- x', '\\', '"', "'", 'a\\b',
  // characters libyaml treats specially
  'é', '😀', 'a\u0085b', '\u2028', 'x\u2029y', '\ufeff', '\ufffe', '\uffff', '\x7f', '\x01', '\0', '\u009f', '\u00a0',
  // regexes and real values
  'Ubuntu 22\\.04', 'Red Hat Enterprise Linux CoreOS 41[3-9]', '^AlmaLinux [7-8]$', 'quay.io/piraeusdatastore',
  'sha256:8bc7fd45545744864633371161e6fcd6bcaea1e7a21fb053588f970b9f912b07', '__proto__', 'constructor',
  'x'.repeat(300),
];

describe('encodeDocument: layout', () => {
  const doc: Doc = {
    base: 'quay.io/piraeusdatastore',
    components: new Map([
      ['linstor-controller', comp({ image: 'piraeus-server', tag: 'v1.32.3' })],
      ['drbd-module-loader', comp({
        image: 'drbd9-noble', tag: 'v9.2.16', match: [
          rule({ osImage: 'Ubuntu 22\\.04', image: 'drbd9-jammy' }),
          rule({ osImage: 'AlmaLinux 9', image: 'drbd9-almalinux9', digest: 'sha256:abcd', precompiled: true }),
        ],
      })],
      ['csi-attacher', comp({ image: 'csi-attacher', tag: 'v4.10.0', digest: 'sha256:1234' })],
    ]),
  };

  test('exact text', () => {
    expect(encodeDocument(doc)).toBe([
      'base: quay.io/piraeusdatastore',
      'components:',
      '  csi-attacher:',
      '    image: csi-attacher',
      '    tag: v4.10.0',
      '    digest: sha256:1234',
      '  drbd-module-loader:',
      '    image: drbd9-noble',
      '    tag: v9.2.16',
      '    match:',
      '      - osImage: Ubuntu 22\\.04',
      '        image: drbd9-jammy',
      '      - osImage: AlmaLinux 9',
      '        image: drbd9-almalinux9',
      '        digest: sha256:abcd',
      '        precompiled: true',
      '  linstor-controller:',
      '    image: piraeus-server',
      '    tag: v1.32.3',
      '',
    ].join('\n'));
  });

  test('same text as yaml stringify with the Go-compatible settings for ordinary values', () => {
    const plain = {
      base: 'quay.io/piraeusdatastore',
      components: {
        'csi-attacher': { image: 'csi-attacher', tag: 'v4.10.0', digest: 'sha256:1234' },
        'drbd-module-loader': {
          image: 'drbd9-noble', tag: 'v9.2.16', match: [
            { osImage: 'Ubuntu 22\\.04', image: 'drbd9-jammy' },
            { osImage: 'AlmaLinux 9', image: 'drbd9-almalinux9', digest: 'sha256:abcd', precompiled: true },
          ],
        },
        'linstor-controller': { image: 'piraeus-server', tag: 'v1.32.3' },
      },
    };
    const expected = YAML.stringify(plain, { version: '1.1', aliasDuplicateObjects: false, lineWidth: 0 });
    expect(encodeDocument(doc)).toBe(expected);
  });

  test.each([
    { name: 'empty document', input: { base: '', components: new Map() }, expected: '{}\n' },
    { name: 'base only', input: { base: 'b', components: new Map() }, expected: 'base: b\n' },
    { name: 'empty component', input: { base: '', components: new Map([['x', comp()]]) }, expected: 'components:\n  x: {}\n' },
    { name: 'empty rule, precompiled false omitted', input: { base: '', components: new Map([['x', comp({ match: [rule()] })]]) },
      expected: 'components:\n  x:\n    match:\n      - {}\n' },
    { name: 'empty strings omitted', input: { base: '', components: new Map([['x', comp({ tag: 'v1' })]]) },
      expected: 'components:\n  x:\n    tag: v1\n' },
  ])('$name', ({ input, expected }) => {
    expect(encodeDocument(input)).toBe(expected);
    expect(strip(decodeDocument('k', expected).document)).toEqual(strip(input));
  });

  test('components are sorted by key (code-unit order)', () => {
    const names = ['b', 'B', 'a', '10', '2', 'é', '😀', '\uff61', 'a-b', 'a_b'];
    const text = encodeDocument({ base: '', components: new Map(names.map((n) => [n, comp({ tag: 't' })])) });
    const order = [...decodeDocument('k', text).document.components.values()]
      .sort((x, y) => (x.line ?? 0) - (y.line ?? 0));
    const keysByLine = [...decodeDocument('k', text).document.components.entries()]
      .sort((x, y) => (x[1].line ?? 0) - (y[1].line ?? 0)).map(([k]) => k);
    expect(order).toHaveLength(names.length);
    expect(keysByLine).toEqual([...names].sort());
  });

  test('rules keep their order', () => {
    const rules = ['c', 'a', 'b'].map((o) => rule({ osImage: o, image: `i${o}` }));
    const { back } = roundTrip({ base: '', components: new Map([['x', comp({ match: rules })]]) });
    expect((back as { components: [string, { match: OsMatch[] }][] }).components[0][1].match.map((m) => m.osImage))
      .toEqual(['c', 'a', 'b']);
  });
});

describe('encodeDocument: strings the operator would read differently are quoted', () => {
  test.each([
    { name: '1.10', input: '1.10', expected: 'tag: "1.10"' },
    { name: 'yes', input: 'yes', expected: 'tag: "yes"' },
    { name: '~', input: '~', expected: 'tag: "~"' },
    { name: '010', input: '010', expected: 'tag: "010"' },
    { name: '1_000', input: '1_000', expected: 'tag: "1_000"' },
    { name: '2024-01-02', input: '2024-01-02', expected: 'tag: "2024-01-02"' },
    { name: '.inf', input: '.inf', expected: 'tag: ".inf"' },
    { name: '0b101', input: '0b101', expected: 'tag: "0b101"' },
    { name: '0o17 (Go octal, unknown to YAML 1.1)', input: '0o17', expected: 'tag: "0o17"' },
    { name: '0b-101 (go-yaml legacy binary)', input: '0b-101', expected: 'tag: "0b-101"' },
    { name: '+12', input: '+12', expected: 'tag: "+12"' },
    { name: '.5_5 (Go underscores)', input: '.5_5', expected: 'tag: ".5_5"' },
    { name: 'v1.10 stays plain', input: 'v1.10', expected: 'tag: v1.10' },
    { name: 'regex stays plain', input: 'Ubuntu 22\\.04', expected: 'tag: Ubuntu 22\\.04' },
    { name: 'NEL is escaped', input: 'a\u0085b', expected: 'tag: "a\\u0085b"' },
    { name: 'U+FFFE is escaped', input: '\ufffe', expected: 'tag: "\\uFFFE"' },
    { name: 'DEL is escaped', input: '\x7f', expected: 'tag: "\\u007F"' },
  ])('$name', ({ input, expected }) => {
    const text = encodeDocument({ base: '', components: new Map([['x', comp({ tag: input })]]) });
    expect(text.split('\n')).toContain(`    ${expected}`);
    expect(decodeDocument('k', text).document.components.get('x')?.tag).toBe(input);
  });

  test.each([
    { name: '<< key', input: '<<', expected: '  "<<":' },
    { name: 'empty key', input: '', expected: '  "":' },
    { name: '1.10 key', input: '1.10', expected: '  "1.10":' },
    { name: 'yes key', input: 'yes', expected: '  "yes":' },
    { name: '10 key', input: '10', expected: '  "10":' },
    { name: 'plain key', input: 'linstor-csi', expected: '  linstor-csi:' },
  ])('component key: $name', ({ input, expected }) => {
    const text = encodeDocument({ base: '', components: new Map([[input, comp({ tag: 'v' })]]) });
    expect(text.split('\n')).toContain(expected);
    expect([...decodeDocument('k', text).document.components.keys()]).toEqual([input]);
  });

  test('a component key longer than 1024 characters is written as an explicit key', () => {
    const key = 'k'.repeat(1500);
    const text = encodeDocument({ base: '', components: new Map([[key, comp({ tag: 'v' })]]) });
    expect(text).toContain('? ');
    expect([...decodeDocument('k', text).document.components.keys()]).toEqual([key]);
  });
});

describe('encodeDocument: round trip through the operator\'s decoding', () => {
  test(`the tricky strings list is long enough (${TRICKY.length})`, () => {
    expect(TRICKY.length).toBeGreaterThanOrEqual(40);
  });

  const fields: { name: string; build: (s: string) => Doc }[] = [
    { name: 'base', build: (s) => ({ base: s, components: new Map() }) },
    { name: 'tag', build: (s) => ({ base: '', components: new Map([['x', comp({ tag: s })]]) }) },
    { name: 'image', build: (s) => ({ base: '', components: new Map([['x', comp({ image: s })]]) }) },
    { name: 'digest', build: (s) => ({ base: '', components: new Map([['x', comp({ digest: s })]]) }) },
    { name: 'osImage', build: (s) => ({ base: '', components: new Map([['x', comp({ match: [rule({ osImage: s })] })]]) }) },
    { name: 'rule image', build: (s) => ({ base: '', components: new Map([['x', comp({ match: [rule({ image: s, precompiled: true })] })]]) }) },
    { name: 'component key', build: (s) => ({ base: '', components: new Map([[s, comp({ tag: 'v1' })]]) }) },
  ];
  const cases = fields.flatMap((f) => TRICKY.map((s) => ({ name: `${f.name} = ${JSON.stringify(s).slice(0, 40)}`, input: f.build(s) })));

  test.each(cases)('$name', ({ input }) => {
    const { back } = roundTrip(input);
    expect(back).toEqual(strip(input));
  });

  test('all tricky strings in one document', () => {
    const doc: Doc = {
      base: TRICKY[0],
      components: new Map(TRICKY.map((s, i) => [s, comp({
        tag: TRICKY[(i + 1) % TRICKY.length], image: TRICKY[(i + 2) % TRICKY.length], digest: TRICKY[(i + 3) % TRICKY.length],
        match: [rule({ osImage: s, image: TRICKY[(i + 5) % TRICKY.length], precompiled: i % 2 === 0 })],
      })])),
    };
    expect(roundTrip(doc).back).toEqual(strip(doc));
  });

  test.each(Object.keys(DEFAULT_IMAGE_CONFIG_DATA))('default entry %s', (key) => {
    const decoded = decodeDocument(key, DEFAULT_IMAGE_CONFIG_DATA[key]).document;
    expect(roundTrip({ base: decoded.base, components: new Map(decoded.components) }).back).toEqual(strip(decoded));
  });

  test('random strings', () => {
    const str = fc.string({ unit: 'binary', maxLength: 30 })
      .filter((s) => !/[\ud800-\udfff]/.test(s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, '')));
    fc.assert(fc.property(str, str, str, str, fc.boolean(), (base, key, tag, os, pre) => {
      const doc: Doc = { base, components: new Map([[key, comp({ tag, image: os, match: [rule({ osImage: os, image: tag, precompiled: pre })] })]]) };
      expect(roundTrip(doc).back).toEqual(strip(doc));
    }), { numRuns: 1500, seed: 99 });
  });

  test('random documents', () => {
    const str = fc.oneof(fc.constantFrom(...TRICKY), fc.string({ unit: 'grapheme', maxLength: 12 }));
    const ruleArb = fc.record({ osImage: str, image: str, precompiled: fc.boolean(), digest: str });
    const compArb = fc.record({ tag: str, image: str, digest: str, match: fc.array(ruleArb, { maxLength: 3 }) });
    fc.assert(fc.property(str, fc.array(fc.tuple(str, compArb), { maxLength: 4 }), (base, comps) => {
      const doc: Doc = { base, components: new Map(comps) };
      expect(roundTrip(doc).back).toEqual(strip(doc));
    }), { numRuns: 300, seed: 5 });
  });
});

describe('encodeDocument: input that cannot be written', () => {
  test.each([
    { name: 'lone surrogate in base', input: { base: 'a\ud800', components: new Map() } },
    { name: 'lone surrogate in a key', input: { base: '', components: new Map([['\udc00', comp()]]) } },
    { name: 'lone surrogate in a rule', input: { base: '', components: new Map([['x', comp({ match: [rule({ osImage: '\ud800x' })] })]]) } },
  ])('$name', ({ input }) => {
    let err: unknown;
    try {
      encodeDocument(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PiraeusError);
    expect((err as PiraeusError).code).toBe(ErrorCodes.INVALID_INPUT);
  });
});
