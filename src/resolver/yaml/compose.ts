/**
 * The `yaml` package's Composer with its recursion cut into bands, so that composing does not
 * depend on the JavaScript stack at any depth.
 *
 * The package composes a collection by calling its node composer for each child, which calls
 * the collection resolver again: a few stack frames per level, enough to overflow Node's default
 * stack at about a thousand levels. Its collection resolvers take that node composer as an
 * argument, though, so this module passes its own: one that composes a collection directly up to
 * `COMPOSE_BAND` levels below the collection where the current band started, and at that depth
 * hands back a collection composed earlier, as a band of its own. A band that meets a collection
 * not composed yet records it, finishes with a placeholder in its place, and is discarded; once
 * the recorded collections are composed, the band is composed again. Each band is composed at
 * most twice, and a document less deep than one band exactly once.
 *
 * Everything else is the package's own code, run in the same order on the same tokens: the
 * resolvers, the property and scalar composers, the tag handling. What the package reports
 * while composing a band is recorded and replayed, in order, where the band's collection stands
 * in its parent, so the document's errors and warnings come out as one recursive pass would give
 * them. The one other recursion of the package, its check whether a flow-collection key spans
 * lines, is answered without recursion (`viewFlowKeys`). test/yaml-compose.test.ts holds
 * `BandedComposer` to the package's own Composer.
 *
 * The resolvers are not part of the package's public API: they are loaded from its files
 * (compose/*.js of eemeli/yaml v2.9.1), which is why package.json pins that version. What this
 * module does in their place mirrors eemeli/yaml v2.9.1: `composeDocument` its
 * src/compose/compose-doc.ts, `composeCollection` what src/compose/compose-node.ts does with a
 * collection, `BandedComposer.next` the document case of src/compose/composer.ts.
 */
import * as path from 'path';
import { Composer, CST, Document, isScalar, Node, ParsedNode, Scalar } from 'yaml';

/**
 * Levels of collections one band composes: the package's recursion goes no deeper. Fifty levels
 * take well under a quarter of Node's default stack; fewer would only add bands.
 */
export const COMPOSE_BAND = 50;

/** The package's composer options this decoder uses. */
export interface ComposeOptions {
  readonly version: '1.1' | '1.2';
  readonly schema: 'failsafe';
  readonly merge: false;
  readonly uniqueKeys: false;
  readonly keepSourceTokens: true;
}

type ErrorSource = number | readonly [number, number] | readonly number[] | { offset: number; source?: string };
type OnError = (source: ErrorSource, code: string, message: string, warning?: boolean) => void;

/** The properties the package resolves before a node (resolve-props). */
interface Props {
  readonly spaceBefore: boolean;
  readonly comment: string;
  readonly anchor: CST.SourceToken | null;
  readonly tag: CST.SourceToken | null;
  readonly newlineAfterProp: CST.SourceToken | null;
  readonly hasNewline: boolean;
  readonly found: CST.SourceToken | null;
  readonly end: number;
}

/** The composition context the package threads through its resolvers. */
interface ComposeContext {
  atKey: boolean;
  atRoot: boolean;
  readonly directives: unknown;
  readonly options: { readonly stringKeys?: boolean; readonly keepSourceTokens?: boolean };
  readonly schema: unknown;
}

type NodeComposer = (ctx: ComposeContext, token: CST.Token, props: Props, onError: OnError) => ParsedNode;
type EmptyNodeComposer = (ctx: ComposeContext, offset: number, before: CST.SourceToken[] | undefined, pos: number | null,
  props: Props, onError: OnError) => ParsedNode;

/** The package's composer functions this module calls. */
interface Internals {
  readonly composeNode: NodeComposer;
  readonly composeEmptyNode: EmptyNodeComposer;
  readonly composeCollection: (cn: { composeNode: NodeComposer; composeEmptyNode: EmptyNodeComposer }, ctx: ComposeContext,
    token: CollectionToken, props: Props, onError: OnError) => ParsedNode;
  readonly resolveProps: (tokens: CST.SourceToken[], opts: {
    indicator: string; next: CST.Token | undefined; offset: number; onError: OnError; parentIndent: number; startOnNewline: boolean;
  }) => Props;
  readonly resolveEnd: (end: CST.SourceToken[] | undefined, offset: number, reqSpace: boolean, onError: OnError) =>
    { comment: string; offset: number };
}

const INTERNALS: Internals = loadInternals();

function loadInternals(): Internals {
  const dir = path.join(path.dirname(require.resolve('yaml')), 'compose');
  const load = (file: string): Record<string, unknown> => require(path.join(dir, file)) as Record<string, unknown>;
  const node = load('compose-node.js');
  const internals = {
    composeNode: node.composeNode,
    composeEmptyNode: node.composeEmptyNode,
    composeCollection: load('compose-collection.js').composeCollection,
    resolveProps: load('resolve-props.js').resolveProps,
    resolveEnd: load('resolve-end.js').resolveEnd,
  };
  for (const [name, fn] of Object.entries(internals)) {
    if (typeof fn !== 'function') throw new Error(`the yaml package has no ${name} in ${dir}`);
  }
  return internals as unknown as Internals;
}

type CollectionToken = CST.BlockMap | CST.BlockSequence | CST.FlowCollection;

function isCollectionToken(token: CST.Token): token is CollectionToken {
  return token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection';
}

/** One report of the package, as it was made. */
interface Report {
  readonly source: ErrorSource;
  readonly code: string;
  readonly message: string;
  readonly warning: boolean | undefined;
}

/** A collection composed as a band of its own. */
interface Composed {
  readonly node: ParsedNode;
  /** What was reported while composing it, with the bands below in their places. */
  readonly reports: ReadonlyArray<Report | Composed>;
  readonly props: Props;
  readonly atKeyBefore: boolean;
  readonly atKeyAfter: boolean;
}

/** A collection to compose as a band: its token, its properties and the context it was met in. */
interface Band {
  readonly token: CollectionToken;
  readonly props: Props;
  readonly atKey: boolean;
  readonly atRoot: boolean;
}

/** The bands of one document root. */
class BandedComposition {
  private readonly composed = new Map<CollectionToken, Composed>();
  private readonly cn = {
    composeNode: (ctx: ComposeContext, token: CST.Token, props: Props, onError: OnError): ParsedNode =>
      this.composeNode(ctx, token, props, onError),
    composeEmptyNode: INTERNALS.composeEmptyNode,
  };
  private depth = 0;
  private reports: Array<Report | Composed> = [];
  private record: OnError = () => undefined;
  private missing: Band[] = [];

  public constructor(private readonly doc: ComposeContext, private readonly band: number) {}

  /** The package's `composeNode` for the document root. */
  public composeRoot(ctx: ComposeContext, token: CST.Token, props: Props, onError: OnError): ParsedNode {
    if (!isCollectionToken(token)) return INTERNALS.composeNode(ctx, token, props, onError);
    const root: Band = { token, props, atKey: ctx.atKey, atRoot: ctx.atRoot };
    const work: Band[] = [root];
    while (work.length > 0) {
      const next = work[work.length - 1]!;
      if (this.composed.has(next.token)) {
        work.pop();
        continue;
      }
      const missing = this.composeBand(next);
      if (missing.length === 0) work.pop();
      else work.push(...missing);
    }
    const done = this.composed.get(token) as Composed;
    replay(done, onError);
    ctx.atKey = done.atKeyAfter;
    ctx.atRoot = false;
    return done.node;
  }

  /** Composes one band; returns the collections it met that are not composed yet. */
  private composeBand(band: Band): Band[] {
    const reports: Array<Report | Composed> = [];
    this.reports = reports;
    this.record = (source, code, message, warning) => {
      reports.push({ source, code, message, warning });
    };
    this.missing = [];
    this.depth = 0;
    const ctx: ComposeContext = { ...this.doc, atKey: band.atKey, atRoot: band.atRoot };
    const node = this.composeCollection(ctx, band.token, band.props, this.record);
    const missing = this.missing;
    if (missing.length === 0) {
      this.composed.set(band.token, { node, reports, props: band.props, atKeyBefore: band.atKey, atKeyAfter: ctx.atKey });
    }
    return missing;
  }

  /** The node composer handed to the package's resolvers. */
  private composeNode(ctx: ComposeContext, view: CST.Token, props: Props, onError: OnError): ParsedNode {
    const token = (view as KeyView)[KEY_VIEW_OF] ?? view;
    if (!isCollectionToken(token)) return INTERNALS.composeNode(ctx, token, props, onError);
    if (onError !== this.record) throw new Error('yaml composer: a collection reported through an unexpected handler');
    if (this.depth + 1 < this.band) {
      this.depth++;
      try {
        return this.composeCollection(ctx, token, props, onError);
      } finally {
        this.depth--;
      }
    }
    const done = this.composed.get(token);
    if (done === undefined) {
      this.missing.push({ token, props, atKey: ctx.atKey, atRoot: ctx.atRoot });
      const placeholder = new Scalar(null) as Scalar & { range: [number, number, number] };
      placeholder.range = [token.offset, token.offset, token.offset];
      return placeholder as ParsedNode;
    }
    if (!sameProps(done.props, props) || done.atKeyBefore !== ctx.atKey) {
      throw new Error('yaml composer: a collection was met again in a different context');
    }
    this.reports.push(done);
    ctx.atKey = done.atKeyAfter;
    return done.node;
  }

  /** What the package's `composeNode` does with a collection token. */
  private composeCollection(ctx: ComposeContext, token: CollectionToken, props: Props, onError: OnError): ParsedNode {
    const atKey = ctx.atKey;
    const { spaceBefore, comment, anchor, tag } = props;
    let node: ParsedNode | undefined;
    const keys = viewFlowKeys(token);
    try {
      node = INTERNALS.composeCollection(this.cn, ctx, token, props, onError);
      if (anchor) node.anchor = anchor.source.substring(1);
    } catch (error) {
      onError(token, 'RESOURCE_EXHAUSTION', error instanceof Error ? error.message : String(error));
    } finally {
      for (const [item, key] of keys) item.key = key;
    }
    node ??= INTERNALS.composeEmptyNode(ctx, token.offset, undefined, null, props, onError);
    if (anchor && node.anchor === '') onError(anchor, 'BAD_ALIAS', 'Anchor cannot be an empty string');
    if (atKey && ctx.options.stringKeys
      && (!isScalar(node) || typeof node.value !== 'string' || (node.tag && node.tag !== 'tag:yaml.org,2002:str'))) {
      onError(tag ?? token, 'NON_STRING_KEY', 'With stringKeys, all keys must be strings');
    }
    if (spaceBefore) node.spaceBefore = true;
    if (comment) node.commentBefore = comment;
    if (ctx.options.keepSourceTokens) (node as Node & { srcToken?: CST.Token }).srcToken = token;
    return node;
  }
}

/** Where a key view (`viewFlowKeys`) keeps the key it stands for. */
const KEY_VIEW_OF = Symbol('the key token this view stands for');

type KeyView = CST.FlowCollection & { [KEY_VIEW_OF]?: CST.FlowCollection };

/**
 * Before the package composes a mapping or a flow collection, each key that is itself a flow
 * collection is replaced, in its item, by a one-level view of it: the package asks such a key
 * whether it spans lines by recursing through every level of it, and a view answers that from
 * `flowContainsNewline` with no levels below. The view has the key's type, offset, indentation,
 * start and end, so the package's other checks read what they would read on the key; the node
 * composer composes the key itself. Returns the items and keys to put back afterwards.
 */
function viewFlowKeys(token: CollectionToken): Array<[{ key?: CST.Token | null }, CST.Token]> {
  const replaced: Array<[{ key?: CST.Token | null }, CST.Token]> = [];
  if (token.type === 'block-seq') return replaced;
  for (const item of token.items as Array<{ key?: CST.Token | null }>) {
    const key = item.key;
    if (key?.type !== 'flow-collection') continue;
    const view: KeyView = {
      ...key,
      items: flowContainsNewline(key) ? [{ start: [{ type: 'newline', offset: key.offset, indent: key.indent, source: '\n' }] }] : [],
      [KEY_VIEW_OF]: key,
    };
    replaced.push([item, key]);
    item.key = view;
  }
  return replaced;
}

/**
 * Whether a flow collection token spans lines, as the package's `containsNewline` decides it
 * (eemeli/yaml v2.9.1 src/compose/util-contains-newline.ts), without recursion: a line break
 * token before or after any item's indicator, a line break in a nested scalar or alias or after
 * it, or any nested token that is not a scalar, alias or flow collection.
 */
export function flowContainsNewline(token: CST.FlowCollection): boolean {
  const stack: Array<CST.Token | null | undefined> = [token];
  while (stack.length > 0) {
    const t = stack.pop();
    if (!t) continue;
    switch (t.type) {
      case 'alias':
      case 'scalar':
      case 'double-quoted-scalar':
      case 'single-quoted-scalar':
        if (t.source.includes('\n') || (t.end ?? []).some((st) => st.type === 'newline')) return true;
        break;
      case 'flow-collection':
        for (const it of t.items) {
          if (it.start.some((st) => st.type === 'newline') || (it.sep ?? []).some((st) => st.type === 'newline')) return true;
          stack.push(it.key, it.value);
        }
        break;
      default:
        return true;
    }
  }
  return false;
}

function sameProps(a: Props, b: Props): boolean {
  return a.anchor === b.anchor && a.tag === b.tag && a.newlineAfterProp === b.newlineAfterProp
    && a.spaceBefore === b.spaceBefore && a.comment === b.comment;
}

/** Hands a band's reports, and those of the bands below it, to `onError` in order. */
function replay(band: Composed, onError: OnError): void {
  const stack: Array<{ reports: ReadonlyArray<Report | Composed>; at: number }> = [{ reports: band.reports, at: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.at >= top.reports.length) {
      stack.pop();
      continue;
    }
    const r = top.reports[top.at++]!;
    if ('node' in r) stack.push({ reports: r.reports, at: 0 });
    else onError(r.source, r.code, r.message, r.warning);
  }
}

/** The package's `composeDoc`, with the root composed in bands. */
function composeDocument(options: ComposeOptions, directives: unknown, token: CST.Document, onError: OnError,
  band: number): Document.Parsed {
  const { offset, start, value, end } = token;
  const docOptions = { _directives: directives, ...options } as unknown as ConstructorParameters<typeof Document>[2];
  const doc = new Document(undefined, null, docOptions);
  const ctx: ComposeContext = {
    atKey: false,
    atRoot: true,
    directives: doc.directives,
    options: doc.options,
    schema: doc.schema,
  };
  const props = INTERNALS.resolveProps(start, {
    indicator: 'doc-start',
    next: value ?? end?.[0],
    offset,
    onError,
    parentIndent: 0,
    startOnNewline: true,
  });
  if (props.found) {
    (doc.directives as { docStart: boolean }).docStart = true;
    if (value && (value.type === 'block-map' || value.type === 'block-seq') && !props.hasNewline) {
      onError(props.end, 'MISSING_CHAR', 'Block collection cannot start on same line with directives-end marker');
    }
  }
  const contents = value
    ? new BandedComposition(ctx, band).composeRoot(ctx, value, props, onError)
    : INTERNALS.composeEmptyNode(ctx, props.end, start, null, props, onError);
  doc.contents = contents;
  const contentEnd = (contents.range as [number, number, number])[2];
  const re = INTERNALS.resolveEnd(end, contentEnd, false, onError);
  if (re.comment) doc.comment = re.comment;
  doc.range = [offset, contentEnd, re.offset];
  return doc as Document.Parsed;
}

/** The Composer's private state that its `next` touches for a document. */
interface ComposerState {
  readonly options: ComposeOptions;
  readonly directives: unknown;
  readonly onError: OnError;
  atDirectives: boolean;
  doc: Document.Parsed | null;
  decorate(doc: Document.Parsed, afterDoc: boolean): void;
}

/** The package's Composer, composing each document's root in bands (`BandedComposition`). */
export class BandedComposer extends Composer {
  public constructor(options: ComposeOptions, private readonly band: number = COMPOSE_BAND) {
    super(options);
  }

  public override *next(token: CST.Token): Generator<Document.Parsed, void, unknown> {
    if (token.type !== 'document') {
      yield* super.next(token);
      return;
    }
    const self = this as unknown as ComposerState;
    const doc = composeDocument(self.options, self.directives, token, self.onError, this.band);
    if (self.atDirectives && !doc.directives?.docStart) {
      self.onError(token, 'MISSING_CHAR', 'Missing directives-end/doc-start indicator line');
    }
    self.decorate(doc, false);
    if (self.doc) yield self.doc;
    self.doc = doc;
    self.atDirectives = false;
  }
}
