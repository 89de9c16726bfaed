/**
 * Renderings of the image report and of image diffs: Markdown (for a pull-request comment),
 * JSON, and a plain table. Deterministic: same report, same bytes.
 */
import { Provenance } from '../resolver/types';
import { compareCodeUnits } from '../resolver/util';
import { ExcludedNode, formatExcludedNode } from './exclusion';
import { formatNoOsRuleMatched, MatchKind } from './os-match';
import { ImageReport, NodeGroupReport, WorkloadReport } from './preview';

/**
 * Why an image was chosen, in one phrase. With `match` `fallback-no-rule-matched` the fallback is
 * marked `fallback (no OS rule matched)`; a component without rules stays `fallback`.
 */
export function why(p: Provenance | undefined, match?: MatchKind): string {
  if (!p) return 'no image entry: the placeholder stays as written';
  const parts = [p.document, p.rule ? `rule ${p.rule.index} /${p.rule.pattern}/` : match === 'fallback-no-rule-matched' ? 'fallback (no OS rule matched)' : 'fallback'];
  if (p.envVar) parts.push(`env ${p.envVar}`);
  else if (p.baseSource === 'repository') parts.push(`repository ${p.base}`);
  if (p.externalVersion) parts.push('external controller version');
  if (p.precompiled) parts.push('precompiled');
  return parts.join(', ');
}

/** One row of the image tables. */
type Row = [workload: string, container: string, image: string, why: string];

function rows(w: WorkloadReport): Row[] {
  return w.containers.map((c) => [`${w.kind}/${w.name}`, c.init ? `${c.name} (init)` : c.name, c.image, why(c.provenance, c.match)]);
}

/** Options of the text and Markdown reports. */
export interface ReportFormatOptions {
  /**
   * Every row of every node group. By default, with two or more groups, the rows all groups share
   * are printed once and each group shows only its own.
   * @default false
   */
  readonly all?: boolean;
}

/**
 * Splits the rows of several groups into the rows every group has (`key` equal; taken from the
 * first group, in its order) and, per group, the rest. With fewer than two groups nothing is shared.
 */
export function splitSharedRows<R>(groups: readonly (readonly R[])[], key: (row: R) => string): { shared: R[]; own: R[][] } {
  const [first] = groups;
  if (first === undefined || groups.length < 2) return { shared: [], own: groups.map((g) => [...g]) };
  const keys = groups.map((g) => new Set(g.map(key)));
  const sharedKeys = new Set(first.map(key).filter((k) => keys.every((set) => set.has(k))));
  return {
    shared: first.filter((r) => sharedKeys.has(key(r))),
    own: groups.map((g) => g.filter((r) => !sharedKeys.has(key(r)))),
  };
}

/**
 * The satellite rows, compacted unless `all`: the rows every group shares (the workload column
 * names no node in them) and each group with its own rows.
 */
function satelliteRows(groups: readonly NodeGroupReport[], all: boolean): { shared: Row[]; own: Array<{ group: NodeGroupReport; rows: Row[] }> } {
  const perGroup = groups.map((g) => rows(g.satellite));
  const split = all ? { shared: [], own: perGroup } : splitSharedRows(perGroup, (r) => JSON.stringify(r.slice(1)));
  // The shared rows are the first group's, whose workload is named after its first node.
  const node = groups[0]?.nodes[0];
  const generic = ([workload, ...rest]: Row): Row =>
    [node !== undefined && workload.endsWith(node) ? `${workload.slice(0, workload.length - node.length)}<node>` : workload, ...rest];
  // splitSharedRows returns one row list per group, in the groups' order.
  return { shared: split.shared.map(generic), own: groups.map((group, i) => ({ group, rows: split.own[i]! })) };
}

function excludedLines(excluded: readonly ExcludedNode[]): string[] {
  return excluded.flatMap(formatExcludedNode);
}

function nodeList(nodes: readonly string[]): string {
  return nodes.length > 12 ? `${nodes.slice(0, 12).join(', ')}, … (${nodes.length} nodes)` : nodes.join(', ');
}

/** A plain text table with a header row. */
export function textTable(header: readonly string[], body: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  // A cell beyond the header's columns is not padded.
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n') + '\n';
}

/** A Markdown table; pipes in cells are escaped. */
export function markdownTable(header: readonly string[], body: readonly (readonly string[])[]): string {
  const esc = (c: string) => c.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const line = (cells: readonly string[]) => `| ${cells.map(esc).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...body.map(line)].join('\n') + '\n';
}

const HEADER = ['WORKLOAD', 'CONTAINER', 'IMAGE', 'WHY'];

const SHARED_NOTE = 'no rows of its own: see the rows shared by all node groups';

/** The report as a plain table per section (compact unless `options.all`). */
export function reportTable(report: ImageReport, options: ReportFormatOptions = {}): string {
  const out: string[] = ['Cluster level (OS image "")', textTable(HEADER, report.cluster.flatMap(rows))];
  const { shared, own } = satelliteRows(report.nodeGroups, options.all === true);
  if (shared.length) out.push(`Satellite rows shared by all ${report.nodeGroups.length} node groups`, textTable(HEADER, shared));
  for (const { group: g, rows: groupRows } of own) {
    out.push(`Nodes with OS image ${JSON.stringify(g.osImage)}${g.precompiled ? ' (precompiled modules)' : ''}: ${nodeList(g.nodes)}`);
    const note = g.noOsRuleMatched ? `  note: ${formatNoOsRuleMatched(g.noOsRuleMatched)}\n` : '';
    out.push((groupRows.length ? textTable(HEADER, groupRows) : `  (${SHARED_NOTE})\n`) + note);
  }
  if (report.excludedNodes.length) {
    out.push(`Nodes without a satellite: ${nodeList(report.excludedNodes.map((n) => n.node))}\n${excludedLines(report.excludedNodes).map((l) => `  ${l}\n`).join('')}`);
  }
  return out.join('\n');
}

/** The report as Markdown, for a pull-request comment (compact unless `options.all`). */
export function reportMarkdown(report: ImageReport, options: ReportFormatOptions = {}): string {
  const head = ['Workload', 'Container', 'Image', 'Why'];
  const md = (r: readonly Row[]) => markdownTable(head, r.map(([workload, container, image, reason]) => [workload, container, `\`${image}\``, reason]));
  const out: string[] = ['## Piraeus images', '', '### Cluster level', '', md(report.cluster.flatMap(rows))];
  const { shared, own } = satelliteRows(report.nodeGroups, options.all === true);
  if (shared.length) out.push(`### Satellite rows shared by all ${report.nodeGroups.length} node groups`, '', md(shared));
  for (const { group: g, rows: groupRows } of own) {
    out.push(`### ${g.osImage === '' ? '(empty OS image)' : g.osImage}${g.precompiled ? ' — precompiled modules' : ''}`, '');
    out.push(`Nodes: ${nodeList(g.nodes)}`, '', groupRows.length ? md(groupRows) : `(${SHARED_NOTE})\n`);
    if (g.noOsRuleMatched) out.push(`> **Note:** ${formatNoOsRuleMatched(g.noOsRuleMatched)}`, '');
  }
  if (report.excludedNodes.length) {
    out.push(`### Nodes without a satellite`, '', `Nodes: ${nodeList(report.excludedNodes.map((n) => n.node))}`, '',
      ...excludedLines(report.excludedNodes).map((l) => `- ${l}`), '');
  }
  return out.join('\n');
}

/** Excluded nodes as JSON (also used by `explain --output json`). */
export function excludedNodesJson(excluded: readonly ExcludedNode[]): unknown[] {
  return excluded.map((n) => ({
    node: n.node,
    osImage: n.osImage,
    reasons: n.reasons.map((r) => ({
      kind: r.kind, detail: r.detail, fix: r.fix,
      taint: r.taint ?? null, toleration: r.toleration ?? null, configurations: r.configurations ?? [],
    })),
  }));
}

/** The report as JSON. */
export function reportJson(report: ImageReport): string {
  const workload = (w: WorkloadReport) => ({
    kind: w.kind,
    name: w.name,
    containers: w.containers.map((c) => ({
      name: c.name, init: c.init, placeholder: c.placeholder, image: c.image,
      document: c.provenance?.document ?? null,
      rule: c.provenance?.rule ?? null,
      envVar: c.provenance?.envVar ?? null,
      why: why(c.provenance, c.match),
      match: c.match ?? null,
    })),
  });
  return JSON.stringify({
    cluster: report.cluster.map(workload),
    nodeGroups: report.nodeGroups.map((g) => ({
      osImage: g.osImage, nodes: g.nodes, precompiled: g.precompiled, satellite: workload(g.satellite),
      noOsRuleMatched: g.noOsRuleMatched ?? null,
    })),
    unselectedNodes: report.unselectedNodes,
    excludedNodes: excludedNodesJson(report.excludedNodes),
  }, null, 2) + '\n';
}

/** One image change between two configurations. */
export interface ImageChange {
  /** `cluster` for cluster-level workloads, else the nodes that see this change. */
  readonly nodes: readonly string[];
  readonly workload: string;
  readonly container: string;
  readonly before: string;
  readonly after: string;
}

/** Compares two reports over the same nodes: every container whose image differs. */
export function diffReports(before: ImageReport, after: ImageReport): ImageChange[] {
  const flatten = (r: ImageReport) => {
    const m = new Map<string, string>();
    for (const w of r.cluster) for (const c of w.containers) m.set(JSON.stringify(['', `${w.kind}/${w.name}`, c.name]), c.image);
    for (const g of r.nodeGroups) {
      for (const node of g.nodes) {
        for (const c of g.satellite.containers) m.set(JSON.stringify([node, 'DaemonSet/linstor-satellite', c.name]), c.image);
      }
    }
    return m;
  };
  const a = flatten(before);
  const b = flatten(after);
  const changes = new Map<string, { nodes: [string, ...string[]]; workload: string; container: string; before: string; after: string }>();
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort(compareCodeUnits)) {
    const x = a.get(key) ?? '(none)';
    const y = b.get(key) ?? '(none)';
    if (x === y) continue;
    const [node, workload, container] = JSON.parse(key) as [string, string, string];
    const group = JSON.stringify([workload, container, x, y]);
    const slot = changes.get(group);
    if (slot) slot.nodes.push(node === '' ? 'cluster' : node);
    else changes.set(group, { nodes: [node === '' ? 'cluster' : node], workload, container, before: x, after: y });
  }
  return [...changes.values()].sort((p, q) =>
    compareCodeUnits(p.nodes[0], q.nodes[0]) || compareCodeUnits(p.workload, q.workload) || compareCodeUnits(p.container, q.container));
}

/** Changes as a table or Markdown. */
export function diffTable(changes: readonly ImageChange[], markdown: boolean): string {
  if (changes.length === 0) return markdown ? 'No image changes.\n' : 'No image changes.\n';
  if (markdown) {
    return '## Piraeus image changes\n\n' + markdownTable(['Nodes', 'Workload', 'Container', 'Before', 'After'],
      changes.map((c) => [nodeList(c.nodes), c.workload, c.container, `\`${c.before}\``, `\`${c.after}\``]));
  }
  return textTable(['NODES', 'WORKLOAD', 'CONTAINER', 'BEFORE', 'AFTER'], changes.map((c) => [nodeList(c.nodes), c.workload, c.container, c.before, c.after]));
}
