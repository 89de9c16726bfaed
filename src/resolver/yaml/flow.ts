/**
 * Flow collections (`[ ]`, `{ }`) as libyaml scans them, made readable for the `yaml` package.
 *
 * Inside a flow collection libyaml (go-yaml v2.4 scannerc.go) checks no indentation: a
 * continuation line may start at any column (`match: [` then `{...}` and `]` at column 0), where
 * the `yaml` package ends the collection. And its plain scalars run on through a `:` that a `,`,
 * bracket or brace follows (`[a:, b]` holds `a:`) and may start with a `-` before one (`{tag: -}`
 * is the string `-`), where the `yaml` package sees indicators. A `?` right before a key inside
 * `[ ]` or `{ }` is the explicit-key indicator for libyaml even without a blank (`{?tag: v}`,
 * `[?a]` a list of one mapping).
 *
 * `flattenFlowCollections` rewrites such a collection, keeping every offset: its line breaks and
 * comments become spaces, and each of those `:`, `-` and `?` becomes a character the package
 * reads as part of a plain scalar (or, for `?`, a space). The parser then sees what libyaml sees;
 * `restoreFlowScalars` puts the original text back into the plain scalars that held a change,
 * so the composer folds their line breaks as libyaml does. A collection whose reading depends on
 * more than this (a document marker or directive at the start of a continuation line, a comment
 * between two plain scalars, an unclosed quote or bracket, an indicator libyaml refuses there, a
 * collection over several lines used as a key) is left alone: the `yaml` package reports an error there, as go-yaml does.
 */
import { CST, Lexer } from 'yaml';
import { isAlpha, isBlank, isBlankz, isBreak } from './chars';
import { libyamlQuoteEnd } from './quoted';
import { walkTokens } from './scan';

/** The text to parse, and the offsets it changed. */
export interface FlatFlow {
  readonly text: string;
  readonly edited: ReadonlySet<number>;
}

const FLOW_INDICATORS = ',[]{}';

/** A `---` or `...` followed by a blank, a line break or the end, at the start of a line. */
function documentIndicatorAt(text: string, i: number): boolean {
  if (i > 0 && !isBreak(text[i - 1])) return false;
  const three = text.slice(i, i + 3);
  return (three === '---' || three === '...') && isBlankz(text[i + 3]);
}

/**
 * libyaml's scan of the flow collection that opens at `open`: where it ends and which characters
 * to change, or undefined when it is to be left alone.
 */
export function scanFlowCollection(text: string, open: number): { end: number; edits: Array<[number, string]> } | undefined {
  const edits: Array<[number, string]> = [];
  const stack: string[] = [];
  let i = open;
  let plainThenComment = false; // a plain scalar ended by a comment: a scalar may not follow
  let keyPosition = true; // just after "{", "[" or ","
  for (;;) {
    // Between tokens: blanks, line breaks, comments (libyaml eats a "#" at any token start).
    for (;;) {
      const c = text[i];
      if (isBlank(c)) {
        i++;
      } else if (isBreak(c)) {
        edits.push([i, ' ']);
        i++;
      } else if (c === '#') {
        while (i < text.length && !isBreak(text[i])) edits.push([i++, ' ']);
      } else {
        break;
      }
    }
    if (i >= text.length) return undefined;
    const lineStart = i === 0 || isBreak(text[i - 1]);
    if (lineStart && (text[i] === '%' || documentIndicatorAt(text, i))) return undefined;
    const c = text[i]!;
    if (plainThenComment && !',]}'.includes(c)) return undefined;
    plainThenComment = false;
    const atKey = keyPosition;
    keyPosition = c === '[' || c === '{' || c === ',';
    if (c === '[' || c === '{') {
      stack.push(c === '[' ? ']' : '}');
      i++;
    } else if (c === ']' || c === '}') {
      if (stack.pop() !== c) return undefined;
      i++;
      if (stack.length === 0) {
        // A collection over several lines that is a key (a ":" follows): no key for libyaml, which
        // takes a key only within one line; left to the `yaml` package's error.
        let j = i;
        while (isBlank(text[j])) j++;
        if (text[j] === ':' && isBlankz(text[j + 1]) && /[\r\n]/.test(text.slice(open, i))) return undefined;
        return { end: i, edits };
      }
    } else if (c === ',' || c === ':') {
      i++;
    } else if (c === '?') {
      // The key indicator inside [ ] and { }, blank or not. `{?key` becomes `{ key` (the same
      // key), `[?key` `[ key` (made an explicit key again by restoreSequenceKeys); elsewhere
      // (`a?b`) the `yaml` package's reading is left, and refused.
      if (!isBlankz(text[i + 1]) && atKey) edits.push([i, ' ']);
      i++;
    } else if (c === '-' && isBlankz(text[i + 1])) {
      return undefined; // a block entry inside [ ] or { }
    } else if (c === '*' || c === '&') {
      let j = i + 1;
      while (isAlpha(text[j])) j++;
      if (j === i + 1 || !(isBlankz(text[j]) || '?:,]}%@`'.includes(text[j]!))) return undefined;
      i = j;
    } else if (c === '!') {
      let j = i + 1;
      while (!isBlankz(text[j])) j++;
      // libyaml's tag runs through "," "[" "]", where the `yaml` package ends it.
      if (/[,[\]{}]/.test(text.slice(i, j))) return undefined;
      i = j;
    } else if (c === '"' || c === '\'') {
      const end = libyamlQuoteEnd(text, i);
      if (end === undefined) return undefined;
      i = end;
    } else if ('|>%@`'.includes(c)) {
      return undefined; // libyaml: no token starts with these inside [ ] or { }
    } else {
      const r = scanPlain(text, i, edits);
      if (r === undefined) return undefined;
      i = r.end;
      plainThenComment = r.comment;
    }
  }
}

/** libyaml's plain scalar inside [ ] or { } (`yaml_parser_scan_plain_scalar`, flow context). */
function scanPlain(text: string, start: number, edits: Array<[number, string]>): { end: number; comment: boolean } | undefined {
  let i = start;
  for (;;) {
    if (documentIndicatorAt(text, i)) return { end: i, comment: false };
    if (text[i] === '#') return { end: i, comment: true };
    while (!isBlankz(text[i])) {
      const c = text[i]!;
      const next = text[i + 1];
      if ((c === ':' && isBlankz(next)) || FLOW_INDICATORS.includes(c) || c === '?') return { end: i, comment: false };
      // The `yaml` package ends a plain scalar at a ":" before a flow indicator, and reads a "-"
      // before one as a block entry; libyaml reads both as text.
      if ((c === ':' || (c === '-' && i === start)) && next !== undefined && FLOW_INDICATORS.includes(next)) edits.push([i, 'x']);
      i++;
    }
    const end = i;
    let j = i;
    const breaks: number[] = [];
    while (isBlank(text[j]) || isBreak(text[j])) {
      if (isBreak(text[j])) breaks.push(j);
      j++;
    }
    if (j >= text.length) return undefined;
    if (text[j] === '#') return { end, comment: true };
    const c = text[j]!;
    if ((c === ':' && isBlankz(text[j + 1])) || FLOW_INDICATORS.includes(c) || c === '?' || documentIndicatorAt(text, j)) {
      return { end, comment: false };
    }
    for (const b of breaks) edits.push([b, ' ']);
    i = j;
  }
}

/** Every flow collection libyaml reads differently from the `yaml` package, rewritten. */
export function flattenFlowCollections(text: string): FlatFlow {
  if (!text.includes('[') && !text.includes('{')) return { text, edited: new Set() };
  let out = text;
  const edited = new Set<number>();
  let from = 0;
  let again = true;
  while (again) {
    again = false;
    let offset = 0;
    let level = 0;
    let plain = false;
    for (const tok of new Lexer().lex(out)) {
      if (tok.length === 1 && tok < ' ' && tok !== '\t' && tok !== '\n' && tok !== '\r') { // zero-width markers
        if (tok === '\u001f') plain = true; // a plain scalar follows
        if (tok === '\u0018') level = 0; // the lexer ended the collections
        continue;
      }
      const type = plain ? 'scalar' : CST.tokenType(tok);
      plain = false;
      if (type === 'flow-map-start' || type === 'flow-seq-start') {
        level++;
        if (level === 1 && offset >= from) {
          const scan = scanFlowCollection(out, offset);
          if (scan !== undefined && scan.edits.length > 0) {
            for (const [at, c] of scan.edits) {
              out = out.slice(0, at) + c + out.slice(at + 1);
              edited.add(at);
            }
            from = scan.end;
            again = true;
            break;
          }
        }
      } else if (type === 'flow-map-end' || type === 'flow-seq-end') {
        level = Math.max(0, level - 1);
      }
      offset += tok.length;
    }
  }
  return { text: out, edited };
}

/**
 * Puts the text of `src` back into every plain scalar token that holds an offset of `edited`
 * (line breaks and all; the composer folds them). The CST is walked without recursion.
 */
export function restoreFlowScalars(cst: readonly unknown[], src: string, edited: ReadonlySet<number>): void {
  if (edited.size === 0) return;
  walkTokens(cst, (t) => {
    const tok = t as { type?: unknown; offset?: unknown; source?: unknown };
    if (tok.type !== 'scalar' || typeof tok.offset !== 'number' || typeof tok.source !== 'string') return true;
    const start = tok.offset;
    const end = start + tok.source.length;
    let touched = false;
    for (let k = start; k < end && !touched; k++) touched = edited.has(k);
    if (touched) tok.source = src.slice(start, end);
    return false;
  });
}

/**
 * Makes each item of a flow sequence whose `?` `flattenFlowCollections` turned into a space (in
 * `edited`) an explicit key again, as libyaml reads `[?a]`: the space becomes the `?` indicator
 * and a lone value the key. In place, without recursion.
 */
export function restoreSequenceKeys(cst: readonly unknown[], src: string, edited: ReadonlySet<number>): void {
  if (edited.size === 0 || !src.includes('?')) return;
  interface Tok { type: string; offset: number; indent: number; source: string }
  interface Item { start: Tok[]; key?: unknown; sep?: Tok[]; value?: unknown }
  walkTokens(cst, (t) => {
    const tok = t as { type?: unknown; start?: { type?: unknown }; items?: Item[] };
    if (tok.type === 'flow-collection' && tok.start?.type === 'flow-seq-start') {
      for (const item of tok.items ?? []) {
        const at = item.start.findIndex((s) => s.type === 'space' && [...s.source].some((_, k) => src[s.offset + k] === '?' && edited.has(s.offset + k)));
        const space = item.start[at];
        if (space === undefined || item.start.some((s) => s.type === 'explicit-key-ind')) continue;
        const q = space.offset + [...space.source].findIndex((_, k) => src[space.offset + k] === '?' && edited.has(space.offset + k));
        const parts: Tok[] = [];
        if (q > space.offset) parts.push({ ...space, source: space.source.slice(0, q - space.offset) });
        parts.push({ ...space, type: 'explicit-key-ind', offset: q, source: '?' });
        if (q + 1 < space.offset + space.source.length) parts.push({ ...space, offset: q + 1, source: space.source.slice(q + 1 - space.offset) });
        item.start.splice(at, 1, ...parts);
        if (item.key === undefined && item.sep === undefined) {
          item.key = item.value;
          item.sep = [];
          delete item.value;
        }
      }
    }
    return true;
  });
}
