/**
 * Where things are and how the decoder talks about them: the per-entry context every layer
 * reports through (location, `PiraeusError`s, de-duplicated diagnostics), and the small helpers
 * that describe keys and values in messages.
 */
import { LineCounter } from 'yaml';
import { ErrorCode, PiraeusError, SourceLocation } from '../../errors';
import { Diagnostic } from '../types';
import { formatFloat32 } from './float32';
import { GoNode, GV, JV } from './values';

/** One entry's decoding context. Created per decode; the parser fills `lines`. */
export class DecodeContext {
  public readonly lines = new LineCounter();
  private readonly diags: Diagnostic[] = [];
  private readonly diagSeen = new Set<string>();

  public constructor(public readonly key: string) {}

  public where(offset: number | undefined, component?: string): SourceLocation {
    if (offset === undefined) return component === undefined ? { key: this.key } : { key: this.key, component };
    const p = this.lines.linePos(offset);
    const loc: SourceLocation = { key: this.key, line: p.line, column: p.col };
    return component === undefined ? loc : { ...loc, component };
  }

  public lineOf(offset: number): number {
    return this.lines.linePos(offset).line;
  }

  public fail(code: ErrorCode, detail: string, offset?: number, component?: string): never {
    throw new PiraeusError(code, detail, this.where(offset, component));
  }

  /** Records a warning once per code, place and message. */
  public diag(code: string, message: string, offset?: number, component?: string): void {
    const location = this.where(offset, component);
    const id = `${code}\u0000${location.line}\u0000${location.column}\u0000${message}`;
    if (this.diagSeen.has(id)) return;
    this.diagSeen.add(id);
    this.diags.push({ code, severity: 'warning', message, location });
  }

  /** The diagnostics so far, by line (stable: same-line ones keep their order). */
  public diagnostics(): Diagnostic[] {
    return this.diags.slice().sort((a, b) => (a.location.line ?? 0) - (b.location.line ?? 0));
  }
}

/** The text a key or value was written as (alias: the anchored node's text). */
export function displayText(n: GoNode): string {
  let x: GoNode = n;
  for (let i = 0; i < 100 && x.kind === 'alias'; i++) x = x.target;
  if (x.kind === 'alias') return `*${x.name}`;
  if (x.kind === 'scalar') return x.value;
  return x.kind === 'map' ? '{…}' : '[…]';
}

/** A map key as go-yaml decoded it (`"a"`, `1`, `true`, `null`). */
export function describeKey(k: GV): string {
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

/** A key as written, with what YAML 1.1 made of it: `"a" (a string)`, `1 (a YAML integer)`. */
export function typedKey(k: GV, n: GoNode): string {
  const text = displayText(n);
  return k.t === 'str' ? `"${text}" (a string)` : `${text} (a YAML ${yamlTypeName(k)})`;
}

export function yamlTypeName(gv: GV): string {
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

/** The JSON kind encoding/json names in its type errors. */
export function jsonKind(jv: JV): string {
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

/** A value for a reader: `the quoted string "x"`, `the number 1.10`, `a list`. */
export function describeJson(jv: JV): string {
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

/** The component a value path (`components.<name>....`) is under, if any. */
export function componentOf(path: readonly string[]): string | undefined {
  return path.length >= 2 && path[0] === 'components' ? path[1] : undefined;
}
