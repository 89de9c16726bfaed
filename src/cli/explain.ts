/**
 * `cdk8s-piraeus explain`: for each node of a `kubectl get nodes` dump, which image every
 * component gets and why. Nodes sharing an OS image are grouped.
 */
import { ImageResolver } from '../resolver/image-resolver';
import { Resolution } from '../resolver/types';
import { compareCodeUnits } from '../resolver/util';
import { ExcludedNode, formatExcludedNode, partitionSatelliteNodes } from '../workloads/exclusion';
import { NodeInfo, parseNodeList } from '../workloads/nodes';
import { formatNoOsRuleMatched, MatchKind, matchKind, noOsRuleMatched, NoOsRuleMatched } from '../workloads/os-match';
import { excludedNodesJson, splitSharedRows } from '../workloads/report-format';
import {
  ExitCode, Io, parseOptions, printDiagnostics, readInput, RESOLVER_OPTIONS, runCommand, UsageError,
} from './common';
import { explainProvenance, textTable } from './format';
import { clusterOption, clusterResolver } from './report';

export const EXPLAIN_USAGE = `usage: cdk8s-piraeus explain --nodes FILE [--cluster FILE] [--config-map FILE] [--repository BASE]
                             [--env NAME=VALUE]... [--external-version VERSION] [--output json|table] [--all]`;

export const EXPLAIN_HELP = `${EXPLAIN_USAGE}

Shows, node by node, which image every component gets and why (document, match rule,
environment variable). Nodes that report the same OS image are shown together. A fallback
image of a component with OS rules is marked "no OS rule matched", with what to do on OS
families whose hosts need another way of loading DRBD (Talos, Flatcar, ...).

  --nodes FILE                output of \`kubectl get nodes -o json\` (or -o yaml); - reads standard input
  --cluster FILE              YAML holding the LinstorCluster (e.g. a synthesized dist/*.k8s.yaml):
                              only nodes that get a satellite are shown, the others are listed with
                              the reason (nodeSelector, nodeAffinity, an untolerated taint and the
                              toleration that admits it). Its image ConfigMap and RELATED_IMAGE_*
                              variables are used too, unless --config-map / --env are given
  --config-map FILE           the image ConfigMap (default: the built-in default configuration)
  --repository BASE           LinstorCluster.spec.repository (default: from --cluster, if given)
  --env NAME=VALUE            an environment variable of the operator container; repeatable
  --external-version VERSION  version reported by an external LINSTOR controller
  --output json|table         JSON, or a table (default)
  --all                       every row of every group; by default, with several groups, the rows
                              they all share are printed once and each group shows its own
`;

/** Nodes grouped by OS image, with the resolution that applies to all of them. */
export interface NodeGroup {
  readonly osImage: string;
  readonly nodes: readonly string[];
  readonly resolution: Resolution;
  /** Per image of `resolution` (same order): how its entry was chosen. */
  readonly matches: readonly MatchKind[];
  /** Set when a component with OS rules matched none of them. */
  readonly noOsRuleMatched?: NoOsRuleMatched;
}

/** Groups nodes by OS image (sorted by OS image) and resolves each group once. */
export function groupNodes(nodes: readonly NodeInfo[], resolver: ImageResolver): NodeGroup[] {
  const byOs = new Map<string, string[]>();
  for (const n of nodes) {
    const list = byOs.get(n.osImage) ?? [];
    list.push(n.name);
    byOs.set(n.osImage, list);
  }
  return [...byOs.keys()].sort(compareCodeUnits).map((osImage) => {
    const resolution = resolver.resolve(osImage);
    const judged = resolution.images.map((i) => ({ component: i.name, match: matchKind(i.provenance, resolver.documents) }));
    const matches = judged.map((j) => j.match);
    const note = noOsRuleMatched(osImage, judged);
    return { osImage, nodes: byOs.get(osImage)!.sort(compareCodeUnits), resolution, matches, ...(note ? { noOsRuleMatched: note } : {}) };
  });
}

/** Runs `explain`. */
export function explainCommand(args: string[], io: Io): number {
  return runCommand(io, () => {
    const values = parseOptions(args, {
      ...RESOLVER_OPTIONS, nodes: { type: 'string' }, cluster: { type: 'string' }, output: { type: 'string' }, all: { type: 'boolean' },
    }, EXPLAIN_USAGE);
    if (values.nodes === undefined) throw new UsageError('--nodes FILE is required', EXPLAIN_USAGE);
    const output = (values.output as string | undefined) ?? 'table';
    if (output !== 'json' && output !== 'table') throw new UsageError(`--output must be json or table, got ${JSON.stringify(output)}`, EXPLAIN_USAGE);
    const nodesFile = values.nodes as string;
    const nodes = parseNodeList(readInput(nodesFile, io, EXPLAIN_USAGE, 'nodes'), nodesFile === '-' ? 'standard input' : nodesFile);
    const cluster = clusterOption(values, io, EXPLAIN_USAGE);
    // Without --cluster every node is shown: there is no LinstorCluster to select with.
    const { selected, excluded } = cluster ? partitionSatelliteNodes(nodes, cluster.cluster) : { selected: nodes, excluded: [] };
    const { resolver, diagnostics } = clusterResolver(values, cluster, io, EXPLAIN_USAGE, selected);
    const groups = groupNodes(selected, resolver);
    printDiagnostics(diagnostics, io);
    io.stdout(output === 'json'
      ? explainJson(groups, cluster ? excluded : undefined)
      : explainTable(groups, excluded, values.all === true));
    return ExitCode.OK;
  });
}

function explainJson(groups: readonly NodeGroup[], excluded: readonly ExcludedNode[] | undefined): string {
  return JSON.stringify({
    groups: groups.map((g) => ({
      osImage: g.osImage,
      nodes: g.nodes,
      precompiled: g.resolution.precompiled,
      images: g.resolution.images.map((i, k) => ({
        name: i.name, image: i.image,
        document: i.provenance.document,
        rule: i.provenance.rule ?? null,
        envVar: i.provenance.envVar ?? null,
        base: i.provenance.base,
        baseSource: i.provenance.baseSource,
        externalVersion: i.provenance.externalVersion,
        match: g.matches[k],
      })),
      noOsRuleMatched: g.noOsRuleMatched ?? null,
    })),
    // Only with --cluster: without it no node is judged.
    ...(excluded ? { excludedNodes: excludedNodesJson(excluded) } : {}),
  }, null, 2) + '\n';
}

function groupHead(g: NodeGroup): string {
  const shown = g.nodes.length > 10 ? [...g.nodes.slice(0, 10), `... ${g.nodes.length - 10} more`] : g.nodes;
  return `OS image ${JSON.stringify(g.osImage)}: ${g.nodes.length} node${g.nodes.length === 1 ? '' : 's'} (${shown.join(', ')})`
    + (g.resolution.precompiled ? '\n  precompiled DRBD modules: yes' : '');
}

const HEADER = ['COMPONENT', 'IMAGE', 'WHY'];

function explainTable(groups: readonly NodeGroup[], excluded: readonly ExcludedNode[], all: boolean): string {
  const out: string[] = [];
  if (groups.length === 0) out.push(excluded.length ? 'No node gets a satellite.\n' : 'No nodes in the input.\n');
  const perGroup = groups.map((g) => g.resolution.images.map((i, k) => [i.name, i.image, explainProvenance(i.provenance, g.matches[k])]));
  const { shared, own } = all ? { shared: [], own: perGroup } : splitSharedRows(perGroup, (r) => JSON.stringify(r));
  if (shared.length) out.push(`Shared by all ${groups.length} OS images\n${textTable(HEADER, shared)}`);
  groups.forEach((g, i) => {
    const rows = own[i]!; // one row list per group, in the groups' order
    const body = rows.length ? textTable(HEADER, rows) : '  (no rows of its own: see the rows shared by all OS images)\n';
    out.push(`${groupHead(g)}\n${body}${g.noOsRuleMatched ? `  note: ${formatNoOsRuleMatched(g.noOsRuleMatched)}\n` : ''}`);
  });
  if (excluded.length) {
    out.push(`Nodes without a satellite (${excluded.length}):\n${excluded.flatMap(formatExcludedNode).map((l) => `  ${l}\n`).join('')}`);
  }
  return out.join('\n');
}
