/**
 * sigs.k8s.io/yaml's YAML-to-JSON step (`convertToJSONableObject`, then `json.Marshal`): map keys
 * become strings, numbers and booleans that land in a Go string field (found by sigs.k8s.io/yaml's
 * own older field matching) become strings, NaN/±Inf anywhere else fail the JSON encoding.
 * Object members come out sorted byte-wise, as `json.Marshal` writes a Go map.
 */
import { ErrorCodes } from '../../errors';
import { compareBytewise } from '../order';
import { DiagnosticCodes } from '../types';
import { DecodeContext, displayText, typedKey, yamlTypeName } from './diagnostics';
import { formatFloat32 } from './float32';
import { simpleFoldsToAscii } from './go-runtime';
import { coerceToString, GoScalar } from './scalar';
import { OPERATOR_MAX_DEPTH } from './scan';
import { FieldDef, fieldTarget, STRUCT_FIELDS, StructName, Target } from './structs';
import { GV, GVEntry, JEntry, JV } from './values';

/**
 * The JSON form of a decoded document, typed against `imageversions.Config`. Converted with an
 * explicit stack, in the order sigs.k8s.io/yaml's recursive conversion visits the values (each
 * map's entries in Go map insertion order, each key before its value), so that reports come in
 * that order at any depth.
 */
export function toJson(ctx: DecodeContext, gv: GV): JV {
  const jv = convert(ctx, gv, { k: 'struct', s: 'Config' });
  checkMarshal(ctx, jv);
  return jv;
}

/**
 * sigs.k8s.io/yaml's copy of the old encoding/json `foldFunc` matching (used to pick the Go
 * target, hence whether numbers are coerced to strings). Field names are ASCII letters:
 * names containing S or K use `equalFoldRight` (ASCII case-insensitive, plus the non-ASCII runes
 * that `unicode.SimpleFold` pairs with s and k); the others `simpleLetterEqualFold` (ASCII only).
 */
export function sigsFieldMatches(name: string, key: string): boolean {
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
    const sb = name[i]!;
    const cp = cps[i]!.codePointAt(0) as number;
    if (cp < 0x80) {
      if (sb !== cps[i] && (sb.charCodeAt(0) & 0xdf) !== (cp & 0xdf)) return false;
      continue;
    }
    if (!simpleFoldsToAscii(cp, sb)) return false;
  }
  return true;
}

/** sigs.k8s.io/yaml's field lookup: an exact name first, else the first field that folds equal. */
export function sigsFindField(s: StructName, key: string): FieldDef | undefined {
  let found: FieldDef | undefined;
  for (const f of STRUCT_FIELDS[s]) {
    if (f.go === key) return f;
    if (!found && sigsFieldMatches(f.go, key)) found = f;
  }
  return found;
}

/** A JSON object key for a Go map key, or what sigs.k8s.io/yaml refuses (a message). */
export function jsonKeyString(k: GV): { key: string } | { error: string } {
  switch (k.t) {
    case 'str':
      return { key: k.v };
    case 'bool':
      return { key: k.v ? 'true' : 'false' };
    case 'int':
      if (k.unsigned) {
        return {
          error: `unsupported map key of type: uint64, key: ${k.v.toString()} (the operator cannot use integer keys above 2^63-1)`,
        };
      }
      return { key: k.v.toString() };
    case 'float': {
      const s = formatFloat32(k.v);
      if (s === '+Inf') return { key: '.inf' };
      if (s === '-Inf') return { key: '-.inf' };
      if (s === 'NaN') return { key: '.nan' };
      return { key: s };
    }
    case 'null':
      return { error: 'unsupported map key of type: <nil> (a key that is empty, "~" or "null"); the operator rejects the entry' };
    default:
      return { error: 'unsupported map key' };
  }
}

function keyString(ctx: DecodeContext, e: GVEntry): string {
  const r = jsonKeyString(e.key);
  if ('error' in r) return ctx.fail(ErrorCodes.DECODE_TYPE, r.error, e.keyNode.offset);
  return r.key;
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

/**
 * Where a value stands, as far as messages need it: the last key of its path (the field), and
 * the component it is under (`components.<name>....`).
 */
interface Place {
  readonly depth: number;
  readonly first?: string;
  readonly second?: string;
  readonly last?: string;
}

const ROOT: Place = { depth: 0 };

function childPlace(p: Place, key: string): Place {
  return { depth: p.depth + 1, first: p.depth === 0 ? key : p.first, second: p.depth === 1 ? key : p.second, last: key };
}

function componentAt(p: Place): string | undefined {
  return p.depth >= 2 && p.first === 'components' ? p.second : undefined;
}

/** A sequence being converted: its items so far. */
interface SeqConversion {
  readonly gv: GV & { t: 'seq' };
  readonly place: Place;
  readonly item: Target;
  readonly items: JV[];
  i: number;
}

/** A map being converted: its entries so far, and the entry waiting for its value. */
interface MapConversion {
  readonly gv: GV & { t: 'map' };
  readonly place: Place;
  readonly target: Target;
  readonly entries: GVEntry[];
  i: number;
  readonly byKey: Map<string, JEntry>;
  readonly prevKey: Map<string, GV>;
  pending?: { readonly ks: string; readonly sigsField: boolean };
}

function convert(ctx: DecodeContext, root: GV, rootTarget: Target): JV {
  const stack: Array<SeqConversion | MapConversion> = [];
  const begin = (gv: GV, target: Target, place: Place): JV | undefined => {
    if (gv.t === 'seq') {
      const item: Target = target?.k === 'match' ? { k: 'struct', s: 'OsMatch' } : null;
      stack.push({ gv, place, item, items: [], i: 0 });
      return undefined;
    }
    if (gv.t === 'map') {
      stack.push({ gv, place, target, entries: Array.from(gv.entries.values()), i: 0, byKey: new Map(), prevKey: new Map() });
      return undefined;
    }
    return convertScalar(ctx, gv, target, place);
  };
  // The value converted last, for the conversion below it.
  let value = begin(root, rootTarget, ROOT);
  while (stack.length > 0) {
    const c = stack[stack.length - 1]!;
    if ('items' in c) {
      if (c.i > 0) c.items.push(value as JV);
      if (c.i < c.gv.items.length) {
        const i = c.i++;
        value = begin(c.gv.items[i]!, c.item, childPlace(c.place, String(i)));
      } else {
        stack.pop();
        value = { j: 'arr', items: c.items, gv: c.gv };
      }
      continue;
    }
    if (c.pending !== undefined) {
      finishEntry(ctx, c, c.entries[c.i]!, value as JV);
      c.i++;
    }
    if (c.i >= c.entries.length) {
      stack.pop();
      const entries = Array.from(c.byKey.values()).sort((a, b) => compareBytewise(a.key, b.key));
      value = { j: 'obj', entries, gv: c.gv };
      continue;
    }
    const e = c.entries[c.i]!;
    const ks = keyString(ctx, e);
    let vt: Target = null;
    let sigsField = false;
    if (c.target?.k === 'struct') {
      const f = sigsFindField(c.target.s, ks);
      if (f) {
        vt = fieldTarget(f);
        sigsField = true;
      }
    } else if (c.target?.k === 'components') {
      vt = { k: 'struct', s: 'ComponentConfig' };
      if (e.key.t !== 'str') {
        const text = displayText(e.keyNode);
        if (text !== ks) {
          ctx.diag(DiagnosticCodes.SCALAR_COERCED,
            `component key ${text} is a YAML 1.1 ${yamlTypeName(e.key)}; the operator reads it as "${ks}". `
            + `Quote the key ("${text}") if you meant the text`, e.keyNode.offset, ks);
        }
      }
    }
    c.pending = { ks, sigsField };
    value = begin(e.value, vt, childPlace(c.place, ks));
  }
  return value as JV;
}

/** An entry of a map whose value is converted: two YAML keys with one JSON key, and the entry itself. */
function finishEntry(ctx: DecodeContext, c: MapConversion, e: GVEntry, value: JV): void {
  const { ks, sigsField } = c.pending as { ks: string; sigsField: boolean };
  c.pending = undefined;
  const prev = c.byKey.get(ks);
  if (prev) {
    ctx.diag(DiagnosticCodes.DUPLICATE_KEY,
      `keys ${typedKey(c.prevKey.get(ks) as GV, prev.keyNode)} (line ${ctx.lineOf(prev.keyNode.offset)}) and `
      + `${typedKey(e.key, e.keyNode)} (line ${ctx.lineOf(e.keyNode.offset)}) are different YAML keys that both `
      + `become "${ks}" for the operator, which then picks one of them at random; remove one`, e.keyNode.offset);
  }
  c.byKey.set(ks, { key: ks, value, keyNode: e.keyNode, sigsField });
  c.prevKey.set(ks, e.key);
}

/** A scalar's JSON value where `target` expects it (numbers and booleans in a string field become text). */
function convertScalar(ctx: DecodeContext, gv: GV, target: Target, place: Place): JV {
  if (target?.k === 'string') {
    const field = place.last;
    const component = componentAt(place);
    if (gv.t === 'null') {
      const text = displayText(gv.src);
      ctx.diag(DiagnosticCodes.SCALAR_COERCED,
        `${field} has ${text === '' ? 'no value' : `the null value ${text}`}; the operator leaves the field empty `
        + '(or keeps a value another spelling of the key gave it); write "" for an empty string',
        gv.src.offset, component);
      return { j: 'null', gv };
    }
    if (gv.t === 'int' || gv.t === 'float' || gv.t === 'bool') {
      const s = coerceToString(gvToScalar(gv));
      const text = gv.src.value;
      if (s !== text) {
        ctx.diag(DiagnosticCodes.SCALAR_COERCED,
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
    default:
      /* istanbul ignore next */
      throw new Error('a collection reached the scalar conversion');
  }
}

/**
 * encoding/json's nesting limit on the JSON text it decodes (`maxNestingDepth`): an array or
 * object inside 10,000 others is "exceeded max depth", found while json.Unmarshal checks the
 * whole text, so before any value is decoded. The JSON holds aliases expanded. Returns the first
 * such container in the order of the text (members sorted, as json.Marshal writes a Go map).
 */
export function jsonNestingProblem(jv: JV): { readonly message: string; readonly offset: number } | undefined {
  const stack: Array<{ jv: JV; depth: number }> = [{ jv, depth: 0 }];
  while (stack.length > 0) {
    const { jv: x, depth } = stack.pop() as { jv: JV; depth: number };
    if (x.j !== 'obj' && x.j !== 'arr') continue;
    if (depth + 1 > OPERATOR_MAX_DEPTH) {
      return {
        message: `the document nests more than ${OPERATOR_MAX_DEPTH} lists and mappings (aliases expanded): the operator's `
          + `JSON decoder (encoding/json) stops with "exceeded max depth" at ${OPERATOR_MAX_DEPTH}`,
        offset: x.gv.src.offset,
      };
    }
    if (x.j === 'obj') {
      for (let i = x.entries.length - 1; i >= 0; i--) stack.push({ jv: x.entries[i]!.value, depth: depth + 1 });
    } else {
      for (let i = x.items.length - 1; i >= 0; i--) stack.push({ jv: x.items[i]!, depth: depth + 1 });
    }
  }
  return undefined;
}

/** encoding/json Marshal: NaN and ±Inf that were not turned into strings cannot be encoded. */
function checkMarshal(ctx: DecodeContext, jv: JV): void {
  const stack: JV[] = [jv];
  while (stack.length > 0) {
    const x = stack.pop() as JV;
    if (x.j === 'num' && x.gv.t === 'float' && !Number.isFinite(x.gv.v)) {
      const shown = Number.isNaN(x.gv.v) ? 'NaN' : x.gv.v > 0 ? '+Inf' : '-Inf';
      ctx.fail(ErrorCodes.DECODE_TYPE,
        `json: unsupported value: ${shown} (the YAML value "${x.gv.src.value}" can only be used where a string is expected; `
        + 'the operator rejects the entry)', x.gv.src.offset);
    } else if (x.j === 'obj') {
      for (let i = x.entries.length - 1; i >= 0; i--) stack.push(x.entries[i]!.value);
    } else if (x.j === 'arr') {
      for (let i = x.items.length - 1; i >= 0; i--) stack.push(x.items[i]!);
    }
  }
}
