/**
 * A `[ ]` or `{ }` root with more text on its closing line, which libyaml never takes as a key:
 *
 *  - an empty one (`{} base: x`, `[] x: y`, `{}: x`): go-yaml v2.4's scanner deletes the
 *    simple-key entry of the token that opened a collection when it closes it with no key found
 *    inside (scannerc.go `yaml_parser_decrease_flow_level`, through `simple_keys_by_tok`);
 *  - one over several lines (`{base: a,` then ` x} y: z`): its possible simple key went stale at
 *    the line break (`yaml_parser_stale_simple_keys`).
 *
 * So no ":" later on the line makes the collection a key: the root is the collection, and
 * go-yaml's parser stops after it (it never reads a ":" after the first token there, except one
 * right after a collection over lines, which libyaml rejects). The `yaml` package reads a mapping
 * with the collection as its key. `flowRootLine` turns the first character after such a root into
 * "#" (the same offsets), so the package reads the root alone; what libyaml scans after the root
 * is still looked at from the text as written (./root-range).
 */
import { scanFlowCollection } from './flow';

/** The text with the rest of such a root's closing line made a comment, or the text as it is. */
export function flowRootLine(text: string): string {
  // Blank and comment lines, an optional "---", then the root's opening bracket.
  const prefix = /^\uFEFF?(?:[ \t]*(?:#[^\n]*)?\n)*(?:---[ \t]+)?[ \t]*(?=[[{])/.exec(text);
  if (prefix === null) return text;
  const open = prefix[0].length;
  const empty = /^(?:\{[ \t]*\}|\[[ \t]*\])/.exec(text.slice(open));
  const end = empty !== null ? open + empty[0].length : scanFlowCollection(text, open)?.end;
  if (end === undefined || (empty === null && !/[\r\n]/.test(text.slice(open, end)))) return text;
  // Then blanks and a character that starts a plain or quoted scalar (or a ":" after an empty
  // root); indicators libyaml refuses or reads otherwise there are left as they are.
  const next = /^[ \t]*(?=[^ \t\n\r#@`%|>,[\]{}!&*?-])/.exec(text.slice(end));
  if (next === null) return text;
  const at = end + next[0].length;
  if (text[at] === ':' && empty === null) return text;
  return `${text.slice(0, at)}#${text.slice(at + 1)}`;
}
