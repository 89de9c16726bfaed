/**
 * encoding/json's `Unmarshal` of the JSON (./to-json) into `imageversions.Config`: members in
 * byte-wise order, each matched to a field case-insensitively (Go's fold), unknown keys ignored,
 * several spellings of one field applied in turn, `null` a no-op for strings and bools, the
 * components map merged, the `match` list decoded element-wise into the existing slice.
 * Reports type errors as DECODE_TYPE and what the operator silently tolerates as diagnostics.
 */
import { ErrorCodes } from '../../errors';
import { ComponentConfig, DiagnosticCodes, ImageConfigDocument, OsMatch } from '../types';
import { editDistance } from '../util';
import { componentOf, DecodeContext, describeJson, displayText, jsonKind } from './diagnostics';
import { foldName, grownCapacity } from './go-runtime';
import { FieldDef, STRUCT_DESCRIPTION, STRUCT_FIELDS, StructName } from './structs';
import { JEntry, JV } from './values';

// Go values being filled in. `Match` is modelled as a Go slice (length plus backing array),
// because a second spelling of `match` decodes into the array the first one left behind.

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

/** The document `jv` (null: an empty entry) decodes to. */
export function decodeImageConfig(ctx: DecodeContext, jv: JV | null): ImageConfigDocument {
  const cfg: ConfigSlot = { base: '', components: null };
  if (jv !== null) decodeConfig(ctx, jv, cfg);
  return toDocument(ctx.key, cfg);
}

/** encoding/json's field lookup: an exact name first, else the field whose `foldName` is equal. */
export function jsonFindField(s: StructName, key: string): FieldDef | undefined {
  const fields = STRUCT_FIELDS[s];
  for (const f of fields) if (f.go === key) return f;
  const folded = foldName(key);
  for (const f of fields) if (foldName(f.go) === folded) return f;
  return undefined;
}

const ALL_DOC_KEYS: ReadonlyArray<[StructName, FieldDef]> = (Object.keys(STRUCT_FIELDS) as StructName[])
  .flatMap((s) => STRUCT_FIELDS[s].map((f) => [s, f] as [StructName, FieldDef]));

/** The UNKNOWN_KEY message: where the key belongs instead, a close spelling, or the known keys. */
export function unknownKeyMessage(key: string, s: StructName, written: string): string {
  const shown = written !== key ? `"${key}" (written ${written})` : `"${key}"`;
  let msg = `unknown key ${shown} in ${STRUCT_DESCRIPTION[s]} is ignored by the operator`;
  const folded = foldName(key);
  const elsewhere = ALL_DOC_KEYS.find(([other, f]) => other !== s && foldName(f.go) === folded);
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

function toDocument(key: string, cfg: ConfigSlot): ImageConfigDocument {
  const components = new Map<string, ComponentConfig>();
  if (cfg.components) {
    for (const [name, c] of cfg.components) {
      const match: OsMatch[] = [];
      if (c.match) {
        for (let i = 0; i < c.match.len; i++) {
          const r = c.match.arr[i]!;
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
  return cfg.baseLine === undefined
    ? { key, base: cfg.base, components }
    : { key, base: cfg.base, baseLine: cfg.baseLine, components };
}

function typeError(ctx: DecodeContext, jv: JV, goType: string, path: string[], struct: string | undefined,
  expected: string, hint = ''): never {
  const value = jsonKind(jv);
  const field = path.join('.');
  const goMsg = struct
    ? `json: cannot unmarshal ${value} into Go struct field ${struct}.${field} of type ${goType}`
    : `json: cannot unmarshal ${value} into Go value of type ${goType}`;
  const what = path.length > 0 ? `"${path[path.length - 1]}"` : 'the document';
  const got = describeJson(jv);
  return ctx.fail(ErrorCodes.DECODE_TYPE,
    `${what} must be ${expected}, but is ${got}; the operator rejects the whole ConfigMap (${goMsg})${hint}`,
    jv.gv.src.offset, componentOf(path));
}

function decodeConfig(ctx: DecodeContext, jv: JV, cfg: ConfigSlot): void {
  if (jv.j === 'null') return;
  if (jv.j !== 'obj') {
    typeError(ctx, jv, 'imageversions.Config', [], undefined, 'a mapping with "base" and "components"');
  }
  decodeStruct(ctx, jv, 'Config', [], (f, entry) => {
    if (f.go === 'Base') {
      decodeString(ctx, entry, ['base'], 'Config', (v) => {
        cfg.base = v;
        cfg.baseLine = ctx.lineOf(entry.keyNode.offset);
      });
    } else {
      decodeComponents(ctx, entry.value, cfg, ['components']);
    }
  });
}

/** Applies a JSON object to a struct: field lookup, unknown keys, spelling diagnostics. */
function decodeStruct(ctx: DecodeContext, jv: JV & { j: 'obj' }, s: StructName, path: string[],
  apply: (f: FieldDef, e: JEntry) => void): void {
  const seen = new Map<string, JEntry[]>();
  const component = componentOf(path);
  for (const e of jv.entries) {
    const f = jsonFindField(s, e.key);
    if (!f) {
      ctx.diag(DiagnosticCodes.UNKNOWN_KEY, unknownKeyMessage(e.key, s, displayText(e.keyNode)), e.keyNode.offset, component);
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
        ctx.diag(DiagnosticCodes.KEY_CASE,
          `key "${e.key}" is not the documented spelling "${f.doc}"; the operator matches keys case-insensitively, `
          + `so it still sets ${f.doc} — write "${f.doc}"`, e.keyNode.offset, component);
      }
    }
    if (list.length > 1) {
      const spellings = list.map((e) => `"${e.key}" (line ${ctx.lineOf(e.keyNode.offset)})`).join(', ');
      const winner = list[list.length - 1]!;
      ctx.diag(DiagnosticCodes.KEY_SPELLING_CONFLICT,
        `${f.doc} is given ${list.length} times with different spellings: ${spellings}; the operator applies them in `
        + `byte-wise order, so "${winner.key}" wins${f.kind === 'string' || f.kind === 'bool' ? '' : ' (merged into the earlier ones)'}`
        + '; keep only one', winner.keyNode.offset, component);
    }
  }
}

function decodeString(ctx: DecodeContext, e: JEntry, path: string[], struct: StructName, set: (v: string) => void): void {
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
  typeError(ctx, jv, 'string', path, struct, 'a string', hint);
}

function decodeComponents(ctx: DecodeContext, jv: JV, cfg: ConfigSlot, path: string[]): void {
  if (jv.j === 'null') {
    cfg.components = null;
    return;
  }
  if (jv.j !== 'obj') {
    typeError(ctx, jv, 'map[string]imageversions.ComponentConfig', path, 'Config',
      'a mapping of component names to components');
  }
  if (!cfg.components) cfg.components = new Map();
  for (const e of jv.entries) {
    const slot: ComponentSlot = { tag: '', image: '', digest: '', match: null, line: ctx.lineOf(e.keyNode.offset) };
    const cpath = [...path, e.key];
    const v = e.value;
    if (v.j === 'null') {
      ctx.diag(DiagnosticCodes.NULL_VALUE,
        `component "${e.key}" has no value; the operator treats it as an empty component, which yields no image `
        + '(and replaces any earlier definition of it in this entry)', e.keyNode.offset, e.key);
    } else if (v.j === 'obj') {
      decodeComponent(ctx, v, slot, cpath);
    } else {
      typeError(ctx, v, 'imageversions.ComponentConfig', cpath, 'Config',
        'a mapping with image, tag, digest and match');
    }
    cfg.components.set(e.key, slot);
  }
}

function decodeComponent(ctx: DecodeContext, jv: JV & { j: 'obj' }, c: ComponentSlot, path: string[]): void {
  decodeStruct(ctx, jv, 'ComponentConfig', path, (f, e) => {
    const p = [...path, f.doc];
    switch (f.go) {
      case 'Tag':
        decodeString(ctx, e, p, 'ComponentConfig', (v) => { c.tag = v; });
        break;
      case 'Image':
        decodeString(ctx, e, p, 'ComponentConfig', (v) => { c.image = v; });
        break;
      case 'Digest':
        decodeString(ctx, e, p, 'ComponentConfig', (v) => { c.digest = v; });
        break;
      default:
        decodeMatch(ctx, e.value, c, p);
    }
  });
}

function emptyRule(): RuleSlot {
  return { osImage: '', image: '', precompiled: false, digest: '' };
}

/** encoding/json `array()` into the `Match` slice, including its reuse of the backing array. */
function decodeMatch(ctx: DecodeContext, jv: JV, c: ComponentSlot, path: string[]): void {
  if (jv.j === 'null') {
    c.match = null;
    return;
  }
  if (jv.j !== 'arr') {
    typeError(ctx, jv, '[]imageversions.OsMatch', path, 'ComponentConfig', 'a list of match rules');
  }
  const slice: RuleSlice = c.match ?? { len: 0, arr: [] };
  let i = 0;
  for (const item of jv.items) {
    if (i >= slice.arr.length) {
      const cap = grownCapacity(slice.arr.length);
      while (slice.arr.length < cap) slice.arr.push(emptyRule());
    }
    if (i >= slice.len) slice.len = i + 1;
    const slot = slice.arr[i]!;
    if (item.j === 'null') {
      ctx.diag(DiagnosticCodes.NULL_VALUE,
        `match rule ${i + 1} has no value; the operator treats it as a rule with an empty pattern, which matches every `
        + 'node', item.gv.src.offset, componentOf(path));
      slot.line = ctx.lineOf(item.gv.src.offset);
    } else if (item.j === 'obj') {
      slot.line = ctx.lineOf(item.gv.src.offset);
      decodeRule(ctx, item, slot, path);
    } else {
      typeError(ctx, item, 'imageversions.OsMatch', path, 'ComponentConfig',
        'a mapping with osImage, image, precompiled and digest');
    }
    i++;
  }
  if (i < slice.len) slice.len = i;
  c.match = i === 0 ? { len: 0, arr: [] } : slice;
}

function decodeRule(ctx: DecodeContext, jv: JV & { j: 'obj' }, r: RuleSlot, path: string[]): void {
  decodeStruct(ctx, jv, 'OsMatch', path, (f, e) => {
    const p = [...path, f.doc];
    switch (f.go) {
      case 'OsImage':
        decodeString(ctx, e, p, 'OsMatch', (v) => { r.osImage = v; });
        break;
      case 'Image':
        decodeString(ctx, e, p, 'OsMatch', (v) => { r.image = v; });
        break;
      case 'Digest':
        decodeString(ctx, e, p, 'OsMatch', (v) => { r.digest = v; });
        break;
      default: {
        const v = e.value;
        if (v.j === 'null') break;
        if (v.j === 'bool') {
          r.precompiled = v.v;
          break;
        }
        typeError(ctx, v, 'bool', p, 'OsMatch', 'a YAML boolean (true/false, yes/no, on/off) or null');
      }
    }
  });
}
