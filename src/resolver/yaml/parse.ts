/**
 * Parses an entry with the `yaml` package (syntax tree only: failsafe schema, no merges, duplicate
 * keys kept) and applies libyaml's stricter rules (./scan) to the first document, the only one
 * go-yaml v2 reads. Throws YAML_SYNTAX / INVALID_INPUT through the context.
 */
import { Composer, isScalar, Node, Parser } from 'yaml';
import { ErrorCodes, PiraeusError } from '../../errors';
import { DiagnosticCodes } from '../types';
import { DecodeContext } from './diagnostics';
import { characterProblem, estimateNesting, Leaf, leavesOf, implicitKeyLength, MAX_DEPTH, OPERATOR_MAX_DEPTH, reattachFlowColons, streamStartProblem, SyntaxProblem, tokenProblem } from './scan';

/**
 * libyaml treats CR, CRLF and NEL as line breaks and reads every one of them as "\n".
 * Offsets are unchanged (one code unit each; CRLF is kept, the yaml package handles it).
 */
export function normalizeLineBreaks(text: string): string {
  return text.replace(/\r(?!\n)/g, '\n').replace(/\u0085/g, '\n');
}

/** The first document's root node, or null for an empty entry or document. */
export function readFirstDocument(ctx: DecodeContext, src: string): Node | null {
  const depth = estimateNesting(src);
  if (depth > MAX_DEPTH) {
    throw new PiraeusError(ErrorCodes.INVALID_INPUT,
      `the entry is nested about ${depth} levels deep; cdk8s-piraeus decodes at most ${MAX_DEPTH} levels `
      + `(the operator accepts up to ${OPERATOR_MAX_DEPTH}; image configuration needs five)`, { key: ctx.key });
  }
  const cst = Array.from(new Parser(ctx.lines.addNewLine).parse(src));
  reattachFlowColons(cst, src);
  const composer = new Composer({
    version: '1.1',
    schema: 'failsafe', // scalars are resolved by ./scalar, not by the yaml package
    merge: false, // `<<` is applied by ./unmarshal with go-yaml v2's positional semantics
    uniqueKeys: false,
    keepSourceTokens: true,
  });
  const list = Array.from(composer.compose(cst, false, src.length));
  const docTokens = cst.filter((t) => t.type === 'document');
  const regionEnd = docTokens.length > 1 ? docTokens[1].offset : src.length;
  const reject = (p: SyntaxProblem | undefined): void => {
    if (p) ctx.fail(ErrorCodes.YAML_SYNTAX, p.message, p.offset);
  };

  reject(characterProblem(src, regionEnd));
  reject(streamStartProblem(cst));

  if (list.length === 0) {
    // Empty entry or only comments: an empty Config.
    const streamErrors = composer.streamInfo().errors;
    if (streamErrors.length > 0) {
      ctx.fail(ErrorCodes.YAML_SYNTAX, `not valid YAML: ${streamErrors[0].message.split('\n')[0]}`, streamErrors[0].pos[0]);
    }
    reject(tokenProblem(leavesOf(cst), regionEnd));
    const directive = cst.find((t) => t.type === 'directive');
    if (directive) {
      ctx.fail(ErrorCodes.YAML_SYNTAX, 'did not find expected <document start>: a directive must be followed by "---"',
        directive.offset);
    }
    return null;
  }
  const doc = list[0];
  const leaves = leavesOf(cst);
  const errors = doc.errors.filter((e) => !(e.code === 'BAD_DQ_ESCAPE'
    || (e.code === 'MISSING_CHAR' && e.message.startsWith('Comments must be separated'))
    || (e.code === 'KEY_OVER_1024_CHARS' && keyWithinLimit(leaves, src, e.pos))));
  if (errors.length > 0) {
    const e = errors[0];
    const first = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    const hint = e.code === 'BAD_INDENT' || first.startsWith('Missing closing')
      ? ' (continuation lines of quoted strings and of [ ] / { } must be indented further than their key)'
      : '';
    ctx.fail(ErrorCodes.YAML_SYNTAX, `not valid YAML: ${first}${hint}`, e.pos[0]);
  }
  reject(tokenProblem(leaves, regionEnd));

  const extra = list.slice(1).filter((d) => {
    const c = d.contents;
    if (c === null || c === undefined) return false;
    return !(isScalar(c) && c.source === '' && !c.tag && !c.anchor);
  });
  if (extra.length > 0) {
    const at = extra[0].contents?.range?.[0];
    ctx.diag(DiagnosticCodes.EXTRA_DOCUMENTS,
      `the entry holds ${list.length} YAML documents; the operator reads only the first one and ignores `
      + `the rest${at !== undefined ? ` (the next one with content starts at line ${ctx.lineOf(at)})` : ''}; `
      + 'split them into separate ConfigMap keys', at);
  }
  return doc.contents ?? null;
}

/**
 * The `yaml` package measures the 1,024 limit of an implicit key in UTF-16 units; libyaml in
 * characters. Its error stands at the key (block mapping) or at the ":" (flow sequence).
 */
function keyWithinLimit(leaves: readonly Leaf[], src: string, pos: readonly [number, number]): boolean {
  const colon = leaves.find((l) => l.type === 'map-value-ind' && l.offset >= pos[1] - 1)?.offset;
  return colon !== undefined && implicitKeyLength(leaves, src, colon) <= 1024;
}
