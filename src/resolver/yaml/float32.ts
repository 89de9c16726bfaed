/**
 * Go's `strconv.FormatFloat(v, 'g', -1, 32)`, exactly.
 *
 * This is how `sigs.k8s.io/yaml` turns a YAML float that lands in a string field into text
 * (`tag: 1.10` becomes `"1.1"`). Steps, as Go does them:
 *  1. round the float64 to the nearest float32 (ties to even; beyond the float32 range: ±Inf);
 *  2. take the shortest decimal digit string that reads back as exactly that float32
 *     (the rounding interval is closed when the mantissa is even, open otherwise); when several
 *     shortest strings exist, the one closest to the exact value (ties: even last digit);
 *  3. `%g` layout with the shortest-precision exponent threshold 6: exponent form when the decimal
 *     exponent is < -4 or >= 6 (`1.234567e+06`, `1e-06`), plain notation otherwise;
 *  4. `+Inf`, `-Inf`, `NaN`; negative values (also -0) get a leading `-`.
 *
 * All arithmetic is exact (BigInt rationals with a power-of-two denominator). Pure; no I/O.
 */

/** Decimal digits of a float32 without trailing zeros: value = 0.d1d2...dn × 10^dp. */
export interface ShortestDigits {
  /** Digit string, no leading or trailing zeros; empty for zero. */
  readonly digits: string;
  /** Position of the decimal point relative to the first digit (Go's `decimal.dp`). */
  readonly dp: number;
}

const F32_MANT_BITS = 23;
const F32_BIAS = -127;

const scratch = new DataView(new ArrayBuffer(4));

const pow10Cache: bigint[] = [1n];
function pow10(n: number): bigint {
  for (let i = pow10Cache.length; i <= n; i++) pow10Cache.push(pow10Cache[i - 1]! * 10n);
  return pow10Cache[n]!;
}

/**
 * The shortest digits of a finite, non-zero float32 magnitude given as mant × 2^exp2
 * (Go's `roundShortest` contract, computed exactly).
 */
function shortestFloat32(mant: number, expField: number): ShortestDigits {
  // Go: exp = biased exponent field (denormal: field 0 -> 1), value = mant * 2^(exp + bias - mantbits).
  let exp = expField;
  let m = BigInt(mant);
  if (exp === 0) {
    exp = 1;
  } else {
    m |= 1n << BigInt(F32_MANT_BITS);
  }
  exp += F32_BIAS; // unbiased exponent of the leading bit position, as in Go
  const e2 = exp - F32_MANT_BITS; // value = m * 2^e2

  // Neighbour midpoints (Go roundShortest): upper = (2m+1)·2^(e2-1);
  // lower = (2m-1)·2^(e2-1), or (4m-1)·2^(e2-2) when m is the smallest normal mantissa
  // and the exponent is above the minimum (the gap below a power of two is half as wide).
  const minexp = F32_BIAS + 1;
  let lowNum: bigint;
  let lowExp: number;
  if (exp > minexp && m <= (1n << BigInt(F32_MANT_BITS))) {
    lowNum = 4n * m - 1n;
    lowExp = e2 - 2;
  } else {
    lowNum = 2n * m - 1n;
    lowExp = e2 - 1;
  }
  const upNum = 2n * m + 1n;
  const upExp = e2 - 1;
  const inclusive = m % 2n === 0n;

  // Common denominator 2^k so that every quantity is an integer numerator over 2^k.
  const k = Math.max(0, -Math.min(e2, lowExp, upExp));
  const scale = (num: bigint, e: number): bigint => num << BigInt(e + k);
  const V = scale(m, e2);
  const L = scale(lowNum, lowExp);
  const U = scale(upNum, upExp);
  const D = 1n << BigInt(k); // value = numerator / D

  // Decimal exponent E with 10^E <= value < 10^(E+1).
  const approx = Math.floor(Math.log10(Number(m)) + e2 * Math.LOG10E * Math.LN2);
  let E = approx;
  // Compare value with 10^E exactly; adjust the estimate.
  const geqPow10 = (e: number): boolean => (e >= 0 ? V >= pow10(e) * D : V * pow10(-e) >= D);
  while (!geqPow10(E)) E--;
  while (geqPow10(E + 1)) E++;

  // A candidate is C × 10^q. Numerators over D for comparisons against V, L, U.
  const cmpCandidate = (C: bigint, q: number, X: bigint): number => {
    // sign(C·10^q − X/D)
    const lhs = q >= 0 ? C * pow10(q) * D : C * D;
    const rhs = q >= 0 ? X : X * pow10(-q);
    return lhs < rhs ? -1 : lhs > rhs ? 1 : 0;
  };
  const inInterval = (C: bigint, q: number): boolean => {
    const lo = cmpCandidate(C, q, L);
    const hi = cmpCandidate(C, q, U);
    return inclusive ? lo >= 0 && hi <= 0 : lo > 0 && hi < 0;
  };

  for (let n = 1; n <= 17; n++) {
    const q = E - n + 1;
    // C1 = floor(value / 10^q)
    const C1 = q >= 0 ? V / (pow10(q) * D) : (V * pow10(-q)) / D;
    const C2 = C1 + 1n;
    const ok1 = C1 > 0n && inInterval(C1, q);
    const ok2 = inInterval(C2, q);
    if (!ok1 && !ok2) continue;
    let C: bigint;
    if (ok1 && ok2) {
      // closest to the exact value; exact tie -> even last digit
      // compare value − C1·10^q with C2·10^q − value, i.e. 2·value vs (C1 + C2)·10^q
      const c = cmpCandidate(C1 + C2, q, 2n * V);
      if (c > 0) C = C1; // (C1+C2)·10^q > 2V -> value closer to C1
      else if (c < 0) C = C2;
      else C = C1 % 2n === 0n ? C1 : C2;
    } else {
      C = ok1 ? C1 : C2;
    }
    let digits = C.toString();
    let qq = q;
    while (digits.length > 1 && digits.endsWith('0')) {
      digits = digits.slice(0, -1);
      qq++;
    }
    return { digits, dp: digits.length + qq };
  }
  // Unreachable for float32 (9 digits always suffice); fall back to the exact expansion.
  /* istanbul ignore next */
  throw new Error('internal error: no shortest representation found');
}

/**
 * Shortest round-trip digits of `v` rounded to float32 (exported for tests).
 * Zero yields `{digits: '', dp: 0}`. Not defined for NaN/Inf.
 */
export function float32ShortestDigits(v: number): ShortestDigits {
  scratch.setFloat32(0, v);
  const bits = scratch.getUint32(0);
  const expField = (bits >>> F32_MANT_BITS) & 0xff;
  const mant = bits & ((1 << F32_MANT_BITS) - 1);
  if (expField === 0xff) throw new RangeError('not finite');
  if (expField === 0 && mant === 0) return { digits: '', dp: 0 };
  return shortestFloat32(mant, expField);
}

/** Go `fmtE` with precision `prec` (number of digits after the point). */
function fmtE(neg: boolean, d: ShortestDigits, prec: number): string {
  let out = neg ? '-' : '';
  const first = d.digits.length === 0 ? '0' : d.digits[0];
  out += first;
  if (prec > 0) {
    out += '.';
    let i = 1;
    const m = Math.min(d.digits.length, prec + 1);
    if (i < m) {
      out += d.digits.slice(i, m);
      i = m;
    }
    for (; i <= prec; i++) out += '0';
  }
  out += 'e';
  let exp = d.dp - 1;
  if (d.digits.length === 0) exp = 0; // zero
  let sign = '+';
  if (exp < 0) {
    sign = '-';
    exp = -exp;
  }
  out += sign;
  out += exp < 10 ? '0' + exp : String(exp);
  return out;
}

/** Go `fmtF` with precision `prec` (number of digits after the point). */
function fmtF(neg: boolean, d: ShortestDigits, prec: number): string {
  let out = neg ? '-' : '';
  const nd = d.digits.length;
  if (d.dp > 0) {
    let m = Math.min(nd, d.dp);
    out += d.digits.slice(0, m);
    for (; m < d.dp; m++) out += '0';
  } else {
    out += '0';
  }
  if (prec > 0) {
    out += '.';
    for (let i = 1; i <= prec; i++) {
      const j = d.dp + i - 1;
      out += j >= 0 && j < nd ? d.digits[j] : '0';
    }
  }
  return out;
}

/**
 * Go `strconv.FormatFloat(v, 'g', -1, 32)`.
 *
 * Examples: 1.1 -> "1.1", 1234567 -> "1.234567e+06", 100000000.5 -> "1e+08",
 * 16777217 -> "1.6777216e+07", 0.000001 -> "1e-06", Infinity -> "+Inf", -0 -> "-0".
 */
export function formatFloat32(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  const f = Math.fround(v);
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  const neg = f < 0 || Object.is(f, -0);
  const digs = float32ShortestDigits(Math.abs(f));
  const nd = digs.digits.length;
  // %g with shortest precision: eprec = 6.
  const eprec = 6;
  const exp = digs.dp - 1;
  if (exp < -4 || exp >= eprec) {
    return fmtE(neg, digs, Math.max(nd - 1, 0));
  }
  return fmtF(neg, digs, Math.max(nd - digs.dp, 0));
}
