/**
 * An empty `[ ]` or `{ }` root with more text on its line (`{} base: x`, `[] x: y`, `{}: x`).
 * go-yaml v2.4's scanner deletes the simple-key entry of the token that opened a collection when
 * it closes it with no key found inside (scannerc.go `yaml_parser_decrease_flow_level`, through
 * `simple_keys_by_tok`), so no ":" later on the line makes the empty collection a key: the root is
 * the empty collection, and go-yaml's parser stops after it. The `yaml` package reads a mapping
 * with the collection as its key. `emptyFlowRootLine` turns the first character after such a
 * root into "#" (the same offsets), so the package reads the root alone; what libyaml scans after
 * the root is still looked at from the text as written (./root-range).
 */

/** The text with the rest of an empty flow root's line made a comment, or the text as it is. */
export function emptyFlowRootLine(text: string): string {
  // Blank and comment lines, an optional "---", the root, blanks, then a character that starts a
  // plain scalar, a quoted scalar or a ":" (indicators libyaml refuses there are left as they are).
  const m = /^\uFEFF?(?:[ \t]*(?:#[^\n]*)?\n)*(?:---[ \t]+)?[ \t]*(?:\{[ \t]*\}|\[[ \t]*\])[ \t]*(?=[^ \t\n\r#@`%|>,[\]{}!&*?-])/.exec(text);
  if (m === null) return text;
  const at = m[0].length;
  return `${text.slice(0, at)}#${text.slice(at + 1)}`;
}
