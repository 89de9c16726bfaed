/**
 * The `yaml` package's syntax tree turned into go-yaml v2's node tree: scalars keep their text
 * (quoted ones re-read by libyaml's rules, ./quoted), tags and style; aliases point at the node
 * their anchor names at that point of the document (a later anchor of the same name rebinds it).
 */
import { Alias, isAlias, isMap, isScalar, isSeq, Node, Scalar } from 'yaml';
import { ErrorCodes } from '../../errors';
import { BLOCK_SCALAR_VALUE, BlockScalarToken } from './block';
import { DecodeContext } from './diagnostics';
import { decodeFlowScalar, foldPlainScalar } from './quoted';
import { GoNode, MappingNode, ScalarNode, SequenceNode } from './values';

/**
 * go-yaml's node tree of a document root. Built with an explicit stack, in document order (a
 * collection, then its keys and values in turn), so anchors are bound and aliases resolved as a
 * recursive walk would do it, at any depth.
 */
export function buildNodeTree(ctx: DecodeContext, root: Node): GoNode {
  const anchors = new Map<string, GoNode>();
  const top: GoNode[] = [];
  // Nodes still to build, last first: each goes to the end of `into` (its parent's children).
  const stack: Array<{ n: unknown; fallbackOffset: number; into: GoNode[] }> = [{ n: root, fallbackOffset: root.range?.[0] ?? 0, into: top }];
  while (stack.length > 0) {
    const { n, fallbackOffset, into } = stack.pop() as { n: unknown; fallbackOffset: number; into: GoNode[] };
    if (n === null || n === undefined) {
      into.push(emptyScalar(fallbackOffset));
    } else if (isAlias(n)) {
      const a = n as Alias;
      const offset = a.range?.[0] ?? fallbackOffset;
      const target = anchors.get(a.source);
      if (!target) ctx.fail(ErrorCodes.YAML_SYNTAX, `unknown anchor '${a.source}' referenced`, offset);
      into.push({ kind: 'alias', name: a.source, target, offset });
    } else if (isScalar(n)) {
      const s = n as Scalar;
      const node = scalarNode(ctx, s, fallbackOffset);
      if (s.anchor) anchors.set(s.anchor, node);
      into.push(node);
    } else if (isMap(n)) {
      const offset = n.range?.[0] ?? fallbackOffset;
      const children: GoNode[] = [];
      const node: MappingNode = { kind: 'map', children, offset };
      if (n.anchor) anchors.set(n.anchor, node);
      into.push(node);
      for (let i = n.items.length - 1; i >= 0; i--) {
        const pair = n.items[i] as { key: unknown; value: unknown };
        const keyRange = (pair.key as { range?: [number, number, number] } | null)?.range;
        const valRange = (pair.value as { range?: [number, number, number] } | null)?.range;
        stack.push({ n: pair.value, fallbackOffset: valRange?.[0] ?? keyRange?.[1] ?? offset, into: children });
        stack.push({ n: pair.key, fallbackOffset: keyRange?.[0] ?? valRange?.[0] ?? offset, into: children });
      }
    } else if (isSeq(n)) {
      const offset = n.range?.[0] ?? fallbackOffset;
      const children: GoNode[] = [];
      const node: SequenceNode = { kind: 'seq', children, offset };
      if (n.anchor) anchors.set(n.anchor, node);
      into.push(node);
      for (let i = n.items.length - 1; i >= 0; i--) {
        const item = n.items[i];
        const r = (item as { range?: [number, number, number] } | null)?.range;
        stack.push({ n: item, fallbackOffset: r?.[0] ?? offset, into: children });
      }
    } else {
      /* istanbul ignore next */
      throw new Error('unexpected YAML node');
    }
  }
  return top[0]!;
}

function emptyScalar(offset: number): ScalarNode {
  return { kind: 'scalar', value: '', tag: '', implicit: true, quoted: false, offset };
}

function scalarNode(ctx: DecodeContext, s: Scalar, fallbackOffset: number): ScalarNode {
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
      if ('error' in r) ctx.fail(ErrorCodes.YAML_SYNTAX, r.error, (tok?.offset ?? offset) + r.at);
      value = r.value;
    }
  } else {
    const tok = (s as unknown as { srcToken?: { source?: string } & Partial<BlockScalarToken> }).srcToken;
    const raw = tok?.source;
    quoted = s.type === 'BLOCK_LITERAL' || s.type === 'BLOCK_FOLDED';
    const block = tok?.[BLOCK_SCALAR_VALUE];
    if (quoted && block !== undefined) {
      value = block; // libyaml's scan (./block), recorded by ./parse
    } else if (s.type === 'PLAIN' && typeof raw === 'string' && /[\u2028\u2029]/.test(raw)) {
      value = foldPlainScalar(raw); // libyaml's line breaks, which the yaml package does not know
    } else {
      value = String(s.source ?? '');
    }
  }
  const implicit = (tag === '' && !quoted) || tag === '!';
  return { kind: 'scalar', value, tag: tag === '' ? '' : tag, implicit, quoted, offset };
}
