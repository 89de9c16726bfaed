/**
 * The Go value parsers LINSTOR CSI applies to StorageClass and VolumeSnapshotClass parameter
 * values, as predicates: `strconv.ParseBool`, `strconv.ParseInt(s, 10, 32)`, `strconv.Atoi`,
 * `strconv.ParseFloat(s, 64)`, `time.ParseDuration` and Kubernetes `resource.ParseQuantity`.
 * Pure (no cdk8s import).
 */
import { goParseFloat, goParseInt } from '../resolver/yaml/scalar';

/** The spellings Go's `strconv.ParseBool` accepts, and what they mean. */
const GO_BOOLS: Readonly<Record<string, boolean>> = {
  '1': true, 't': true, 'T': true, 'TRUE': true, 'true': true, 'True': true,
  '0': false, 'f': false, 'F': false, 'FALSE': false, 'false': false, 'False': false,
};

/** Go `strconv.ParseBool`: the boolean, or undefined when Go returns an error. */
export function goParseBool(s: string): boolean | undefined {
  return Object.prototype.hasOwnProperty.call(GO_BOOLS, s) ? GO_BOOLS[s] : undefined;
}

const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;

/** Go `strconv.ParseInt(s, 10, 32)` succeeds (decimal, optional sign, no underscores, in range). */
export function isGoInt32(s: string): boolean {
  const r = goParseInt(s, 10);
  return r.ok && r.value >= INT32_MIN && r.value <= INT32_MAX;
}

/** Go `strconv.Atoi(s)` on a 64-bit platform: the value, or undefined on a syntax or range error. */
export function goAtoi(s: string): bigint | undefined {
  const r = goParseInt(s, 10);
  return r.ok ? r.value : undefined;
}

/**
 * Go `strconv.ParseFloat(s, 64)` succeeds. Decimal forms, `inf`/`infinity`/`nan` in any case;
 * Go's hexadecimal floats (`0x1p-2`) are not recognised here and count as invalid.
 */
export function isGoFloat(s: string): boolean {
  return goParseFloat(s) !== undefined;
}

/** Nanoseconds per unit of Go's `time.ParseDuration`. */
const DURATION_UNITS: Readonly<Record<string, number>> = {
  'ns': 1, 'us': 1e3, '\u00b5s': 1e3, '\u03bcs': 1e3, 'ms': 1e6, 's': 1e9, 'm': 60e9, 'h': 3600e9,
};
const DURATION_PART = /([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/y;
const MAX_DURATION_NS = 2 ** 63;

/**
 * Go `time.ParseDuration`: the duration in nanoseconds (approximate, as a double), or undefined
 * when Go returns an error. A sign, then one or more `<number><unit>` parts; `0` alone needs no
 * unit; more than about 292 years overflows.
 */
export function goParseDuration(s: string): number | undefined {
  let rest = s;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest[0] === '-') sign = -1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return undefined;
  let total = 0;
  DURATION_PART.lastIndex = 0;
  while (DURATION_PART.lastIndex < rest.length) {
    const m = DURATION_PART.exec(rest);
    if (!m) return undefined;
    // Both groups take part in every match, and the pattern takes only the table's units.
    const scale = DURATION_UNITS[m[2]!];
    if (scale === undefined) return undefined;
    total += Number(m[1]!) * scale;
  }
  if (total >= MAX_DURATION_NS) return undefined;
  return sign * total;
}

/** The grammar of Kubernetes `resource.ParseQuantity`: signed decimal, then an SI, binary or exponent suffix. */
const QUANTITY = /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;

/** Kubernetes `resource.ParseQuantity` succeeds (`300Mi`, `1G`, `1e9`, `0.5Gi`). */
export function isKubernetesQuantity(s: string): boolean {
  return QUANTITY.test(s);
}
