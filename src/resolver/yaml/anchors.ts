/**
 * Anchors and aliases right before a ":" (`&a: x`, `*a: x`, `base: &a:b x`), read as libyaml
 * reads them. go-yaml v2.4's scanner (scannerc.go `yaml_parser_scan_anchor`) ends the name at the
 * first character outside [0-9A-Za-z_-], and a ":" may follow it; the `yaml` package takes the
 * ":" into the name. A ":" is then libyaml's value indicator inside `[ ]`/`{ }`, or before a blank
 * or a line break (`yaml_parser_fetch_next_token`), and else starts a plain scalar (`:b x`).
 *
 * `separateAnchorColons` rewrites each such name, keeping every offset, so that the `yaml`
 * package reads what libyaml reads: an anchor becomes the non-specific tag `!` and spaces (the
 * same prop, before the same ":"), an alias a single-quoted scalar (a node, which a ":" may follow
 * at once, as a key; inside `[ ]`/`{ }` an anchor before a ":" and a value becomes one too, the
 * key of `{&a:b}` being the anchor's empty node). `restoreAnchorColons` puts the anchor or alias
 * back into the CST. Left as it is (and refused, as a name the operator's parser does not take):
 * an alias before a ":" that starts a plain scalar, where libyaml fails too.
 */
import { CST, Lexer } from 'yaml';
import { isBlankz } from './chars';

/** The text to parse, and the anchor or alias written at each rewritten offset. */
export interface SeparatedAnchors {
  readonly text: string;
  readonly props: ReadonlyMap<number, string>;
}

/**
 * Rewrites every anchor or alias whose libyaml name ends at a ":" (see the module comment). The
 * `yaml` package's lexer reads the text after a name with a ":" otherwise (`&b: x` then `*a: y`
 * is a prop and a scalar of two lines for it), so the text is lexed again until no name is left.
 */
export function separateAnchorColons(text: string): SeparatedAnchors {
  const props = new Map<number, string>();
  let out = text;
  for (let before = -1; before !== props.size && /[&*][0-9A-Za-z_-]+:/.test(out);) {
    before = props.size;
    out = separatePass(out, props);
  }
  return { text: out, props };
}

/** One pass of the lexer over `text`: every name it shows is rewritten (and recorded in `props`). */
function separatePass(text: string, props: Map<number, string>): string {
  let out = text;
  let offset = 0;
  let level = 0;
  for (const tok of new Lexer().lex(text)) {
    if (tok.length === 1 && tok < ' ' && tok !== '\t' && tok !== '\n' && tok !== '\r') { // zero-width markers
      if (tok === '\u0018') level = 0; // the lexer ended the collections
      continue;
    }
    const type = CST.tokenType(tok);
    if (type === 'flow-map-start' || type === 'flow-seq-start') level++;
    else if (type === 'flow-map-end' || type === 'flow-seq-end') level = Math.max(0, level - 1);
    const name = (type === 'anchor' || type === 'alias') ? /^[&*][0-9A-Za-z_-]+(?=:)/.exec(tok)?.[0] : undefined;
    if (name !== undefined) {
      const after = text[offset + name.length + 1];
      const value = level > 0 || isBlankz(after);
      const n = name.length - 1;
      let placeholder: string | undefined;
      if (type === 'anchor' && (level === 0 || isBlankz(after) || ',]}'.includes(after as string))) {
        placeholder = '!' + ' '.repeat(n);
      } else if (value) {
        // An alias, or an anchor before a ":" that a value follows at once inside [ ] or { }: a
        // quoted key, which the package lets a ":" follow at once there (the anchor's empty key then).
        placeholder = `'${'x'.repeat(n - 1)}'`;
      }
      if (placeholder !== undefined) {
        out = out.slice(0, offset) + placeholder + out.slice(offset + name.length);
        props.set(offset, name);
      }
    }
    offset += tok.length;
  }
  return out;
}

interface Token { type?: unknown; offset?: unknown; source?: unknown }

/**
 * Puts the anchors and aliases of `props` back into the CST, in place, without recursion: the
 * placeholder tag becomes the anchor (and the spaces after it an empty space token at the ":"), the placeholder scalar the alias.
 */
export function restoreAnchorColons(cst: readonly unknown[], props: ReadonlyMap<number, string>): void {
  if (props.size === 0) return;
  const stack: unknown[] = [...cst];
  while (stack.length > 0) {
    const t = stack.pop();
    if (t === null || typeof t !== 'object') continue;
    if (Array.isArray(t)) {
      for (let i = 0; i + 1 < t.length; i++) {
        const tok = t[i] as Token | null;
        const name = typeof tok?.offset === 'number' ? props.get(tok.offset) : undefined;
        const next = t[i + 1] as Token | null;
        if (name?.startsWith('&') && tok?.type === 'tag' && next?.type === 'space' && next.offset === (tok.offset as number) + 1) {
          // An empty space token: the composer wants one after a prop, and the anchor now ends at the ":".
          next.offset = (tok.offset as number) + name.length;
          next.source = '';
        }
      }
      stack.push(...t);
      continue;
    }
    const item = t as { start?: unknown[]; key?: Token | null };
    const key = item.key;
    const keyName = typeof key?.offset === 'number' ? props.get(key.offset) : undefined;
    if (key && keyName?.startsWith('&') && key.type === 'single-quoted-scalar' && Array.isArray(item.start)) {
      // The anchor of an empty key: a prop before the ":" (and an empty space token, as above).
      const at = key.offset as number;
      item.start.push({ ...key, type: 'anchor', source: keyName }, { ...key, type: 'space', offset: at + keyName.length, source: '' });
      item.key = null;
    }
    const tok = t as Token;
    const name = typeof tok.offset === 'number' ? props.get(tok.offset) : undefined;
    if (name?.startsWith('&') && tok.type === 'tag') {
      tok.type = 'anchor';
      tok.source = name;
    } else if (name?.startsWith('*') && tok.type === 'single-quoted-scalar') {
      tok.type = 'alias';
      tok.source = name;
    }
    for (const v of Object.values(t)) stack.push(v);
  }
}
