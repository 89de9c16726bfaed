/**
 * How much of an entry libyaml reads when go-yaml v2 decodes its first document. go-yaml asks
 * the parser for the root node and then for one more event (the document end), and the parser
 * stops there: it never checks what that next token is. The scanner tokenizes lazily, so text
 * after the root is looked at only as far as that request reaches:
 *
 *  - the first token after the root (the one whose indentation or position ends it) is scanned
 *    whole, so scanner errors in it still count (an unterminated quote, a bad escape, an unknown
 *    directive, a tab where a token should start, "-" or "?" right after a flow root);
 *  - while the token at the head of the queue could still be a simple key (a scalar, alias, tag,
 *    anchor or bracket that starts a line, or the bracket of a flow root), the scanner reads on
 *    to the next ":" or to the first token on a later line;
 *  - the reader checks characters a chunk at a time: 512 bytes of UTF-8, so a control character
 *    a few hundred bytes past the root is still an error.
 *
 * Pure.
 */
import { CST, Lexer } from 'yaml';
import { decodeFlowScalar } from './quoted';
import { Leaf, SyntaxProblem, TAG_DIRECTIVE_VALUE } from './scan';

/** libyaml's raw input chunk (go-yaml v2 `input_raw_buffer_size`). */
export const READER_CHUNK_BYTES = 512;

const BLANK_TYPES: ReadonlySet<string> = new Set(['space', 'newline', 'comment']);
const KEY_CANDIDATE_TYPES: ReadonlySet<string> = new Set([
  'scalar', 'single-quoted-scalar', 'double-quoted-scalar', 'alias', 'anchor', 'tag', 'flow-map-start', 'flow-seq-start',
]);

/** Where the root node is, as libyaml sees it. */
export interface RootSpan {
  /** Offset of the root's first character (the text before is the document prefix). */
  readonly start: number;
  /** Offset just after the root node. */
  readonly end: number;
  /** Offset of the line the root's flow collection opens on, when the root is `[ ]`/`{ }`. */
  readonly flowStartLine?: number;
}

/**
 * The tokens of the text after the root, lexed on their own: the `yaml` package's parser keeps
 * that text only as error tokens, and libyaml scans it as top-level tokens.
 */
export function trailingLeaves(src: string, from: number): Leaf[] {
  const out: Leaf[] = [];
  let offset = from;
  let plain = false;
  for (const tok of new Lexer().lex(src.slice(from))) {
    const type = CST.tokenType(tok);
    if (tok === '\u001f') {
      plain = true;
      continue;
    }
    if (tok.length === 1 && tok < ' ' && tok !== '\t' && tok !== '\n' && tok !== '\r') continue; // zero-width lexer markers
    out.push({ type: plain ? 'scalar' : type ?? 'unknown', offset, source: tok, indent: 0 });
    plain = false;
    offset += tok.length;
  }
  return out;
}

/** The offset just after the last token libyaml scans (the end of the text when it reaches it). */
export function scannedEnd(leaves: readonly Leaf[], src: string, root: RootSpan): number {
  const after = leaves.filter((l) => l.offset >= root.end && l.source !== '');
  const first = after.findIndex((l) => !BLANK_TYPES.has(l.type));
  if (first < 0) return src.length;
  const head = after[first]!;
  const end = (l: Leaf): number => l.offset + l.source.length;
  const onNewLine = after.slice(0, first).some((l) => l.type === 'newline') || src[root.end - 1] === '\n';
  const headLine = lineStart(src, head.offset);
  const pending = (onNewLine && KEY_CANDIDATE_TYPES.has(head.type))
    || (root.flowStartLine !== undefined && root.flowStartLine === headLine);
  if (!pending) return end(head);
  let last = head;
  for (let i = first + 1; i < after.length; i++) {
    const l = after[i]!;
    if (BLANK_TYPES.has(l.type)) continue;
    last = l;
    if (lineStart(src, l.offset) !== headLine || l.type === 'map-value-ind') break;
  }
  return end(last);
}

function lineStart(src: string, offset: number): number {
  return src.lastIndexOf('\n', offset - 1) + 1;
}

/**
 * The offset up to which libyaml's reader has decoded (and checked) characters once the scanner
 * has looked at `offset`: the end of the 512-byte chunk of UTF-8 that holds it. A character
 * split by a chunk boundary is decoded with the next chunk, which then ends 512 bytes after the
 * previous boundary minus the split bytes.
 */
export function readerEnd(src: string, offset: number): number {
  let bytes = 0; // UTF-8 bytes of src before i
  let boundary = READER_CHUNK_BYTES; // input bytes read so far
  let decodedEnd = 0; // code-unit offset of everything decoded
  for (let i = 0; i < src.length;) {
    const cp = src.codePointAt(i) ?? 0;
    const units = cp > 0xffff ? 2 : 1;
    const width = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes + width > boundary) {
      // The character is split (or starts the next chunk): the next read completes it.
      if (decodedEnd > offset) return decodedEnd;
      boundary = boundary + READER_CHUNK_BYTES - (boundary - bytes);
    }
    bytes += width;
    i += units;
    decodedEnd = i;
  }
  return src.length;
}

/**
 * Scanner errors in the tokens libyaml reads after the root (`from` to `to`): quoted scalars it
 * cannot finish, a token that starts with "@" or "`", directives it cannot scan, and block
 * indicators where a flow root has just closed on the same line.
 */
export function trailingTokenProblem(leaves: readonly Leaf[], src: string, from: number, to: number): SyntaxProblem | undefined {
  let sawNewline = from === 0 || src[from - 1] === '\n';
  for (const leaf of leaves) {
    if (leaf.offset < from || leaf.offset >= to) continue;
    if (leaf.type === 'newline') sawNewline = true;
    if (leaf.type === 'single-quoted-scalar' || leaf.type === 'double-quoted-scalar') {
      const q = decodeFlowScalar(leaf.source, leaf.type === 'single-quoted-scalar');
      if ('error' in q) return { message: q.error, offset: leaf.offset + q.at };
    } else if (leaf.type === 'scalar' && /^[@`]/.test(leaf.source)) {
      // Reserved indicators: no token starts with them (the `yaml` package lexes a plain scalar).
      return { message: `found character that cannot start any token ("${leaf.source[0]}")`, offset: leaf.offset };
    } else if ((leaf.type === 'seq-item-ind' || leaf.type === 'explicit-key-ind') && !sawNewline) {
      const what = leaf.type === 'seq-item-ind' ? 'block sequence entries' : 'mapping keys';
      return { message: `${what} are not allowed in this context (after the end of the document's root node)`, offset: leaf.offset };
    }
  }
  return directiveLineAt(src, from, to);
}

/** A directive line (column 0, `%`) that libyaml scans as a token after the root. */
function directiveLineAt(src: string, from: number, to: number): SyntaxProblem | undefined {
  for (let at = src.indexOf('%', from); at >= 0 && at < to; at = src.indexOf('%', at + 1)) {
    if (at > 0 && src[at - 1] !== '\n') continue;
    if (src.slice(lineStart(src, from), at).trim() !== '' && lineStart(src, at) === lineStart(src, from)) continue;
    const line = src.slice(at, (src.indexOf('\n', at) + 1 || src.length + 1) - 1).replace(/\r$/, '');
    return directiveScanProblem(line, at);
  }
  return undefined;
}

/** libyaml `scan_directive`: the name, and the shape of a `%YAML` or `%TAG` value. */
export function directiveScanProblem(line: string, offset: number): SyntaxProblem | undefined {
  const m = /^%([0-9A-Za-z_-]*)(.*)$/.exec(line);
  const name = m?.[1] ?? '';
  const rest = (m?.[2] ?? '').replace(/[ \t]+#.*$/, '').trimEnd();
  if (name === '') return { message: 'could not find expected directive name', offset };
  if (name === 'YAML') {
    if (!/^[ \t]+[0-9]+\.[0-9]+$/.test(rest)) {
      return { message: 'did not find expected digit or "." character in the %YAML directive', offset };
    }
  } else if (name === 'TAG') {
    if (!TAG_DIRECTIVE_VALUE.test(rest)) {
      return { message: 'did not find a valid handle and prefix in the %TAG directive', offset };
    }
  } else {
    return { message: `found unknown directive name "%${name}"`, offset };
  }
  return undefined;
}
