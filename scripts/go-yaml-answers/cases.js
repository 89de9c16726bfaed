#!/usr/bin/env node
/**
 * Writes the case table for test/fixtures/go-yaml-answers.json (without answers) to stdout:
 * image-configuration entries that reach the corners of the operator's decoding (YAML 1.1
 * scalars, quoted and block scalars, tabs, flow collections, anchors and merges, duplicate and
 * case-folded keys, type mismatches, documents and directives, comments, BOM, line breaks,
 * control characters, long keys, nesting) and realistic documents with small seeded mutations.
 * Deterministic: the same script writes the same table. `main.go` beside it adds Go's answers:
 *
 *   node scripts/go-yaml-answers/cases.js > cases.json
 *   (cd <build dir> && go run . -source ...) < cases.json > test/fixtures/go-yaml-answers.json
 *
 * CONTRIBUTING.md says how to build main.go against the operator's module versions.
 */
'use strict';

const cases = [];
const names = new Set();
const texts = new Set();

/** Adds a case; a name is made unique, a text already in the table is skipped. */
function add(name, text) {
  if (texts.has(text)) return;
  texts.add(text);
  let n = name;
  for (let i = 2; names.has(n); i++) n = `${name}#${i}`;
  names.add(n);
  cases.push({ name: n, text });
}

/** mulberry32: a small seeded generator, so the mutations are the same on every run. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// Scalars: every YAML 1.1 spelling go-yaml v2 resolves, in each kind of field.

const PLAIN_SCALARS = [
  // booleans (YAML 1.1) and near misses
  'y', 'Y', 'yes', 'Yes', 'YES', 'yEs', 'n', 'N', 'no', 'No', 'NO', 'on', 'On', 'ON', 'oN', 'off', 'Off', 'OFF',
  'true', 'True', 'TRUE', 'tRUE', 'false', 'False', 'FALSE', 't', 'f', '1b',
  // nulls
  '~', 'null', 'Null', 'NULL', 'nULL', 'nil', 'None',
  // integers: decimal, octal, hex, binary, underscores, signs, bounds
  '0', '-0', '+0', '00', '007', '010', '08', '0o10', '0x1F', '0X1f', '0x', '0b101', '0B1', '-0b1', '+0b1', '0b2',
  '+1', '-1', '1_000', '1__0', '_1', '1_', '0_1', '0x_1', '0b_1', '-0x1', '+0x1', '-010', '+010',
  '2147483647', '2147483648', '4294967296', '9223372036854775807', '9223372036854775808', '-9223372036854775808',
  '-9223372036854775809', '18446744073709551615', '18446744073709551616', '0x7FFFFFFFFFFFFFFF', '0x8000000000000000',
  '0xFFFFFFFFFFFFFFFF', '0x10000000000000000', '0777777777777777777777', '01777777777777777777777', '0b' + '1'.repeat(64),
  '16777217', '123456789012',
  // floats: go-yaml's float pattern, float32 formatting in string fields
  '1.10', '1.0', '1.', '.5', '-.5', '+.5', '0.1', '1.5e-3', '1e3', '1E3', '1e+3', '1e-3', '1.e3', '.1e3', 'e3', '1e',
  '6.02e23', '1e38', '3.4028235e38', '3.4028236e38', '1e39', '1e308', '1e309', '-1e400', '1.4e-45', '1e-46', '5e-324',
  '0.30000000000000004', '16777217.0', '1_0.5', '1.0_1', '00.5', '-0.0', '1.2.3', '1e3e3', '2.50', '10.0',
  '.inf', '.Inf', '.INF', '.iNF', '-.inf', '+.inf', '-.Inf', 'inf', 'Infinity', '.nan', '.NaN', '.NAN', '.nAN', 'NaN', '-.nan',
  // timestamps and sexagesimal (strings for interface{} in go-yaml v2)
  '2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5', '190:20:30', '1:2', '12:30',
  // merge, value and other indicators as text
  '<<', '=', '-', '--', '-a', '?', '?a', ':a', 'a:b', 'a:', '::', '%a', '@a', '`a', '!', '!a', '&a', '*',
  // plain text that looks like a reference
  'v1.2.3', 'v1', '1.2.3-rc.1', 'sha256:abc', 'quay.io/piraeusdatastore', 'a#b', 'a #b', 'a\tb', "a'b", 'a"b', 'a,b', 'a]b',
  'a}b', 'a{b', 'a[b', 'a b', 'ç', 'ı', '\u00e9t\u00e9', '\u{1F600}',
];

const QUOTED_SCALARS = [
  '""', "''", '"1.10"', "'1.10'", '"yes"', "'no'", '"~"', '"null"', '"010"', "'.inf'", '"a b"', "'a''b'", '"a\\"b"',
  '!!str 1.10', '!!str yes', '!!str', '!!str ~', '!!float 1', '!!float "1"', '!!float 1.10', '!!float x', '!!int 1.5', '!!int 010',
  '!!int "7"', '!!int x', '!!bool yes', '!!bool "true"', '!!bool 1', '!!null ~', '!!null x', '!!null ""',
  '!!binary aGVsbG8=', '!!binary "aGVs bG8="', '!!binary !!', '!!timestamp 2001-12-14', '!!timestamp x', '!!seq x', '!!map x',
  '!custom x', '!custom 1.10', '! 1.10', '! yes', '!<tag:yaml.org,2002:str> 1.10', '!<tag:yaml.org,2002:int> 1', '!<!> x',
  '!!merge x', '!!merge <<', '!!value =', '!!omap x', "!!str '1'", '&a 1.10', '&a yes', '&a ~',
];

/** `text` as the value of each kind of field (value first, so the name groups by value). */
function scalarCases() {
  // A string field (the coercion of numbers and booleans), the one boolean field, a map key (its
  // conversion to a JSON key) and the same value inside { } (flow-context scanning). Other string
  // fields take the same path as `tag`; a few values are also tried there.
  const places = [
    ['tag', (v) => `components:\n  x:\n    tag: ${v}\n`],
    ['precompiled', (v) => `components:\n  x:\n    match:\n    - precompiled: ${v}\n`],
    ['key', (v) => `components:\n  ${v}:\n    image: i\n`],
    ['flow', (v) => `components: {x: {tag: ${v}}}\n`],
  ];
  // The boolean field refuses every string alike: there, only values go-yaml may not read as a
  // string (booleans, nulls, numbers, tags) are tried.
  const maybeNotString = (v) => /^(?:y|yes|n|no|on|off|true|false|t|f|~|null|0|1|-1|010|1\.10|1e3|\.inf|\.nan|2001-12-14|<<|=)$/i.test(v)
    || /^!!(?:bool|null|str|int|binary|merge)|^!(?: |custom|<!>)|^&a/.test(v);
  for (const v of [...PLAIN_SCALARS, ...QUOTED_SCALARS]) {
    for (const [where, make] of places) {
      // Inside { } only what flow-context scanning may read differently: indicators and quotes.
      if (where === 'flow' && (/[,\][{}#]/.test(v) || /^[A-Za-z0-9_.+ ]*$/.test(v))) continue;
      if (where === 'precompiled' && !maybeNotString(v)) continue;
      // As a key, a word is a word; booleans, nulls, numbers and the rest are converted.
      if (where === 'key' && /^[A-Za-z][A-Za-z0-9]*$/.test(v) && !/^(?:y|yes|n|no|on|off|true|false|null)$/i.test(v)) continue;
      add(`scalar ${v} as ${where}`, make(v));
    }
  }
  for (const v of ['1.10', 'yes', '~', '010', '.inf', '1e39', '18446744073709551616', '!!binary aGk=', '&a x']) {
    add(`scalar ${v} as base`, `base: ${v}\n`);
    add(`scalar ${v} as rule`, `components:\n  x:\n    match:\n    - osImage: ${v}\n      image: ${v}\n      digest: ${v}\n`);
    add(`scalar ${v} as top-level key`, `${v}: x\n`);
  }
  // The root is a scalar: encoding/json refuses it into the struct, null leaves it empty.
  for (const v of ['~', 'null', '', 'x', '1', '1.5', 'yes', '"x"', '!!null', '.inf', '.nan', '[]', '{}', '- a', '[a]', '!!binary aGk=']) {
    add(`root ${v}`, `${v}\n`);
  }
}

// ---------------------------------------------------------------------------------------------
// Quoted scalars: escapes, folding, continuation lines.

function quotedCases() {
  const escapes = ['\\0', '\\a', '\\b', '\\t', '\\\t', '\\n', '\\v', '\\f', '\\r', '\\e', '\\ ', '\\"', '\\/', '\\\\',
    '\\N', '\\_', '\\L', '\\P', '\\x41', '\\x7f', '\\x85', '\\xA0', '\\x4', '\\xg1', '\\u263A', '\\u263a', '\\uD800',
    '\\uDFFF', '\\uFFFE', '\\uFFFF', '\\u12', '\\U0001F600', '\\U00110000', '\\U0000000A', '\\q', "\\'", '\\%', '\\\u00e9'];
  for (const e of escapes) {
    add(`dq escape ${e}`, `base: "a${e}b"\n`);
    add(`dq escape ${e} in key`, `components:\n  "x${e}":\n    tag: t\n`);
  }
  const bodies = [
    ['fold', '"a\n  b"'], ['fold two', '"a\n\n  b"'], ['fold three', '"a\n\n\n  b"'], ['escaped break', '"a\\\n  b"'],
    ['escaped break spaces', '"a \\\n   b"'], ['trailing spaces', '"a   \n  b"'], ['leading tab', '"a\n\t b"'],
    ['trailing tab', '"a\t\n b"'], ['escaped tab fold', '"a\\t\n b"'], ['escape then break', '"a\\ \n b"'],
    ['sq fold', "'a\n  b'"], ['sq fold two', "'a\n\n  b'"], ['sq quote', "'it''s'"], ['sq break tab', "'a\t\n\tb'"],
    ['unindented', '"a\nb"'], ['sq unindented', "'a\nb'"], ['dash line', '"a\n---\n b"'], ['dot line', '"a\n...\n b"'],
    ['dash word', '"a\n---x\n b"'], ['sq dash line', "'a\n--- b'"], ['comment like', '"a\n #b"'], ['unclosed', '"a'],
    ['sq unclosed', "'a"], ['unclosed break', '"a\n'], ['lone break', '"\n"'], ['only spaces', '"   "'], ['crlf fold', '"a\r\n  b"'],
    ['empty then tab', '"a\n\t\n b"'], ['escaped quote end', '"a\\"'], ['tab start', '"\ta"'], ['nel', '"a\u0085b"'],
    ['ls', '"a\u2028b"'], ['ps fold', '"a\u2029 b"'], ['ls fold', '"a\n\u2028b"'],
  ];
  for (const [name, body] of bodies) {
    add(`quoted ${name} value`, `components:\n  x:\n    tag: ${body}\n`);
    add(`quoted ${name} top level`, `base: ${body}\n`);
    add(`quoted ${name} flow`, `{base: ${body}}\n`);
  }
  add('quoted key then adjacent value', 'components: {"x":{"tag":"t"}}\n');
  add('quoted key no space block', '"base":x\n');
  add('quoted key colon space', '"base": x\n');
  add('quoted key multiline', '"ba\n se": x\n');
  add('quoted value then text', 'base: "a" b\n');
  add('quoted value then comment', 'base: "a" #b\n');
  add('quoted value then comment no space', 'base: "a"#b\n');
  add('sq value then text', "base: 'a' b\n");
}

// ---------------------------------------------------------------------------------------------
// Block scalars.

function blockCases() {
  const headers = ['|', '|-', '|+', '>', '>-', '>+', '|1', '|2', '|1-', '|-1', '|+2', '>1', '>2-', '|0', '|10', '| #c', '|#c',
    '|  ', '|x', '| x', '|--', '|12', '>9'];
  const bodies = [
    ['simple', ['  a']], ['two lines', ['  a', '  b']], ['trailing empty', ['  a', '', '']], ['leading empty', ['', '  a']],
    ['more indented', ['  a', '    b', '  c']], ['spaces line', ['  a', '   ', '  b']], ['deeper spaces first', ['     ', '  a']],
    ['tab content', ['  a\tb']], ['tab start', ['  \ta']], ['less indented', ['   a', '  b']], ['comment after', ['  a', '# c']],
    ['comment inside', ['  a', '  # c']], ['dedent key', ['  a', 'base: b']], ['folded blank', ['  a', '', '  b']],
    ['folded more', ['  a', '   b', '  c']], ['empty', []], ['ls', ['  a\u2028b']], ['ls end', ['  a\u2028']], ['ps', ['  a\u2029  b']],
    ['nel', ['  a\u0085b']], ['crlf', ['  a\r', '  b\r']], ['doc marker', ['  a', '---', '  b']], ['indented dash', ['  ---']],
    ['one space', [' a']], ['deep', ['      a', '      b']],
  ];
  // Every body under the main headers; the unusual headers with a few bodies.
  const main = new Set(['|', '|-', '|+', '>', '>-', '|2']);
  for (const h of headers) {
    for (const [name, lines] of bodies) {
      if (!main.has(h) && !['simple', 'two lines', 'trailing empty', 'leading empty'].includes(name)) continue;
      add(`block ${h} ${name}`, `base: ${h}\n${lines.join('\n')}${lines.length ? '\n' : ''}components: {}\n`);
    }
  }
  // Block scalars at other places: in a component, the root, a sequence, the end of the text.
  for (const h of ['|', '>-', '|+', '|2']) {
    add(`block ${h} tag`, `components:\n  x:\n    tag: ${h}\n      v1\n    image: i\n`);
    add(`block ${h} at end`, `base: ${h}\n  a\n\n`);
    add(`block ${h} at end no break`, `base: ${h}\n  a`);
    add(`block ${h} root`, `${h}\n  a\n`);
    add(`block ${h} in rule`, `components:\n  x:\n    match:\n    - osImage: ${h}\n        a\n      image: i\n`);
    add(`block ${h} key`, `? ${h}\n  base\n: x\n`);
    add(`block ${h} in flow`, `{base: ${h}\n  a}\n`);
  }
}

// ---------------------------------------------------------------------------------------------
// Tabs, indentation, plain multi-line scalars.

function layoutCases() {
  const list = [
    ['tab indent', 'components:\n\tx:\n\t\ttag: t\n'],
    ['tab after colon', 'base:\tx\n'],
    ['tab before colon', 'base\t: x\n'],
    ['tab after dash', 'components:\n  x:\n    match:\n    -\tosImage: a\n'],
    ['tab in plain', 'base: a\tb\n'],
    ['tab trailing', 'base: a\t\n'],
    ['tab before comment', 'base: a\t# c\n'],
    ['tab line', 'base: a\n\t\ncomponents: {}\n'],
    ['tab then key', 'base: a\n \tcomponents: {}\n'],
    ['tab in flow', '{base:\ta,\tcomponents: {}}\n'],
    ['tab indent in flow', '{base: a,\n\tcomponents: {}}\n'],
    ['tab continuation', 'base: a\n\tb\n'],
    ['space tab continuation', 'base: a\n \tb\n'],
    ['plain continuation', 'base: a\n b\n'],
    ['plain continuation blank', 'base: a\n\n b\n'],
    ['plain continuation comment', 'base: a\n# c\n b\n'],
    ['plain continuation colon', 'base: a\n b: c\n'],
    ['plain continuation unindented', 'base: a\nb\n'],
    ['plain continuation dash', 'base: a\n - b\n'],
    ['plain value colon', 'base: a: b\n'],
    ['plain value colon nospace', 'base: a:b\n'],
    ['plain key space', 'ba se: x\n'],
    ['no space after colon', 'base:x\n'],
    ['key without value', 'base\n'],
    ['empty value', 'base:\n'],
    ['sequence at key column', 'components:\n  x:\n    match:\n    - osImage: a\n      image: i\n'],
    ['sequence less indented', 'components:\n  x:\n    match:\n  - osImage: a\n'],
    ['sequence over-indented', 'components:\n  x:\n    match:\n        - osImage: a\n'],
    ['sequence items misaligned', 'components:\n  x:\n    match:\n      - osImage: a\n     - osImage: b\n'],
    ['rule keys misaligned', 'components:\n  x:\n    match:\n      - osImage: a\n         image: b\n'],
    ['rule keys under dash', 'components:\n  x:\n    match:\n      -\n        osImage: a\n        image: b\n'],
    ['nested dash', 'components:\n  x:\n    match:\n      - - osImage: a\n'],
    ['dash no space', 'components:\n  x:\n    match:\n      -osImage: a\n'],
    ['mapping then less', 'components:\n    x:\n      tag: t\n  y:\n    tag: u\n'],
    ['mapping then more', 'components:\n  x:\n    tag: t\n     image: i\n'],
    ['value next line', 'base:\n  quay.io\n'],
    ['value next line deeper', 'components:\n  x:\n    tag:\n      t\n'],
    ['value next line same', 'components:\n  x:\n    tag:\n    t\n'],
    ['key then seq value', 'base:\n- a\n'],
    ['explicit key', '? base\n: x\n'],
    ['explicit key no value', '? base\n'],
    ['explicit key list', '? - a\n: x\n'],
    ['explicit key map', '? {a: b}\n: x\n'],
    ['empty key', ': x\n'],
    ['empty key in components', 'components:\n  : {}\n'],
    ['colon key', '":": x\n'],
    ['question mark key', '?: x\n'],
    ['dash key', '-: x\n'],
    ['root sequence', '- base: x\n'],
    ['root sequence of maps', '- a\n- b\n'],
    ['indented root', '  base: x\n  components: {}\n'],
    ['indented root then less', '  base: x\ncomponents: {}\n'],
    ['trailing spaces', 'base: x   \ncomponents:   \n  x:   \n    tag: t   \n'],
    ['windows line ends', 'base: x\r\ncomponents:\r\n  x:\r\n    tag: t\r\n'],
    ['old mac line ends', 'base: x\rcomponents:\r  x:\r    tag: t\r'],
    ['nel line ends', 'base: x\u0085components:\u0085  x:\u0085    tag: t\u0085'],
    ['ls line ends', 'base: x\u2028components:\u2028  x:\u2028    tag: t\u2028'],
    ['ps line ends', 'base: x\u2029components:\u2029  x:\u2029    tag: t\u2029'],
    ['mixed line ends', 'base: x\r\ncomponents:\n  x:\r    tag: t\u0085'],
    ['ls in plain', 'base: a\u2028b\n'],
    ['ls in key', 'ba\u2028se: x\n'],
    ['ls after key', 'base\u2028: x\n'],
    ['ps in plain continuation', 'base: a\u2029 b\n'],
    ['nel in plain', 'base: a\u0085b\n'],
    ['nel in plain then indent', 'base: a\u0085 b\n'],
    ['cr in plain', 'base: a\rb\n'],
    ['nbsp in plain', 'base: a\u00a0b\n'],
    ['nbsp indentation', 'components:\n\u00a0 x: {}\n'],
    ['no final newline', 'base: x'],
    ['only newline', '\n'],
    ['only spaces', '   '],
    ['only tabs', '\t\t'],
    ['only crlf', '\r\n\r\n'],
    ['empty', ''],
    ['space line then key', ' \nbase: x\n'],
  ];
  for (const [name, text] of list) add(`layout ${name}`, text);
}

// ---------------------------------------------------------------------------------------------
// Flow collections.

function flowCases() {
  const list = [
    '{}', '[]', '{base: x}', '{base: x,}', '{base: x,,}', '{,}', '{base}', '{base: }', '{base:}', '{: x}', '{base: x, base: y}',
    '{base: x components: y}', '{base: [a]}', '{base: {a: b}}', '{components: {x: {match: [{osImage: a}]}}}',
    '{components: {x: {match: [osImage: a]}}}', '{components: {x: {match: [osImage: a, image: b]}}}',
    '{components: {x: {match: [{osImage: a}, ]}}}', '{components: {x: {match: [, ]}}}', '{components: {x: {match: [a,,b]}}}',
    '{components: {x: {match: [? osImage : a]}}}', '{components: {x: {match: [? a]}}}', '{? base : x}', '{? base}',
    '{"base":x}', "{'base':x}", '{"base" : x}', '{base:x}', '{base: x}y', '{base: x} #c', '{base: x}#c', '{base: a b}',
    '{base: a: b}', '{base: a:b}', '{base: a, b}', '{base: x', 'base: x}', '[base: x]', '{base: x]', '{base: -}', '{base: - a}',
    '{base: #c\n x}', '{base: x #c\n}', '{base:\n x}', '{\nbase: x\n}', '{base: x,\n components: {}}',
    '{base: !!str 1.10}', '{base: &a x, components: {*a : {}}}', '{base: *a}', '{&a base: x}', '{base: ?}', '{base: :}',
    '{base: []}', '{base: {}}', '{base: ""}', "{base: ''}", '{base: "a\n b"}', '{base: a\n b}', '{base: a\n\n b}',
    '{base: x, components: {x: {tag: 1.10, image: i}}}', '{[a]: b}', '{{a: b}: c}', '{? [a] : b}', '{base: x}\n{base: y}',
    '[{base: x}]', '{base: {x: y}, components: {}}', '{components: {x: null}}', '{components: {x: {match: null}}}',
    '{components: {x: {match: [null]}}}', '{components: {x: {match: [~, {}]}}}', '{components: {x: ~}}', '{components: ~}',
    '{components: {x: {match: {osImage: a}}}}', '{components: {x: {match: a}}}', '{components: {x: {match: [a]}}}',
    '{components: {x: {match: [[a]]}}}', '{components: {x: {match: [1]}}}', '{components: {x: {tag: [a]}}}',
    '{components: {x: {tag: {a: b}}}}', '{components: {x: []}}', '{components: {x: a}}', '{components: {x: 1}}',
    '{components: []}', '{components: a}', '{components: 1}', '{components: true}', '{base: [a, b]}', '{base: {}}',
    '{components: {x: {match: [{precompiled: "true"}]}}}', '{components: {x: {match: [{precompiled: 1}]}}}',
    '{components: {x: {match: [{precompiled: [true]}]}}}', '{components: {x: {match: [{precompiled: {}}]}}}',
    '{components: {x: {match: [{precompiled: 1.5}]}}}', '{components: {x: {match: [{precompiled: ""}]}}}',
    '{components: {x: {match: [{precompiled: ~}]}}}', '{components: {x: {match: [{osImage: 1}]}}}',
    '{components: {x: {match: [{osImage: 1.10, image: yes, digest: 0x10}]}}}',
  ];
  for (const t of list) add(`flow ${t}`, `${t}\n`);
  // An implicit key in { } must end within 1,024 characters and on its line.
  for (const n of [1000, 1020, 1021, 1022, 1023, 1024, 1025, 1030]) {
    add(`flow key of ${n}`, `{${'k'.repeat(n)}: x}\n`);
    add(`flow quoted key of ${n}`, `{"${'k'.repeat(n - 2)}": x}\n`);
  }
  add('flow key with anchor near 1024', `{&a ${'k'.repeat(1019)}: x}\n`);
  add('flow key two lines', '{ba\n se: x}\n');
  add('flow quoted key two lines', '{"ba\n se": x}\n');
  add('flow seq pair key two lines', '[ba\n se: x]\n');
  add('flow key before colon on next line', '{base\n : x}\n');
}

// ---------------------------------------------------------------------------------------------
// Anchors, aliases, merges.

function aliasCases() {
  const list = [
    ['alias string', 'base: &b x\ncomponents:\n  x:\n    tag: *b\n'],
    ['alias component', 'components:\n  x: &c\n    tag: t\n    image: i\n  y: *c\n'],
    ['alias rule list', 'components:\n  x:\n    match: &m\n      - osImage: a\n  y:\n    match: *m\n'],
    ['alias key', 'components:\n  &k x: {}\n  y: {}\n*k : {tag: t}\n'],
    ['alias as key', 'base: &k components\n*k : {x: {}}\n'],
    ['alias unknown', 'base: *nope\n'],
    ['alias before anchor', 'base: *b\ncomponents: &b {}\n'],
    ['anchor redefined', 'a: &x 1\nb: &x 2\nbase: *x\n'],
    ['anchor self', 'components: &c\n  x: *c\n'],
    ['anchor self in seq', 'base: &a [*a]\n'],
    ['anchor on null', 'base: &a\ncomponents:\n  x:\n    tag: *a\n'],
    ['anchor on empty value then key', 'base: &a\n'],
    ['anchor name chars', 'base: &a.b-c_d/e x\ncomponents: {x: {tag: *a.b-c_d/e}}\n'],
    ['anchor with colon', 'base: &a: x\n'],
    ['anchor empty name', 'base: & x\n'],
    ['alias empty name', 'base: * x\n'],
    ['alias with props', 'base: &a x\ntag: !!str *a\n'],
    ['alias then text', 'base: &a x\ncomponents: *a b\n'],
    ['anchor on alias', 'base: &a x\nc: &b *a\n'],
    ['merge', 'components:\n  x: &c\n    tag: t\n    image: i\n  y:\n    <<: *c\n    tag: u\n'],
    ['merge after key', 'components:\n  x: &c\n    tag: t\n  y:\n    tag: u\n    <<: *c\n'],
    ['merge list', 'a: &a {tag: t}\nb: &b {tag: u, image: i}\ncomponents:\n  y:\n    <<: [*a, *b]\n'],
    ['merge list inline maps', 'components:\n  y:\n    <<: [{tag: t}, {tag: u, image: i}]\n'],
    ['merge inline map', 'components:\n  y:\n    <<: {tag: t, image: i}\n'],
    ['merge scalar', 'components:\n  y:\n    <<: t\n'],
    ['merge alias to scalar', 'a: &a t\ncomponents:\n  y:\n    <<: *a\n'],
    ['merge list with scalar', 'a: &a {tag: t}\ncomponents:\n  y:\n    <<: [*a, t]\n'],
    ['merge list with alias to list', 'a: &a [x]\ncomponents:\n  y:\n    <<: [*a]\n'],
    ['merge null', 'components:\n  y:\n    <<: ~\n'],
    ['merge empty', 'components:\n  y:\n    <<:\n'],
    ['merge nested list', 'components:\n  y:\n    <<: [[{tag: t}]]\n'],
    ['merge quoted key', 'components:\n  y:\n    "<<": {tag: t}\n'],
    ['merge tagged key', 'components:\n  y:\n    !!merge <<: {tag: t}\n'],
    ['merge tagged other', 'components:\n  y:\n    !!str <<: {tag: t}\n'],
    ['merge twice', 'components:\n  y:\n    <<: {tag: t}\n    <<: {image: i}\n'],
    ['merge top level', 'd: &d {base: q}\n<<: *d\n'],
    ['merge top level components', 'd: &d {components: {x: {tag: t}}}\n<<: *d\ncomponents: {y: {}}\n'],
    ['merge into rule', 'r: &r {osImage: a, image: b}\ncomponents:\n  x:\n    match:\n      - <<: *r\n        image: c\n'],
    ['merge self', 'x: &x\n  <<: *x\n'],
    ['merge chain', 'a: &a {tag: t}\nb: &b {<<: *a, image: i}\ncomponents:\n  y: {<<: *b}\n'],
    ['merge key case', 'components:\n  y:\n    <<: {Tag: t, tag: u}\n'],
    ['merge alias list', 'l: &l [{tag: t}, {image: i}]\ncomponents:\n  y:\n    <<: *l\n'],
    ['merge value flow seq of aliases', 'a: &a {tag: 1}\ncomponents: {y: {<<: [*a], tag: 2}}\n'],
    ['merge in flow seq pair', 'components: {x: {match: [<<: {osImage: a}]}}\n'],
    ['billion laughs small', 'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n'
      + 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n'],
    ['billion laughs', 'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n'
      + 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n'
      + 'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n'],
    ['many aliases', `a: &a x\nl: [${Array(2000).fill('*a').join(', ')}]\n`],
  ];
  for (const [name, text] of list) add(`alias ${name}`, text);
}

// ---------------------------------------------------------------------------------------------
// Keys: duplicates, case folding, unknown keys, non-string keys.

function keyCases() {
  const spellings = {
    base: ['base', 'Base', 'BASE', 'bAse', 'ba\u017fe', 'BA\u017fE', 'bas\u0435', 'base ', '"base"', 'bas', 'bases', 'b_ase'],
    components: ['components', 'Components', 'COMPONENTS', 'component\u017f', 'compo\u212anents', 'componentS', 'component'],
    tag: ['tag', 'Tag', 'TAG', 'tAG', 'ta\u0261', 'tags', 'version'],
    image: ['image', 'Image', 'IMAGE', '\u0131mage', '\u0130mage', 'imag\u00e9', 'img'],
    digest: ['digest', 'Digest', 'DIGEST', 'dige\u017ft', 'digests'],
    match: ['match', 'Match', 'MATCH', 'matches', 'm\u0430tch'],
    osImage: ['osImage', 'OsImage', 'osimage', 'OSIMAGE', 'o\u017fImage', 'os\u0131mage', 'os_image', 'osImages'],
    precompiled: ['precompiled', 'Precompiled', 'PRECOMPILED', 'preCompiled', 'pre\u212aompiled', 'precompile'],
  };
  const at = {
    base: (k, v) => `${k}: ${v}\n`,
    components: (k, v) => `${k}:\n  x:\n    tag: ${v}\n`,
    tag: (k, v) => `components:\n  x:\n    ${k}: ${v}\n`,
    image: (k, v) => `components:\n  x:\n    ${k}: ${v}\n`,
    digest: (k, v) => `components:\n  x:\n    ${k}: ${v}\n`,
    match: (k, v) => `components:\n  x:\n    ${k}:\n      - osImage: ${v}\n`,
    osImage: (k, v) => `components:\n  x:\n    match:\n      - ${k}: ${v}\n`,
    precompiled: (k, v) => `components:\n  x:\n    match:\n      - ${k}: ${v === 'yes' ? 'yes' : v}\n`,
  };
  for (const [field, list] of Object.entries(spellings)) {
    for (const k of list) {
      for (const v of field === 'precompiled' ? ['yes', 'true', '1'] : ['v', '1.10', 'yes']) {
        add(`key ${k} (${field}) = ${v}`, at[field](k, v));
      }
    }
  }
  // Two spellings of one field: encoding/json applies the members in byte-wise order.
  const pairs = [
    ['tag: a', 'Tag: b'], ['Tag: b', 'tag: a'], ['TAG: c', 'tag: a'], ['tag: a', 'tag: b'], ['tag: 1.10', 'Tag: 2'],
    ['image: a', 'Image: b'], ['Image: b', '\u0131mage: c'], ['digest: a', 'dige\u017ft: b'], ['tag: a', 'ta\u0261: b'],
    ['tag: a', 'Tag: ~'], ['tag: ~', 'Tag: b'], ['Tag: 1', 'tag: ~'], ['tag: a', 'Tag: [b]'], ['Tag: [b]', 'tag: a'],
    ['match: [{osImage: a}]', 'Match: [{image: b}]'], ['Match: [{osImage: a}, {osImage: b}]', 'match: [{image: c}]'],
    ['match: [{osImage: a}]', 'Match: [{image: b}, {image: c}]'], ['match: [{osImage: a}]', 'match: [{image: b}]'],
    ['match: [{osImage: a}]', 'Match: ~'], ['Match: ~', 'match: [{osImage: a}]'], ['match: [{osImage: a}]', 'Match: []'],
    ['Match: [{osImage: a}, {osImage: b}, {osImage: c}]', 'match: [{image: d}]'],
    ['Match: [{osImage: a}, {osImage: b}]', 'match: [{image: c}, {image: d}, {image: e}]'],
    ['Match: [{precompiled: true}]', 'match: [{}]'], ['Match: [{precompiled: true}]', 'match: [~]'],
  ];
  for (const [a, b] of pairs) {
    add(`two spellings ${a} / ${b}`, `components:\n  x:\n    ${a}\n    ${b}\n`);
  }
  const topPairs = [
    ['base: a', 'Base: b'], ['Base: b', 'base: a'], ['base: a', 'ba\u017fe: 1.10'], ['BASE: 1', 'base: ~'],
    ['components: {x: {tag: a}}', 'Components: {y: {tag: b}}'], ['Components: {x: {tag: a}}', 'components: {x: {image: b}}'],
    ['components: {x: {tag: a}}', 'components: {y: {tag: b}}'], ['components: {x: {tag: a}}', 'Components: ~'],
    ['Components: ~', 'components: {x: {}}'], ['components: {x: {tag: a}}', 'COMPONENTS: {x: ~}'],
  ];
  for (const [a, b] of topPairs) add(`two top spellings ${a} / ${b}`, `${a}\n${b}\n`);
  // Duplicate YAML keys, and keys that become the same JSON key.
  const dups = [
    ['dup base', 'base: a\nbase: b\n'],
    ['dup component', 'components:\n  x: {tag: a}\n  x: {image: b}\n'],
    ['dup components', 'components: {x: {tag: a}}\ncomponents: {y: {}}\n'],
    ['dup rule key', 'components:\n  x:\n    match:\n      - osImage: a\n        osImage: b\n'],
    ['dup in flow', '{base: a, base: b}\n'],
    ['int and string key', 'components:\n  1: {tag: a}\n  "1": {tag: b}\n'],
    ['bool and string key', 'components:\n  true: {tag: a}\n  "true": {tag: b}\n'],
    ['yes and true key', 'components:\n  yes: {tag: a}\n  true: {tag: b}\n'],
    ['octal and decimal key', 'components:\n  010: {tag: a}\n  8: {tag: b}\n'],
    ['float keys equal', 'components:\n  1.0: {tag: a}\n  1.00: {tag: b}\n'],
    ['float and int key', 'components:\n  1.0: {tag: a}\n  1: {tag: b}\n'],
    ['float32 equal keys', 'components:\n  0.1: {tag: a}\n  0.10000000149011612: {tag: b}\n'],
    ['nan keys', 'components:\n  .nan: {tag: a}\n  .NaN: {tag: b}\n'],
    ['inf key', 'components:\n  .inf: {tag: a}\n'],
    ['null key', 'components:\n  ~: {tag: a}\n'],
    ['empty key', 'components:\n  "": {tag: a}\n'],
    ['null key top', '~: x\nbase: b\n'],
    ['big uint key', 'components:\n  18446744073709551615: {tag: a}\n'],
    ['big int key', 'components:\n  9223372036854775807: {tag: a}\n'],
    ['negative key', 'components:\n  -1: {tag: a}\n'],
    ['binary key', 'components:\n  !!binary aGk=: {tag: a}\n'],
    ['timestamp key', 'components:\n  2001-12-14: {tag: a}\n'],
    ['seq key', 'components:\n  ? [a]\n  : {tag: a}\n'],
    ['map key', 'components:\n  ? {a: b}\n  : {tag: a}\n'],
    ['seq key unknown place', '? [a]\n: x\n'],
    ['proto key', 'components:\n  __proto__: {tag: a}\n  constructor: {tag: b}\n'],
    ['proto top', '__proto__: {base: x}\nbase: y\n'],
    ['unknown keys', 'base: a\nextra: 1\ncomponents:\n  x:\n    tag: t\n    other: [1]\n    match:\n      - osImage: a\n        more: {}\n'],
    ['unknown key with bad type', 'base: a\nextra: .nan\n'],
    ['unknown key with inf', 'base: a\nextra: [.inf]\n'],
    ['unknown key null key', 'extra: {~: 1}\n'],
    ['unknown key nested null key', 'components: {x: {other: {~: 1}}}\n'],
    ['nan in string field', 'base: .nan\n'],
    ['inf in tag', 'components: {x: {tag: -.inf}}\n'],
    ['nan in precompiled', 'components: {x: {match: [{precompiled: .nan}]}}\n'],
    ['nan in component', 'components: {x: .nan}\n'],
    ['nan in match', 'components: {x: {match: [.nan]}}\n'],
    ['nan as list item of string', 'components: {x: {tag: [.nan]}}\n'],
    ['two null keys', '~: a\nnull: b\n'],
    ['null key and nan', 'components: {~: a, x: {tag: [.nan]}}\n'],
  ];
  for (const [name, text] of dups) add(`keys ${name}`, text);
  // Long implicit keys in block context: at most 1,024 characters.
  for (const n of [1000, 1023, 1024, 1025, 1100]) {
    add(`block key of ${n}`, `${'k'.repeat(n)}: x\nbase: b\n`);
    add(`block component key of ${n}`, `components:\n  ${'k'.repeat(n - 2)}: {}\n`);
    add(`block quoted key of ${n}`, `"${'k'.repeat(n - 2)}": x\n`);
  }
  add('block key with anchor near 1024', `&a ${'k'.repeat(1019)}: x\n`);
  add('block key with tag near 1024', `!!str ${'k'.repeat(1017)}: x\n`);
  add('explicit long key', `? ${'k'.repeat(1100)}\n: x\n`);
  add('long value', `base: ${'v'.repeat(1500)}\n`);
}

// ---------------------------------------------------------------------------------------------
// Type mismatches: every field given the wrong kind of value.

function typeCases() {
  const values = ['[a]', '[]', '{a: b}', '{}', '"s"', '1', '1.5', 'true', '~', '!!binary aGk=', '- a', '[[a]]', '2001-12-14'];
  const fields = [
    ['base', (v) => `base: ${v}\n`],
    ['components', (v) => `components: ${v}\n`],
    ['component', (v) => `components:\n  x: ${v}\n`],
    ['tag', (v) => `components:\n  x:\n    tag: ${v}\n`],
    ['match', (v) => `components:\n  x:\n    match: ${v}\n`],
    ['rule', (v) => `components:\n  x:\n    match:\n      - ${v}\n`],
    ['osImage', (v) => `components:\n  x:\n    match:\n      - osImage: ${v}\n`],
    ['precompiled', (v) => `components:\n  x:\n    match:\n      - precompiled: ${v}\n`],
  ];
  for (const [field, make] of fields) {
    for (const v of values) {
      const text = v.startsWith('- ') ? make(`\n${' '.repeat(8)}${v}`).replace(': \n', ':\n') : make(v);
      add(`type ${field} = ${v}`, text);
    }
  }
  add('type second rule bad', 'components:\n  x:\n    match:\n      - osImage: a\n      - b\n');
  add('type error after good', 'components:\n  a: {tag: t}\n  b: {tag: [t]}\n');
  add('type error in two places', 'components:\n  a: {tag: [t]}\n  b: {image: [t]}\n');
  add('type error and unknown key', 'components:\n  a: {tag: [t], other: x}\n');
  add('type error by case spelling', 'components:\n  x:\n    TAG: [t]\n');
  add('type error in merged map', 'c: &c {tag: [t]}\ncomponents:\n  x:\n    <<: *c\n');
  add('type error by non-ascii key number', 'components:\n  x:\n    \u0131mage: 1\n');
  add('type error by non-ascii key bool', 'components:\n  x:\n    \u0131mage: yes\n');
  add('non-ascii key number kelvin', 'components:\n  x:\n    match:\n      - o\u017fImage: 1.10\n');
  add('non-ascii key number long s', 'ba\u017fe: 010\n');
}

// ---------------------------------------------------------------------------------------------
// Documents, directives, comments, BOM, characters.

function streamCases() {
  const doc = 'base: x\ncomponents:\n  x:\n    tag: t\n';
  const list = [
    ['doc start', `---\n${doc}`],
    ['doc start inline', '--- {base: x}\n'],
    ['doc start inline plain', '--- base: x\n'],
    ['doc start then text', '---base: x\n'],
    ['doc start comment', '--- # c\nbase: x\n'],
    ['doc end', `${doc}...\n`],
    ['doc end then text', `${doc}...\nbase: y\n`],
    ['doc end then doc', `${doc}...\n---\nbase: y\n`],
    ['two docs', `${doc}---\nbase: y\n`],
    ['two docs second bad', `${doc}---\nbase: [\n`],
    ['two docs second tab', `${doc}---\n\tbase: y\n`],
    ['two docs second bad char', `${doc}---\nbase: \u0001\n`],
    ['two docs second unclosed quote', `${doc}---\nbase: "y\n`],
    ['two docs second bad escape', `${doc}---\nbase: "\\q"\n`],
    ['two docs second bad indent', `${doc}---\nbase: y\n  x: z\n`],
    ['two docs second unknown alias', `${doc}---\nbase: *y\n`],
    ['two docs second directive', `${doc}...\n%YAML 1.1\n---\nbase: y\n`],
    ['two docs first empty', '---\n---\nbase: y\n'],
    ['doc end first empty', '...\nbase: y\n'],
    ['doc start only', '---\n'],
    ['doc start end', '---\n...\n'],
    ['doc start null', '--- ~\n'],
    ['doc start block', '--- |\n  a\n'],
    ['doc start indented', ' ---\nbase: x\n'],
    ['doc start as value', 'base: ---\n'],
    ['doc end as value', 'base: ...\n'],
    ['doc start in block scalar', 'base: |\n  a\n---\nx: y\n'],
    ['doc end text same line', `${doc}... # c\n`],
    ['doc end text same line bad', `${doc}... x\n`],
    ['yaml 1.1', `%YAML 1.1\n---\n${doc}`],
    ['yaml 1.2', `%YAML 1.2\n---\n${doc}`],
    ['yaml 1.3', `%YAML 1.3\n---\n${doc}`],
    ['yaml 2.0', `%YAML 2.0\n---\n${doc}`],
    ['yaml 1.1 twice', `%YAML 1.1\n%YAML 1.1\n---\n${doc}`],
    ['yaml no version', `%YAML\n---\n${doc}`],
    ['yaml bad version', `%YAML 1.x\n---\n${doc}`],
    ['directive no doc start', `%YAML 1.1\n${doc}`],
    ['directive only', '%YAML 1.1\n'],
    ['tag directive', `%TAG !e! tag:example.com,2000:\n---\nbase: !e!x y\n`],
    ['tag directive used for str', `%TAG !s! tag:yaml.org,2002:\n---\nbase: !s!str 1.10\n`],
    ['tag directive primary', `%TAG ! tag:yaml.org,2002:\n---\nbase: !str 1.10\n`],
    ['tag directive duplicate', `%TAG !e! a:\n%TAG !e! b:\n---\nbase: x\n`],
    ['tag handle undefined', 'base: !e!x y\n'],
    ['tag verbatim', 'base: !<x> y\n'],
    ['tag verbatim empty', 'base: !<> y\n'],
    ['unknown directive', `%FOO bar\n---\n${doc}`],
    ['reserved directive no args', `%FOO\n---\n${doc}`],
    ['directive after doc', `${doc}%YAML 1.1\n`],
    ['comment only', '# comment\n'],
    ['comments only', '# a\n# b\n\n   # c\n'],
    ['comment no newline', '# comment'],
    ['comment after value', 'base: x # c\n'],
    ['comment no space', 'base: x#c\n'],
    ['comment after key', 'base: # c\n  x\n'],
    ['comment between', 'base:\n# c\n  x\n'],
    ['comment in components', 'components:\n  # c\n  x:\n    # d\n    tag: t # e\n'],
    ['comment after colon no space', 'base:#c\n'],
    ['comment tab before', 'base: x\t#c\n'],
    ['comment then doc', '# a\n---\nbase: x\n'],
    ['comment with bad char', '# \u0001\nbase: x\n'],
    ['comment with nel', '# a\u0085base: x\n'],
    ['comment with ls', '# a\u2028base: x\n'],
    ['bom', `\ufeff${doc}`],
    ['bom then doc start', `\ufeff---\n${doc}`],
    ['bom twice', `\ufeff\ufeff${doc}`],
    ['bom after newline', `\n\ufeff${doc}`],
    ['bom in value', 'base: a\ufeffb\n'],
    ['bom at line start', 'base: a\n\ufeffcomponents: {}\n'],
    ['bom indented', 'components:\n  \ufeffx: {}\n'],
    ['bom only', '\ufeff'],
    ['bom in quoted', 'base: "\ufeff"\n'],
  ];
  for (const [name, text] of list) add(`stream ${name}`, text);
  // Characters libyaml's reader refuses or allows, in values, quotes, comments and second documents.
  const chars = [0x00, 0x01, 0x08, 0x0b, 0x0c, 0x1b, 0x1f, 0x7f, 0x80, 0x84, 0x85, 0x9f, 0xa0, 0xd7ff, 0xe000, 0xfdd0, 0xfeff,
    0xfffd, 0xfffe, 0xffff, 0x10000, 0x1f600, 0x10ffff];
  for (const cp of chars) {
    const c = String.fromCodePoint(cp);
    const hex = cp.toString(16).padStart(4, '0');
    add(`char U+${hex} plain`, `base: a${c}b\n`);
    add(`char U+${hex} quoted`, `base: "a${c}b"\n`);
    add(`char U+${hex} comment`, `base: a # ${c}\n`);
    add(`char U+${hex} block`, `base: |\n  a${c}b\n`);
    add(`char U+${hex} second doc`, `base: a\n---\nx: ${c}\n`);
    add(`char U+${hex} key`, `components:\n  x${c}: {}\n`);
  }
}

// ---------------------------------------------------------------------------------------------
// Nesting: the decoder's own limit (400) and the operator's (10,000).

function nestingCases() {
  for (const n of [5, 100, 399, 400, 401]) {
    add(`nest flow seq ${n}`, `base: x\nextra: ${'['.repeat(n)}${']'.repeat(n)}\n`);
    add(`nest flow map ${n}`, `extra: ${'{a: '.repeat(n)}b${'}'.repeat(n)}\n`);
    add(`nest block seq ${n}`, `extra:\n${'- '.repeat(n)}x\n`);
  }
  add('nest flow seq 10001', `extra: ${'['.repeat(10001)}${']'.repeat(10001)}\n`);
  add('nest unclosed', `extra: ${'['.repeat(50)}\n`);
  add('nest alias depth', 'a: &a [[[[x]]]]\nb: &b [*a, [[[*a]]]]\nc: [*b, [[[[*b]]]]]\n');
}

// ---------------------------------------------------------------------------------------------
// Realistic documents with small mutations.

const REALISTIC = [
  `---
# Default images.
base: quay.io/piraeusdatastore
components:
  linstor-controller:
    tag: v1.32.3
    image: piraeus-server
  drbd-module-loader:
    tag: v9.2.16
    match:
      - osImage: Red Hat Enterprise Linux 8
        image: drbd9-almalinux8
        precompiled: true
      - osImage: 'Ubuntu 22\\.04'
        image: drbd9-jammy
    image: drbd9-noble
`,
  `base: registry.k8s.io/sig-storage
components:
  csi-attacher: {tag: v4.10.0, image: csi-attacher}
  csi-snapshotter:
    tag: v8.4.0
    image: csi-snapshotter
    digest: sha256:1111111111111111111111111111111111111111111111111111111111111111
    match:
    - osImage: "Flatcar"
      image: csi-snapshotter-flatcar
`,
  `defaults: &defaults
  tag: v1.0
  image: generic
base: example.com/x
components:
  a:
    <<: *defaults
  b:
    <<: *defaults
    tag: 2.10
  c: &c
    match: [{osImage: "^Debian", image: c-debian, precompiled: yes}]
  d: *c
`,
];

/** Line-level and character-level edits of a document. */
function mutate(text, rnd) {
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const lines = text.split('\n');
  const i = Math.floor(rnd() * lines.length);
  const line = lines[i];
  const col = Math.floor(rnd() * (line.length + 1));
  const inserts = [' ', '  ', '\t', ':', ': ', '- ', '#', ' #', '"', "'", '[', ']', '{', '}', ',', '&a ', '*a', '!!str ',
    '|', '>', '?', '\r', '\u0085', '\u2028', '\ufeff', '---', '...', '%', '@', '`', '\\', '~', '1.10', 'yes', 'Tag', '<<: '];
  const values = ['1.10', 'yes', 'no', 'on', '~', 'null', '010', '0x1F', '1e3', '.inf', '.nan', '[a]', '{}', '""', "''",
    '"a\\tb"', '|\n        x', '>-\n        x', '*a', '&a x', '!!int 1', '!!str 1', '-', '[', '"', "'a''b'", '1_000', '2001-12-14'];
  switch (Math.floor(rnd() * 9)) {
    case 0: // insert a token
      lines[i] = line.slice(0, col) + pick(inserts) + line.slice(col);
      break;
    case 1: // delete a character
      lines[i] = line.slice(0, col) + line.slice(col + 1);
      break;
    case 2: // replace a value
      if (line.includes(': ')) lines[i] = line.slice(0, line.indexOf(': ') + 2) + pick(values);
      else lines[i] = line + ' ' + pick(values);
      break;
    case 3: // change the indentation
      lines[i] = rnd() < 0.5 ? line.replace(/^ /, '') : ' ' + line;
      break;
    case 4: // duplicate a line
      lines.splice(i, 0, line);
      break;
    case 5: // delete a line
      lines.splice(i, 1);
      break;
    case 6: // swap two lines
      if (i + 1 < lines.length) [lines[i], lines[i + 1]] = [lines[i + 1], lines[i]];
      break;
    case 7: // change a key's case
      lines[i] = line.replace(/[a-z]/, (c) => c.toUpperCase());
      break;
    default: // a tab for the indentation
      lines[i] = line.replace(/^ {2}/, '\t');
  }
  return lines.join('\n');
}

function realisticCases(count) {
  REALISTIC.forEach((t, i) => add(`real ${i}`, t));
  const rnd = prng(0x9e3779b9);
  for (let n = 0; n < count; n++) {
    const base = Math.floor(rnd() * REALISTIC.length);
    let text = REALISTIC[base];
    const edits = 1 + Math.floor(rnd() * 3);
    for (let e = 0; e < edits; e++) text = mutate(text, rnd);
    add(`real ${base} mutation ${n}`, text);
  }
}

// ---------------------------------------------------------------------------------------------
// Reduced from differences this table found (fixed in the decoder, or listed as known in
// test/go-yaml-differential.test.ts).

function foundCases() {
  const list = [
    // unclosed and stray brackets
    ['unclosed [ under a key', 'a: [\n'], ['unclosed {', '{base: x\n'], ['{ closed by ]', '{base: x]\n'], ['unclosed [', '[\n'],
    ['] after a key', 'a: ]\n'], ['] on the next line', 'a: 1\n]\n'], ['} after an alias', 'a: &x 1\nb: *x}\n'],
    ['key after a list', '- a\nb: c\n'], ['] in an indented root', '  a: 1\n  ]\n'], ['] below an indented root', '  a: 1\n ]\n'],
    ['} alone', '}'], ['] after ---', '--- ]'],
    // keys
    ['colon without key', ': x\n'], ['colon without key nested', 'components:\n  : {}\n'], ['colon without key after key', 'a: 1\n: 2\n'],
    ['colon without key in list', '- : x\n'], ['anchor on the line above a colon', '&a\n: b\n'], ['anchor as key', '&a : b\n'],
    ['tag as key', '!!str : b\n'], ['anchor alone where a key starts', 'a: 1\n&a \n'], ['tag alone where a key starts', 'a: 1\n!!str\n'],
    ['NEL before a colon', 'components:\n  x\u0085: {}\n'], ['colon on the next line', 'a: 1\nb\n  : c\n'],
    ['colon on the next line at the root', 'b\n  : c\n'], ['tag before a nested first colon', 'components:\n  !!str :\n    image: i\n'],
    ['tag before a nested colon', 'a:\n  !!str : x\n'], ['colon after a flow value', 'a: {x: 1}: c\n'], ['colon after a flow list', 'a: [x]: c\n'],
    ['colon after a quoted value', 'a: "x": c\n'],
    // tags
    ['tag !<!>', 'base: !<!> yes\n'], ['tag !<!!>', 'base: !<!!> x\n'], ['tag !<>', 'base: !<> y\n'], ['tag !!', 'base: !! x\n'],
    ['tag with #', 'base: !a#b x\n'], ['tag with bad escape', 'base: !!str%zz x\n'], ['tag with %FF', 'base: !<%FF> x\n'],
    ['tag with UTF-8 escape', 'base: !<%C3%A9> x\n'], ['verbatim tag with ^', 'base: !<a^b> x\n'], ['tag !<!> then text', 'base: !<!>x\n'],
    ['TAG prefix with #', '%TAG !s! tag:y#aml.org,2002:\n---\nbase: !s!str 1.10\n'],
    // what is scanned after the root
    ['@ after an indented root', '  a: 1\n@x\n'], ['@ after a flow root', '{a: 1} @x\n'], ['` after an indented root', '  a: 1\n`x\n'],
    // flow collections
    ['flow continuation below the key', 'a:\n  b: {c: d,\n e: f}\n'], ['flow continuation at column 0', 'a: {c: d,\ne: f}\n'],
    ['rules at column 0', 'components:\n  x:\n    match: [\n{osImage: a, image: b},\n]\n'], ['flow - value', 'components: {x: {tag: -}}\n'],
    ['flow a: value', 'components: {x: {tag: a:, image: a:}}\n'], ['flow ?key', 'components: {x: {?tag: v}}\n'],
    ['flow comment between scalars', 'a: [b # c\n c]\n'], ['flow comment line', 'a: [b,\n# c\n c]\n'], ['flow document marker', 'a: {c: d,\n---\n}\n'],
    ['flow plain over lines', 'components: {x: {tag: a\n\n  b}}\n'], ['flow over lines as a key', '{base: #c\n  x}: \n'],
    ['flow NEL after colon', 'components:\n  c: {tag:\u0085 v1, image: i}\n'], ['flow ?a in a list', 'components: {x: {match: [?a]}}\n'],
    ['flow ?key: value in a list', 'components: {x: {match: [?image: i]}}\n'],
    ['flow ?keys in a list after blanks', 'components: {x: {match: [ ?osImage: a, ?image: b]}}\n'],
    ['flow ?"key" in a list', 'components: {x: {match: [?"image": i, ?x]}}\n'], ['flow ?[ ] in a list', 'components: {x: {match: [?[a]]}}\n'],
    ['flow ?a in a root list', '[?a, b]\n'], ['flow ?{ } in a list', 'components: {x: {match: [?{image: i}: x]}}\n'],
    ['flow ? then a line break in a list', 'components: {x: {match: [?\n image: i]}}\n'],
    // byte order marks
    ['BOM after a line break', '\n\ufeffbase: x\n'], ['BOM after a comment', '# c\n\ufeffbase: x\n'], ['BOM then BOM', '\ufeff\n\ufeffbase: x\n'],
    ['two BOMs', '\ufeff\ufeffbase: x\ncomponents:\n  x:\n    tag: t\n'], ['two BOMs only', '\ufeff\ufeff'],
    // block scalar headers
    ['block header then ---', 'base: |1  ---\n'], ['block header then tag', '|-  !!str  {'], ['block header then text', 'base: |  x\n  a\n'],
    ['block header at the key column', 'base:\n|-\n  a\n'], ['block header at the key column in a list', '- base:\n  |-\n    a\n'],
    ['block header at the key column after a comment', 'base: # c\n|\n  a\n'],
    ['block header at a nested key column', 'components:\n  x:\n    tag:\n    >\n     a\n'],
    ['block header at the key column after a tag', 'base: !!str\n|\n a\n'], ['block header at the key column, empty', 'base:\n|\n'],
    ['block header at the key column then text at it', 'base:\n|\na\n'], ['block header at the key column with 1', 'base:\n|1\n  a\n'],
    ['block header at the key column after CRLF', 'base:\r\n|\r\n  a\r\n'], ['block header at the key column after blank lines', 'base:\n# c\n  \n|\n  a\n'],
    ['block header below the key column', 'x:\n  base:\n|\n  a\n'],
    ['block header at the key column after an anchor', 'base: &a\n|\n  a\ncomponents: {x: {tag: *a}}\n'],
    // directives inside a document
    ['directive after the root', 'base: x\n%YAML 1.1\n---\nbase: y\n'], ['unknown directive after the root', 'a: 1\n%FOO\n'],
    ['%YAML 2.0 after the root', 'a: 1\n%YAML 2.0\n'], ['% alone after the root', 'a: 1\n%\n'], ['directive after a root block scalar', '|\n%x\n'],
    ['%YAML after a root block scalar', '|\n%YAML 1.1\n---\nbase: y\n'], ['directive after a root folded scalar', '>\n a\n%FOO bar\n'],
    ['%YAML 2.0 after a root block scalar', '|\n%YAML 2.0\n'], ['%TAG after a root block scalar', '|\n%TAG ! x\n'],
    ['directive after a root block scalar after ---', '--- |\n  a\n%x\n'], ['directive with a comment after a root |2', '|2\n  a\n%x # c\n'],
    // anchors and aliases directly before ":"
    ['anchor then colon', '&a: x\n'], ['alias then colon', 'k: &a base\n*a: x\n'], ['anchor then colon in a value', 'base: &a:b x\n'],
    ['anchor then colon in { }', '{&a: b}\n'], ['tagged anchor then colon', 'components:\n  !!str &a:\n    tag: t\n'],
    ['alias then colon in { }', '{k: &a base, *a:x}\n'], ['alias then colon in a component', 'k: &t tag\ncomponents:\n  x: {*t: v1}\n'],
    ['alias then colon at the end', 'k: &a base\n*a:\n'], ['anchor then colon then a mapping', '&a:\n  base: x\n'],
    ['anchor then colon in a rule list', 'components:\n  x:\n    match:\n    - &a:b\n'], ['anchor then colon before ,', '{&a:, base: x}\n'],
    ['alias then colon then text', 'k: &a base\n*a:b\n'], ['anchor then colon after a key', 'base: &a: x\n'],
    ['anchor then colon in a value, aliased', 'base: &b:x y\ncomponents: {x: {tag: *b}}\n'],
    ['tagged anchor then colon before an alias key', 'k: &a base\n!!str &b: x\n*a: y\n'], ['anchor then colon then text in { }', '{&a:b}\n'],
    ['anchor then colon then text in [ ]', '[&a:b]\n'], ['tagged anchor then colon then text in { }', '{!!str &a:b, base: *a}\n'],
    ['anchor then colon then text in a component', 'components: {x: {!!str &t:v}}\n'], ['anchor then colon then text as a value in { }', '{base: &a:b}\n'],
    // roots followed by more on their line
    ['empty { } then a key', '{} base: x\n'], ['empty [ ] then a key', '[] x: y\n'], ['empty { } as a key', '{}: x\n'],
    ['empty { } with a blank then a key', '{ } base: x\n'], ['empty { } after --- then a key', '--- {} base: x\n'],
    ['empty { } after a comment as a key', '# c\n{}: x\n'], ['empty { } then a quoted key', '{} "base": x\n'],
    ['empty { } then a key then an unclosed [', '{} base: x\nmore: [\n'], ['empty { } then text', '{} x\n'],
    ['empty { } then an unclosed quote', '{} \'a\n'], ['empty { } then a bad escape', '{} "a\\q": x\n'],
    ['empty [ ] as a key then a key', '[]: x\ncomponents: {}\n'], ['empty { } then a tab and a colon', '{}\t: x\n'],
    ['flow root with text after', '{a: 1} b: c\n'], ['quoted root then a key', '"a" b: c\n'], ['flow root over lines then text', '{base: a,\n compon}ents: {}}\n'],
    ['flow root over lines then a quoted key', '{base: a,\n c: d} "x": y\n'], ['flow root over lines as a key', '{base: a,\n c: d}: y\n'],
    ['flow list root over lines then text', '[a,\n b] c\n'], ['flow root over lines then text and a line', '{base: a,\n c: d} x\nmore\n'],
    ['flow root with a quoted scalar over lines then a key', '{base: "a\n b"} x: y\n'],
    ['flow root with a comment over lines then a key', '{base: a, # c\n c: d} x: y\n'],
    // tags the yaml package splits differently
    ['tag handle then !', 'base: !!str! x\n'], ['tag !!!', 'base: !!!str x\n'], ['tag !...!', 'base: !...!int 1\n'], ['tag with ]', 'base: !!m]erge x\n'],
    ['tag with ,', 'base: !a, x\n'], ['tag with ] in { }', '{base: !a]b x}\n'],
    ['tag handle then ! on a key and a value', 'components:\n  !!str! x: {tag: !!str! 1}\n'], ['tag !!int!', 'base: !!int! 1\n'],
    ['tag with , in { }', '{base: !!str, x}\n'], ['tag !!merge,', '<<: !!merge, {base: x}\n'], ['tag with , alone', 'base: !!str,\n'],
    ['tag with named handle and !', 'base: !a!b!c x\n'], ['tag handle then ! on a mapping', 'components: !!map! {x: {tag: t}}\n'],
    ['tag with ] on a list', 'components: {x: {match: !!seq] [{image: i}]}}\n'], ['tag with [ then {', 'base: !a[{ x\n'],
    ['tag !a%21', 'base: !a%21 x\n'], ['tag with , before a key', 'components:\n  !!str, x:\n    tag: t\n'],
    // explicit keys
    ['explicit key then a deeper mapping', 'components:\n?  a:\n    b: 1\n  c: 2\n'],
  ];
  for (const [name, text] of list) add(`found ${name}`, text);
}

scalarCases();
quotedCases();
blockCases();
layoutCases();
flowCases();
aliasCases();
keyCases();
typeCases();
streamCases();
nestingCases();
foundCases();
realisticCases(Number(process.env.GO_YAML_MUTATIONS ?? 36));

const about = [
  'What the Piraeus Operator (pkg/imageversions, FromConfigMap) makes of each ConfigMap entry: sigs.k8s.io/yaml Unmarshal into '
    + 'its Config. Its go.mod (github.com/piraeusdatastore/piraeus-operator at 01bb2ae07531e30d0ae8d64e04bd86df7ca387c7) selects '
    + 'sigs.k8s.io/yaml v1.6.0 and go.yaml.in/yaml/v2 v2.4.4 (v2.4.0 to v2.4.4 differ only in tests and documentation).',
  'Cases: scripts/go-yaml-answers/cases.js. Answers: scripts/go-yaml-answers/main.go (CONTRIBUTING.md says how to run them).',
  'go: {config} with empty fields left out, or {error: {stage, message}}: stage parse, decode, tojson or json, message without '
    + 'the prefix sigs.k8s.io/yaml adds. goAny: every answer seen where Go\'s map order decides.',
  'header.go: the Go releases whose answers agree (the first wrote them, the others checked them with -verify).',
  'Checked by test/go-yaml-differential.test.ts.',
];
process.stdout.write(JSON.stringify({ about, header: { go: [], modules: [] }, cases }, null, 0) + '\n');
