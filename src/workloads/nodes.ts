/**
 * Node inventory: reading `kubectl get nodes -o json|yaml` output, and deciding whether a node is
 * selected by a `nodeSelector` map and/or a core/v1 `NodeSelector` (node affinity).
 *
 * The selector semantics follow what the operator calls:
 * - `LinstorCluster.spec.nodeSelector`: `client.MatchingLabels` (every pair must be present with an
 *   equal value; empty selects every node); `LinstorSatelliteConfiguration.spec.nodeSelector`:
 *   `merge.SubsetOf` (same rule).
 * - `nodeAffinity`: `k8s.io/component-helpers/scheduling/corev1.MatchNodeSelectorTerms` (the
 *   scheduler's `nodeaffinity.LazyErrorNodeSelector`); the operator ignores the returned error.
 *   Terms are ORed; inside a term, all `matchExpressions` and all `matchFields` are ANDed. A term
 *   with neither matches nothing; an absent or empty `nodeSelectorTerms` list matches nothing; a
 *   term that fails validation (unknown operator, wrong number of values, invalid label key or
 *   value, non-integer `Gt`/`Lt` value, a field other than `metadata.name`) matches nothing, while
 *   the other terms still count. A nil `nodeAffinity` is not checked at all (matches every node).
 */
import { ErrorCodes, firstLine, PiraeusError } from '../errors';
import { yamlPackage } from '../resolver/on-demand';
import { compareCodeUnits, isRecord } from '../resolver/util';
import { hasOwn } from './json';

/** A node taint (`spec.taints[]`). */
export interface Taint {
  readonly key: string;
  readonly value?: string;
  /** `NoSchedule`, `PreferNoSchedule` or `NoExecute`. */
  readonly effect: string;
}

/** What the operator reads from a `Node`. */
export interface NodeInfo {
  /** `metadata.name`; also the `LinstorSatellite` name and the satellite DaemonSet suffix. */
  readonly name: string;
  /** `status.nodeInfo.osImage`; `''` when the inventory does not report it. */
  readonly osImage: string;
  /** `metadata.labels`. */
  readonly labels: Readonly<Record<string, string>>;
  /**
   * `spec.taints`, when the inventory has any. The cluster controller skips nodes with taints the
   * satellite does not tolerate (see `selectSatelliteNodes`).
   */
  readonly taints?: readonly Taint[];
}

/** core/v1 `NodeSelectorRequirement`. */
export interface NodeSelectorRequirement {
  readonly key: string;
  /** `In`, `NotIn`, `Exists`, `DoesNotExist`, `Gt` or `Lt` (only `In`/`NotIn` for fields). */
  readonly operator: string;
  readonly values?: readonly string[];
}

/** core/v1 `NodeSelectorTerm`. */
export interface NodeSelectorTerm {
  readonly matchExpressions?: readonly NodeSelectorRequirement[];
  readonly matchFields?: readonly NodeSelectorRequirement[];
}

/** core/v1 `NodeSelector` (the type of `LinstorCluster.spec.nodeAffinity`). */
export interface NodeSelector {
  readonly nodeSelectorTerms?: readonly NodeSelectorTerm[];
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

function fail(source: string, detail: string, line?: number): never {
  throw new PiraeusError(
    ErrorCodes.INVALID_NODES,
    detail,
    line === undefined ? { path: source } : { path: source, line },
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}

function own(obj: Record<string, unknown>, key: string): unknown {
  return hasOwn(obj, key) ? obj[key] : undefined;
}

function parseTaints(raw: unknown, where: string, source: string): Taint[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) fail(source, `${where}: spec.taints must be a list, got ${describe(raw)}`);
  const taints: Taint[] = [];
  raw.forEach((t, i) => {
    const at = `${where}: spec.taints[${i}]`;
    if (!isRecord(t)) fail(source, `${at} must be an object, got ${describe(t)}`);
    const key = own(t, 'key');
    const value = own(t, 'value');
    const effect = own(t, 'effect');
    if (typeof key !== 'string') fail(source, `${at}.key must be a string`);
    if (typeof effect !== 'string' || effect === '') fail(source, `${at}.effect must be a non-empty string`);
    if (value !== undefined && value !== null && typeof value !== 'string') {
      fail(source, `${at}.value must be a string, got ${describe(value)}`);
    }
    taints.push(typeof value === 'string' && value !== '' ? { key, value, effect } : { key, effect });
  });
  return taints.length > 0 ? taints : undefined;
}

function parseNode(raw: unknown, where: string, source: string): NodeInfo {
  if (!isRecord(raw)) fail(source, `${where} must be a Node object, got ${describe(raw)}`);
  const kind = own(raw, 'kind');
  if (kind !== undefined && kind !== 'Node') {
    fail(source, `${where} has kind ${JSON.stringify(kind)}; expected Node`);
  }
  const metadata = own(raw, 'metadata');
  if (!isRecord(metadata)) fail(source, `${where} has no metadata`);
  const name = own(metadata, 'name');
  if (typeof name !== 'string' || name === '') fail(source, `${where} has no metadata.name`);
  const at = `${where} (node "${name}")`;

  const labels: Record<string, string> = {};
  const rawLabels = own(metadata, 'labels');
  if (rawLabels !== undefined && rawLabels !== null) {
    if (!isRecord(rawLabels)) fail(source, `${at}: metadata.labels must be a map, got ${describe(rawLabels)}`);
    for (const key of Object.keys(rawLabels).sort(compareCodeUnits)) {
      const v = rawLabels[key];
      if (typeof v !== 'string') {
        fail(source, `${at}: label "${key}" must be a string, got ${describe(v)} (quote it in YAML)`);
      }
      Object.defineProperty(labels, key, { value: v, writable: true, enumerable: true, configurable: true });
    }
  }

  let osImage = '';
  const status = own(raw, 'status');
  if (status !== undefined && status !== null) {
    if (!isRecord(status)) fail(source, `${at}: status must be an object`);
    const nodeInfo = own(status, 'nodeInfo');
    if (nodeInfo !== undefined && nodeInfo !== null) {
      if (!isRecord(nodeInfo)) fail(source, `${at}: status.nodeInfo must be an object`);
      const os = own(nodeInfo, 'osImage');
      if (os !== undefined && os !== null) {
        if (typeof os !== 'string') fail(source, `${at}: status.nodeInfo.osImage must be a string, got ${describe(os)}`);
        osImage = os;
      }
    }
  }

  let taints: Taint[] | undefined;
  const spec = own(raw, 'spec');
  if (spec !== undefined && spec !== null) {
    if (!isRecord(spec)) fail(source, `${at}: spec must be an object`);
    taints = parseTaints(own(spec, 'taints'), at, source);
  }

  return taints ? { name, osImage, labels, taints } : { name, osImage, labels };
}

function collect(doc: unknown, where: string, source: string, out: NodeInfo[]): void {
  if (doc === null || doc === undefined) return;
  if (!isRecord(doc)) {
    fail(source, `${where} must be a Node, NodeList or List object, got ${describe(doc)}`);
  }
  const kind = own(doc, 'kind');
  const isList = kind === 'List' || kind === 'NodeList' || (kind === undefined && hasOwn(doc, 'items'));
  if (isList) {
    const items = own(doc, 'items');
    if (items === undefined) fail(source, `${where} is a ${String(kind ?? 'list')} without items`);
    if (items === null) return; // Go's JSON encoder writes an empty list as null in some clients
    if (!Array.isArray(items)) fail(source, `${where}: items must be a list, got ${describe(items)}`);
    items.forEach((item, i) => out.push(parseNode(item, `${where} items[${i}]`, source)));
    return;
  }
  if (kind === 'Node' || (kind === undefined && hasOwn(doc, 'metadata'))) {
    out.push(parseNode(doc, where, source));
    return;
  }
  fail(
    source,
    `${where} has kind ${JSON.stringify(kind ?? null)}; expected the output of "kubectl get nodes -o json" or "-o yaml" ` +
      '(a List or NodeList with items, or a single Node)',
  );
}

/**
 * Reads a node inventory: the output of `kubectl get nodes -o json` or `-o yaml` (a `v1` `List` or
 * `NodeList` with `items`, or a single `Node`; several YAML documents are read one after another).
 *
 * Returns the nodes sorted by name (code-unit order). A missing `status.nodeInfo.osImage` is read
 * as `''` (the empty OS string, which no default loader rule matches). Throws a `PiraeusError`
 * with code `INVALID_NODES` and `location.path = source` for anything malformed: text that is not
 * JSON/YAML, a list without `items`, an object of another kind, a node without `metadata.name`,
 * non-string labels or OS string, malformed taints, or the same node name twice.
 */
export function parseNodeList(text: string, source: string): NodeInfo[] {
  if (typeof text !== 'string') fail(source, 'node inventory must be text');
  if (text.trim() === '') fail(source, 'node inventory is empty');

  const docs: unknown[] = [];
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      docs.push(JSON.parse(text));
    } catch (e) {
      fail(source, `not valid JSON: ${(e as Error).message}`);
    }
  } else {
    const parsed = yamlPackage().parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true });
    const list = Array.isArray(parsed) ? parsed : [];
    for (const doc of list) {
      const err = doc.errors[0];
      if (err) fail(source, `not valid YAML: ${firstLine(err.message)}`, err.linePos?.[0].line);
      docs.push(doc.toJS({ maxAliasCount: 1000 }));
    }
  }

  const nodes: NodeInfo[] = [];
  docs.forEach((doc, i) => collect(doc, docs.length > 1 ? `document ${i + 1}` : 'inventory', source, nodes));
  if (docs.every((d) => d === null || d === undefined)) fail(source, 'node inventory contains no object');

  nodes.sort((a, b) => compareCodeUnits(a.name, b.name));
  let previous: string | undefined;
  for (const { name } of nodes) {
    if (name === previous) fail(source, `node "${name}" appears more than once`);
    previous = name;
  }
  return nodes;
}

// ---------------------------------------------------------------------------------------------
// Selector semantics (k8s.io/apimachinery labels, k8s.io/component-helpers nodeaffinity)
// ---------------------------------------------------------------------------------------------

const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const DECIMAL = /^[+-]?[0-9]+$/;
const INT64_MIN = -(BigInt(2) ** BigInt(63));
const INT64_MAX = BigInt(2) ** BigInt(63) - BigInt(1);

/** `validation.IsQualifiedName`: `[prefix/]name`. */
function isQualifiedName(key: string): boolean {
  const slash = key.indexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (name.includes('/')) return false;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) return false;
  return name.length > 0 && name.length <= 63 && LABEL_NAME.test(name);
}

/** `validation.IsValidLabelValue`. */
function isValidLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

/** Go `strconv.ParseInt(s, 10, 64)`; undefined on a syntax or range error. */
function parseInt64(s: string): bigint | undefined {
  if (!DECIMAL.test(s)) return undefined;
  const v = BigInt(s);
  return v < INT64_MIN || v > INT64_MAX ? undefined : v;
}

const LABEL_OPS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] as const;
type LabelOp = typeof LABEL_OPS[number];
interface LabelRequirement {
  readonly key: string;
  readonly op: LabelOp;
  readonly values: readonly string[];
}

/**
 * A reason a `NodeSelector` (or part of it) matches no node: the field, relative to the selector
 * (`nodeSelectorTerms[0].matchExpressions[1].values`), and what is wrong with it.
 */
export interface NodeSelectorIssue {
  readonly path: string;
  readonly detail: string;
}

function asList(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `labels.NewRequirement` validation; returns the requirement or the problem (relative field, detail). */
function labelRequirement(expr: NodeSelectorRequirement): LabelRequirement | NodeSelectorIssue {
  const op = expr.operator;
  if (!(LABEL_OPS as readonly unknown[]).includes(op)) {
    return { path: 'operator', detail: `must be one of ${LABEL_OPS.join(', ')} (got ${JSON.stringify(op)})` };
  }
  const key = expr.key;
  if (key === undefined || key === '') return { path: 'key', detail: 'needs a label key' };
  if (typeof key !== 'string' || !isQualifiedName(key)) return { path: 'key', detail: `invalid label key ${JSON.stringify(key)}` };
  const values = asList(expr.values) as readonly string[];
  switch (op as LabelOp) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) return { path: 'values', detail: `${op} needs at least one value` };
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length !== 0) return { path: 'values', detail: `${op} takes no values` };
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) return { path: 'values', detail: `${op} needs exactly one value` };
      if (typeof values[0] !== 'string' || parseInt64(values[0]) === undefined) {
        return { path: 'values[0]', detail: `${op} needs an integer value, got ${JSON.stringify(values[0])}` };
      }
      break;
  }
  const bad = values.findIndex((v) => typeof v !== 'string' || !isValidLabelValue(v));
  if (bad >= 0) return { path: `values[${bad}]`, detail: `invalid label value ${JSON.stringify(values[bad])}` };
  return { key, op: op as LabelOp, values };
}

/** `labels.Requirement.Matches`. */
function requirementMatches(req: LabelRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = hasOwn(labels, req.key);
  const value = (has ? labels[req.key] : undefined) ?? '';
  switch (req.op) {
    case 'In':
      return has && req.values.includes(value);
    case 'NotIn':
      return !has || !req.values.includes(value);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has) return false;
      // Exactly one value (parseSelectorRequirement checks); any other count matches nothing, as in Go.
      const [wantedText, ...more] = req.values;
      if (wantedText === undefined || more.length) return false;
      const actual = parseInt64(value);
      const wanted = parseInt64(wantedText);
      if (actual === undefined || wanted === undefined) return false;
      return req.op === 'Gt' ? actual > wanted : actual < wanted;
    }
  }
}

interface FieldRequirement {
  readonly equal: boolean;
  readonly value: string;
}

/** `nodeSelectorRequirementsAsFieldSelector`: only `metadata.name`, `In`/`NotIn` with one value. */
function fieldRequirement(expr: NodeSelectorRequirement): FieldRequirement | NodeSelectorIssue {
  if (expr.key !== 'metadata.name') {
    return { path: 'key', detail: `field ${JSON.stringify(expr.key)} is not supported (only metadata.name)` };
  }
  if (expr.operator !== 'In' && expr.operator !== 'NotIn') {
    return { path: 'operator', detail: `field operator ${JSON.stringify(expr.operator)} is not supported (only In, NotIn)` };
  }
  const values = asList(expr.values);
  if (values.length !== 1 || typeof values[0] !== 'string') {
    return { path: 'values', detail: `field operator ${expr.operator} needs exactly one value` };
  }
  return { equal: expr.operator === 'In', value: values[0] };
}

interface CompiledTerm {
  readonly labels?: readonly LabelRequirement[];
  readonly fields?: readonly FieldRequirement[];
}

function isIssue(r: object): r is NodeSelectorIssue {
  return 'detail' in r;
}

/** Compiles one term; `null` for an empty term, the problems (paths relative to the term) for an invalid one. */
function compileTerm(term: NodeSelectorTerm): CompiledTerm | null | NodeSelectorIssue[] {
  const exprs = asList(term?.matchExpressions) as readonly NodeSelectorRequirement[];
  const fields = asList(term?.matchFields) as readonly NodeSelectorRequirement[];
  if (exprs.length === 0 && fields.length === 0) return null;
  const problems: NodeSelectorIssue[] = [];
  const labels: LabelRequirement[] = [];
  exprs.forEach((e, i) => {
    const r = labelRequirement(e ?? {});
    if (isIssue(r)) problems.push({ path: `matchExpressions[${i}].${r.path}`, detail: r.detail });
    else labels.push(r);
  });
  const fieldReqs: FieldRequirement[] = [];
  fields.forEach((f, i) => {
    const r = fieldRequirement(f ?? {});
    if (isIssue(r)) problems.push({ path: `matchFields[${i}].${r.path}`, detail: r.detail });
    else fieldReqs.push(r);
  });
  if (problems.length > 0) return problems;
  return {
    labels: exprs.length > 0 ? labels : undefined,
    fields: fields.length > 0 ? fieldReqs : undefined,
  };
}

function termMatches(term: CompiledTerm, node: NodeInfo): boolean {
  if (term.labels && !term.labels.every((r) => requirementMatches(r, node.labels))) return false;
  // The scheduler skips field requirements when the node has no fields (empty name); ours always has one.
  if (term.fields && node.name !== '' && !term.fields.every((f) => (node.name === f.value) === f.equal)) return false;
  return true;
}

/**
 * Everything that makes a `NodeSelector` (or one of its terms) match no node; the operator
 * silently ignores such terms. The one set of rules for node affinity: the satellite selection
 * skips the terms it reports, and the constructs reject them at synth time. Empty when valid.
 */
export function nodeSelectorIssues(nodeAffinity: NodeSelector): NodeSelectorIssue[] {
  const terms = nodeAffinity?.nodeSelectorTerms;
  if (terms !== undefined && !Array.isArray(terms)) return [{ path: 'nodeSelectorTerms', detail: 'must be a list of terms' }];
  if (!terms || terms.length === 0) return [{ path: 'nodeSelectorTerms', detail: 'needs at least one term (an empty list selects no node)' }];
  const issues: NodeSelectorIssue[] = [];
  terms.forEach((t, i) => {
    const c = compileTerm(t);
    if (c === null) issues.push({ path: `nodeSelectorTerms[${i}]`, detail: 'an empty term selects no node' });
    else if (Array.isArray(c)) for (const p of c) issues.push({ path: `nodeSelectorTerms[${i}].${p.path}`, detail: p.detail });
  });
  return issues;
}

/**
 * `nodeSelectorIssues` as text, one entry per problem: `nodeSelectorTerms[1].matchExpressions[0].values[0]: ...`.
 * Empty when valid.
 */
export function nodeSelectorProblems(nodeAffinity: NodeSelector): string[] {
  return nodeSelectorIssues(nodeAffinity).map((i) => `${i.path}: ${i.detail}`);
}

/** `MatchNodeSelectorTerms(node, nodeAffinity)` with the error ignored, as the operator does. */
export function matchNodeSelectorTerms(node: NodeInfo, nodeAffinity: NodeSelector): boolean {
  for (const term of asList(nodeAffinity.nodeSelectorTerms) as readonly NodeSelectorTerm[]) {
    const c = compileTerm(term);
    if (c === null || Array.isArray(c)) continue;
    if (termMatches(c, node)) return true;
  }
  return false;
}

/** `merge.SubsetOf(selector, node.labels)` / `client.MatchingLabels`: every pair present and equal. */
export function labelsMatch(node: NodeInfo, nodeSelector?: Readonly<Record<string, string>>): boolean {
  if (!nodeSelector) return true;
  for (const key of Object.keys(nodeSelector)) {
    if (!hasOwn(node.labels, key) || node.labels[key] !== nodeSelector[key]) return false;
  }
  return true;
}

/**
 * True when `node` is selected by `nodeSelector` (all pairs must match; absent or empty selects
 * all) AND by `nodeAffinity` (core/v1 NodeSelector semantics, see the module comment; absent
 * selects all, present-but-empty selects none).
 */
export function nodeMatchesSelector(
  node: NodeInfo,
  nodeSelector?: Readonly<Record<string, string>>,
  nodeAffinity?: NodeSelector,
): boolean {
  if (!labelsMatch(node, nodeSelector)) return false;
  if (nodeAffinity !== undefined && nodeAffinity !== null) return matchNodeSelectorTerms(node, nodeAffinity);
  return true;
}
