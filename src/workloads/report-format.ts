/**
 * Renderings of the image report and of image diffs: Markdown (for a pull-request comment),
 * JSON, and a plain table. Deterministic: same report, same bytes.
 */
import { Provenance } from '../resolver/types';
import { compareCodeUnits } from '../resolver/util';
import { ImageReport, WorkloadReport } from './preview';

/** Why an image was chosen, in one phrase. */
export function why(p: Provenance | undefined): string {
  if (!p) return 'no image entry: the placeholder stays as written';
  const parts = [p.document, p.rule ? `rule ${p.rule.index} /${p.rule.pattern}/` : 'fallback'];
  if (p.envVar) parts.push(`env ${p.envVar}`);
  else if (p.baseSource === 'repository') parts.push(`repository ${p.base}`);
  if (p.externalVersion) parts.push('external controller version');
  if (p.precompiled) parts.push('precompiled');
  return parts.join(', ');
}

function rows(w: WorkloadReport): string[][] {
  return w.containers.map((c) => [`${w.kind}/${w.name}`, c.init ? `${c.name} (init)` : c.name, c.image, why(c.provenance)]);
}

function nodeList(nodes: readonly string[]): string {
  return nodes.length > 12 ? `${nodes.slice(0, 12).join(', ')}, … (${nodes.length} nodes)` : nodes.join(', ');
}

/** A plain text table with a header row. */
export function textTable(header: readonly string[], body: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n') + '\n';
}

/** A Markdown table; pipes in cells are escaped. */
export function markdownTable(header: readonly string[], body: readonly (readonly string[])[]): string {
  const esc = (c: string) => c.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const line = (cells: readonly string[]) => `| ${cells.map(esc).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...body.map(line)].join('\n') + '\n';
}

const HEADER = ['WORKLOAD', 'CONTAINER', 'IMAGE', 'WHY'];

/** The report as a plain table per section. */
export function reportTable(report: ImageReport): string {
  const out: string[] = ['Cluster level (OS image "")', textTable(HEADER, report.cluster.flatMap(rows))];
  for (const g of report.nodeGroups) {
    out.push(`Nodes with OS image ${JSON.stringify(g.osImage)}${g.precompiled ? ' (precompiled modules)' : ''}: ${nodeList(g.nodes)}`);
    out.push(textTable(HEADER, rows(g.satellite)));
  }
  if (report.unselectedNodes.length) out.push(`Nodes without a satellite: ${nodeList(report.unselectedNodes)}\n`);
  return out.join('\n');
}

/** The report as Markdown, for a pull-request comment. */
export function reportMarkdown(report: ImageReport): string {
  const head = ['Workload', 'Container', 'Image', 'Why'];
  const md = (w: WorkloadReport[]) => markdownTable(head, w.flatMap(rows).map((r) => [r[0], r[1], `\`${r[2]}\``, r[3]]));
  const out: string[] = ['## Piraeus images', '', '### Cluster level', '', md([...report.cluster])];
  for (const g of report.nodeGroups) {
    out.push(`### ${g.osImage === '' ? '(empty OS image)' : g.osImage}${g.precompiled ? ' — precompiled modules' : ''}`, '');
    out.push(`Nodes: ${nodeList(g.nodes)}`, '', md([g.satellite]));
  }
  if (report.unselectedNodes.length) out.push(`Nodes without a satellite: ${nodeList(report.unselectedNodes)}`, '');
  return out.join('\n');
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
      why: why(c.provenance),
    })),
  });
  return JSON.stringify({
    cluster: report.cluster.map(workload),
    nodeGroups: report.nodeGroups.map((g) => ({ osImage: g.osImage, nodes: g.nodes, precompiled: g.precompiled, satellite: workload(g.satellite) })),
    unselectedNodes: report.unselectedNodes,
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
  const changes = new Map<string, { nodes: string[]; workload: string; container: string; before: string; after: string }>();
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
  const body = changes.map((c) => [nodeList(c.nodes), c.workload, c.container, c.before, c.after]);
  if (markdown) {
    return '## Piraeus image changes\n\n' + markdownTable(['Nodes', 'Workload', 'Container', 'Before', 'After'],
      body.map((r) => [r[0], r[1], r[2], `\`${r[3]}\``, `\`${r[4]}\``]));
  }
  return textTable(['NODES', 'WORKLOAD', 'CONTAINER', 'BEFORE', 'AFTER'], body);
}
