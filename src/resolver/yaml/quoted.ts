/**
 * Quoted scalars as libyaml scans them. libyaml's escape set is not the `yaml` package's
 * (YAML 1.1: `\/` is no escape, `\'` is), so every quoted scalar is re-read here from the raw
 * token text.
 */
import { yamlPackage } from '../on-demand';

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
    return { text: raw[p]!, len: 1 };
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

/** A text the `yaml` package can parse, and the quoted scalars whose line breaks it had to hide. */
export interface FlatQuoted {
  readonly text: string;
  /** [start, end) offsets of the quoted scalars whose line breaks are spaces in `text`. */
  readonly spans: ReadonlyArray<readonly [number, number]>;
  /** libyaml's error for a document indicator inside a quoted scalar, if there is one. */
  readonly problem?: { readonly message: string; readonly offset: number };
}

/**
 * go-yaml v2 does not check the indentation of a quoted scalar's continuation lines (`base: 'a`
 * then `b'` at column 0 is `a b`); the `yaml` package ends the scalar there. Every quoted scalar
 * the `yaml` package's lexer leaves unclosed although libyaml finds its closing quote gets its
 * line breaks replaced by spaces (same offsets), so the package sees one token; callers put the
 * original text back into those tokens. libyaml still rejects a `---` or `...` at the start of a
 * continuation line ("found unexpected document indicator").
 */
export function flattenQuotedScalars(src: string): FlatQuoted {
  let text = src;
  const spans: Array<readonly [number, number]> = [];
  let from = 0;
  for (;;) {
    const open = firstUnclosedQuoted(text, from);
    if (open === undefined) return { text, spans };
    const close = libyamlQuoteEnd(text, open);
    if (close === undefined) return { text, spans };
    const indicator = /\n(---|\.\.\.)(?=[ \t\r\n]|$)/.exec(src.slice(open, close));
    if (indicator) {
      return { text, spans, problem: { message: 'found unexpected document indicator while scanning a quoted scalar', offset: open + indicator.index + 1 } };
    }
    text = text.slice(0, open) + text.slice(open, close).replace(/[\r\n]/g, ' ') + text.slice(close);
    spans.push([open, close]);
    from = close;
  }
}

/** The offset of the first quoted-scalar token at or after `from` that the `yaml` lexer leaves unclosed. */
function firstUnclosedQuoted(text: string, from: number): number | undefined {
  // Loaded here, not at the top: the kustomization view below is on the resolver's hot path.
  const { CST, Lexer } = yamlPackage();
  let offset = 0;
  for (const tok of new Lexer().lex(text)) {
    if (tok.length === 1 && tok < ' ' && tok !== '\t' && tok !== '\n' && tok !== '\r') continue; // zero-width markers
    const type = CST.tokenType(tok);
    if (offset >= from && (type === 'single-quoted-scalar' || type === 'double-quoted-scalar')) {
      const end = libyamlQuoteEnd(text, offset);
      if (end !== undefined && end !== offset + tok.length) return offset;
    }
    offset += tok.length;
  }
  return undefined;
}

/** Where libyaml's quoted scalar starting at `open` ends (just after its closing quote). */
export function libyamlQuoteEnd(text: string, open: number): number | undefined {
  const single = text[open] === '\'';
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (single && c === '\'') {
      if (text[i + 1] === '\'') i++;
      else return i + 1;
    } else if (!single && c === '\\') {
      i++;
    } else if (!single && c === '"') {
      return i + 1;
    }
  }
  return undefined;
}

/**
 * A plain scalar's value as libyaml folds it (`yaml_parser_scan_plain_scalar`), from its raw
 * token text: a single line break between words becomes a space, more keep all but the first;
 * a leading LS or PS is kept as itself. Only needed when the text holds LS or PS, which the
 * `yaml` package does not read as line breaks.
 */
export function foldPlainScalar(raw: string): string {
  let s = '';
  let leadingBreak = '';
  let trailingBreaks = '';
  let whitespaces = '';
  let leadingBlanks = false;
  for (let i = 0; i < raw.length;) {
    const c = raw[i];
    if (c === ' ' || c === '\t') {
      if (!leadingBlanks) whitespaces += c;
      i++;
    } else if (c === '\r' || c === '\n' || c === '\u2028' || c === '\u2029') {
      const len = c === '\r' && raw[i + 1] === '\n' ? 2 : 1;
      const text = c === '\u2028' || c === '\u2029' ? c : '\n';
      if (!leadingBlanks) {
        whitespaces = '';
        leadingBreak = text;
        leadingBlanks = true;
      } else {
        trailingBreaks += text;
      }
      i += len;
    } else {
      if (leadingBlanks) {
        s += leadingBreak === '\n' ? (trailingBreaks === '' ? ' ' : trailingBreaks) : leadingBreak + trailingBreaks;
        leadingBreak = '';
        trailingBreaks = '';
        leadingBlanks = false;
      } else {
        s += whitespaces;
      }
      whitespaces = '';
      s += c;
      i++;
    }
  }
  return s;
}

/**
 * Characters encoding/json writes as they are that libyaml's reader refuses ("control characters
 * are not allowed"): DEL, the C1 controls other than U+0085, U+FFFE and U+FFFF.
 */
const UNREADABLE_IN_JSON = /[\u007f-\u0084\u0086-\u009f\ufffe\uffff]/;

/**
 * A U+0085 starts a line of the JSON text for libyaml, and a line that starts with `---` or `...`
 * and a blank (a space, or U+0085 again: encoding/json escapes every other blank) is a document
 * indicator, an error inside a quoted scalar.
 */
const INDICATOR_AFTER_NEL = /\u0085(?:---|\.\.\.)[ \u0085]/;

/**
 * Why the operator cannot hand `value` to kustomize, or undefined when it can. The operator
 * writes its kustomization with sigs.k8s.io/yaml.Marshal: encoding/json first, whose output
 * go-yaml v2 then parses as YAML; that parse fails on a character libyaml's reader refuses and on
 * a document indicator at the start of a line. kustomize is then not run at all.
 */
export function kustomizationProblem(value: string): string | undefined {
  const bad = UNREADABLE_IN_JSON.exec(value);
  if (bad) {
    return `it contains U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}, which encoding/json writes `
      + 'as it is and go-yaml then refuses ("control characters are not allowed")';
  }
  const indicator = INDICATOR_AFTER_NEL.exec(value);
  if (indicator) {
    return `it contains U+0085 followed by "${indicator[0].slice(1, 4)}", which go-yaml reads as a document indicator at the `
      + 'start of a line ("found unexpected document indicator")';
  }
  return undefined;
}

/**
 * A value as kustomize's image transformer receives it from the operator. The operator writes
 * its kustomization with sigs.k8s.io/yaml.Marshal, which goes through JSON (encoding/json leaves
 * U+0085 raw) and parses that JSON as YAML again: a raw U+0085 inside the double-quoted JSON
 * string is a line break there and folds like one (one becomes a space, blanks around it go).
 * Everything else survives that parse, go-yaml's emitter (which escapes or quotes what it must)
 * and kustomize's two reads (the kustomization file, then the transformer's own configuration,
 * marshalled the same way again, which changes nothing more). This is the kustomization's view,
 * not the decoded document's: the operator's Config keeps the U+0085. A value the operator cannot
 * write at all (`kustomizationProblem`) is returned unchanged.
 */
export function throughKustomization(value: string): string {
  if (!value.includes('\u0085') || kustomizationProblem(value) !== undefined) return value;
  let raw = '"';
  for (const c of value) {
    const code = c.charCodeAt(0);
    if (c === '\u0085') raw += '\n';
    else if (c === '\\' || c === '"') raw += `\\${c}`;
    else if (code < 0x20 || c === '\u2028' || c === '\u2029') raw += `\\u${code.toString(16).padStart(4, '0')}`;
    else raw += c;
  }
  raw += '"';
  const r = decodeFlowScalar(raw, false);
  return 'value' in r ? r.value : value;
}
