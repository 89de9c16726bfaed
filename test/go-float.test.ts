/**
 * Go strconv.FormatFloat(v, 'g', -1, 32): the text sigs.k8s.io/yaml gives a YAML float that lands
 * in a string field. Expected values are Go's.
 */
import { float32ShortestDigits, formatFloat32 } from '../src/resolver/yaml/float32';

interface Case {
  readonly name: string;
  readonly input: number;
  readonly expected: string;
}

// Every row of the spec's float table, by the YAML scalar it comes from.
const specTable: Case[] = [
  { name: '1.10 loses its trailing zero', input: 1.1, expected: '1.1' },
  { name: '2.10', input: 2.1, expected: '2.1' },
  { name: '1.0 has no trailing .0', input: 1.0, expected: '1' },
  { name: '10.0', input: 10.0, expected: '10' },
  { name: '.5', input: 0.5, expected: '0.5' },
  { name: '1.2345678901 (float32 precision)', input: 1.2345678901, expected: '1.2345679' },
  { name: '1.123456789 (float32 precision)', input: 1.123456789, expected: '1.1234568' },
  { name: '3.14159265358979 (float32 precision)', input: 3.14159265358979, expected: '3.1415927' },
  { name: '100000.0: exponent 5 is plain', input: 100000.0, expected: '100000' },
  { name: '1234567.0: exponent 6 is exponent form', input: 1234567.0, expected: '1.234567e+06' },
  { name: '100000000.5: float32 rounding then exponent form', input: 100000000.5, expected: '1e+08' },
  { name: '16777217.0 is not a float32', input: 16777217.0, expected: '1.6777216e+07' },
  { name: '0.0001: exponent -4 is plain', input: 0.0001, expected: '0.0001' },
  { name: '0.000001: exponent -6 is exponent form', input: 0.000001, expected: '1e-06' },
  { name: '1e3', input: 1e3, expected: '1000' },
  { name: '.inf', input: Infinity, expected: '+Inf' },
  { name: '-.Inf', input: -Infinity, expected: '-Inf' },
  { name: '.NaN', input: NaN, expected: 'NaN' },
];

const moreCases: Case[] = [
  { name: 'zero', input: 0, expected: '0' },
  { name: 'negative zero', input: -0, expected: '-0' },
  { name: 'negative', input: -1.1, expected: '-1.1' },
  { name: 'negative exponent form', input: -1234567, expected: '-1.234567e+06' },
  { name: 'negative small', input: -0.000001, expected: '-1e-06' },
  { name: '0.1', input: 0.1, expected: '0.1' },
  { name: '0.3', input: 0.3, expected: '0.3' },
  { name: '1e-5 has two exponent digits', input: 1e-5, expected: '1e-05' },
  { name: '999999.9 stays plain', input: 999999.9, expected: '999999.9' },
  { name: '123456 plain', input: 123456, expected: '123456' },
  { name: '123456789 rounds to float32', input: 123456789, expected: '1.2345679e+08' },
  { name: '16777216 = 2^24', input: 16777216, expected: '1.6777216e+07' },
  { name: '8388608.5 ties to even', input: 8388608.5, expected: '8.388608e+06' },
  { name: '0.00001234', input: 0.00001234, expected: '1.234e-05' },
  { name: '1e21', input: 1e21, expected: '1e+21' },
  { name: '1e100 overflows float32', input: 1e100, expected: '+Inf' },
  { name: '-1e100 overflows float32', input: -1e100, expected: '-Inf' },
  { name: '1e39 overflows float32', input: 1e39, expected: '+Inf' },
  { name: 'MaxFloat32', input: 3.4028234663852886e38, expected: '3.4028235e+38' },
  { name: 'smallest normal float32', input: 1.1754943508222875e-38, expected: '1.1754944e-38' },
  { name: 'smallest subnormal float32', input: 1.401298464324817e-45, expected: '1e-45' },
  { name: 'underflow to zero', input: 1e-46, expected: '0' },
  { name: 'float64 min subnormal underflows', input: 5e-324, expected: '0' },
  { name: '2^-10', input: 0.0009765625, expected: '0.0009765625' },
  { name: 'exponent 100+ is impossible in float32; 1e38', input: 1e38, expected: '1e+38' },
  { name: '33554432.0 (2^25)', input: 33554432, expected: '3.3554432e+07' },
  { name: '0.2', input: 0.2, expected: '0.2' },
  { name: '7.0', input: 7, expected: '7' },
  { name: '99999.99', input: 99999.99, expected: '99999.99' },
];

describe('formatFloat32 (Go FormatFloat g -1 32)', () => {
  test.each(specTable)('spec: $name', ({ input, expected }) => {
    expect(formatFloat32(input)).toBe(expected);
  });
  test.each(moreCases)('$name', ({ input, expected }) => {
    expect(formatFloat32(input)).toBe(expected);
  });
});

describe('float32ShortestDigits', () => {
  test.each([
    { name: '1.1', input: 1.1, expected: { digits: '11', dp: 1 } },
    { name: '100', input: 100, expected: { digits: '1', dp: 3 } },
    { name: '0.001', input: 0.001, expected: { digits: '1', dp: -2 } },
    { name: 'zero', input: 0, expected: { digits: '', dp: 0 } },
  ])('$name', ({ input, expected }) => {
    expect(float32ShortestDigits(input)).toEqual(expected);
  });

  test('is not defined for infinities', () => {
    expect(() => float32ShortestDigits(Infinity)).toThrow(RangeError);
  });
});

/** Deterministic pseudo-random float32 values over the whole bit space. */
function* randomFloat32(count: number): Generator<number> {
  let seed = 0x2545f491;
  const view = new DataView(new ArrayBuffer(4));
  for (let i = 0; i < count; i++) {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    view.setUint32(0, seed >>> 0);
    const f = view.getFloat32(0);
    if (Number.isFinite(f)) yield f;
  }
}

function parseGo(s: string): number {
  if (s === '+Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  return Number(s);
}

/** Significant digits of a decimal string like "1.2345e+06" or "0.000123". */
function significantDigits(s: string): string {
  const mant = s.replace(/^-/, '').split('e')[0].replace('.', '').replace(/^0+/, '');
  return mant === '' ? '0' : mant;
}

describe('formatFloat32 properties over random float32 values', () => {
  const values = Array.from(randomFloat32(20000));

  test('reads back as exactly the same float32', () => {
    const failures = values.filter((f) => Math.fround(parseGo(formatFloat32(f))) !== f);
    expect(failures).toEqual([]);
  });

  test('no decimal with fewer significant digits reads back as the same float32', () => {
    const failures: string[] = [];
    for (const f of values) {
      if (f === 0) continue;
      const s = formatFloat32(f);
      const n = significantDigits(s).length;
      if (n <= 1) continue;
      // The (n-1)-digit decimals around f: the nearest one and its two neighbours.
      const [m, e] = Math.abs(f).toExponential(n - 2).split('e');
      const mantissa = BigInt(m.replace('.', ''));
      const exp = Number(e) - (n - 2);
      for (const c of [mantissa - 1n, mantissa, mantissa + 1n]) {
        if (c <= 0n) continue;
        const candidate = Number(`${c}e${exp}`) * Math.sign(f);
        if (Math.fround(candidate) === f) failures.push(`${f}: ${s} but ${candidate} also reads back`);
      }
    }
    expect(failures).toEqual([]);
  });

  test('uses exponent form exactly when the decimal exponent is < -4 or >= 6', () => {
    const failures: string[] = [];
    for (const f of values) {
      if (f === 0) continue;
      const s = formatFloat32(f);
      const v = Math.abs(parseGo(s));
      const e = Math.floor(Math.log10(v));
      // log10 can be off by one right at powers of ten; skip those.
      if (v === 10 ** e || v === 10 ** (e + 1)) continue;
      if (s.includes('e') !== (e < -4 || e >= 6)) failures.push(`${f}: ${s}`);
    }
    expect(failures).toEqual([]);
  });
});
