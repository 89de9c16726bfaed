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

/**
 * What is left to do of the decode, as a stack of steps (the last on top). go-yaml's decoder is
 * recursive; this one keeps its order (every decode step counted, every report made, in the same
 * sequence) with an explicit stack, so that neither nesting nor aliases depend on the JavaScript
 * stack.
 *
 *  - `seq`: decoding item `i` of a sequence into `gv`;
 *  - `mapping`: go-yaml `mapping()` of `n` into `out` (`mergeKey` set for merge sources) at the
 *    pair whose key is child `i`: about to start it (`pair`), or waiting for its key or value;
 *  - `merge-seq`: the maps of a merged sequence still to apply, from item `i` down;
 *  - `alias`: leaving an alias once its target is decoded.
 */
type Step =
  | { readonly op: 'seq'; readonly n: SequenceNode; readonly gv: GV & { t: 'seq'; items: GV[] }; i: number }
  | {
    readonly op: 'mapping'; readonly n: MappingNode; readonly out: GoMap; readonly mergeKey: GoNode | null;
    i: number; phase: 'pair' | 'key' | 'value'; key?: GV;
  }
  | { readonly op: 'merge-seq'; readonly n: SequenceNode; readonly out: GoMap; readonly mergeKey: GoNode; i: number }
  | { readonly op: 'alias'; readonly n: AliasNode };

/** go-yaml's decoder state for one document. */
class ValueDecoder {
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;
  private readonly activeAliases = new Set<AliasNode>();
  private nanKeys = 0;
  private readonly steps: Step[] = [];

  public constructor(private readonly ctx: DecodeContext) {}

  /** go-yaml `d.unmarshal(n, &interface{})`. */
  public unmarshal(root: GoNode): GV {
    // The value of what was decoded last, for the step below it.
    let value = this.begin(root);
    const steps = this.steps;
    while (steps.length > 0) {
      const step = steps[steps.length - 1]!;
      switch (step.op) {
        case 'alias':
          steps.pop();
          this.leaveAlias(step.n);
          break;
        case 'seq':
          if (step.i > 0) step.gv.items.push(value as GV);
          if (step.i < step.n.children.length) {
            value = this.begin(step.n.children[step.i++]!);
          } else {
            steps.pop();
            value = step.gv;
          }
          break;
        case 'mapping':
          value = this.mappingStep(step, value);
          break;
        case 'merge-seq': {
          if (step.i < 0) {
            steps.pop();
            break;
          }
          const ni = step.n.children[step.i--]!;
          if (ni.kind === 'alias' ? ni.target.kind !== 'map' : ni.kind !== 'map') this.mergeTypeError(step.n);
          this.beginInto(ni, step.out, step.mergeKey);
          break;
        }
      }
    }
    return value as GV;
  }

  /**
   * Starts decoding `n` (go-yaml `d.unmarshal`): returns a scalar's value, or undefined when the
   * steps pushed for a collection leave its value once they are done.
   */
  private begin(n: GoNode): GV | undefined {
    this.tick();
    switch (n.kind) {
      case 'seq':
        this.steps.push({ op: 'seq', n, gv: { t: 'seq', items: [], src: n }, i: 0 });
        return undefined;
      case 'map':
        this.steps.push({ op: 'mapping', n, out: { t: 'map', entries: new Map(), src: n }, mergeKey: null, i: 0, phase: 'pair' });
        return undefined;
      case 'alias':
        this.enterAlias(n);
        this.steps.push({ op: 'alias', n });
        return this.begin(n.target); // an anchored node is never an alias: one level
      case 'scalar':
        return this.scalar(n);
    }
  }

  /**
   * One move of go-yaml `mapping()`: takes the key or value just decoded (`value`), then starts
   * the next key, value or merge. Returns the map once every pair is done.
   */
  private mappingStep(step: Step & { op: 'mapping' }, value: GV | undefined): GV | undefined {
    const { n, out, mergeKey } = step;
    if (step.phase === 'key') {
      const key = value as GV;
      if (key.t === 'map' || key.t === 'seq') {
        this.ctx.fail(ErrorCodes.DECODE_TYPE,
          `invalid map key: a ${key.t === 'map' ? 'mapping' : 'sequence'} cannot be a key`, n.children[step.i]!.offset);
      }
      step.key = key;
      step.phase = 'value';
      return this.begin(n.children[step.i + 1]!);
    }
    if (step.phase === 'value') {
      this.setMapIndex(out, step.key as GV, value as GV, n.children[step.i]!, mergeKey);
      step.key = undefined;
      step.i += 2;
      step.phase = 'pair';
    }
    if (step.i >= n.children.length) {
      this.steps.pop();
      return out;
    }
    const kn = n.children[step.i]!;
    if (isMergeKey(kn)) {
      const vn = n.children[step.i + 1]!;
      step.i += 2;
      this.merge(vn, out, mergeKey ?? kn);
      return undefined;
    }
    step.phase = 'key';
    return this.begin(kn);
  }

  private tick(): void {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (this.aliasCount > 100 && this.decodeCount > 1000
      && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)) {
      this.ctx.fail(ErrorCodes.YAML_SYNTAX, 'document contains excessive aliasing');
    }
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
    switch (n.kind) {
      case 'map':
        this.beginInto(n, out, mergeKey);
        return;
      case 'alias':
        if (n.target.kind !== 'map') this.mergeTypeError(n);
        this.beginInto(n, out, mergeKey);
        return;
      case 'seq':
        this.steps.push({ op: 'merge-seq', n, out, mergeKey, i: n.children.length - 1 });
        return;
      default:
        this.mergeTypeError(n);
    }
  }

  private mergeTypeError(n: GoNode): never {
    return this.ctx.fail(ErrorCodes.DECODE_TYPE, 'map merge requires map or sequence of maps as the value', n.offset);
  }

  /** Starts go-yaml `d.unmarshal(n, out)` with `out` an existing map (merge sources). */
  private beginInto(n: GoNode, out: GoMap, mergeKey: GoNode): void {
    this.tick();
    if (n.kind === 'alias') {
      this.enterAlias(n);
      this.steps.push({ op: 'alias', n });
      this.beginInto(n.target, out, mergeKey); // an anchored node is never an alias: one level
      return;
    }
    if (n.kind === 'map') this.steps.push({ op: 'mapping', n, out, mergeKey, i: 0, phase: 'pair' });
  }
}
