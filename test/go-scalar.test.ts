/**
 * go-yaml v2 scalar resolution and sigs.k8s.io/yaml's to-string coercion.
 */
import {
  BINARY_TAG, BOOL_TAG, coerceToString, FLOAT_TAG, goParseFloat, goParseInt, goParseUint, INT_TAG,
  isGoYamlTimestamp, isPlainString, NULL_TAG, resolvePlain, resolveTagged, ScalarResolveError, shortTag, STR_TAG,
  TIMESTAMP_TAG, underscoreOK,
} from '../src/resolver/yaml/scalar';

type Kind = 'null' | 'bool' | 'int' | 'float' | 'string' | 'timestamp';

interface Case {
  readonly name: string;
  readonly input: string;
  readonly expected: { readonly kind: Kind; readonly str: string };
}

const c = (input: string, kind: Kind, str: string, name = input): Case => ({ name: JSON.stringify(name), input, expected: { kind, str } });

// "tag: <scalar>" -> the string the operator's Go field receives.
const specStep2: Case[] = [
  c('10', 'int', '10'),
  c('0777', 'int', '511', '0777 (leading 0 = octal)'),
  c('012', 'int', '10'),
  c('010', 'int', '8'),
  c('0x1F', 'int', '31'),
  c('0b101', 'int', '5'),
  c('0o17', 'int', '15'),
  c('1_000', 'int', '1000'),
  c('017_', 'int', '15'),
  c('+12', 'int', '12'),
  c('12345678901234567890', 'int', '12345678901234567890', '12345678901234567890 (kept as uint64)'),
  c('1.10', 'float', '1.1'),
  c('1e3', 'float', '1000'),
  c('08', 'float', '8', '08 (not octal, so a float)'),
  c('09', 'float', '9'),
  c('yes', 'bool', 'true'), c('Yes', 'bool', 'true'), c('YES', 'bool', 'true'),
  c('y', 'bool', 'true'), c('Y', 'bool', 'true'),
  c('on', 'bool', 'true'), c('On', 'bool', 'true'), c('ON', 'bool', 'true'),
  c('true', 'bool', 'true'), c('True', 'bool', 'true'), c('TRUE', 'bool', 'true'),
  c('no', 'bool', 'false'), c('No', 'bool', 'false'), c('NO', 'bool', 'false'),
  c('n', 'bool', 'false'), c('N', 'bool', 'false'),
  c('off', 'bool', 'false'), c('Off', 'bool', 'false'), c('OFF', 'bool', 'false'),
  c('false', 'bool', 'false'), c('False', 'bool', 'false'), c('FALSE', 'bool', 'false'),
  c('~', 'null', ''), c('null', 'null', ''), c('Null', 'null', ''), c('NULL', 'null', ''),
  c('', 'null', '', 'no value'),
  c('2024-01-02', 'timestamp', '2024-01-02'),
  c('1:30', 'string', '1:30', '1:30 (no base 60)'),
  c('v1.10', 'string', 'v1.10'),
  c('1.10.0', 'string', '1.10.0'),
  c('1e400', 'string', '1e400', '1e400 (overflowing float stays text)'),
];

// Floats as YAML text, and the string Go formats from them.
const specFloats: Case[] = [
  c('2.10', 'float', '2.1'),
  c('1.0', 'float', '1'),
  c('10.0', 'float', '10'),
  c('.5', 'float', '0.5'),
  c('1.2345678901', 'float', '1.2345679'),
  c('1.123456789', 'float', '1.1234568'),
  c('3.14159265358979', 'float', '3.1415927'),
  c('100000.0', 'float', '100000'),
  c('1234567.0', 'float', '1.234567e+06'),
  c('100000000.5', 'float', '1e+08'),
  c('16777217.0', 'float', '1.6777216e+07'),
  c('0.0001', 'float', '0.0001'),
  c('0.000001', 'float', '1e-06'),
  c('.inf', 'float', '+Inf'),
  c('-.Inf', 'float', '-Inf'),
  c('.NaN', 'float', 'NaN'),
];

// YAML 1.1 scalars the yaml package reads differently.
const pvTable: Case[] = [
  c('1:20', 'string', '1:20'),
  c('.nan', 'float', 'NaN'),
  c('1.2.3', 'string', '1.2.3'),
];

// Corners of go-yaml's resolve() and Go's strconv.
const corners: Case[] = [
  c('.Inf', 'float', '+Inf'), c('.INF', 'float', '+Inf'), c('+.inf', 'float', '+Inf'), c('+.Inf', 'float', '+Inf'),
  c('+.INF', 'float', '+Inf'), c('-.inf', 'float', '-Inf'), c('-.INF', 'float', '-Inf'), c('.NAN', 'float', 'NaN'),
  c('+.nan', 'string', '+.nan'), c('.iNf', 'string', '.iNf'), c('inf', 'string', 'inf'), c('nan', 'string', 'nan'),
  c('Infinity', 'string', 'Infinity'), c('tRUE', 'string', 'tRUE'), c('nil', 'string', 'nil'), c('NuLL', 'string', 'NuLL'),
  c('<<', 'string', '<<', '<< (no hint for "<")'),
  c('0', 'int', '0'), c('-0', 'int', '0'), c('-0.0', 'float', '-0'), c('0.0', 'float', '0'),
  c('0X1F', 'int', '31'), c('0O17', 'int', '15'), c('0B101', 'int', '5'), c('-0x1F', 'int', '-31'), c('+0x1f', 'int', '31'),
  c('0b-101', 'int', '-5', '0b-101 (legacy binary branch with a sign)'), c('0b+101', 'int', '5'),
  c('-0b101', 'int', '-5'), c('-0b1_0', 'int', '-2'), c('0b1_0', 'int', '2'), c('-0b-1', 'string', '-0b-1'),
  c('0x', 'string', '0x'), c('0o', 'string', '0o'), c('0b', 'string', '0b'), c('0o8', 'string', '0o8'), c('0b2', 'string', '0b2'),
  c('0x_1F', 'int', '31'), c('1__0', 'int', '10'), c('_1', 'string', '_1'), c('1_', 'int', '1'), c('-_1', 'int', '-1'),
  c('+', 'string', '+'), c('-', 'string', '-'), c('++1', 'string', '++1'),
  c('9223372036854775807', 'int', '9223372036854775807'),
  c('9223372036854775808', 'int', '9223372036854775808', '2^63 (uint64)'),
  c('-9223372036854775808', 'int', '-9223372036854775808'),
  c('-9223372036854775809', 'float', '-9.223372e+18', 'below int64 (float)'),
  c('18446744073709551615', 'int', '18446744073709551615'),
  c('18446744073709551616', 'float', '1.8446744e+19', 'above uint64 (float)'),
  c('99999999999999999999', 'float', '1e+20'),
  c('0x10000000000000000', 'string', '0x10000000000000000', 'hex above uint64 (text)'),
  c('0b' + '1'.repeat(64), 'int', '18446744073709551615', '64 binary ones'),
  c('0b' + '1'.repeat(65), 'string', '0b' + '1'.repeat(65), '65 binary ones'),
  c('1.', 'float', '1'), c('1.e5', 'float', '100000'), c('+.5', 'float', '0.5'), c('-.5', 'float', '-0.5'),
  c('1E3', 'float', '1000'), c('1e+3', 'float', '1000'), c('1e-3', 'float', '0.001'), c('1e3_0', 'float', '1e+30'),
  c('1_0.5', 'float', '10.5'), c('.5_5', 'float', '0.55', '.5_5 (ParseFloat accepts Go underscores)'),
  c('._5', 'string', '._5'), c('.e5', 'string', '.e5'), c('.', 'string', '.'), c('.5.5', 'string', '.5.5'),
  c('1,000', 'string', '1,000'), c('١٢', 'string', '١٢'), c('12 ', 'string', '12 '),
  c('1e-400', 'float', '0', 'underflow is not an error'),
  c('2000-02-29', 'timestamp', '2000-02-29'), c('2001-02-29', 'string', '2001-02-29', 'no such day (text)'),
  c('2001-13-01', 'string', '2001-13-01'), c('2001-1-2', 'timestamp', '2001-1-2'),
  c('2001-12-14t21:59:43.10-05:00', 'timestamp', '2001-12-14t21:59:43.10-05:00'),
  c('2001-12-14T21:59:43Z', 'timestamp', '2001-12-14T21:59:43Z'),
  c('2001-12-14 21:59:43.10', 'timestamp', '2001-12-14 21:59:43.10'),
  c('2001-12-14 21:59:43.10 -5', 'string', '2001-12-14 21:59:43.10 -5'),
  c('12:30', 'string', '12:30'), c('123-45', 'string', '123-45'),
];

const all = [...specStep2, ...specFloats, ...pvTable, ...corners];

describe('resolvePlain + coerceToString', () => {
  test.each(all)('$name', ({ input, expected }) => {
    const r = resolvePlain(input);
    expect({ kind: r.kind, str: coerceToString(r) }).toEqual(expected);
    expect(r.text).toBe(input);
  });

  test('integers keep exact digits and signedness', () => {
    const big = resolvePlain('12345678901234567890');
    expect(big).toEqual({ kind: 'int', text: '12345678901234567890', value: 12345678901234567890n, unsigned: true });
    expect(resolvePlain('-42')).toEqual({ kind: 'int', text: '-42', value: -42n, unsigned: false });
  });

  test('floats keep the float64 value', () => {
    expect(resolvePlain('1.10')).toEqual({ kind: 'float', text: '1.10', value: 1.1 });
  });

  test('isPlainString', () => {
    expect(isPlainString('v1.10')).toBe(true);
    expect(isPlainString('1.10')).toBe(false);
    expect(isPlainString('yes')).toBe(false);
    expect(isPlainString('2024-01-02')).toBe(false);
    expect(isPlainString('')).toBe(false);
  });
});

describe('resolveTagged (explicit tags)', () => {
  test.each([
    { name: '!!str keeps a number as text', input: [STR_TAG, '1.10'], expected: { kind: 'string', str: '1.10' } },
    { name: '!!str keeps yes', input: [STR_TAG, 'yes'], expected: { kind: 'string', str: 'yes' } },
    { name: '!!int 12', input: [INT_TAG, '12'], expected: { kind: 'int', str: '12' } },
    { name: '!!float 1 becomes a float', input: [FLOAT_TAG, '1'], expected: { kind: 'float', str: '1' } },
    { name: '!!float 1.5', input: [FLOAT_TAG, '1.5'], expected: { kind: 'float', str: '1.5' } },
    { name: '!!bool yes', input: [BOOL_TAG, 'yes'], expected: { kind: 'bool', str: 'true' } },
    { name: '!!null ~', input: [NULL_TAG, '~'], expected: { kind: 'null', str: '' } },
    { name: '!!timestamp date', input: [TIMESTAMP_TAG, '2024-01-02'], expected: { kind: 'timestamp', str: '2024-01-02' } },
    { name: 'non-specific ! is a string', input: ['!', '12'], expected: { kind: 'string', str: '12' } },
    { name: 'custom tag is a string', input: ['!foo', '1.10'], expected: { kind: 'string', str: '1.10' } },
    { name: '!!binary is base64-decoded', input: [BINARY_TAG, 'aGVsbG8='], expected: { kind: 'string', str: 'hello' } },
    { name: '!!binary with line breaks', input: [BINARY_TAG, 'aGVs\nbG8='], expected: { kind: 'string', str: 'hello' } },
    { name: '!!binary invalid UTF-8 becomes U+FFFD', input: [BINARY_TAG, '/w=='], expected: { kind: 'string', str: '\ufffd' } },
    { name: '!!binary valid UTF-8', input: [BINARY_TAG, 'w6k='], expected: { kind: 'string', str: 'é' } },
  ])('$name', ({ input, expected }) => {
    const r = resolveTagged(input[0], input[1]);
    expect({ kind: r.kind, str: coerceToString(r) }).toEqual(expected);
  });

  test.each([
    { name: '!!int abc', input: [INT_TAG, 'abc'], expected: 'cannot decode !!str `abc` as a !!int' },
    { name: '!!int 1.5', input: [INT_TAG, '1.5'], expected: 'cannot decode !!float `1.5` as a !!int' },
    { name: '!!int on a timestamp', input: [INT_TAG, '2024-01-02'], expected: 'cannot decode !!str `2024-01-02` as a !!int' },
    { name: '!!float on a uint64', input: [FLOAT_TAG, '18446744073709551615'], expected: 'cannot decode !!int `18446744073709551615` as a !!float' },
    { name: '!!bool 1', input: [BOOL_TAG, '1'], expected: 'cannot decode !!int `1` as a !!bool' },
    { name: '!!null x', input: [NULL_TAG, 'x'], expected: 'cannot decode !!str `x` as a !!null' },
    { name: '!!timestamp x', input: [TIMESTAMP_TAG, 'x'], expected: 'cannot decode !!str `x` as a !!timestamp' },
    { name: '!!binary not base64', input: [BINARY_TAG, 'a b'], expected: '!!binary value contains invalid base64 data' },
    { name: '!!binary bad padding', input: [BINARY_TAG, 'aGVsbG8'], expected: '!!binary value contains invalid base64 data' },
  ])('$name fails', ({ input, expected }) => {
    expect(() => resolveTagged(input[0], input[1])).toThrow(new ScalarResolveError(expected));
  });

  test('shortTag', () => {
    expect(shortTag(INT_TAG)).toBe('!!int');
    expect(shortTag('!foo')).toBe('!foo');
  });
});

describe('strconv emulation', () => {
  test.each([
    { name: 'ParseInt decimal', input: ['123', 0], expected: { ok: true, value: 123n } },
    { name: 'ParseInt octal', input: ['0777', 0], expected: { ok: true, value: 511n } },
    { name: 'ParseInt invalid octal', input: ['08', 0], expected: { ok: false, range: false } },
    { name: 'ParseInt overflow', input: ['9223372036854775808', 0], expected: { ok: false, range: true } },
    { name: 'ParseInt base 2 with sign', input: ['-101', 2], expected: { ok: true, value: -5n } },
    { name: 'ParseInt empty', input: ['', 0], expected: { ok: false, range: false } },
    { name: 'ParseInt underscores need base prefix rules', input: ['1__0', 0], expected: { ok: false, range: false } },
    { name: 'ParseInt underscore after prefix', input: ['0x_1F', 0], expected: { ok: true, value: 31n } },
  ])('$name', ({ input, expected }) => {
    expect(goParseInt(input[0] as string, input[1] as number)).toEqual(expected);
  });

  test.each([
    { name: 'ParseUint 2^64-1', input: '18446744073709551615', expected: { ok: true, value: 18446744073709551615n } },
    { name: 'ParseUint 2^64', input: '18446744073709551616', expected: { ok: false, range: true } },
    { name: 'ParseUint rejects a sign', input: '+1', expected: { ok: false, range: false } },
  ])('$name', ({ input, expected }) => {
    expect(goParseUint(input, 0)).toEqual(expected);
  });

  test.each([
    { name: '.5', input: '.5', expected: 0.5 },
    { name: '1_000.5', input: '1_000.5', expected: 1000.5 },
    { name: '1e400 overflows', input: '1e400', expected: undefined },
    { name: 'inf word', input: '-Infinity', expected: -Infinity },
    { name: 'double dot', input: '1..2', expected: undefined },
    { name: 'underscore before dot', input: '1_.5', expected: undefined },
  ])('ParseFloat $name', ({ input, expected }) => {
    expect(goParseFloat(input)).toBe(expected);
  });

  test('underscoreOK', () => {
    expect(underscoreOK('1_000')).toBe(true);
    expect(underscoreOK('_1')).toBe(false);
    expect(underscoreOK('1_')).toBe(false);
    expect(underscoreOK('0x_f')).toBe(true);
  });
});

describe('isGoYamlTimestamp', () => {
  test.each([
    { name: 'date', input: '2024-01-02', expected: true },
    { name: 'short fields', input: '2024-1-2', expected: true },
    { name: 'RFC3339', input: '2024-01-02T03:04:05Z', expected: true },
    { name: 'RFC3339 with offset', input: '2024-01-02T03:04:05+01:00', expected: true },
    { name: 'lower-case t and fraction', input: '2024-01-02t03:04:05.123456789-08:00', expected: true },
    { name: 'space separated', input: '2024-01-02 03:04:05', expected: true },
    { name: 'space separated, comma fraction', input: '2024-01-02 03:04:05,5', expected: true },
    { name: 'space separated with zone is not a Go layout', input: '2024-01-02 03:04:05 +01:00', expected: false },
    { name: 'hour 24', input: '2024-01-02T24:00:00Z', expected: false },
    { name: 'five-digit year', input: '20240-01-02', expected: false },
    { name: 'month 13', input: '2024-13-02', expected: false },
    { name: 'February 30', input: '2024-02-30', expected: false },
    { name: 'trailing text', input: '2024-01-02x', expected: false },
  ])('$name', ({ input, expected }) => {
    expect(isGoYamlTimestamp(input)).toBe(expected);
  });
});
