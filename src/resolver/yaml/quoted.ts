/**
 * Quoted scalars as libyaml scans them. libyaml's escape set is not the `yaml` package's
 * (YAML 1.1: `\/` is no escape, `\'` is), so every quoted scalar is re-read here from the raw
 * token text.
 */

/** A quoted scalar's value, or what libyaml reports and where (offset into the raw text). */
export type QuotedScalar = { value: string } | { error: string; at: number };

/** libyaml's one-character escapes in double-quoted scalars. */
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0', 'a': '\x07', 'b': '\b', 't': '\t', '\t': '\t', 'n': '\n', 'v': '\v', 'f': '\f', 'r': '\r',
  'e': '\x1b', ' ': ' ', '"': '"', '\'': '\'', '\\': '\\', 'N': '\u0085', '_': '\u00a0', 'L': '\u2028',
  'P': '\u2029',
};

/**
 * libyaml's quoted-scalar scanner (`yaml_parser_scan_flow_scalar`) on the raw token text,
 * including its escape set (`\/` is not an escape there; `\'` is) and line folding.
 */
export function decodeFlowScalar(raw: string, single: boolean): QuotedScalar {
  const n = raw.length;
  const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';
  const isBreak = (c: string | undefined): boolean => c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029';
  const readLine = (p: number): { text: string; len: number } => {
    if (raw[p] === '\r' && raw[p + 1] === '\n') return { text: '\n', len: 2 };
    if (raw[p] === '\r' || raw[p] === '\n') return { text: '\n', len: 1 };
    return { text: raw[p], len: 1 };
  };
  let pos = 1;
  let s = '';
  let leadingBreak = '';
  let trailingBreaks = '';
  let whitespaces = '';
  for (;;) {
    if (pos >= n) return { error: 'found unexpected end of stream while scanning a quoted string', at: 0 };
    let leadingBlanks = false;
    while (pos < n && !isBlank(raw[pos]) && !isBreak(raw[pos])) {
      const c = raw[pos];
      if (single && c === '\'' && raw[pos + 1] === '\'') {
        s += '\'';
        pos += 2;
      } else if (single && c === '\'') {
        break;
      } else if (!single && c === '"') {
        break;
      } else if (!single && c === '\\' && isBreak(raw[pos + 1])) {
        pos += 1;
        pos += readLine(pos).len;
        leadingBlanks = true;
        break;
      } else if (!single && c === '\\') {
        const e = raw[pos + 1];
        let codeLen = 0;
        if (e !== undefined && Object.prototype.hasOwnProperty.call(SIMPLE_ESCAPES, e)) {
          s += SIMPLE_ESCAPES[e];
        } else if (e === 'x') {
          codeLen = 2;
        } else if (e === 'u') {
          codeLen = 4;
        } else if (e === 'U') {
          codeLen = 8;
        } else {
          return {
            error: `found unknown escape character "\\${e ?? ''}" in a double-quoted string; the operator rejects the `
              + `entry. Write "\\\\${e ?? ''}" or use single quotes`,
            at: pos,
          };
        }
        pos += 2;
        if (codeLen > 0) {
          const hex = raw.slice(pos, pos + codeLen);
          if (hex.length !== codeLen || !/^[0-9a-fA-F]+$/.test(hex)) {
            return { error: 'did not find expected hexadecimal number in a double-quoted escape', at: pos };
          }
          const v = parseInt(hex, 16);
          if ((v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff) {
            return { error: 'found invalid Unicode character escape code in a double-quoted string', at: pos };
          }
          s += String.fromCodePoint(v);
          pos += codeLen;
        }
      } else {
        s += c;
        pos++;
      }
    }
    if (pos >= n) return { error: 'found unexpected end of stream while scanning a quoted string', at: 0 };
    if (raw[pos] === (single ? '\'' : '"')) break;
    while (pos < n && (isBlank(raw[pos]) || isBreak(raw[pos]))) {
      if (isBlank(raw[pos])) {
        if (!leadingBlanks) whitespaces += raw[pos];
        pos++;
      } else {
        const lb = readLine(pos);
        pos += lb.len;
        if (!leadingBlanks) {
          whitespaces = '';
          leadingBreak = lb.text;
          leadingBlanks = true;
        } else {
          trailingBreaks += lb.text;
        }
      }
    }
    if (leadingBlanks) {
      if (leadingBreak.length > 0 && leadingBreak[0] === '\n') {
        s += trailingBreaks.length === 0 ? ' ' : trailingBreaks;
      } else {
        s += leadingBreak + trailingBreaks;
      }
      trailingBreaks = '';
      leadingBreak = '';
    } else {
      s += whitespaces;
      whitespaces = '';
    }
  }
  return { value: s };
}
