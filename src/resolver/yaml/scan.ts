/**
 * libyaml's reader and scanner rules that the `yaml` package does not apply: which characters
 * may appear, where tabs may stand, which plain scalars and anchor names are allowed inside and
 * outside `[ ]`/`{ }`, which directives exist. Each check reads the `yaml` package's CST and
 * returns the first problem libyaml would report (go-yaml v2 then rejects the entry), or nothing.
 * Pure.
 */
import { CST, Lexer } from 'yaml';
import { firstLoneSurrogate } from '../util';

/** What libyaml rejects and where (an offset into the entry). */
export interface SyntaxProblem {
  readonly message: string;
  readonly offset: number;
}

/**
 * The operator's nesting limit: go-yaml v2.4's scanner and encoding/json both stop beyond 10,000
 * levels. Up to it this decoder decodes an entry as a shallow one: the `yaml` package's Composer
 * is run in bands (./compose) and every other pass walks the trees with an explicit stack, so no
 * result depends on the JavaScript stack.
 */
export const OPERATOR_MAX_DEPTH = 10000;

/**
 * go-yaml v2.4.0's scanner limits over the first document's root (its CST, walked without
 * recursion): more than 10,000 open `[`/`{` (scannerc.go `max_flow_level`), or more than 10,000
 * block collections each indented further than the one it is in (`max_indents`; a sequence at
 * its key's column does not count), is "exceeded max depth of 10000". The limit of encoding/json
 * on the decoded value is `jsonNestingProblem` (./to-json).
 */
export function scannerNestingProblem(cst: readonly unknown[]): SyntaxProblem | undefined {
  interface Frame { tok: unknown; flow: number; indents: number; top: number }
  const doc = cst.find((t) => (t as { type?: string }).type === 'document') as { value?: unknown } | undefined;
  const stack: Frame[] = [{ tok: doc?.value, flow: 0, indents: 0, top: -1 }];
  while (stack.length > 0) {
    const f = stack.pop() as Frame;
    const tok = f.tok as { type?: string; offset?: number; indent?: number; items?: Array<{ key?: unknown; value?: unknown }> } | null;
    if (tok === null || typeof tok !== 'object') continue;
    const block = tok.type === 'block-map' || tok.type === 'block-seq';
    if (!block && tok.type !== 'flow-collection') continue;
    const flow = f.flow + (block ? 0 : 1);
    const rolls = block && f.flow === 0 && (tok.indent ?? 0) > f.top;
    const indents = f.indents + (rolls ? 1 : 0);
    if (flow > OPERATOR_MAX_DEPTH || indents > OPERATOR_MAX_DEPTH) {
      return {
        message: `exceeded max depth of ${OPERATOR_MAX_DEPTH}: the operator's YAML parser allows at most `
          + `${OPERATOR_MAX_DEPTH} nested ${flow > OPERATOR_MAX_DEPTH ? '[ ] and { }' : 'indented block collections'}`,
        offset: tok.offset ?? 0,
      };
    }
    const top = rolls ? tok.indent ?? 0 : f.top;
    const items = tok.items ?? [];
    for (let i = items.length - 1; i >= 0; i--) {
      stack.push({ tok: items[i]!.value, flow, indents, top });
      stack.push({ tok: items[i]!.key, flow, indents, top });
    }
  }
  return undefined;
}

/**
 * Visits every object reachable from `root` through arrays and property values, each before what
 * it holds and in property order (as a recursive walk would), with an explicit stack. `visit`
 * returns false to leave out what the object holds.
 */
export function walkTokens(root: unknown, visit: (tok: Record<string, unknown>) => boolean): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const t = stack.pop();
    if (t === null || typeof t !== 'object') continue;
    if (Array.isArray(t)) {
      for (let i = t.length - 1; i >= 0; i--) stack.push(t[i]);
      continue;
    }
    if (!visit(t as Record<string, unknown>)) continue;
    const values = Object.values(t);
    for (let i = values.length - 1; i >= 0; i--) stack.push(values[i]);
  }
}

/** libyaml's reader: only printable characters (plus tab, LF, CR, NEL) before `end`. */
export function characterProblem(src: string, end: number): SyntaxProblem | undefined {
  const lone = firstLoneSurrogate(src.slice(0, end));
  for (let i = 0; i < end; i++) {
    const c = src.charCodeAt(i);
    if (i === lone) return { message: 'the entry contains a lone UTF-16 surrogate, which is not valid UTF-8', offset: i };
    // The two halves of a surrogate pair: a character outside the BMP, printable.
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ok = c === 0x09 || c === 0x0a || c === 0x0d || (c >= 0x20 && c <= 0x7e) || c === 0x85
      || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd);
    if (!ok) {
      return {
        message: `control characters are not allowed (U+${c.toString(16).toUpperCase().padStart(4, '0')}); `
          + 'the operator\'s YAML parser rejects the entry',
        offset: i,
      };
    }
  }
  return undefined;
}

/** A source-bearing CST token. */
export interface Leaf {
  readonly type: string;
  readonly offset: number;
  readonly source: string;
  readonly indent: number;
  readonly header?: string;
}

/** Flattens CST tokens into their source-bearing leaves, in offset order. */
export function leavesOf(cst: readonly unknown[]): Leaf[] {
  const out: Leaf[] = [];
  // Tokens still to flatten, last first; a `Leaf` on the stack is emitted when it comes up.
  const stack: unknown[] = [];
  const push = (...items: unknown[]): void => {
    for (let i = items.length - 1; i >= 0; i--) stack.push(items[i]);
  };
  push(...cst);
  const leaves = new WeakSet<object>();
  while (stack.length > 0) {
    const t = stack.pop();
    if (t === null || t === undefined || typeof t !== 'object') continue;
    if (leaves.has(t)) {
      out.push(t as Leaf);
      continue;
    }
    if (Array.isArray(t)) {
      push(...t);
      continue;
    }
    const tok = t as Record<string, unknown> & { type?: string; offset?: number; source?: unknown; indent?: number };
    switch (tok.type) {
      case 'document':
        push(tok.start, tok.value, tok.end);
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection': {
        const parts: unknown[] = [];
        if (tok.type === 'flow-collection') parts.push(tok.start);
        for (const it of (tok.items as unknown[]) ?? []) {
          const item = it as Record<string, unknown>;
          parts.push(item.start, item.key, item.sep, item.value);
        }
        if (tok.type === 'flow-collection') parts.push(tok.end);
        push(...parts);
        break;
      }
      case 'block-scalar': {
        const props = (tok.props as Array<{ type: string; offset: number; source: string }>) ?? [];
        const header = props.find((p) => p.type === 'block-scalar-header')?.source;
        const last = props[props.length - 1];
        const offset = last ? last.offset + last.source.length : (tok.offset ?? 0);
        const content: Leaf = { type: 'block-scalar-content', offset, source: String(tok.source ?? ''), indent: tok.indent ?? 0, header };
        leaves.add(content);
        push(props, content);
        break;
      }
      case 'doc-end':
        out.push({ type: 'doc-end', offset: tok.offset ?? 0, source: String(tok.source ?? ''), indent: 0 });
        push(tok.end);
        break;
      default:
        if (typeof tok.source === 'string' && typeof tok.offset === 'number') {
          out.push({ type: String(tok.type), offset: tok.offset, source: tok.source, indent: tok.indent ?? 0 });
        }
        push(tok.end);
    }
  }
  return out.sort((a, b) => a.offset - b.offset);
}

export const TAB_MESSAGE = 'found a tab character where the operator\'s YAML parser (go-yaml v2) does not allow one '
  + '(tabs may not indent, and may not follow "-", "?" or a ":" without a key on its line in block context); use spaces';

/** libyaml's token-level rules over the leaves before `end` (the first document's region). */
export function tokenProblem(leaves: readonly Leaf[], end: number): SyntaxProblem | undefined {
  let flow = 0;
  let allowed = true; // libyaml simple_key_allowed: tabs are skipped only when it is false
  let previous = ''; // type of the last leaf that is not space or comment
  for (const [index, leaf] of leaves.entries()) {
    if (leaf.offset >= end) continue;
    let problem: SyntaxProblem | undefined;
    switch (leaf.type) {
      case 'space': {
        const tab = leaf.source.indexOf('\t');
        if (tab >= 0 && flow === 0 && allowed) problem = { message: TAB_MESSAGE, offset: leaf.offset + tab };
        break;
      }
      case 'newline':
        if (flow === 0) allowed = true;
        break;
      case 'comment':
      case 'byte-order-mark':
        break;
      case 'seq-item-ind':
      case 'comma':
        allowed = true;
        break;
      case 'explicit-key-ind':
        allowed = flow === 0;
        break;
      case 'map-value-ind':
        // After the ":" of a simple key (one on the same line), libyaml allows no new simple key,
        // so a tab may follow (`base:<TAB>x`); after a ":" that has no such key, it may not.
        allowed = flow === 0 && !SIMPLE_KEY_TOKENS.has(previous);
        break;
      case 'flow-map-start':
      case 'flow-seq-start':
        flow++;
        allowed = true;
        break;
      case 'flow-map-end':
      case 'flow-seq-end':
        flow = Math.max(0, flow - 1);
        allowed = false;
        break;
      case 'block-scalar-content':
        problem = blockScalarTabProblem(leaf);
        allowed = true;
        break;
      case 'scalar':
        if (flow > 0 && (leaf.source.includes('?') || leaf.source.startsWith(':'))) {
          problem = {
            message: `plain value "${leaf.source}" inside [ ] or { }: the operator's YAML parser reads "?" and a leading ":" `
              + 'there as indicators; quote the value',
            offset: leaf.offset,
          };
        }
        allowed = false;
        break;
      case 'tag': {
        const scanned = tagScanProblem(leaf.source);
        if (scanned !== undefined) {
          problem = { message: `${scanned} in the tag "${leaf.source}"`, offset: leaf.offset };
          break;
        }
        // libyaml ends a tag only at a blank or a line break: `!!str}` or `!!str,` is an error.
        const after = leaf.offset + leaf.source.length;
        let next: Leaf | undefined;
        for (let j = index + 1; j < leaves.length && next === undefined; j++) if (leaves[j]!.source !== '') next = leaves[j];
        if (next && next.offset === after && next.type !== 'space' && next.type !== 'newline') {
          problem = {
            message: `tag "${leaf.source}" is followed by "${next.source.slice(0, 1)}": the operator's YAML parser `
              + 'expects a blank or a line break after a tag; write a value after it (`!!str ""`)',
            offset: after,
          };
        }
        allowed = false;
        break;
      }
      case 'anchor':
      case 'alias': {
        const name = leaf.source.slice(1);
        if (!/^[0-9A-Za-z_-]+$/.test(name)) {
          problem = {
            message: `${leaf.type} name "${name}" is not accepted by the operator's YAML parser `
              + '(only letters, digits, "_" and "-" are allowed)',
            offset: leaf.offset,
          };
        }
        allowed = false;
        break;
      }
      case 'directive':
        problem = directiveProblem(leaf);
        allowed = false;
        break;
      default:
        allowed = false;
    }
    if (problem) return problem;
    if (leaf.type !== 'space' && leaf.type !== 'comment') previous = leaf.type;
  }
  return undefined;
}

/** libyaml's URI characters (`yaml_parser_scan_tag_uri`); `%` starts an escape. */
const TAG_URI_CHAR = /[0-9A-Za-z_\-;/?:@&=+$,.!~*'()[\]%]/;

/**
 * libyaml's scan of a tag token (`yaml_parser_scan_tag`, go-yaml v2.4 scannerc.go): `!<uri>`, or
 * `!handle!suffix` / `!suffix`, where the URI holds only URI characters and `%XX` escapes that
 * spell UTF-8. What libyaml reports, or undefined. (What follows the tag is checked by the caller.)
 */
export function tagScanProblem(source: string): string | undefined {
  let uri: string;
  let needsUri: boolean;
  if (source.startsWith('!<')) {
    if (!source.endsWith('>')) return undefined; // the yaml package reports it
    uri = source.slice(2, -1);
    needsUri = true;
  } else {
    const handle = /^!(?:[0-9A-Za-z_-]*!)?/.exec(source)?.[0] ?? '!';
    const proper = handle.length > 1 && handle.endsWith('!');
    uri = source.slice(proper ? handle.length : 1);
    needsUri = proper;
  }
  const octets: number[] = [];
  for (let i = 0; i < uri.length; i++) {
    const c = uri[i]!;
    if (!TAG_URI_CHAR.test(c)) {
      return source.startsWith('!<') ? 'did not find the expected \'>\'' : 'did not find expected whitespace or line break';
    }
    if (c !== '%') continue;
    if (!/^[0-9A-Fa-f]{2}$/.test(uri.slice(i + 1, i + 3))) return 'did not find URI escaped octet';
    octets.push(parseInt(uri.slice(i + 1, i + 3), 16));
    i += 2;
    if (i + 1 < uri.length && uri[i + 1] === '%') continue;
    const utf8 = utf8OctetsProblem(octets);
    if (utf8 !== undefined) return utf8;
    octets.length = 0;
  }
  if (needsUri && uri === '') return 'did not find expected tag URI';
  return undefined;
}

/** libyaml's check of a run of `%XX` octets in a tag: whole UTF-8 sequences only. */
function utf8OctetsProblem(octets: readonly number[]): string | undefined {
  for (let i = 0; i < octets.length;) {
    const o = octets[i]!;
    const width = (o & 0x80) === 0 ? 1 : (o & 0xe0) === 0xc0 ? 2 : (o & 0xf0) === 0xe0 ? 3 : (o & 0xf8) === 0xf0 ? 4 : 0;
    if (width === 0) return 'found an incorrect leading UTF-8 octet';
    for (let k = 1; k < width; k++) {
      const t = octets[i + k];
      if (t === undefined || (t & 0xc0) !== 0x80) return 'found an incorrect trailing UTF-8 octet';
    }
    i += width;
  }
  return undefined;
}

/**
 * `!<!>` and `!<!!>` are verbatim tags that libyaml takes as they are: the tag `!` (the
 * non-specific tag, as `! x`) and `!!`, which go-yaml v2 does not resolve either, so the value
 * stays a string. The `yaml` package refuses them; this rewrites each such token, when a blank or
 * a line break follows it, to `!` and spaces (same length), which the package reads as the
 * non-specific tag. (`!<!!> <<` would then be a merge key, which it is not in go-yaml.)
 */
export function nonSpecificVerbatimTags(text: string): string {
  if (!text.includes('!<!')) return text;
  let out = text;
  let offset = 0;
  for (const tok of new Lexer().lex(text)) {
    if (tok.length === 1 && tok < ' ' && tok !== '\t' && tok !== '\n' && tok !== '\r') continue; // zero-width markers
    const next = text[offset + tok.length];
    if ((tok === '!<!>' || tok === '!<!!>') && CST.tokenType(tok) === 'tag'
      && (next === undefined || next === ' ' || next === '\t' || next === '\n' || next === '\r')) {
      out = out.slice(0, offset) + '!' + ' '.repeat(tok.length - 1) + out.slice(offset + tok.length);
    }
    offset += tok.length;
  }
  return out;
}

/**
 * libyaml's reader drops a byte order mark only at the very start of the entry; anywhere else
 * U+FEFF is a character like any other (`\n\uFEFFbase: x` has the key "\uFEFFbase"). The `yaml`
 * package also drops one before the first document, after blank lines or comments. Each such
 * U+FEFF is replaced by a plain character ("x", same offsets); the caller restores the scalars
 * that hold one (`edited`).
 */
export function laterByteOrderMarks(text: string): { text: string; edited: Set<number> } {
  const edited = new Set<number>();
  if (text.indexOf('\ufeff', 1) < 0) return { text, edited };
  let out = text;
  let offset = 0;
  for (const tok of new Lexer().lex(text)) {
    if (tok === '\ufeff' && offset > 0) {
      out = out.slice(0, offset) + 'x' + out.slice(offset + 1);
      edited.add(offset);
    } else if (tok.length === 1 && tok < ' ' && tok !== '\t' && tok !== '\n' && tok !== '\r') {
      continue; // zero-width markers
    }
    offset += tok.length;
  }
  return { text: out, edited };
}

/**
 * A `%` at the start of a line inside a document is a directive for libyaml, which ends the
 * document there without a `...` (go-yaml then stops reading); the `yaml` package reads a plain
 * scalar and fails. Each such line of three characters or more is rewritten to `...` and spaces
 * (same offsets), which ends the document for the package too; the directive itself is still
 * checked where libyaml scans it (./root-range `trailingTokenProblem`).
 */
export function directiveLinesInDocuments(text: string): string {
  if (!/\n%/.test(text)) return text;
  let out = text;
  let offset = 0;
  let plain = false;
  for (const tok of new Lexer().lex(text)) {
    if (tok.length === 1 && tok < ' ' && tok !== '\t' && tok !== '\n' && tok !== '\r') { // zero-width markers
      plain = tok === '\u001f';
      continue;
    }
    if (plain && tok.startsWith('%') && offset > 0 && text[offset - 1] === '\n') {
      const end = offset + (/^[^\r\n]*/.exec(text.slice(offset))?.[0].length ?? 0);
      if (end - offset >= 3) out = out.slice(0, offset) + '...' + ' '.repeat(end - offset - 3) + out.slice(end);
    }
    plain = false;
    offset += tok.length;
  }
  return out;
}

/** Tokens that end a simple key when a ":" follows them on the same line. */
const SIMPLE_KEY_TOKENS: ReadonlySet<string> = new Set([
  'scalar', 'single-quoted-scalar', 'double-quoted-scalar', 'alias', 'flow-map-end', 'flow-seq-end',
]);

/**
 * The length of the implicit key whose ":" is at `colon`, in characters (code points), as
 * libyaml counts it for its 1,024 limit (`mark.index` advances once per character; the `yaml`
 * package counts UTF-16 units). The key starts at the first leaf after the ",", "[", "{", "-",
 * "?", ":" or line break that precedes it at its own bracket depth, props included.
 */
export function implicitKeyLength(leaves: readonly Leaf[], src: string, colon: number): number {
  let depth = 0;
  let start = 0;
  for (let i = leaves.length - 1; i >= 0; i--) {
    const leaf = leaves[i]!;
    if (leaf.offset >= colon) continue;
    const t = leaf.type;
    if (t === 'flow-map-end' || t === 'flow-seq-end') depth++;
    else if ((t === 'flow-map-start' || t === 'flow-seq-start') && depth > 0) depth--;
    else if (depth === 0 && KEY_BOUNDARY_TOKENS.has(t)) {
      start = leaf.offset + leaf.source.length;
      break;
    }
  }
  while (start < colon && (src[start] === ' ' || src[start] === '\t')) start++;
  return Array.from(src.slice(start, colon)).length;
}

const KEY_BOUNDARY_TOKENS: ReadonlySet<string> = new Set([
  'comma', 'flow-map-start', 'flow-seq-start', 'newline', 'seq-item-ind', 'explicit-key-ind', 'map-value-ind',
  'doc-start', 'byte-order-mark',
]);

/** A CST token as the flow-key check reads it. */
interface CstToken {
  readonly type: string;
  readonly offset: number;
  readonly source?: string;
}

const LINE_BREAK = /[\r\n\u0085\u2028\u2029]/;

/**
 * libyaml's rule for a ":" inside `[ ]`/`{ }` that the `yaml` package reads as the value of an
 * implicit key (go-yaml v2.4.0 scannerc.go `yaml_simple_key_is_valid`, `yaml_parser_fetch_value`):
 * the key, counted from its first token (an anchor or tag included), must start on the same line
 * as the ":" and at most 1,024 characters before it. Otherwise, in flow context, libyaml emits the
 * value without a key and go-yaml's parser fails on it; likewise for a ":" with no key at all.
 * (The `yaml` package checks this only in flow sequences, in UTF-16 units.) Items after `?` are
 * explicit keys and exempt. The first problem in the first document before `end` (the end of its
 * root node), or nothing.
 */
export function flowKeyProblem(cst: readonly unknown[], original: string, end: number): SyntaxProblem | undefined {
  // Tokens to visit, last first; an item's own check comes before its key and value, as in a
  // recursive walk, so the first problem is the first in document order.
  const stack: Array<unknown | { check: FlowItem; closer: string }> = [cst.find((t) => (t as { type?: string }).type === 'document')];
  const checks = new WeakSet<object>();
  while (stack.length > 0) {
    const t = stack.pop();
    if (t === null || typeof t !== 'object') continue;
    if (checks.has(t)) {
      const { check, closer } = t as { check: FlowItem; closer: string };
      const found = flowItemKeyProblem(check, original, closer);
      if (found !== undefined && found.offset < end) return found;
      continue;
    }
    if (Array.isArray(t)) {
      for (let i = t.length - 1; i >= 0; i--) stack.push(t[i]);
      continue;
    }
    const tok = t as { type?: string; start?: CstToken | unknown; items?: FlowItem[] };
    if (tok.type === 'flow-collection') {
      const closer = (tok.start as CstToken | undefined)?.type === 'flow-seq-start' ? ']' : '}';
      const items = tok.items ?? [];
      for (let i = items.length - 1; i >= 0; i--) {
        const check = { check: items[i]!, closer };
        checks.add(check);
        stack.push(items[i]!.value, items[i]!.key, check);
      }
      continue;
    }
    const values = Object.values(t);
    for (let i = values.length - 1; i >= 0; i--) stack.push(values[i]);
  }
  return undefined;
}

function flowItemKeyProblem(item: FlowItem, original: string, closer: string): SyntaxProblem | undefined {
  const start = item.start as CstToken[];
  const colon = (item.sep ?? []).find((t) => t.type === 'map-value-ind');
  if (colon === undefined || start.some((t) => t.type === 'explicit-key-ind')) return undefined;
  const props = start.filter((t) => t.type === 'anchor' || t.type === 'tag');
  const keyStart = props.length > 0 ? props[0]!.offset : item.key?.offset;
  if (keyStart === undefined) {
    return {
      message: 'did not find expected node content: a ":" inside [ ] or { } has no key before it; write the key, '
        + 'or "" for an empty one',
      offset: colon.offset,
    };
  }
  const key = original.slice(keyStart, colon.offset);
  const tooLong = Array.from(key).length > 1024;
  if (!LINE_BREAK.test(key) && !tooLong) return undefined;
  return {
    message: `did not find expected ',' or '${closer}': inside [ ] or { } the operator's YAML parser takes a key only if `
      + `its ":" is on the key's line and within 1,024 characters of its start (this key ${tooLong ? 'is longer' : 'spans lines'}); `
      + `${tooLong ? 'shorten the key, or ' : 'join the lines, or '}write it as "? key"`,
    offset: colon.offset,
  };
}

/**
 * A ":" in a block mapping with nothing before it on its line (`: x`, or `x` followed by NEL and
 * `: {}`): libyaml emits a value with no key, and go-yaml v2's parser, unlike the YAML spec,
 * wants a key there ("did not find expected key"). An anchor or tag before the ":" is a key (an
 * empty one), and so is a `? key` on the lines above. Likewise an anchor or tag where a key
 * starts with nothing after it, or a key whose ":" is on a later line (libyaml: "could not find
 * expected ':'"). The first such problem in the first document before `end`; the CST is walked
 * without recursion.
 */
export function emptyBlockKeyProblem(cst: readonly unknown[], src: string, end: number): SyntaxProblem | undefined {
  interface Item { start?: Array<{ type: string }>; key?: unknown; sep?: Array<{ type: string; offset: number }>; value?: unknown }
  const doc = cst.find((t) => (t as { type?: string }).type === 'document') as { value?: unknown } | undefined;
  const stack: unknown[] = [doc?.value];
  let first: SyntaxProblem | undefined;
  while (stack.length > 0) {
    const tok = stack.pop() as { type?: string; items?: Item[] } | null | undefined;
    if (tok === null || typeof tok !== 'object') continue;
    if (tok.type !== 'block-map' && tok.type !== 'block-seq' && tok.type !== 'flow-collection') continue;
    for (const [index, item] of (tok.items ?? []).entries()) {
      stack.push(item.key, item.value);
      if (tok.type !== 'block-map') continue;
      const start = item.start ?? [];
      const sep = item.sep ?? [];
      const colon = sep.find((t) => t.type === 'map-value-ind');
      const props = start.filter((t) => t.type === 'anchor' || t.type === 'tag') as Array<{ type: string; offset: number }>;
      if (start.some((t) => t.type === 'explicit-key-ind')) continue;
      let found: SyntaxProblem | undefined;
      if (item.key) {
        // A key whose ":" is on a later line: libyaml's simple key goes stale at the line break,
        // and one at the mapping's column is required. (The root's first key is no such key: the
        // root is then the scalar alone, which ./root-range handles.)
        const broken = colon !== undefined && sep.slice(0, sep.indexOf(colon)).some((t) => t.type === 'newline');
        if (broken && !(tok === doc?.value && index === 0)) {
          found = { message: 'could not find expected \':\': an implicit key and its ":" must be on one line', offset: colon.offset };
        }
      } else if (colon !== undefined && !propsBefore(src, colon.offset)) {
        found = {
          message: 'did not find expected key: this ":" has no key before it on its line, which the operator\'s YAML '
            + 'parser does not accept in a block mapping; write the key (or "" for an empty one)',
          offset: colon.offset,
        };
      } else if (colon === undefined && props.length > 0 && item.value === undefined) {
        // An anchor or tag where a key starts, and nothing after it: libyaml's required simple key.
        found = { message: `could not find expected ':' after "${(props[0] as Leaf).source}"`, offset: props[0]!.offset };
      }
      if (found !== undefined && found.offset < end && (first === undefined || found.offset < first.offset)) first = found;
    }
  }
  return first;
}

/**
 * Whether an anchor or tag stands right before the ":" at `colon`, on its line (the `yaml` package
 * keeps such props of a mapping's first key with the enclosing item).
 */
function propsBefore(src: string, colon: number): boolean {
  const line = src.slice(src.lastIndexOf('\n', colon - 1) + 1, colon);
  return /(?:^|[ \t])[&!][^ \t]*[ \t]*$/.test(line);
}

/**
 * The value of a `%TAG` directive libyaml scans (comment removed): a handle (`!`, `!!` or
 * `!name!`) and a prefix of URI characters (`yaml_parser_scan_tag_uri`: no `#`, `{`, `^`, ...).
 */
export const TAG_DIRECTIVE_VALUE = /^[ \t]+!([0-9A-Za-z_-]*!)?[ \t]+[0-9A-Za-z_\-;/?:@&=+$,.!~*'()[\]%]+$/;

/** libyaml knows `%YAML 1.1` and `%TAG`; any other directive is an error. */
export function directiveProblem(leaf: Leaf): SyntaxProblem | undefined {
  const parts = leaf.source.slice(1).split(/[ \t]+/);
  const name = parts[0];
  if (name === 'YAML') {
    const m = /^([0-9]+)\.([0-9]+)$/.exec(parts[1] ?? '');
    if (!m || Number(m[1]) !== 1 || Number(m[2]) !== 1) {
      return {
        message: `found incompatible YAML document (%YAML ${parts[1] ?? ''}): the operator's YAML parser accepts only %YAML 1.1`,
        offset: leaf.offset,
      };
    }
  } else if (name !== 'TAG') {
    return { message: `found unknown directive name "%${name}"`, offset: leaf.offset };
  } else if (!TAG_DIRECTIVE_VALUE.test(leaf.source.slice(4).replace(/[ \t]+#.*$/, '').trimEnd())) {
    return { message: 'did not find a valid handle and prefix in the %TAG directive', offset: leaf.offset };
  }
  return undefined;
}

/** libyaml `scan_block_scalar_breaks`: no tab inside the indentation of a block scalar. */
export function blockScalarTabProblem(leaf: Leaf): SyntaxProblem | undefined {
  const header = leaf.header ?? '';
  const digit = /[1-9]/.exec(header);
  const parentIndent = leaf.indent;
  let indent = digit ? parentIndent + Number(digit[0]) : 0;
  let determined = indent > 0;
  let maxIndent = 0;
  let at = leaf.offset;
  const lines = leaf.source.split('\n');
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li]!;
    if (li === lines.length - 1 && line === '') break;
    let c = 0;
    while (line[c] === ' ' && (!determined || c < indent)) c++;
    if (!determined && c > maxIndent) maxIndent = c;
    if ((!determined || c < indent) && line[c] === '\t') {
      return {
        message: 'found a tab character where an indentation space is expected in a block scalar (| or >); use spaces',
        offset: at + c,
      };
    }
    if (!determined && line[c] !== undefined && line[c] !== '\r') {
      determined = true;
      indent = Math.max(maxIndent, parentIndent + 1, 1);
    }
    at += line.length + 1;
  }
  return undefined;
}

/** A CST item of a flow collection, as the `yaml` package's parser produces it (mutable). */
interface FlowItem {
  start: unknown[];
  key?: { type: string; offset: number; source: string } | null;
  sep?: Array<{ type: string; offset: number; source: string }>;
  value?: { type: string; offset: number; source: string } | null;
}

/**
 * go-yaml v2.4 reads a `:` inside `[ ]`/`{ }` as a value indicator only before a blank: in
 * `{tag:}` or `[a:, b]` the plain scalar runs on through the `:` (`tag:`, `a:`), where the `yaml`
 * package sees a key with an empty value. Rewrites the parser's CST in place so the composer
 * builds what libyaml builds: the key becomes `tag:` (value null), a sequence item `a:`.
 */
export function reattachFlowColons(cst: readonly unknown[], src: string): void {
  // Each item is rewritten from its own tokens only, so the order of the rewrites does not matter.
  const stack: Array<{ t: unknown; inFlowSeq: boolean }> = [];
  for (let i = cst.length - 1; i >= 0; i--) stack.push({ t: cst[i], inFlowSeq: false });
  while (stack.length > 0) {
    const { t, inFlowSeq } = stack.pop() as { t: unknown; inFlowSeq: boolean };
    if (t === null || t === undefined || typeof t !== 'object') continue;
    const tok = t as { type?: string; items?: FlowItem[]; value?: unknown; start?: { type?: string } };
    if (tok.type === 'document') {
      stack.push({ t: tok.value, inFlowSeq: false });
    } else if (tok.type === 'flow-collection') {
      const seq = tok.start?.type === 'flow-seq-start';
      for (const item of tok.items ?? []) {
        reattachItem(item, src, seq);
        stack.push({ t: item.value, inFlowSeq: seq }, { t: item.key, inFlowSeq: false });
      }
    } else if (tok.type === 'block-map' || tok.type === 'block-seq') {
      for (const item of tok.items ?? []) stack.push({ t: item.value, inFlowSeq }, { t: item.key, inFlowSeq: false });
    }
  }
}

function reattachItem(item: FlowItem, src: string, inSeq: boolean): void {
  const key = item.key;
  const sep = item.sep ?? [];
  if (!key || key.type !== 'scalar' || sep.length !== 1 || sep[0]!.type !== 'map-value-ind') return;
  const colon = key.offset + key.source.length;
  if (sep[0]!.offset !== colon || key.source === '') return;
  const next = src[colon + 1];
  if (next !== ',' && next !== '}' && next !== ']') return;
  const value = item.value;
  if (value && !(value.type === 'scalar' && value.source === '' && value.offset === colon + 1)) return;
  const scalar = { ...key, source: key.source + ':' };
  if (inSeq) {
    delete item.key;
    delete item.sep;
    item.value = scalar;
  } else {
    item.key = scalar;
    item.sep = [];
    delete item.value;
  }
}

/**
 * An anchor or tag right before the ":" of a nested mapping's first key (`a:` then `  !!str : x`)
 * is the key's in libyaml (its simple key starts there); the `yaml` package gives it to the
 * mapping, so the key was null instead of "". Moves such props, the ones after the last line
 * break of the enclosing item's separator, to the first item, in place, without recursion.
 */
export function attachKeyProps(cst: readonly unknown[]): void {
  interface Tok { type: string; offset: number; source?: string }
  interface Item { start?: Tok[]; key?: unknown; sep?: Tok[]; value?: unknown }
  const stack: unknown[] = [...cst];
  while (stack.length > 0) {
    const tok = stack.pop() as { type?: string; items?: Item[]; value?: unknown } | null | undefined;
    if (tok === null || typeof tok !== 'object') continue;
    if (tok.type === 'document') {
      stack.push(tok.value);
      continue;
    }
    if (tok.type !== 'block-map' && tok.type !== 'block-seq' && tok.type !== 'flow-collection') continue;
    for (const item of tok.items ?? []) {
      stack.push(item.key, item.value);
      const inner = item.value as { type?: string; items?: Item[] } | undefined;
      const first = inner?.type === 'block-map' ? inner.items?.[0] : undefined;
      const sep = item.sep ?? [];
      if (tok.type !== 'block-map' || !first || first.key || (first.start ?? []).length > 0) continue;
      let cut = sep.length;
      while (cut > 0 && ['anchor', 'tag', 'space'].includes(sep[cut - 1]!.type)) cut--;
      if (cut === 0 || sep[cut - 1]!.type !== 'newline') continue;
      while (cut < sep.length && sep[cut]!.type === 'space') cut++; // the indentation stays
      if (cut === sep.length) continue;
      first.start = sep.slice(cut);
      item.sep = sep.slice(0, cut);
    }
  }
}

/**
 * libyaml's rules for what may come before the first document: a `...` is no document end there
 * (the implicit first document then has no content: "did not find expected node content"), and
 * each `%YAML` directive, or `%TAG` of one handle, may appear once.
 */
export function streamStartProblem(cst: readonly unknown[]): SyntaxProblem | undefined {
  let sawYaml = false;
  const handles = new Set<string | undefined>(); // a %TAG with no handle counts as one (undefined)
  for (const t of cst) {
    const tok = t as { type?: string; offset?: number; source?: string; start?: unknown[]; value?: unknown };
    const offset = tok.offset ?? 0;
    if (tok.type === 'doc-end') {
      return { message: 'did not find expected node content: "..." before any document; remove it', offset };
    }
    if (tok.type === 'directive') {
      const [name, arg] = String(tok.source ?? '').slice(1).split(/[ \t]+/);
      if (name === 'YAML') {
        if (sawYaml) return { message: 'found duplicate %YAML directive', offset };
        sawYaml = true;
      } else if (name === 'TAG') {
        if (handles.has(arg)) return { message: 'found duplicate %TAG directive', offset };
        handles.add(arg);
      }
      continue;
    }
    if (tok.type === 'document') {
      // An empty implicit document the parser puts before a `...`: look at what follows.
      if ((tok.start ?? []).length === 0 && tok.value === undefined) continue;
      return undefined;
    }
  }
  return undefined;
}
