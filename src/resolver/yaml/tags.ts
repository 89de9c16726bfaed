/**
 * Tags split into handle and suffix as libyaml splits them. go-yaml v2.4's scanner
 * (scannerc.go `yaml_parser_scan_tag_handle`) takes as the handle a "!", letters, digits, "_"
 * or "-", and a "!" only right after those (`!!`, `!name!`); otherwise the handle is "!" and all
 * the rest is the suffix. The suffix (`yaml_parser_scan_tag_uri`) may hold "!", ",", "[" and "]"
 * and `%XX` escapes, which it decodes. The `yaml` package splits the handle at the last "!" and
 * ends a tag at ",", "[" and "]": `!!str!`, `!!!str`, `!...!int`, `!a,` and `!!m]erge` are
 * tags it reads otherwise or refuses.
 *
 * `joinTagIndicators` rewrites the ",", "[" and "]" inside such a tag (one followed by a blank or
 * a line break, as libyaml requires) to a character the package keeps in the tag, keeping every
 * offset; `restoreTagSources` puts the text back into the CST. Around composing,
 * `libyamlTagPlaceholders` gives each tag that the package would resolve otherwise a placeholder
 * of the same length, and `resolvePlaceholderTags` puts libyaml's tag on the composed nodes. A
 * stream with a %TAG directive is left to the package.
 */
import { CST, Document, isAlias, isMap, isPair, isScalar, isSeq, Lexer } from 'yaml';
import { isBlankz } from './chars';
import { walkTokens } from './scan';

const TAG_CHAR = /[0-9A-Za-z_\-;/?:@&=+$,.!~*'()[\]%]/;

/** The text to parse, and the tag written at each rewritten tag's offset. */
export interface JoinedTags {
  readonly text: string;
  readonly sources: ReadonlyMap<number, string>;
}

/** Rewrites the ",", "[" and "]" inside every tag libyaml reads through them (see the module comment). */
export function joinTagIndicators(text: string): JoinedTags {
  const sources = new Map<number, string>();
  if (!/![^ \t\r\n]*[,[\]]/.test(text)) return { text, sources };
  let out = text;
  // The lexer reads what follows a cut tag otherwise: lexed again until no tag is cut.
  for (let before = -1; before !== sources.size;) {
    before = sources.size;
    let offset = 0;
    const current = out;
    for (const tok of new Lexer().lex(current)) {
      if (tok.length === 1 && tok < ' ' && tok !== '\t' && tok !== '\n' && tok !== '\r') continue; // zero-width markers
      if (CST.tokenType(tok) === 'tag' && !tok.startsWith('!<') && !sources.has(offset)) {
        let end = offset + 1;
        while (end < current.length && TAG_CHAR.test(current[end] as string)) end++;
        const tag = current.slice(offset, end);
        if (/[,[\]]/.test(tag) && isBlankz(current[end])) {
          out = out.slice(0, offset) + tag.replace(/[,[\]]/g, 'x') + out.slice(end);
          sources.set(offset, tag);
        }
      }
      offset += tok.length;
    }
  }
  return { text: out, sources };
}

interface TagToken { type?: unknown; offset?: unknown; source?: unknown }

/** Visits every tag token of the CST, without recursion. */
function eachTag(cst: readonly unknown[], visit: (tok: TagToken & { offset: number; source: string }) => void): void {
  walkTokens(cst, (t) => {
    const tok = t as TagToken;
    if (tok.type !== 'tag' || typeof tok.offset !== 'number' || typeof tok.source !== 'string') return true;
    visit(tok as TagToken & { offset: number; source: string });
    return false;
  });
}

/** Puts the tags of `sources` back into their CST tokens. */
export function restoreTagSources(cst: readonly unknown[], sources: ReadonlyMap<number, string>): void {
  if (sources.size === 0) return;
  eachTag(cst, (tok) => {
    const source = sources.get(tok.offset);
    if (source !== undefined) tok.source = source;
  });
}

/** libyaml's decoding of a tag suffix's `%XX` escapes (UTF-8), or undefined. */
function decodeSuffix(suffix: string): string | undefined {
  try {
    return decodeURIComponent(suffix.replace(/%(?![0-9A-Fa-f]{2})/g, '%25'));
  } catch {
    return undefined;
  }
}

/** libyaml's tag for a tag token's source (default handles only), or undefined to leave it to the package. */
export function libyamlTag(source: string): string | undefined {
  if (source.startsWith('!<') || source === '!') return undefined;
  const m = /^!([0-9A-Za-z_-]*)(!?)/.exec(source);
  const handle = m?.[2] === '!' ? `!${m[1] ?? ''}!` : '!';
  if (handle !== '!' && handle !== '!!') return undefined; // a named handle needs a %TAG directive
  const suffix = decodeSuffix(source.slice(handle.length));
  if (suffix === undefined) return undefined;
  return handle === '!!' ? `tag:yaml.org,2002:${suffix}` : `!${suffix}`;
}

/** The `yaml` package's tag for the same source with the default directives, or undefined where it refuses it. */
function packageTag(source: string): string | undefined {
  const m = /^(.*!)([^!]*)$/s.exec(source);
  if (m?.[1] === '!') return source;
  if (m?.[1] !== '!!') return undefined;
  try {
    return `tag:yaml.org,2002:${decodeURIComponent(m[2] ?? '')}`;
  } catch {
    return undefined;
  }
}

/** Placeholder tags in the CST, and what to undo after composing. */
export interface TagPlaceholders {
  /** libyaml's tag for each placeholder tag name. */
  readonly tags: ReadonlyMap<string, string>;
  /** Puts the tokens' sources back. */
  restore(): void;
}

/**
 * Gives every tag token that the `yaml` package would resolve to another tag than libyaml a local
 * placeholder tag of the same length (one per libyaml tag and length, of characters no entry may hold).
 */
export function libyamlTagPlaceholders(cst: readonly unknown[]): TagPlaceholders {
  const tags = new Map<string, string>();
  const byTag = new Map<string, string>();
  const undo: Array<[TagToken, string]> = [];
  const directive = cst.some((t) => (t as TagToken).type === 'directive' && String((t as TagToken).source).startsWith('%TAG'));
  if (!directive) {
    eachTag(cst, (tok) => {
      const tag = libyamlTag(tok.source);
      if (tag === undefined || tag === packageTag(tok.source) || tok.source.length < 3) return;
      const key = `${tok.source.length}:${tag}`;
      let placeholder = byTag.get(key);
      if (placeholder === undefined) {
        if (byTag.size >= 0x1900) return;
        placeholder = `!\u0000${String.fromCharCode(0xe000 + byTag.size)}`.padEnd(tok.source.length, '\u0000');
        byTag.set(key, placeholder);
        tags.set(placeholder, tag);
      }
      undo.push([tok, tok.source]);
      tok.source = placeholder;
    });
  }
  return {
    tags,
    restore: () => {
      for (const [tok, source] of undo) tok.source = source;
    },
  };
}

/** Puts libyaml's tag on every composed node that carries a placeholder, without recursion. */
export function resolvePlaceholderTags(docs: readonly Document.Parsed[], tags: ReadonlyMap<string, string>): void {
  if (tags.size === 0) return;
  const stack: unknown[] = docs.map((d) => d.contents);
  while (stack.length > 0) {
    const n = stack.pop();
    if (n === null || typeof n !== 'object' || isAlias(n)) continue;
    if (isPair(n)) {
      stack.push(n.key, n.value);
      continue;
    }
    if (!isScalar(n) && !isMap(n) && !isSeq(n)) continue;
    const tag = n.tag === undefined ? undefined : tags.get(n.tag);
    if (tag !== undefined) n.tag = tag;
    if (!isScalar(n)) stack.push(...n.items);
  }
}
