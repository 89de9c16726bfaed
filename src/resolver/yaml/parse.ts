/**
 * Parses an entry with the `yaml` package (syntax tree only: failsafe schema, no merges, duplicate
 * keys kept) and applies libyaml's stricter rules (./scan) to the first document, the only one
 * go-yaml v2 reads. Throws YAML_SYNTAX / INVALID_INPUT through the context.
 */
import { isMap, isScalar, isSeq, Node, Parser } from 'yaml';
import { ErrorCodes } from '../../errors';
import { DiagnosticCodes } from '../types';
import { restoreAnchorColons, separateAnchorColons } from './anchors';
import { BLOCK_SCALAR_VALUE, blockHeaderProblem, BlockScalarToken, scanBlockScalar } from './block';
import { BandedComposer } from './compose';
import { DecodeContext } from './diagnostics';
import { flowRootLine } from './empty-root';
import { flattenFlowCollections, restoreFlowScalars, restoreSequenceKeys } from './flow';
import { joinHeaderLines } from './header-column';
import { flattenQuotedScalars } from './quoted';
import { readerEnd, RootSpan, scannedEnd, trailingLeaves, trailingTokenProblem } from './root-range';
import { attachKeyProps, characterProblem, directiveLinesInDocuments, directiveProblem, emptyBlockKeyProblem, flowKeyProblem, Leaf, leavesOf, implicitKeyLength, laterByteOrderMarks, nonSpecificVerbatimTags, reattachFlowColons, scannerNestingProblem, streamStartProblem, SyntaxProblem, tokenProblem, walkTokens } from './scan';
import { joinTagIndicators, libyamlTagPlaceholders, resolvePlaceholderTags, restoreTagSources } from './tags';

/**
 * libyaml treats CR, CRLF, NEL, LS (U+2028) and PS (U+2029) as line breaks; it reads the first
 * three as "\n" and keeps LS and PS as themselves (readFirstDocument puts them back into the
 * scalars that hold them). Offsets are unchanged (one code unit each; CRLF is kept, the yaml
 * package handles it).
 */
export function normalizeLineBreaks(text: string): string {
  return text.replace(/\r(?!\n)/g, '\n').replace(/[\u0085\u2028\u2029]/g, '\n');
}

/**
 * The first document's root node, or null for an empty entry or document. `src` is the entry with
 * line breaks normalized; `original` the entry as written (its UTF-8 length sets how far
 * libyaml's reader checks characters).
 */
export function readFirstDocument(ctx: DecodeContext, src: string, original: string = src): Node | null {
  const flat = flattenQuotedScalars(src);
  ctx.lines.addNewLine(0);
  for (let i = src.indexOf('\n'); i >= 0; i = src.indexOf('\n', i + 1)) ctx.lines.addNewLine(i + 1);
  const marks = laterByteOrderMarks(flat.text);
  const tags = joinTagIndicators(marks.text);
  const flow = flattenFlowCollections(joinHeaderLines(flowRootLine(tags.text)));
  const anchors = separateAnchorColons(nonSpecificVerbatimTags(flow.text));
  const cst = Array.from(new Parser().parse(directiveLinesInDocuments(anchors.text))); // iterative: fine at any depth
  restoreAnchorColons(cst, anchors.props);
  restoreTagSources(cst, tags.sources);
  // Deeper than go-yaml's scanner goes: its error, before anything else is looked at.
  const tooDeep = scannerNestingProblem(cst);
  if (tooDeep) ctx.fail(ErrorCodes.YAML_SYNTAX, tooDeep.message, tooDeep.offset);
  restoreQuotedSources(cst, src, flat.spans);
  restoreFlowScalars(cst, src, new Set([...marks.edited, ...flow.edited]));
  restoreSequenceKeys(cst, src, flow.edited);
  const blockProblem = scanBlockScalars(cst, original);
  reattachFlowColons(cst, src);
  attachKeyProps(cst);
  const composer = new BandedComposer({
    version: '1.1',
    schema: 'failsafe', // scalars are resolved by ./scalar, not by the yaml package
    merge: false, // `<<` is applied by ./unmarshal with go-yaml v2's positional semantics
    uniqueKeys: false,
    keepSourceTokens: true,
  });
  const placeholders = libyamlTagPlaceholders(cst);
  const list = Array.from(composer.compose(cst, false, src.length));
  placeholders.restore();
  resolvePlaceholderTags(list, placeholders.tags);
  // After composing, so that the composer still sees a key broken by LS or PS as two lines.
  restoreLineSeparators(cst, original);
  const docTokens = cst.filter((t) => t.type === 'document');
  const regionEnd = docTokens.length > 1 ? docTokens[1]!.offset : src.length;
  const reject = (p: SyntaxProblem | undefined): void => {
    if (p) ctx.fail(ErrorCodes.YAML_SYNTAX, p.message, p.offset);
  };

  reject(streamStartProblem(cst));

  if (list.length === 0) {
    reject(characterProblem(src, regionEnd));
    if (flat.problem && flat.problem.offset < regionEnd) reject(flat.problem);
    // Empty entry or only comments: an empty Config.
    const streamErrors = composer.streamInfo().errors;
    if (streamErrors.length > 0) {
      ctx.fail(ErrorCodes.YAML_SYNTAX, `not valid YAML: ${streamErrors[0]!.message.split('\n')[0]}`, streamErrors[0]!.pos[0]);
    }
    reject(tokenProblem(leavesOf(cst), regionEnd));
    const directive = cst.find((t) => t.type === 'directive');
    if (directive) {
      ctx.fail(ErrorCodes.YAML_SYNTAX, 'did not find expected <document start>: a directive must be followed by "---"',
        directive.offset);
    }
    return null;
  }
  const doc = list[0]!;
  const root = rootSpanOf(doc.contents ?? null, src, doc.range[0]);
  const leaves = [...leavesOf(cst).filter((l) => l.offset < root.end), ...trailingLeaves(flat.text, root.end)];
  // go-yaml v2 stops after the root node: what follows is read only as far as ./root-range says.
  const scanned = scannedEnd(leaves, src, root);
  reject(characterProblem(src, readerEnd(original, scanned)));
  if (flat.problem && flat.problem.offset < scanned) reject(flat.problem);
  // An unclosed quote or bracket is the root's own error wherever the `yaml` package reports it
  // (for a bracket: at the end of the text or at the wrong closing bracket, where the root ends).
  const errors = doc.errors.filter((e) => (e.pos[0] < root.end || e.message.startsWith('Missing closing')
    || UNCLOSED_FLOW.test(e.message)) && !(e.code === 'BAD_DQ_ESCAPE'
    || (e.code === 'MISSING_CHAR' && e.message.startsWith('Comments must be separated'))
    // libyaml takes the indentation from such lines and ends the scalar before (scanBlockScalars)
    || (e.code === 'MISSING_CHAR' && e.message.startsWith('Block scalars with more-indented leading empty lines'))
    || (e.code === 'KEY_OVER_1024_CHARS' && keyWithinLimit(leaves, src, e.pos))));
  if (errors.length > 0) {
    const e = errors[0]!;
    const first = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    // Continuation lines of quoted scalars (./quoted) and of [ ] / { } (./flow) may start at any
    // column, as in libyaml; an error here is about something else (such as a missing bracket).
    ctx.fail(ErrorCodes.YAML_SYNTAX, `not valid YAML: ${first}`, e.pos[0]);
  }
  reject(tokenProblem(leaves, scanned));
  reject(emptyBlockKeyProblem(cst, src, root.end));
  reject(blockProblem);
  reject(flowKeyProblem(cst, original, root.end));
  reject(trailingTokenProblem(leaves, src, root.end, scanned));
  const trailing = leaves.find((l) => l.offset >= root.end && l.source !== '' && !['space', 'newline', 'comment'].includes(l.type));
  if (trailing && trailing.type !== 'doc-start' && trailing.type !== 'doc-end' && trailing.offset < docEnd(cst, regionEnd)) {
    reject(strayInBlockRoot(docTokens[0], trailing, src));
    ctx.diag(DiagnosticCodes.EXTRA_DOCUMENTS,
      `text after the end of the document's root node (line ${ctx.lineOf(trailing.offset)}) is never read by the operator, `
      + 'which reads only the first node of the first document; indent it under a key, or remove it', trailing.offset);
  }

  const extra = list.slice(1).filter((d) => {
    const c = d.contents;
    if (c === null || c === undefined) return false;
    return !(isScalar(c) && c.source === '' && !c.tag && !c.anchor);
  });
  if (extra.length > 0) {
    const at = extra[0]!.contents?.range?.[0];
    ctx.diag(DiagnosticCodes.EXTRA_DOCUMENTS,
      `the entry holds ${list.length} YAML documents; the operator reads only the first one and ignores `
      + `the rest${at !== undefined ? ` (the next one with content starts at line ${ctx.lineOf(at)})` : ''}; `
      + 'split them into separate ConfigMap keys', at);
  }
  return root.start === root.end && src[root.start] === '%' ? null : doc.contents ?? null;
}

/**
 * A token the `yaml` package leaves after a block root (a mapping or sequence) at or beyond the
 * root's column: libyaml ends a block collection only at a less indented token (or a document
 * marker, or a directive), so the token is still inside the root there, where go-yaml's parser
 * finds no key or "-" (`a: ]`, `a: 1` then `]`, `- a` then `b: c`).
 */
function strayInBlockRoot(docTok: { type: string; value?: unknown } | undefined, leaf: Leaf, src: string): SyntaxProblem | undefined {
  const root = docTok?.value as { type?: string; indent?: number } | undefined;
  if (root === undefined && (leaf.source === ']' || leaf.source === '}')) {
    // No root before it: go-yaml's parser wants the document's node there.
    return { message: `did not find expected node content: the document starts with "${leaf.source}"`, offset: leaf.offset };
  }
  if (root?.type !== 'block-map' && root?.type !== 'block-seq') return undefined;
  const column = leaf.offset - (src.lastIndexOf('\n', leaf.offset - 1) + 1);
  if (column < (root.indent ?? 0) || leaf.type === 'directive' || leaf.type === 'byte-order-mark'
    || (column === 0 && src[leaf.offset] === '%')) {
    return undefined;
  }
  return {
    message: root.type === 'block-map'
      ? `did not find expected key: "${leaf.source.slice(0, 20)}" stands where the operator's YAML parser expects the next key of the mapping`
      : `did not find expected '-' indicator: "${leaf.source.slice(0, 20)}" stands where the operator's YAML parser expects the next "-" of the list`,
    offset: leaf.offset,
  };
}

/** The `yaml` package's message for a `[`/`{` that is not closed (in libyaml: "did not find expected ',' or ']'"). */
const UNCLOSED_FLOW = /^Flow (map|sequence) (in block collection )?must (be sufficiently indented and )?end with a [\]}]/;

/**
 * The `yaml` package measures the 1,024 limit of an implicit key in UTF-16 units; libyaml in
 * characters. Its error stands at the key (block mapping) or at the ":" (flow sequence).
 */
function keyWithinLimit(leaves: readonly Leaf[], src: string, pos: readonly [number, number]): boolean {
  const colon = leaves.find((l) => l.type === 'map-value-ind' && l.offset >= pos[1] - 1)?.offset;
  return colon !== undefined && implicitKeyLength(leaves, src, colon) <= 1024;
}

/**
 * Where libyaml sees the root node. A root the `yaml` package reads as a plain scalar or key
 * starting with "%" at the start of a line is, for libyaml, a directive token after an empty root.
 */
function rootSpanOf(root: Node | null, src: string, docStart: number): RootSpan {
  const range = root?.range;
  if (!range) return { start: docStart, end: docStart };
  const [start, end] = range;
  if (src[start] === '%' && (start === 0 || src[start - 1] === '\n')) return { start, end: start };
  const flow = (isMap(root) || isSeq(root)) && root.flow === true;
  return flow ? { start, end, flowStartLine: src.lastIndexOf('\n', start - 1) + 1 } : { start, end };
}

/** The offset where the first document's text ends (its `...`, or the next document). */
function docEnd(cst: readonly { type: string; offset: number }[], regionEnd: number): number {
  const end = cst.find((t) => t.type === 'doc-end');
  return end !== undefined && end.offset < regionEnd ? end.offset : regionEnd;
}

/** Puts the original text (line breaks included) back into the quoted tokens of `spans`. */
function restoreQuotedSources(cst: readonly unknown[], src: string, spans: ReadonlyArray<readonly [number, number]>): void {
  if (spans.length === 0) return;
  const starts = new Set(spans.map(([start]) => start));
  walkTokens(cst, (tok) => {
    if ((tok.type === 'single-quoted-scalar' || tok.type === 'double-quoted-scalar')
      && typeof tok.offset === 'number' && typeof tok.source === 'string' && starts.has(tok.offset)) {
      tok.source = src.slice(tok.offset, tok.offset + tok.source.length);
      return false;
    }
    return true;
  });
}

/** The offset of the first character in [from, to) that is neither blank, a line break nor in a comment. */
function firstContent(text: string, from: number, to: number): number | undefined {
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === '#') {
      while (i < to && !/[\r\n\u0085\u2028\u2029]/.test(text[i] ?? '')) i++;
    } else if (c === undefined || !/[ \t\r\n\u0085\u2028\u2029]/.test(c)) {
      return i;
    }
  }
  return undefined;
}

/** Where a block scalar's body starts: after its last prop (the header line's line break). */
function blockBodyOffset(tok: BlockScalarToken): number {
  const last = tok.props[tok.props.length - 1];
  return last ? last.offset + last.source.length : tok.offset;
}

/**
 * Scans every block scalar of the first document as libyaml does (./block) and records its value
 * on its token (`BLOCK_SCALAR_VALUE`, read by ./nodes). Returns libyaml's error for the first
 * header with more than indicators and a comment on its line, or for the first block scalar (not
 * the root) that libyaml ends before text the `yaml` package still reads as part of it: that text
 * then stands where go-yaml's parser expects a key or "-". After a root block scalar, such text
 * is an error only as an unknown directive.
 */
function scanBlockScalars(cst: readonly unknown[], original: string): SyntaxProblem | undefined {
  let problem: SyntaxProblem | undefined;
  const first = cst.find((t) => (t as { type?: unknown }).type === 'document') as { value?: unknown } | undefined;
  const root = first?.value;
  walkTokens(root, (t) => {
    const tok = t as unknown as BlockScalarToken & { type?: unknown; source?: unknown; indent?: unknown };
    if (tok.type !== 'block-scalar' || typeof tok.source !== 'string') return true;
    const from = blockBodyOffset(tok);
    const headerTok = tok.props.find((p) => p.type === 'block-scalar-header');
    const header = headerTok?.source ?? '|';
    if (headerTok && problem === undefined) problem = blockHeaderProblem(original, headerTok.offset);
    const scan = scanBlockScalar(original, from, header, typeof tok.indent === 'number' ? tok.indent : 0);
    tok[BLOCK_SCALAR_VALUE] = scan.value;
    const rest = firstContent(original, scan.end, from + tok.source.length);
    if (rest !== undefined && t !== root && problem === undefined) {
      problem = {
        message: 'did not find expected key: a block scalar (| or >) takes its indentation from its most indented '
          + 'leading empty line in the operator\'s YAML parser, so this less indented line is not part of it; remove the '
          + 'extra spaces of the empty lines, or give the indentation in the header (|2)',
        offset: rest,
      };
    } else if (rest !== undefined && t === root && problem === undefined && original[rest] === '%'
      && (rest === 0 || original[rest - 1] === '\n' || original[rest - 1] === '\r')) {
      // libyaml's block scalar is indented by at least 1, so a root one ends at a line at column 0,
      // where "%" starts a directive, whose name its scanner checks. (The `yaml` package ends the
      // document at %YAML and %TAG, and go-yaml's parser, which checks their values, stops before.)
      const line = /^[^\r\n]*/.exec(original.slice(rest))?.[0] ?? '';
      if (/^%(YAML|TAG)([ \t]|$)/.test(line)) return false;
      problem = directiveProblem({ type: 'directive', offset: rest, source: line.replace(/[ \t]+#.*$/, ''), indent: 0 });
    }
    return false;
  });
  return problem;
}

/** Puts LS and PS (normalized to "\n" for the `yaml` package) back into the scalar tokens that hold them. */
function restoreLineSeparators(cst: readonly unknown[], original: string): void {
  if (!/[\u2028\u2029]/.test(original)) return;
  walkTokens(cst, (tok) => {
    if ((tok.type === 'scalar' || tok.type === 'single-quoted-scalar' || tok.type === 'double-quoted-scalar')
      && typeof tok.offset === 'number' && typeof tok.source === 'string') {
      const at = tok.offset;
      tok.source = tok.source.replace(/\n/g, (nl: string, i: number) => {
        const c = original[at + i];
        return c === '\u2028' || c === '\u2029' ? c : nl;
      });
      return false;
    }
    return true;
  });
}
