/**
 * Byte-wise ordering of ConfigMap keys, as Go's sort.Strings does on UTF-8 bytes.
 */

/**
 * Compares two strings by their UTF-8 bytes. Code-point order equals UTF-8 byte order; plain
 * `<` on JavaScript strings compares UTF-16 code units, which differs above U+FFFF.
 */
export function compareBytewise(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/**
 * Keys whose byte-wise position differs from the order a reader expects from their leading
 * numbers (`10_x` sorts before `2_x`): for each such key, the later key with the smallest number
 * it is read before. Linear in the number of keys.
 */
export function surprisingKeyOrder(sortedKeys: readonly string[]): Array<[string, string]> {
  const numbered: Array<{ key: string; value: bigint }> = [];
  for (const key of sortedKeys) {
    const m = /^(\d+)/.exec(key);
    if (m) numbered.push({ key, value: BigInt(m[1]!) }); // the group takes part in every match
  }
  const out: Array<[string, string]> = [];
  let min: { key: string; value: bigint } | undefined;
  for (const cur of numbered.reverse()) {
    if (min && cur.value > min.value) out.push([cur.key, min.key]);
    if (!min || cur.value <= min.value) min = cur;
  }
  return out.reverse();
}
