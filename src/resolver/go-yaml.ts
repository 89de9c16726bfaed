/**
 * Decodes one image-configuration ConfigMap entry exactly as the Piraeus Operator does:
 * `sigs.k8s.io/yaml` v1.6 `Unmarshal` into `imageversions.Config`, i.e.
 *
 *  1. go-yaml v2 (libyaml port, YAML 1.1) parses the FIRST document into `interface{}` values:
 *     go-yaml's scalar resolution (./go-scalar), positional `<<` merges, aliases, last-wins
 *     duplicate keys, libyaml's syntax rules (tabs, escapes, anchors, directives);
 *  2. sigs.k8s.io/yaml converts that tree to JSON while looking at the Go target type:
 *     non-string map keys are stringified, numbers/bools landing in Go string fields become
 *     strings (floats as float32 `%g`), NaN/Inf elsewhere fail the JSON encoding;
 *  3. encoding/json decodes the JSON (keys sorted byte-wise) into the structs: case-insensitive
 *     field matching with Go's fold, unknown keys ignored, several spellings applied in order,
 *     `null` a no-op for strings/bools, maps merged, slices decoded element-wise.
 *
 * The `yaml` package is used for the syntax tree only; every scalar is resolved here.
 * Everything the operator tolerates but a user probably did not mean becomes a diagnostic;
 * everything the operator rejects becomes a `PiraeusError` (YAML_SYNTAX or DECODE_TYPE).
 * Pure; no I/O.
 */
import { Alias, Composer, CST, isAlias, isMap, isScalar, isSeq, Lexer, LineCounter, Parser, Scalar } from 'yaml';
import { ErrorCodes, ErrorCode, PiraeusError, SourceLocation } from '../errors';
import { formatFloat32 } from './go-float';
import { coerceToString, GoScalar, MERGE_TAG, resolveTagged, ScalarResolveError } from './go-scalar';
import { ComponentConfig, Diagnostic, DiagnosticCodes, ImageConfigDocument, OsMatch } from './types';
import { editDistance, firstLoneSurrogate } from './util';

/** A decoded entry and what looked suspicious in it. */
export interface DecodeResult {
  readonly document: ImageConfigDocument;
  readonly diagnostics: Diagnostic[];
}

/**
 * Decodes one ConfigMap data entry (`key` is the data key, `text` its value) into a document.
 * Throws `PiraeusError` (YAML_SYNTAX, DECODE_TYPE, INVALID_INPUT) for anything the operator
 * rejects; never throws anything else.
 */
export function decodeDocument(key: string, text: string): DecodeResult {
  try {
    return new EntryDecoder(key, text).run();
  } catch (e) {
    if (e instanceof PiraeusError) throw e;
    if (e instanceof RangeError) {
      throw new PiraeusError(ErrorCodes.DECODE_TYPE,
        'the document is nested too deeply to decode (the operator\'s JSON decoder stops at depth 10000)', { key });
    }
    const msg = e instanceof Error ? e.message : String(e);
    throw new PiraeusError(ErrorCodes.YAML_SYNTAX, `could not parse the entry as YAML: ${msg}`, { key });
  }
}

// =============================================================================================
// go-yaml v2 node tree

interface NodeBase {
  readonly offset: number;
}
interface ScalarNode extends NodeBase {
  readonly kind: 'scalar';
  /** Scalar value after YAML unescaping/folding (go-yaml `n.value`). */
  readonly value: string;
  /** Full tag, `!` for the non-specific tag, or `''`. */
  readonly tag: string;
  /** go-yaml `implicit`: plain without tag, or tagged `!`. */
  readonly implicit: boolean;
  readonly quoted: boolean;
}
interface MappingNode extends NodeBase {
  readonly kind: 'map';
  /** key, value, key, value, ... */
  readonly children: GoNode[];
}
interface SequenceNode extends NodeBase {
  readonly kind: 'seq';
  readonly children: GoNode[];
}
interface AliasNode extends NodeBase {
  readonly kind: 'alias';
  readonly name: string;
  readonly target: GoNode;
}
type GoNode = ScalarNode | MappingNode | SequenceNode | AliasNode;

// =============================================================================================
// Go values (go-yaml's interface{} tree)

type GV =
  | { readonly t: 'null'; readonly src: GoNode }
  | { readonly t: 'bool'; readonly v: boolean; readonly src: ScalarNode }
  | { readonly t: 'int'; readonly v: bigint; readonly unsigned: boolean; readonly src: ScalarNode }
  | { readonly t: 'float'; readonly v: number; readonly src: ScalarNode }
  | { readonly t: 'str'; readonly v: string; readonly src: GoNode }
  | { readonly t: 'map'; readonly entries: Map<string, GVEntry>; readonly src: GoNode }
  | { readonly t: 'seq'; readonly items: GV[]; readonly src: GoNode };

interface GVEntry {
  readonly key: GV;
  readonly value: GV;
  readonly keyNode: GoNode;
  readonly viaMerge: boolean;
}

// =============================================================================================
// JSON values (after sigs.k8s.io/yaml's conversion)

type JV =
  | { readonly j: 'null'; readonly gv: GV }
  | { readonly j: 'bool'; readonly v: boolean; readonly gv: GV }
  | { readonly j: 'num'; readonly gv: GV }
  | { readonly j: 'str'; readonly v: string; readonly gv: GV }
  | { readonly j: 'obj'; readonly entries: JEntry[]; readonly gv: GV }
  | { readonly j: 'arr'; readonly items: JV[]; readonly gv: GV };

interface JEntry {
  readonly key: string;
  readonly value: JV;
  readonly keyNode: GoNode;
  /** Whether sigs.k8s.io/yaml's own (older) field matching found the field (coercion applied). */
  readonly sigsField: boolean;
}

// =============================================================================================
// Go target types

type FieldKind = 'string' | 'bool' | 'components' | 'match';
interface FieldDef {
  /** Go field name. */
  readonly go: string;
  /** Documented lower-camel spelling. */
  readonly doc: string;
  readonly kind: FieldKind;
}
type StructName = 'Config' | 'ComponentConfig' | 'OsMatch';

const STRUCT_FIELDS: Record<StructName, readonly FieldDef[]> = {
  Config: [
    { go: 'Base', doc: 'base', kind: 'string' },
    { go: 'Components', doc: 'components', kind: 'components' },
  ],
  ComponentConfig: [
    { go: 'Tag', doc: 'tag', kind: 'string' },
    { go: 'Match', doc: 'match', kind: 'match' },
    { go: 'Image', doc: 'image', kind: 'string' },
    { go: 'Digest', doc: 'digest', kind: 'string' },
  ],
  OsMatch: [
    { go: 'OsImage', doc: 'osImage', kind: 'string' },
    { go: 'Image', doc: 'image', kind: 'string' },
    { go: 'Precompiled', doc: 'precompiled', kind: 'bool' },
    { go: 'Digest', doc: 'digest', kind: 'string' },
  ],
};

const STRUCT_DESCRIPTION: Record<StructName, string> = {
  Config: 'the top level of the document',
  ComponentConfig: 'a component',
  OsMatch: 'a match rule',
};

type Target =
  | { readonly k: 'struct'; readonly s: StructName }
  | { readonly k: 'components' }
  | { readonly k: 'match' }
  | { readonly k: 'string' }
  | { readonly k: 'bool' }
  | null;

function fieldTarget(f: FieldDef): Target {
  switch (f.kind) {
    case 'string':
      return { k: 'string' };
    case 'bool':
      return { k: 'bool' };
    case 'components':
      return { k: 'components' };
    case 'match':
      return { k: 'match' };
  }
}

// ---------------------------------------------------------------------------------------------
// Key matching

const KELVIN = 0x212a;
const LONG_S = 0x17f;

/**
 * sigs.k8s.io/yaml's copy of the old encoding/json `foldFunc` matching (used to pick the Go
 * target, hence whether numbers are coerced to strings). Field names are ASCII letters:
 * names containing S or K use `equalFoldRight` (ASCII case-insensitive, plus U+017F for s and
 * U+212A for k); the others `simpleLetterEqualFold` (ASCII case-insensitive only).
 */
function sigsFieldMatches(name: string, key: string): boolean {
  if (name === key) return true;
  const special = /[sSkK]/.test(name);
  if (!special) {
    if (key.length !== name.length) return false;
    for (let i = 0; i < name.length; i++) {
      const c = key.charCodeAt(i);
      if (c >= 0x80) return false;
      if ((c & 0xdf) !== (name.charCodeAt(i) & 0xdf)) return false;
    }
    return true;
  }
  const cps = Array.from(key);
  if (cps.length !== name.length) return false;
  for (let i = 0; i < name.length; i++) {
    const sb = name[i];
    const cp = cps[i].codePointAt(0) as number;
    if (cp < 0x80) {
      if (sb !== cps[i] && (sb.charCodeAt(0) & 0xdf) !== (cp & 0xdf)) return false;
      continue;
    }
    if ((sb === 's' || sb === 'S') && cp === LONG_S) continue;
    if ((sb === 'k' || sb === 'K') && cp === KELVIN) continue;
    return false;
  }
  return true;
}

function sigsFindField(s: StructName, key: string): FieldDef | undefined {
  let found: FieldDef | undefined;
  for (const f of STRUCT_FIELDS[s]) {
    if (f.go === key) return f;
    if (!found && sigsFieldMatches(f.go, key)) found = f;
  }
  return found;
}

/**
 * encoding/json (Go >= 1.21) `foldName`: ASCII letters upper-cased, every other rune r replaced
 * by unicode.ToUpper(unicode.ToLower(r)). Only four non-ASCII runes fold to ASCII letters.
 */
function goFoldName(key: string): string {
  let out = '';
  for (const ch of key) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x80) {
      out += cp >= 0x61 && cp <= 0x7a ? String.fromCharCode(cp - 0x20) : ch;
    } else if (cp === LONG_S) {
      out += 'S';
    } else if (cp === KELVIN) {
      out += 'K';
    } else if (cp === 0x130 || cp === 0x131) {
      out += 'I';
    } else {
      out += ch; // folds to something non-ASCII: never equal to an ASCII field name
    }
  }
  return out;
}

function jsonFindField(s: StructName, key: string): FieldDef | undefined {
  const fields = STRUCT_FIELDS[s];
  for (const f of fields) if (f.go === key) return f;
  const folded = goFoldName(key);
  for (const f of fields) if (goFoldName(f.go) === folded) return f;
  return undefined;
}

/** Byte-wise (UTF-8) order, which equals code point order. */
function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i) as number;
    const cb = b.codePointAt(i) as number;
    if (ca !== cb) return ca < cb ? -1 : 1;
    if (ca > 0xffff) i++;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

// ---------------------------------------------------------------------------------------------
// Go slice model for `Match` (encoding/json decodes element-wise into the existing backing array)

interface RuleSlot {
  osImage: string;
  image: string;
  precompiled: boolean;
  digest: string;
  line?: number;
}
interface RuleSlice {
  len: number;
  /** Backing array; its length is the slice capacity. */
  arr: RuleSlot[];
}
interface ComponentSlot {
  tag: string;
  image: string;
  digest: string;
  match: RuleSlice | null;
  line?: number;
}
interface ConfigSlot {
  base: string;
  baseLine?: number;
  components: Map<string, ComponentSlot> | null;
}

/** sizeof(imageversions.OsMatch) on 64-bit: three strings and a padded bool. */
const OSMATCH_SIZE = 56;
const SIZE_CLASSES = [0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288,
  320, 352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304, 2688,
  3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240, 10880, 12288, 13568, 14336,
  16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768];

/** Go runtime `roundupsize(size, noscan=false)` (Go >= 1.22, with malloc headers). */
function roundupsize(size: number): number {
  const maxSmall = 32768;
  const header = 8;
  if (size <= maxSmall - header) {
    const req = size > 512 ? size + header : size;
    const cls = SIZE_CLASSES.find((c) => c >= req) as number;
    return cls - (req - size);
  }
  const page = 8192;
  return Math.ceil(size / page) * page;
}

/** Go `reflect.Value.Grow(1)` on a full slice: the new capacity (runtime nextslicecap + size class). */
function grownCapacity(oldCap: number): number {
  const newLen = oldCap + 1;
  let newcap = oldCap;
  const doublecap = newcap + newcap;
  if (newLen > doublecap) {
    newcap = newLen;
  } else if (oldCap < 256) {
    newcap = doublecap;
  } else {
    while (newcap < newLen) newcap += (newcap + 3 * 256) >> 2;
  }
  return Math.floor(roundupsize(newcap * OSMATCH_SIZE) / OSMATCH_SIZE);
}

function emptyRule(): RuleSlot {
  return { osImage: '', image: '', precompiled: false, digest: '' };
}

// =============================================================================================
// The decoder

const TAB_MESSAGE = 'found a tab character where the operator\'s YAML parser (go-yaml v2) does not allow one '
  + '(tabs may not indent, and may not follow "-", "?" or ":" in block context); use spaces';

class EntryDecoder {
  private readonly src: string;
  private readonly lc = new LineCounter();
  private readonly diags: Diagnostic[] = [];
  private readonly diagSeen = new Set<string>();

  // go-yaml decoder state
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;
  private readonly activeAliases = new Set<AliasNode>();
  private nanKeys = 0;
  private depth = 0;

  public constructor(private readonly key: string, text: string) {
    if (typeof text !== 'string') {
      throw new PiraeusError(ErrorCodes.INVALID_INPUT, 'the entry is not a string', { key });
    }
    // libyaml treats CR, CRLF and NEL as line breaks and reads every one of them as "\n".
    // Offsets are unchanged (one code unit each; CRLF is kept, the yaml package handles it).
    this.src = text.replace(/\r(?!\n)/g, '\n').replace(/\u0085/g, '\n');
  }

  // -------------------------------------------------------------------------------------------
  // Locations, errors, diagnostics

  private where(offset: number | undefined, component?: string): SourceLocation {
    if (offset === undefined) return component === undefined ? { key: this.key } : { key: this.key, component };
    const p = this.lc.linePos(offset);
    const loc: SourceLocation = { key: this.key, line: p.line, column: p.col };
    return component === undefined ? loc : { ...loc, component };
  }

  private lineOf(offset: number): number {
    return this.lc.linePos(offset).line;
  }

  private fail(code: ErrorCode, detail: string, offset?: number, component?: string): never {
    throw new PiraeusError(code, detail, this.where(offset, component));
  }

  private diag(code: string, message: string, offset?: number, component?: string): void {
    const location = this.where(offset, component);
    const id = `${code}\u0000${location.line}\u0000${location.column}\u0000${message}`;
    if (this.diagSeen.has(id)) return;
    this.diagSeen.add(id);
    this.diags.push({ code, severity: 'warning', message, location });
  }

  // -------------------------------------------------------------------------------------------
  // Entry point

  public run(): DecodeResult {
    const depth = estimateNesting(this.src);
    if (depth > MAX_DEPTH) {
      throw new PiraeusError(ErrorCodes.INVALID_INPUT,
        `the entry is nested about ${depth} levels deep; cdk8s-piraeus decodes at most ${MAX_DEPTH} levels `
        + '(image configuration needs five)', { key: this.key });
    }
    const cst = Array.from(new Parser(this.lc.addNewLine).parse(this.src));
    const composer = new Composer({
      version: '1.1',
      schema: 'failsafe', // scalars are resolved by ./go-scalar, not by the yaml package
      merge: false, // `<<` is applied below with go-yaml v2's positional semantics
      uniqueKeys: false,
      keepSourceTokens: true,
    });
    const list = Array.from(composer.compose(cst, false, this.src.length));
    const docTokens = cst.filter((t) => t.type === 'document');
    const regionEnd = docTokens.length > 1 ? docTokens[1].offset : this.src.length;

    this.checkCharacters(regionEnd);

    if (list.length === 0) {
      // Empty entry or only comments: an empty Config.
      const streamErrors = composer.streamInfo().errors;
      if (streamErrors.length > 0) {
        this.fail(ErrorCodes.YAML_SYNTAX, `not valid YAML: ${streamErrors[0].message.split('\n')[0]}`, streamErrors[0].pos[0]);
      }
      this.checkTokens(cst, regionEnd);
      const directive = cst.find((t) => t.type === 'directive');
      if (directive) {
        this.fail(ErrorCodes.YAML_SYNTAX, 'did not find expected <document start>: a directive must be followed by "---"',
          directive.offset);
      }
      return this.finish({ base: '', components: null });
    }
    const doc = list[0];
    const errors = doc.errors.filter((e) => !(e.code === 'BAD_DQ_ESCAPE'
      || (e.code === 'MISSING_CHAR' && e.message.startsWith('Comments must be separated'))));
    if (errors.length > 0) {
      const e = errors[0];
      const first = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      const hint = e.code === 'BAD_INDENT' || first.startsWith('Missing closing')
        ? ' (continuation lines of quoted strings and of [ ] / { } must be indented further than their key)'
        : '';
      this.fail(ErrorCodes.YAML_SYNTAX, `not valid YAML: ${first}${hint}`, e.pos[0]);
    }
    this.checkTokens(cst, regionEnd);

    const extra = list.slice(1).filter((d) => {
      const c = d.contents;
      if (c === null || c === undefined) return false;
      return !(isScalar(c) && c.source === '' && !c.tag && !c.anchor);
    });
    if (extra.length > 0) {
      const at = extra[0].contents?.range?.[0];
      this.diag(DiagnosticCodes.EXTRA_DOCUMENTS,
        `the entry holds ${list.length} YAML documents; the operator reads only the first one and ignores `
        + `the rest${at !== undefined ? ` (the next one with content starts at line ${this.lineOf(at)})` : ''}; `
        + 'split them into separate ConfigMap keys', at);
    }

    const root = doc.contents === null || doc.contents === undefined
      ? null
      : this.buildNode(doc.contents, new Map(), doc.contents.range?.[0] ?? 0);
    const gv: GV | null = root === null ? null : this.unmarshal(root);
    const jv: JV | null = gv === null ? null : this.convert(gv, { k: 'struct', s: 'Config' }, []);
    if (jv !== null) this.checkMarshal(jv);
    const cfg: ConfigSlot = { base: '', components: null };
    if (jv !== null) this.decodeConfig(jv, cfg);
    return this.finish(cfg);
  }

  private finish(cfg: ConfigSlot): DecodeResult {
    const components = new Map<string, ComponentConfig>();
    if (cfg.components) {
      for (const [name, c] of cfg.components) {
        const match: OsMatch[] = [];
        if (c.match) {
          for (let i = 0; i < c.match.len; i++) {
            const r = c.match.arr[i];
            const rule: OsMatch = r.line === undefined
              ? { osImage: r.osImage, image: r.image, precompiled: r.precompiled, digest: r.digest }
              : { osImage: r.osImage, image: r.image, precompiled: r.precompiled, digest: r.digest, line: r.line };
            match.push(rule);
          }
        }
        const comp: ComponentConfig = c.line === undefined
          ? { tag: c.tag, image: c.image, digest: c.digest, match }
          : { tag: c.tag, image: c.image, digest: c.digest, match, line: c.line };
        components.set(name, comp);
      }
    }
    const document: ImageConfigDocument = cfg.baseLine === undefined
      ? { key: this.key, base: cfg.base, components }
      : { key: this.key, base: cfg.base, baseLine: cfg.baseLine, components };
    const diagnostics = this.diags.slice().sort((a, b) => (a.location.line ?? 0) - (b.location.line ?? 0));
    return { document, diagnostics };
  }

  // -------------------------------------------------------------------------------------------
  // libyaml compatibility checks (things the yaml package accepts but go-yaml v2 rejects)

  /** libyaml's reader: only printable characters (plus tab, LF, CR, NEL) are allowed. */
  private checkCharacters(end: number): void {
    const s = this.src;
    const lone = firstLoneSurrogate(s.slice(0, end));
    for (let i = 0; i < end; i++) {
      const c = s.charCodeAt(i);
      if (i === lone) this.fail(ErrorCodes.YAML_SYNTAX, 'the entry contains a lone UTF-16 surrogate, which is not valid UTF-8', i);
      // The two halves of a surrogate pair: a character outside the BMP, printable.
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ok = c === 0x09 || c === 0x0a || c === 0x0d || (c >= 0x20 && c <= 0x7e) || c === 0x85
        || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd);
      if (!ok) {
        this.fail(ErrorCodes.YAML_SYNTAX,
          `control characters are not allowed (U+${c.toString(16).toUpperCase().padStart(4, '0')}); `
          + 'the operator\'s YAML parser rejects the entry', i);
      }
    }
  }

  /** Walks the CST leaves of the first document and applies libyaml's token-level rules. */
  private checkTokens(cst: unknown[], end: number): void {
    const leaves: Leaf[] = [];
    for (const t of cst) collectLeaves(t, leaves);
    const inRegion = leaves.filter((l) => l.offset < end).sort((a, b) => a.offset - b.offset);
    let flow = 0;
    let allowed = true; // libyaml simple_key_allowed: tabs are skipped only when it is false
    for (const leaf of inRegion) {
      if (leaf.type !== 'single-quoted-scalar' && leaf.type !== 'double-quoted-scalar') {
        const ls = leaf.source.search(/[\u2028\u2029]/);
        if (ls >= 0) {
          this.fail(ErrorCodes.YAML_SYNTAX,
            'U+2028/U+2029 outside a quoted string: the operator\'s YAML parser treats it as a line break', leaf.offset + ls);
        }
      }
      switch (leaf.type) {
        case 'space': {
          const tab = leaf.source.indexOf('\t');
          if (tab >= 0 && flow === 0 && allowed) this.fail(ErrorCodes.YAML_SYNTAX, TAB_MESSAGE, leaf.offset + tab);
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
        case 'map-value-ind':
          allowed = flow === 0;
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
          this.checkBlockScalarTabs(leaf);
          allowed = true;
          break;
        case 'scalar':
          if (flow > 0 && (leaf.source.includes('?') || leaf.source.startsWith(':'))) {
            this.fail(ErrorCodes.YAML_SYNTAX,
              `plain value "${leaf.source}" inside [ ] or { }: the operator's YAML parser reads "?" and a leading ":" `
              + 'there as indicators; quote the value', leaf.offset);
          }
          allowed = false;
          break;
        case 'anchor':
        case 'alias': {
          const name = leaf.source.slice(1);
          if (!/^[0-9A-Za-z_-]+$/.test(name)) {
            this.fail(ErrorCodes.YAML_SYNTAX,
              `${leaf.type} name "${name}" is not accepted by the operator's YAML parser `
              + '(only letters, digits, "_" and "-" are allowed)', leaf.offset);
          }
          allowed = false;
          break;
        }
        case 'directive':
          this.checkDirective(leaf);
          allowed = false;
          break;
        default:
          allowed = false;
      }
    }
  }

  private checkDirective(leaf: Leaf): void {
    const parts = leaf.source.slice(1).split(/[ \t]+/);
    const name = parts[0];
    if (name === 'YAML') {
      const m = /^([0-9]+)\.([0-9]+)$/.exec(parts[1] ?? '');
      if (!m || Number(m[1]) !== 1 || Number(m[2]) !== 1) {
        this.fail(ErrorCodes.YAML_SYNTAX,
          `found incompatible YAML document (%YAML ${parts[1] ?? ''}): the operator's YAML parser accepts only %YAML 1.1`,
          leaf.offset);
      }
    } else if (name !== 'TAG') {
      this.fail(ErrorCodes.YAML_SYNTAX, `found unknown directive name "%${name}"`, leaf.offset);
    }
  }

  /** libyaml `scan_block_scalar_breaks`: no tab inside the indentation of a block scalar. */
  private checkBlockScalarTabs(leaf: Leaf): void {
    const header = leaf.header ?? '';
    const digit = /[1-9]/.exec(header);
    const parentIndent = leaf.indent;
    let indent = digit ? parentIndent + Number(digit[0]) : 0;
    let determined = indent > 0;
    let maxIndent = 0;
    let at = leaf.offset;
    const lines = leaf.source.split('\n');
    for (let li = 0; li < lines.length; li++) {
      const line = lines[li];
      if (li === lines.length - 1 && line === '') break;
      let c = 0;
      while (line[c] === ' ' && (!determined || c < indent)) c++;
      if (!determined && c > maxIndent) maxIndent = c;
      if ((!determined || c < indent) && line[c] === '\t') {
        this.fail(ErrorCodes.YAML_SYNTAX,
          'found a tab character where an indentation space is expected in a block scalar (| or >); use spaces',
          at + c);
      }
      if (!determined && line[c] !== undefined && line[c] !== '\r') {
        determined = true;
        indent = Math.max(maxIndent, parentIndent + 1, 1);
      }
      at += line.length + 1;
    }
  }

  // -------------------------------------------------------------------------------------------
  // yaml AST -> go-yaml node tree

  private emptyScalar(offset: number): ScalarNode {
    return { kind: 'scalar', value: '', tag: '', implicit: true, quoted: false, offset };
  }

  private buildNode(n: unknown, anchors: Map<string, GoNode>, fallbackOffset: number): GoNode {
    if (n === null || n === undefined) return this.emptyScalar(fallbackOffset);
    if (isAlias(n)) {
      const a = n as Alias;
      const offset = a.range?.[0] ?? fallbackOffset;
      const target = anchors.get(a.source);
      if (!target) this.fail(ErrorCodes.YAML_SYNTAX, `unknown anchor '${a.source}' referenced`, offset);
      return { kind: 'alias', name: a.source, target, offset };
    }
    if (isScalar(n)) {
      const s = n as Scalar;
      const offset = s.range?.[0] ?? fallbackOffset;
      const tag = s.tag ?? '';
      let value: string;
      let quoted = false;
      if (s.type === 'QUOTE_DOUBLE' || s.type === 'QUOTE_SINGLE') {
        quoted = true;
        const tok = (s as unknown as { srcToken?: { source?: string; offset?: number } }).srcToken;
        const raw = typeof tok?.source === 'string' ? tok.source : undefined;
        if (raw === undefined) {
          value = String(s.source ?? '');
        } else {
          const r = decodeFlowScalar(raw, s.type === 'QUOTE_SINGLE');
          if ('error' in r) this.fail(ErrorCodes.YAML_SYNTAX, r.error, (tok?.offset ?? offset) + r.at);
          value = r.value;
        }
      } else {
        value = String(s.source ?? '');
        quoted = s.type === 'BLOCK_LITERAL' || s.type === 'BLOCK_FOLDED';
      }
      const implicit = (tag === '' && !quoted) || tag === '!';
      const node: ScalarNode = { kind: 'scalar', value, tag: tag === '' ? '' : tag, implicit, quoted, offset };
      if (s.anchor) anchors.set(s.anchor, node);
      return node;
    }
    if (isMap(n)) {
      const offset = n.range?.[0] ?? fallbackOffset;
      const children: GoNode[] = [];
      const node: MappingNode = { kind: 'map', children, offset };
      if (n.anchor) anchors.set(n.anchor, node);
      for (const item of n.items) {
        const pair = item as { key: unknown; value: unknown };
        const keyRange = (pair.key as { range?: [number, number, number] } | null)?.range;
        const valRange = (pair.value as { range?: [number, number, number] } | null)?.range;
        const k = this.buildNode(pair.key, anchors, keyRange?.[0] ?? valRange?.[0] ?? offset);
        const v = this.buildNode(pair.value, anchors, valRange?.[0] ?? keyRange?.[1] ?? offset);
        children.push(k, v);
      }
      return node;
    }
    if (isSeq(n)) {
      const offset = n.range?.[0] ?? fallbackOffset;
      const children: GoNode[] = [];
      const node: SequenceNode = { kind: 'seq', children, offset };
      if (n.anchor) anchors.set(n.anchor, node);
      for (const item of n.items) {
        const r = (item as { range?: [number, number, number] } | null)?.range;
        children.push(this.buildNode(item, anchors, r?.[0] ?? offset));
      }
      return node;
    }
    /* istanbul ignore next */
    throw new Error('unexpected YAML node');
  }

  // -------------------------------------------------------------------------------------------
  // go-yaml v2 decode into interface{}

  private tick(): void {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (this.aliasCount > 100 && this.decodeCount > 1000
      && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)) {
      this.fail(ErrorCodes.YAML_SYNTAX, 'document contains excessive aliasing');
    }
  }

  private unmarshal(n: GoNode): GV {
    this.tick();
    if (n.kind === 'map' || n.kind === 'seq') {
      if (this.depth >= MAX_DEPTH) {
        this.fail(ErrorCodes.INVALID_INPUT,
          `the entry is nested more than ${MAX_DEPTH} levels deep once aliases are expanded; cdk8s-piraeus does not `
          + 'decode such documents', n.offset);
      }
      this.depth++;
      try {
        return this.unmarshalCollection(n);
      } finally {
        this.depth--;
      }
    }
    switch (n.kind) {
      case 'alias': {
        this.enterAlias(n);
        try {
          return this.unmarshal(n.target);
        } finally {
          this.leaveAlias(n);
        }
      }
      case 'scalar':
        return this.scalar(n);
    }
  }

  private unmarshalCollection(n: MappingNode | SequenceNode): GV {
    if (n.kind === 'seq') return { t: 'seq', items: n.children.map((c) => this.unmarshal(c)), src: n };
    const out: GV = { t: 'map', entries: new Map(), src: n };
    this.mappingInto(n, out, null);
    return out;
  }

  private enterAlias(n: AliasNode): void {
    if (this.activeAliases.has(n)) {
      this.fail(ErrorCodes.YAML_SYNTAX, `anchor '${n.name}' value contains itself`, n.offset);
    }
    this.activeAliases.add(n);
    this.aliasDepth++;
  }

  private leaveAlias(n: AliasNode): void {
    this.aliasDepth--;
    this.activeAliases.delete(n);
  }

  private scalar(n: ScalarNode): GV {
    if (n.tag === '' && !n.implicit) return { t: 'str', v: n.value, src: n };
    let r: GoScalar;
    try {
      r = resolveTagged(n.tag, n.value);
    } catch (e) {
      if (e instanceof ScalarResolveError) this.fail(ErrorCodes.DECODE_TYPE, e.message, n.offset);
      throw e;
    }
    if (n.tag !== '' && n.tag !== '!' && !n.tag.startsWith('tag:yaml.org,2002:')) {
      this.diag(DiagnosticCodes.YAML_FEATURE,
        `the custom tag ${n.tag} is ignored by the operator; the value is read as the plain text "${n.value}"`, n.offset);
    }
    switch (r.kind) {
      case 'null':
        return { t: 'null', src: n };
      case 'bool':
        return { t: 'bool', v: r.value, src: n };
      case 'int':
        return { t: 'int', v: r.value, unsigned: r.unsigned, src: n };
      case 'float':
        return { t: 'float', v: r.value, src: n };
      case 'timestamp':
      case 'string':
        return { t: 'str', v: r.value, src: n };
    }
  }

  /** Go map identity of an interface{} key. */
  private keyIdentity(k: GV): string {
    switch (k.t) {
      case 'null':
        return 'n';
      case 'bool':
        return k.v ? 'b1' : 'b0';
      case 'int':
        return (k.unsigned ? 'u' : 'i') + k.v.toString();
      case 'float':
        if (Number.isNaN(k.v)) return 'nan' + this.nanKeys++;
        return 'f' + String(k.v === 0 ? 0 : k.v);
      case 'str':
        return 's' + k.v;
      default:
        return '?';
    }
  }

  private isMerge(n: GoNode): boolean {
    return n.kind === 'scalar' && n.value === '<<' && (n.implicit || n.tag === MERGE_TAG);
  }

  /** go-yaml `mapping()` into an existing map (also used by merges; `mergeKey` is then the `<<`). */
  private mappingInto(n: MappingNode, out: GV & { t: 'map' }, mergeKey: GoNode | null): void {
    for (let i = 0; i < n.children.length; i += 2) {
      const kn = n.children[i];
      const vn = n.children[i + 1];
      if (this.isMerge(kn)) {
        this.merge(vn, out, mergeKey ?? kn);
        continue;
      }
      const key = this.unmarshal(kn);
      if (key.t === 'map' || key.t === 'seq') {
        this.fail(ErrorCodes.DECODE_TYPE,
          `invalid map key: a ${key.t === 'map' ? 'mapping' : 'sequence'} cannot be a key`, kn.offset);
      }
      const value = this.unmarshal(vn);
      this.setMapIndex(out, key, value, kn, mergeKey);
    }
  }

  private setMapIndex(out: GV & { t: 'map' }, key: GV, value: GV, keyNode: GoNode, mergeKey: GoNode | null): void {
    const id = this.keyIdentity(key);
    const prev = out.entries.get(id);
    const viaMerge = mergeKey !== null;
    if (prev) {
      const shown = describeKey(key);
      if (!viaMerge && !prev.viaMerge) {
        const same = displayText(prev.keyNode) === displayText(keyNode);
        this.diag(DiagnosticCodes.DUPLICATE_KEY,
          `key ${shown} appears more than once in this mapping (line ${this.lineOf(prev.keyNode.offset)} and `
          + `line ${this.lineOf(keyNode.offset)}${same ? '' : `, written "${displayText(prev.keyNode)}" and "${displayText(keyNode)}"`}); `
          + 'the operator uses the last one', keyNode.offset);
      } else if (viaMerge && !prev.viaMerge) {
        this.diag(DiagnosticCodes.YAML_FEATURE,
          `the merge key "<<" overrides ${shown} set earlier at line ${this.lineOf(prev.keyNode.offset)}: the operator's `
          + 'YAML parser applies "<<" in position order, so put "<<" first if the explicit key should win',
          (mergeKey as GoNode).offset);
      }
      out.entries.delete(id);
    }
    out.entries.set(id, { key, value, keyNode, viaMerge });
  }

  /** go-yaml `merge()`. */
  private merge(n: GoNode, out: GV & { t: 'map' }, mergeKey: GoNode): void {
    const want = (): never => this.fail(ErrorCodes.DECODE_TYPE,
      'map merge requires map or sequence of maps as the value', n.offset);
    switch (n.kind) {
      case 'map':
        this.unmarshalInto(n, out, mergeKey);
        return;
      case 'alias':
        if (n.target.kind !== 'map') want();
        this.unmarshalInto(n, out, mergeKey);
        return;
      case 'seq':
        for (let i = n.children.length - 1; i >= 0; i--) {
          const ni = n.children[i];
          if (ni.kind === 'alias') {
            if (ni.target.kind !== 'map') want();
          } else if (ni.kind !== 'map') {
            want();
          }
          this.unmarshalInto(ni, out, mergeKey);
        }
        return;
      default:
        want();
    }
  }

  /** go-yaml `d.unmarshal(n, out)` with `out` an existing map (merge targets). */
  private unmarshalInto(n: GoNode, out: GV & { t: 'map' }, mergeKey: GoNode): void {
    this.tick();
    if (n.kind === 'alias') {
      this.enterAlias(n);
      try {
        this.unmarshalInto(n.target, out, mergeKey);
      } finally {
        this.leaveAlias(n);
      }
      return;
    }
    if (n.kind === 'map') this.mappingInto(n, out, mergeKey);
  }

  // -------------------------------------------------------------------------------------------
  // sigs.k8s.io/yaml convertToJSONableObject

  private keyString(e: GVEntry): string {
    const k = e.key;
    switch (k.t) {
      case 'str':
        return k.v;
      case 'bool':
        return k.v ? 'true' : 'false';
      case 'int':
        if (k.unsigned) {
          this.fail(ErrorCodes.DECODE_TYPE,
            `unsupported map key of type: uint64, key: ${k.v.toString()} (the operator cannot use integer keys above 2^63-1)`,
            e.keyNode.offset);
        }
        return k.v.toString();
      case 'float': {
        const s = formatFloat32(k.v);
        if (s === '+Inf') return '.inf';
        if (s === '-Inf') return '-.inf';
        if (s === 'NaN') return '.nan';
        return s;
      }
      case 'null':
        return this.fail(ErrorCodes.DECODE_TYPE,
          'unsupported map key of type: <nil> (a key that is empty, "~" or "null"); the operator rejects the entry',
          e.keyNode.offset);
      default:
        return this.fail(ErrorCodes.DECODE_TYPE, 'unsupported map key', e.keyNode.offset);
    }
  }

  private convert(gv: GV, target: Target, path: string[]): JV {
    switch (gv.t) {
      case 'map': {
        const byKey = new Map<string, JEntry>();
        const prevKey = new Map<string, GV>();
        for (const e of gv.entries.values()) {
          const ks = this.keyString(e);
          let vt: Target = null;
          let sigsField = false;
          if (target?.k === 'struct') {
            const f = sigsFindField(target.s, ks);
            if (f) {
              vt = fieldTarget(f);
              sigsField = true;
            }
          } else if (target?.k === 'components') {
            vt = { k: 'struct', s: 'ComponentConfig' };
            if (e.key.t !== 'str') {
              const text = displayText(e.keyNode);
              if (text !== ks) {
                this.diag(DiagnosticCodes.SCALAR_COERCED,
                  `component key ${text} is a YAML 1.1 ${yamlTypeName(e.key)}; the operator reads it as "${ks}". `
                  + `Quote the key ("${text}") if you meant the text`, e.keyNode.offset, ks);
              }
            }
          }
          const value = this.convert(e.value, vt, [...path, ks]);
          const prev = byKey.get(ks);
          if (prev) {
            this.diag(DiagnosticCodes.DUPLICATE_KEY,
              `keys ${typedKey(prevKey.get(ks) as GV, prev.keyNode)} (line ${this.lineOf(prev.keyNode.offset)}) and `
              + `${typedKey(e.key, e.keyNode)} (line ${this.lineOf(e.keyNode.offset)}) are different YAML keys that both `
              + `become "${ks}" for the operator, which then picks one of them at random; remove one`, e.keyNode.offset);
          }
          byKey.set(ks, { key: ks, value, keyNode: e.keyNode, sigsField });
          prevKey.set(ks, e.key);
        }
        const entries = Array.from(byKey.values()).sort((a, b) => compareUtf8(a.key, b.key));
        return { j: 'obj', entries, gv };
      }
      case 'seq': {
        const et: Target = target?.k === 'match' ? { k: 'struct', s: 'OsMatch' } : null;
        return { j: 'arr', items: gv.items.map((x, i) => this.convert(x, et, [...path, String(i)])), gv };
      }
      default:
        break;
    }
    if (target?.k === 'string') {
      const field = path[path.length - 1];
      const component = componentOf(path);
      if (gv.t === 'null') {
        const text = displayText(gv.src);
        this.diag(DiagnosticCodes.SCALAR_COERCED,
          `${field} has ${text === '' ? 'no value' : `the null value ${text}`}; the operator leaves the field empty `
          + '(or keeps a value another spelling of the key gave it); write "" for an empty string',
          gv.src.offset, component);
        return { j: 'null', gv };
      }
      if (gv.t === 'int' || gv.t === 'float' || gv.t === 'bool') {
        const s = coerceToString(gvToScalar(gv));
        const text = gv.src.value;
        if (s !== text) {
          this.diag(DiagnosticCodes.SCALAR_COERCED,
            `${field}: ${text} is a YAML 1.1 ${yamlTypeName(gv)}; the operator reads it as the string "${s}". `
            + `Quote it ('${text}') if you meant the text`, gv.src.offset, component);
        }
        return { j: 'str', v: s, gv };
      }
    }
    switch (gv.t) {
      case 'null':
        return { j: 'null', gv };
      case 'bool':
        return { j: 'bool', v: gv.v, gv };
      case 'int':
      case 'float':
        return { j: 'num', gv };
      case 'str':
        return { j: 'str', v: gv.v, gv };
    }
  }

  /** encoding/json Marshal: NaN and ±Inf that were not turned into strings cannot be encoded. */
  private checkMarshal(jv: JV): void {
    const stack: JV[] = [jv];
    while (stack.length > 0) {
      const x = stack.pop() as JV;
      if (x.j === 'num' && x.gv.t === 'float' && !Number.isFinite(x.gv.v)) {
        const shown = Number.isNaN(x.gv.v) ? 'NaN' : x.gv.v > 0 ? '+Inf' : '-Inf';
        this.fail(ErrorCodes.DECODE_TYPE,
          `json: unsupported value: ${shown} (the YAML value "${x.gv.src.value}" can only be used where a string is expected; `
          + 'the operator rejects the entry)', x.gv.src.offset);
      } else if (x.j === 'obj') {
        for (let i = x.entries.length - 1; i >= 0; i--) stack.push(x.entries[i].value);
      } else if (x.j === 'arr') {
        for (let i = x.items.length - 1; i >= 0; i--) stack.push(x.items[i]);
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // encoding/json Unmarshal into imageversions.Config

  private typeError(jv: JV, goType: string, path: string[], struct: string | undefined, expected: string, hint = ''): never {
    const value = jsonKind(jv);
    const field = path.join('.');
    const goMsg = struct
      ? `json: cannot unmarshal ${value} into Go struct field ${struct}.${field} of type ${goType}`
      : `json: cannot unmarshal ${value} into Go value of type ${goType}`;
    const what = path.length > 0 ? `"${path[path.length - 1]}"` : 'the document';
    const got = describeJson(jv);
    return this.fail(ErrorCodes.DECODE_TYPE,
      `${what} must be ${expected}, but is ${got}; the operator rejects the whole ConfigMap (${goMsg})${hint}`,
      jv.gv.src.offset, componentOf(path));
  }

  private decodeConfig(jv: JV, cfg: ConfigSlot): void {
    if (jv.j === 'null') return;
    if (jv.j !== 'obj') {
      this.typeError(jv, 'imageversions.Config', [], undefined,
        'a mapping with "base" and "components"');
    }
    this.decodeStruct(jv, 'Config', [], (f, entry) => {
      if (f.go === 'Base') {
        this.decodeString(entry, ['base'], 'Config', (v) => {
          cfg.base = v;
          cfg.baseLine = this.lineOf(entry.keyNode.offset);
        });
      } else {
        this.decodeComponents(entry.value, cfg, ['components']);
      }
    });
  }

  /** Applies a JSON object to a struct: field lookup, unknown keys, spelling diagnostics. */
  private decodeStruct(jv: JV & { j: 'obj' }, s: StructName, path: string[],
    apply: (f: FieldDef, e: JEntry) => void): void {
    const seen = new Map<string, JEntry[]>();
    const component = componentOf(path);
    for (const e of jv.entries) {
      const f = jsonFindField(s, e.key);
      if (!f) {
        this.diag(DiagnosticCodes.UNKNOWN_KEY, unknownKeyMessage(e.key, s, displayText(e.keyNode)), e.keyNode.offset, component);
        continue;
      }
      const list = seen.get(f.go) ?? [];
      list.push(e);
      seen.set(f.go, list);
      apply(f, e);
    }
    for (const f of STRUCT_FIELDS[s]) {
      const list = seen.get(f.go);
      if (!list) continue;
      for (const e of list) {
        if (e.key !== f.doc) {
          this.diag(DiagnosticCodes.KEY_CASE,
            `key "${e.key}" is not the documented spelling "${f.doc}"; the operator matches keys case-insensitively, `
            + `so it still sets ${f.doc} — write "${f.doc}"`, e.keyNode.offset, component);
        }
      }
      if (list.length > 1) {
        const spellings = list.map((e) => `"${e.key}" (line ${this.lineOf(e.keyNode.offset)})`).join(', ');
        const winner = list[list.length - 1];
        this.diag(DiagnosticCodes.KEY_SPELLING_CONFLICT,
          `${f.doc} is given ${list.length} times with different spellings: ${spellings}; the operator applies them in `
          + `byte-wise order, so "${winner.key}" wins${f.kind === 'string' || f.kind === 'bool' ? '' : ' (merged into the earlier ones)'}`
          + '; keep only one', winner.keyNode.offset, component);
      }
    }
  }

  private decodeString(e: JEntry, path: string[], struct: StructName, set: (v: string) => void): void {
    const jv = e.value;
    if (jv.j === 'null') return;
    if (jv.j === 'str') {
      set(jv.v);
      return;
    }
    let hint = '';
    if (!e.sigsField && (jv.j === 'num' || jv.j === 'bool')) {
      hint = `. The key "${e.key}" only matches the field through a non-ASCII letter, so the operator does not turn `
        + 'the value into a string first; write the key in ASCII or quote the value';
    }
    this.typeError(jv, 'string', path, struct, 'a string', hint);
  }

  private decodeComponents(jv: JV, cfg: ConfigSlot, path: string[]): void {
    if (jv.j === 'null') {
      cfg.components = null;
      return;
    }
    if (jv.j !== 'obj') {
      this.typeError(jv, 'map[string]imageversions.ComponentConfig', path, 'Config',
        'a mapping of component names to components');
    }
    if (!cfg.components) cfg.components = new Map();
    for (const e of jv.entries) {
      const slot: ComponentSlot = { tag: '', image: '', digest: '', match: null, line: this.lineOf(e.keyNode.offset) };
      const cpath = [...path, e.key];
      const v = e.value;
      if (v.j === 'null') {
        this.diag(DiagnosticCodes.NULL_VALUE,
          `component "${e.key}" has no value; the operator treats it as an empty component, which yields no image `
          + '(and replaces any earlier definition of it in this entry)', e.keyNode.offset, e.key);
      } else if (v.j === 'obj') {
        this.decodeComponent(v, slot, cpath);
      } else {
        this.typeError(v, 'imageversions.ComponentConfig', cpath, 'Config',
          'a mapping with image, tag, digest and match');
      }
      cfg.components.set(e.key, slot);
    }
  }

  private decodeComponent(jv: JV & { j: 'obj' }, c: ComponentSlot, path: string[]): void {
    this.decodeStruct(jv, 'ComponentConfig', path, (f, e) => {
      const p = [...path, f.doc];
      switch (f.go) {
        case 'Tag':
          this.decodeString(e, p, 'ComponentConfig', (v) => { c.tag = v; });
          break;
        case 'Image':
          this.decodeString(e, p, 'ComponentConfig', (v) => { c.image = v; });
          break;
        case 'Digest':
          this.decodeString(e, p, 'ComponentConfig', (v) => { c.digest = v; });
          break;
        default:
          this.decodeMatch(e.value, c, p);
      }
    });
  }

  /** encoding/json `array()` into the `Match` slice, including its reuse of the backing array. */
  private decodeMatch(jv: JV, c: ComponentSlot, path: string[]): void {
    if (jv.j === 'null') {
      c.match = null;
      return;
    }
    if (jv.j !== 'arr') {
      this.typeError(jv, '[]imageversions.OsMatch', path, 'ComponentConfig', 'a list of match rules');
    }
    const slice: RuleSlice = c.match ?? { len: 0, arr: [] };
    let i = 0;
    for (const item of jv.items) {
      if (i >= slice.arr.length) {
        const cap = grownCapacity(slice.arr.length);
        while (slice.arr.length < cap) slice.arr.push(emptyRule());
      }
      if (i >= slice.len) slice.len = i + 1;
      const slot = slice.arr[i];
      if (item.j === 'null') {
        this.diag(DiagnosticCodes.NULL_VALUE,
          `match rule ${i + 1} has no value; the operator treats it as a rule with an empty pattern, which matches every `
          + 'node', item.gv.src.offset, componentOf(path));
        slot.line = this.lineOf(item.gv.src.offset);
      } else if (item.j === 'obj') {
        slot.line = this.lineOf(item.gv.src.offset);
        this.decodeRule(item, slot, path);
      } else {
        this.typeError(item, 'imageversions.OsMatch', path, 'ComponentConfig',
          'a mapping with osImage, image, precompiled and digest');
      }
      i++;
    }
    if (i < slice.len) slice.len = i;
    c.match = i === 0 ? { len: 0, arr: [] } : slice;
  }

  private decodeRule(jv: JV & { j: 'obj' }, r: RuleSlot, path: string[]): void {
    this.decodeStruct(jv, 'OsMatch', path, (f, e) => {
      const p = [...path, f.doc];
      switch (f.go) {
        case 'OsImage':
          this.decodeString(e, p, 'OsMatch', (v) => { r.osImage = v; });
          break;
        case 'Image':
          this.decodeString(e, p, 'OsMatch', (v) => { r.image = v; });
          break;
        case 'Digest':
          this.decodeString(e, p, 'OsMatch', (v) => { r.digest = v; });
          break;
        default: {
          const v = e.value;
          if (v.j === 'null') break;
          if (v.j === 'bool') {
            r.precompiled = v.v;
            break;
          }
          this.typeError(v, 'bool', p, 'OsMatch',
            'a YAML boolean (true/false, yes/no, on/off) or null');
        }
      }
    });
  }
}

// =============================================================================================
// Helpers

/**
 * Deepest nesting this decoder accepts. The `yaml` package recurses per level and runs out of
 * stack at roughly 800; the operator's JSON decoder stops at 10000. Image configuration needs 5.
 */
const MAX_DEPTH = 400;

/** A cheap, iterative upper estimate of the nesting depth (flow brackets plus block indentation). */
function estimateNesting(src: string): number {
  let flow = 0;
  let max = 0;
  const stack: number[] = [];
  let lineStart = true;
  let col = 0;
  let lineIndicators = 0;
  for (const tok of new Lexer().lex(src)) {
    if (tok === '\u0002' || tok === '\u001f' || tok === '\u0018') continue; // zero-width lexer markers
    const type = CST.tokenType(tok);
    if (type === 'newline') {
      lineStart = true;
      col = 0;
      lineIndicators = 0;
      continue;
    }
    if (type === 'space' || type === 'comment') {
      col += tok.length;
      continue;
    }
    if (lineStart && flow === 0) {
      while (stack.length > 0 && stack[stack.length - 1] > col) stack.pop();
      if (stack.length === 0 || stack[stack.length - 1] < col) stack.push(col);
    }
    lineStart = false;
    if (type === 'flow-map-start' || type === 'flow-seq-start') flow++;
    else if (type === 'flow-map-end' || type === 'flow-seq-end') flow = Math.max(0, flow - 1);
    else if (flow === 0 && (type === 'seq-item-ind' || type === 'explicit-key-ind' || type === 'map-value-ind')) {
      lineIndicators++;
    }
    max = Math.max(max, stack.length + lineIndicators + flow);
    col += tok.length;
  }
  return max;
}

interface Leaf {
  readonly type: string;
  readonly offset: number;
  readonly source: string;
  readonly indent: number;
  readonly header?: string;
}

/** Flattens a CST token into its source-bearing leaves (in document order). */
function collectLeaves(t: unknown, out: Leaf[]): void {
  if (t === null || t === undefined || typeof t !== 'object') return;
  if (Array.isArray(t)) {
    for (const x of t) collectLeaves(x, out);
    return;
  }
  const tok = t as Record<string, unknown> & { type?: string; offset?: number; source?: unknown; indent?: number };
  switch (tok.type) {
    case 'document':
      collectLeaves(tok.start, out);
      collectLeaves(tok.value, out);
      collectLeaves(tok.end, out);
      return;
    case 'block-map':
    case 'block-seq':
    case 'flow-collection': {
      if (tok.type === 'flow-collection') collectLeaves(tok.start, out);
      for (const it of (tok.items as unknown[]) ?? []) {
        const item = it as Record<string, unknown>;
        collectLeaves(item.start, out);
        collectLeaves(item.key, out);
        collectLeaves(item.sep, out);
        collectLeaves(item.value, out);
      }
      if (tok.type === 'flow-collection') collectLeaves(tok.end, out);
      return;
    }
    case 'block-scalar': {
      const props = (tok.props as Array<{ type: string; offset: number; source: string }>) ?? [];
      collectLeaves(props, out);
      const header = props.find((p) => p.type === 'block-scalar-header')?.source;
      const last = props[props.length - 1];
      const offset = last ? last.offset + last.source.length : (tok.offset ?? 0);
      out.push({ type: 'block-scalar-content', offset, source: String(tok.source ?? ''), indent: tok.indent ?? 0, header });
      return;
    }
    case 'doc-end':
      out.push({ type: 'doc-end', offset: tok.offset ?? 0, source: String(tok.source ?? ''), indent: 0 });
      collectLeaves(tok.end, out);
      return;
    default:
      if (typeof tok.source === 'string' && typeof tok.offset === 'number') {
        out.push({ type: String(tok.type), offset: tok.offset, source: tok.source, indent: tok.indent ?? 0 });
      }
      collectLeaves(tok.end, out);
  }
}

/**
 * libyaml's quoted-scalar scanner (`yaml_parser_scan_flow_scalar`) on the raw token text,
 * including its escape set (`\/` is not an escape there; `\'` is) and line folding.
 */
function decodeFlowScalar(raw: string, single: boolean): { value: string } | { error: string; at: number } {
  const n = raw.length;
  const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';
  const isBreak = (c: string | undefined): boolean => c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029';
  const readLine = (p: number): { text: string; len: number } => {
    if (raw[p] === '\r' && raw[p + 1] === '\n') return { text: '\n', len: 2 };
    if (raw[p] === '\r' || raw[p] === '\n') return { text: '\n', len: 1 };
    return { text: raw[p], len: 1 };
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
        const simple: Record<string, string> = {
          '0': '\0', 'a': '\x07', 'b': '\b', 't': '\t', '\t': '\t', 'n': '\n', 'v': '\v', 'f': '\f', 'r': '\r',
          'e': '\x1b', ' ': ' ', '"': '"', '\'': '\'', '\\': '\\', 'N': '\u0085', '_': '\u00a0', 'L': '\u2028',
          'P': '\u2029',
        };
        if (e !== undefined && Object.prototype.hasOwnProperty.call(simple, e)) {
          s += simple[e];
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

function allowedAliasRatio(decodeCount: number): number {
  const low = 400000;
  const high = 4000000;
  if (decodeCount <= low) return 0.99;
  if (decodeCount >= high) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - low) / (high - low));
}

/** The text a key or value was written as (alias: the anchored node's text). */
function displayText(n: GoNode): string {
  let x: GoNode = n;
  for (let i = 0; i < 100 && x.kind === 'alias'; i++) x = x.target;
  if (x.kind === 'alias') return `*${x.name}`;
  if (x.kind === 'scalar') return x.value;
  return x.kind === 'map' ? '{…}' : '[…]';
}

function describeKey(k: GV): string {
  switch (k.t) {
    case 'str':
      return `"${k.v}"`;
    case 'null':
      return 'null';
    case 'bool':
      return k.v ? 'true' : 'false';
    case 'int':
      return k.v.toString();
    case 'float':
      return formatFloat32(k.v);
    default:
      return 'key';
  }
}

function typedKey(k: GV, n: GoNode): string {
  const text = displayText(n);
  return k.t === 'str' ? `"${text}" (a string)` : `${text} (a YAML ${yamlTypeName(k)})`;
}

function yamlTypeName(gv: GV): string {
  switch (gv.t) {
    case 'int':
      return 'integer';
    case 'float':
      return 'float';
    case 'bool':
      return 'boolean';
    case 'null':
      return 'null';
    default:
      return 'value';
  }
}

function gvToScalar(gv: GV): GoScalar {
  switch (gv.t) {
    case 'int':
      return { kind: 'int', text: gv.src.value, value: gv.v, unsigned: gv.unsigned };
    case 'float':
      return { kind: 'float', text: gv.src.value, value: gv.v };
    case 'bool':
      return { kind: 'bool', text: gv.src.value, value: gv.v };
    default:
      return { kind: 'null', text: '' };
  }
}

function jsonKind(jv: JV): string {
  switch (jv.j) {
    case 'null':
      return 'null';
    case 'bool':
      return 'bool';
    case 'num':
      return 'number';
    case 'str':
      return 'string';
    case 'obj':
      return 'object';
    case 'arr':
      return 'array';
  }
}

function describeJson(jv: JV): string {
  switch (jv.j) {
    case 'str': {
      const quoted = jv.gv.src.kind === 'scalar' && jv.gv.src.quoted;
      return `the ${quoted ? 'quoted ' : ''}string "${jv.v}"`;
    }
    case 'num':
      return `the number ${jv.gv.src.kind === 'scalar' ? jv.gv.src.value : ''}`.trimEnd();
    case 'bool':
      return `the boolean ${jv.v}`;
    case 'obj':
      return 'a mapping';
    case 'arr':
      return 'a list';
    default:
      return 'null';
  }
}

function componentOf(path: string[]): string | undefined {
  return path.length >= 2 && path[0] === 'components' ? path[1] : undefined;
}

const ALL_DOC_KEYS: ReadonlyArray<[StructName, FieldDef]> = (Object.keys(STRUCT_FIELDS) as StructName[])
  .flatMap((s) => STRUCT_FIELDS[s].map((f) => [s, f] as [StructName, FieldDef]));

function unknownKeyMessage(key: string, s: StructName, written: string): string {
  const shown = written !== key ? `"${key}" (written ${written})` : `"${key}"`;
  let msg = `unknown key ${shown} in ${STRUCT_DESCRIPTION[s]} is ignored by the operator`;
  const folded = goFoldName(key);
  const elsewhere = ALL_DOC_KEYS.find(([other, f]) => other !== s && goFoldName(f.go) === folded);
  if (elsewhere) {
    return `${msg}; "${elsewhere[1].doc}" belongs in ${STRUCT_DESCRIPTION[elsewhere[0]]}`;
  }
  const lowerKey = key.toLowerCase();
  let best: FieldDef | undefined;
  let bestD = Infinity;
  for (const f of STRUCT_FIELDS[s]) {
    const d = editDistance(lowerKey, f.doc.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = f;
    }
  }
  if (best && bestD <= Math.max(2, Math.floor(best.doc.length / 3)) && bestD < lowerKey.length) {
    msg += `; did you mean "${best.doc}"?`;
  } else {
    msg += `; known keys here: ${STRUCT_FIELDS[s].map((f) => f.doc).join(', ')}`;
  }
  return msg;
}
