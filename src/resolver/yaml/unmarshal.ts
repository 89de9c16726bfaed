/**
 * go-yaml v2's decode of a node tree into `interface{}` values: scalars resolved by YAML 1.1
 * (./scalar), aliases expanded (with go-yaml's self-reference and excessive-aliasing checks),
 * `<<` merges applied in position order, duplicate keys last-wins. Reports what the operator
 * silently does (duplicates, merges overriding explicit keys, custom tags) as diagnostics.
 */
import { ErrorCodes } from '../../errors';
import { DiagnosticCodes } from '../types';
import { DecodeContext, describeKey, displayText } from './diagnostics';
import { GoScalar, MERGE_TAG, resolveTagged, ScalarResolveError } from './scalar';
import { MAX_DEPTH } from './scan';
import { AliasNode, GoNode, GV, MappingNode, ScalarNode, SequenceNode } from './values';

type GoMap = GV & { t: 'map' };

/** go-yaml v2 `d.unmarshal(root, &interface{})`. */
export function unmarshalDocument(ctx: DecodeContext, root: GoNode): GV {
  return new ValueDecoder(ctx).unmarshal(root);
}

/**
 * go-yaml v2's `allowedAliasRatio`: the share of decode steps that may come from inside aliases
 * (99% for small documents, falling linearly to 10% between 400k and 4M steps).
 */
export function allowedAliasRatio(decodeCount: number): number {
  const low = 400000;
  const high = 4000000;
  if (decodeCount <= low) return 0.99;
  if (decodeCount >= high) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - low) / (high - low));
}

/**
 * Go map identity of an interface{} key: equal Go values give equal strings (int 1 and uint 1
 * differ; 0.0 and -0.0 are one key). `undefined` for NaN, which equals no key, not even itself.
 */
export function mapKeyIdentity(k: GV): string | undefined {
  switch (k.t) {
    case 'null':
      return 'n';
    case 'bool':
      return k.v ? 'b1' : 'b0';
    case 'int':
      return (k.unsigned ? 'u' : 'i') + k.v.toString();
    case 'float':
      if (Number.isNaN(k.v)) return undefined;
      return 'f' + String(k.v === 0 ? 0 : k.v);
    case 'str':
      return 's' + k.v;
    default:
      return '?';
  }
}

/** go-yaml `isMerge`: a `<<` key, plain or tagged `!!merge`. */
export function isMergeKey(n: GoNode): boolean {
  return n.kind === 'scalar' && n.value === '<<' && (n.implicit || n.tag === MERGE_TAG);
}

/** go-yaml's decoder state for one document. */
class ValueDecoder {
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;
  private readonly activeAliases = new Set<AliasNode>();
  private nanKeys = 0;
  private depth = 0;

  public constructor(private readonly ctx: DecodeContext) {}

  public unmarshal(n: GoNode): GV {
    this.tick();
    if (n.kind === 'map' || n.kind === 'seq') {
      if (this.depth >= MAX_DEPTH) {
        this.ctx.fail(ErrorCodes.INVALID_INPUT,
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

  private tick(): void {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (this.aliasCount > 100 && this.decodeCount > 1000
      && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)) {
      this.ctx.fail(ErrorCodes.YAML_SYNTAX, 'document contains excessive aliasing');
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
      this.ctx.fail(ErrorCodes.YAML_SYNTAX, `anchor '${n.name}' value contains itself`, n.offset);
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
      if (e instanceof ScalarResolveError) this.ctx.fail(ErrorCodes.DECODE_TYPE, e.message, n.offset);
      throw e;
    }
    if (n.tag !== '' && n.tag !== '!' && !n.tag.startsWith('tag:yaml.org,2002:')) {
      this.ctx.diag(DiagnosticCodes.YAML_FEATURE,
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

  /** go-yaml `mapping()` into an existing map (also used by merges; `mergeKey` is then the `<<`). */
  private mappingInto(n: MappingNode, out: GoMap, mergeKey: GoNode | null): void {
    for (let i = 0; i < n.children.length; i += 2) {
      const kn = n.children[i];
      const vn = n.children[i + 1];
      if (isMergeKey(kn)) {
        this.merge(vn, out, mergeKey ?? kn);
        continue;
      }
      const key = this.unmarshal(kn);
      if (key.t === 'map' || key.t === 'seq') {
        this.ctx.fail(ErrorCodes.DECODE_TYPE,
          `invalid map key: a ${key.t === 'map' ? 'mapping' : 'sequence'} cannot be a key`, kn.offset);
      }
      const value = this.unmarshal(vn);
      this.setMapIndex(out, key, value, kn, mergeKey);
    }
  }

  private setMapIndex(out: GoMap, key: GV, value: GV, keyNode: GoNode, mergeKey: GoNode | null): void {
    const id = mapKeyIdentity(key) ?? 'nan' + this.nanKeys++;
    const prev = out.entries.get(id);
    const viaMerge = mergeKey !== null;
    if (prev) {
      const shown = describeKey(key);
      const lineOf = (n: GoNode): number => this.ctx.lineOf(n.offset);
      if (!viaMerge && !prev.viaMerge) {
        const same = displayText(prev.keyNode) === displayText(keyNode);
        this.ctx.diag(DiagnosticCodes.DUPLICATE_KEY,
          `key ${shown} appears more than once in this mapping (line ${lineOf(prev.keyNode)} and `
          + `line ${lineOf(keyNode)}${same ? '' : `, written "${displayText(prev.keyNode)}" and "${displayText(keyNode)}"`}); `
          + 'the operator uses the last one', keyNode.offset);
      } else if (viaMerge && !prev.viaMerge) {
        this.ctx.diag(DiagnosticCodes.YAML_FEATURE,
          `the merge key "<<" overrides ${shown} set earlier at line ${lineOf(prev.keyNode)}: the operator's `
          + 'YAML parser applies "<<" in position order, so put "<<" first if the explicit key should win',
          (mergeKey as GoNode).offset);
      }
      out.entries.delete(id);
    }
    out.entries.set(id, { key, value, keyNode, viaMerge });
  }

  /** go-yaml `merge()`: a map, an alias of one, or a list of those (applied last to first). */
  private merge(n: GoNode, out: GoMap, mergeKey: GoNode): void {
    const want = (): never => this.ctx.fail(ErrorCodes.DECODE_TYPE,
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
  private unmarshalInto(n: GoNode, out: GoMap, mergeKey: GoNode): void {
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
}
