/**
 * Writes an image-configuration document as ConfigMap YAML that the operator reads back
 * unchanged.
 *
 * `yaml` stringify settings as in docs/resolver.md (YAML 1.1, a Go-style `0o`
 * integer tag so such strings are quoted, no aliases, no line folding). On top of that, every
 * string is checked against the operator's own scalar resolution (./yaml/scalar): anything that is
 * not read back as exactly the same string when plain (`1.10`, `yes`, `~`, `010`, `1_000`,
 * `2024-01-02`, `.inf`, `0b101`, `+12`, `""`, a key `<<`, ...) is double-quoted, and characters the
 * operator's YAML parser does not accept raw are escaped. The result is decoded again with
 * `decodeDocument` and compared; a difference is an internal error.
 *
 * Layout: `base`, `components` (sorted by key, code-unit order); per component `image`, `tag`,
 * `digest`, `match`; per rule `osImage`, `image`, `digest`, `precompiled`. Empty strings and a
 * false `precompiled` are omitted.
 */
import type { Scalar, YAMLMap } from 'yaml';
import { ErrorCodes, PiraeusError } from '../errors';
import { decodeImageDocument, yamlPackage } from './on-demand';
import { ComponentConfig } from './types';
import { firstLoneSurrogate } from './util';
import { isPlainString } from './yaml/scalar';

/** The Go (`strconv`) octal form `0o17`, which YAML 1.1 itself does not know. */
const GO_OCTAL_INT = {
  tag: 'tag:yaml.org,2002:int',
  format: 'OCT',
  default: true,
  test: /^[-+]?0o[0-7_]+$/,
  identify: (): boolean => false,
  resolve: (str: string): number => {
    const neg = str.startsWith('-');
    const digits = str.replace(/^[-+]?0o/, '').replace(/_/g, '');
    const v = parseInt(digits, 8);
    return neg ? -v : v;
  },
};

/** Characters the `yaml` stringifier may leave raw inside double quotes but libyaml does not read back. */
 
const RAW_UNSAFE = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;

/** Characters allowed in a plain scalar by this emitter (printable, no tabs, no line breaks). */
const PLAIN_CHARS = /^[\u0020-\u007e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*$/;
const PLAIN_FIRST_FORBIDDEN = '-?:,[]{}#&*!|>\'"%@` ';

/** True when `s` may be written as a plain scalar and the operator reads back exactly `s`. */
function plainSafe(s: string, isKey: boolean): boolean {
  if (s === '' || !PLAIN_CHARS.test(s)) return false;
  if (PLAIN_FIRST_FORBIDDEN.includes(s.charAt(0))) return false;
  if (s.endsWith(' ') || s.endsWith(':')) return false;
  if (s.includes(': ') || s.includes(' #')) return false;
  if (isKey && s === '<<') return false;
  return isPlainString(s);
}

function str(s: string, isKey = false): Scalar<string> {
  const node = new (yamlPackage().Scalar)(s);
  node.type = plainSafe(s, isKey) ? 'PLAIN' : 'QUOTE_DOUBLE';
  return node;
}

function field(map: YAMLMap, key: string, value: string): void {
  if (value !== '') map.items.push(new (yamlPackage().Pair)(str(key, true), str(value)));
}

/**
 * Emits one document (base and components) as YAML for a ConfigMap data entry.
 * Throws `PiraeusError` (INVALID_INPUT) for strings that cannot be represented (lone surrogates).
 */
export function encodeDocument(doc: { base: string; components: ReadonlyMap<string, ComponentConfig> }): string {
  const check = (s: string, what: string, component?: string): void => {
    if (typeof s !== 'string') {
      throw new PiraeusError(ErrorCodes.INVALID_INPUT, `${what} must be a string`, component === undefined ? undefined : { component });
    }
    if (firstLoneSurrogate(s) >= 0) {
      throw new PiraeusError(ErrorCodes.INVALID_INPUT,
        `${what} contains a lone UTF-16 surrogate, which cannot be written as UTF-8`,
        component === undefined ? undefined : { component });
    }
  };

  /** Checks a field's value, then writes it (empty values are left out). */
  const put = (map: YAMLMap, key: string, value: string, component: string): void => {
    check(value, key, component);
    field(map, key, value);
  };

  const { Document, Pair, Scalar, YAMLMap, YAMLSeq } = yamlPackage();
  check(doc.base, 'base');
  const root = new YAMLMap<Scalar<string>, unknown>();
  field(root, 'base', doc.base);
  const names = Array.from(doc.components.keys()).sort();
  if (names.length > 0) {
    const comps = new YAMLMap<Scalar<string>, unknown>();
    for (const name of names) {
      const c = doc.components.get(name) as ComponentConfig;
      check(name, 'component name', name);
      const cm = new YAMLMap<Scalar<string>, unknown>();
      put(cm, 'image', c.image, name);
      put(cm, 'tag', c.tag, name);
      put(cm, 'digest', c.digest, name);
      if (c.match.length > 0) {
        const seq = new YAMLSeq<YAMLMap<Scalar<string>, unknown>>();
        for (const r of c.match) {
          const rm = new YAMLMap<Scalar<string>, unknown>();
          put(rm, 'osImage', r.osImage, name);
          put(rm, 'image', r.image, name);
          put(rm, 'digest', r.digest, name);
          if (r.precompiled) rm.items.push(new Pair(str('precompiled', true), new Scalar(true)));
          seq.items.push(rm);
        }
        cm.items.push(new Pair(str('match', true), seq));
      }
      comps.items.push(new Pair(str(name, true), cm));
    }
    root.items.push(new Pair(str('components', true), comps));
  }

  const ydoc = new Document(null, {
    version: '1.1',
    // Without the `<<` merge tag, which would write the string "<<" plain (a merge key for the operator).
    customTags: (tags) => [...tags.filter((t) => t !== 'merge' && (typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:merge')), GO_OCTAL_INT],
    aliasDuplicateObjects: false,
    merge: false,
  });
  ydoc.contents = root as unknown as typeof ydoc.contents;
  const raw = ydoc.toString({ lineWidth: 0 });
  // Only double-quoted scalars can hold these characters (plain ones never do): escape them.
  const text = raw.replace(RAW_UNSAFE, (ch) => '\\u' + ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0'));

  selfCheck(doc, text);
  return text;
}

/** Decodes the emitted text like the operator and insists on getting the input back. */
function selfCheck(doc: { base: string; components: ReadonlyMap<string, ComponentConfig> }, text: string): void {
  const fail = (what: string): never => {
    throw new Error(`internal error: encodeDocument self-check failed (${what}); emitted:\n${text}`);
  };
  let decoded;
  try {
    decoded = decodeImageDocument('encodeDocument', text);
  } catch (e) {
    return fail(`decode error: ${e instanceof Error ? e.message : String(e)}`);
  }
  const d = decoded.document;
  if (decoded.diagnostics.length > 0) fail(`diagnostics: ${decoded.diagnostics.map((x) => x.code).join(', ')}`);
  if (d.base !== doc.base) fail('base');
  if (d.components.size !== doc.components.size) fail('number of components');
  for (const [name, c] of doc.components) {
    const got = d.components.get(name);
    if (!got) return fail(`component ${JSON.stringify(name)} missing`);
    if (got.image !== c.image || got.tag !== c.tag || got.digest !== c.digest) fail(`component ${JSON.stringify(name)}`);
    if (got.match.length !== c.match.length) fail(`rules of ${JSON.stringify(name)}`);
    c.match.forEach((r, i) => {
      const g = got.match[i];
      if (g === undefined || g.osImage !== r.osImage || g.image !== r.image || g.digest !== r.digest || g.precompiled !== r.precompiled) {
        fail(`rule ${i + 1} of ${JSON.stringify(name)}`);
      }
    });
  }
}
