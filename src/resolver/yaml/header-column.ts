/**
 * A block scalar header on the line after its key, at the key's column (`base:` then `|-` at
 * column 0). libyaml ends a block mapping only at a less indented token (go-yaml v2.4 scannerc.go
 * `yaml_parser_unroll_indent`), and go-yaml's parser takes the block scalar as the key's value;
 * the `yaml` package wants a value on a later line more indented than its key. The scalar's
 * indentation counts from the mapping's either way (`yaml_parser_scan_block_scalar`).
 *
 * `joinHeaderLines` puts such a header on its key's line for the `yaml` package, keeping every
 * offset: the line breaks before the header (and comments after the ":") become spaces, and the
 * header's indentation stays as spaces. Only the parser's reading changes: the block scalar's
 * value is scanned from the text as written (./block).
 */
import { CST, Lexer } from 'yaml';

interface Tok { readonly src: string; readonly type: string | null | undefined; readonly offset: number }

/** The text with every such header joined to its key's line, or the text as it is. */
export function joinHeaderLines(text: string): string {
  if (!/\n[ \t]*[|>]/.test(text)) return text;
  const toks: Tok[] = [];
  let offset = 0;
  let plain = false;
  for (const src of new Lexer().lex(text)) {
    if (src.length === 1 && src < ' ' && src !== '\t' && src !== '\n' && src !== '\r') { // zero-width markers
      plain = src === '\u001f';
      continue;
    }
    toks.push({ src, type: plain ? 'scalar' : CST.tokenType(src), offset });
    plain = false;
    offset += src.length;
  }
  let out = text;
  for (let i = 0; i < toks.length; i++) {
    const header = toks[i] as Tok;
    if (header.type !== 'block-scalar-header') continue;
    // Back over the header's indentation, a line break, then blank and comment lines and props after the ":".
    let j = i - 1;
    const indent = toks[j]?.type === 'space' ? toks[j--] : undefined;
    const lineBreak = toks[j--];
    if (lineBreak?.type !== 'newline' || (indent !== undefined && indent.src.includes('\t'))) continue;
    const blanks: Tok[] = [lineBreak];
    while (['space', 'comment', 'newline', 'anchor', 'tag'].includes(toks[j]?.type ?? '')) {
      const t = toks[j--] as Tok;
      if (t.type !== 'anchor' && t.type !== 'tag') blanks.push(t);
    }
    if (toks[j]?.type !== 'map-value-ind') continue;
    j--;
    const key = toks[j];
    if (key === undefined || !['scalar', 'single-quoted-scalar', 'double-quoted-scalar', 'alias'].includes(key.type ?? '')) continue;
    let start = key.offset;
    for (let k = j - 1; k >= 0; k--) {
      const t = toks[k] as Tok;
      if (t.type === 'anchor' || t.type === 'tag') start = t.offset;
      else if (t.type !== 'space') break;
    }
    const keyColumn = start - (text.lastIndexOf('\n', start - 1) + 1);
    const headerColumn = header.offset - (text.lastIndexOf('\n', header.offset - 1) + 1);
    if (keyColumn !== headerColumn || text.slice(start, key.offset).includes('\n')) continue;
    for (const b of blanks) out = out.slice(0, b.offset) + ' '.repeat(b.src.length) + out.slice(b.offset + b.src.length);
  }
  return out;
}
