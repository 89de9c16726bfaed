/**
 * `cdk8s-piraeus explain`: for each node of a `kubectl get nodes` dump, which image every
 * component gets and why. Nodes sharing an OS image are grouped.
 */
import { ImageResolver } from '../resolver/image-resolver';
import { Resolution } from '../resolver/types';
import { compareCodeUnits } from '../resolver/util';
import { NodeInfo, parseNodeList } from '../workloads/nodes';
import {
  ExitCode, Io, parseOptions, printDiagnostics, readInput, RESOLVER_OPTIONS, resolverFromOptions,
  runCommand, UsageError,
} from './common';
import { explainProvenance, textTable } from './format';

export const EXPLAIN_USAGE = `usage: cdk8s-piraeus explain --nodes FILE [--config-map FILE] [--repository BASE]
                             [--env NAME=VALUE]... [--external-version VERSION] [--output json|table]`;

export const EXPLAIN_HELP = `${EXPLAIN_USAGE}

Shows, node by node, which image every component gets and why (document, match rule,
environment variable). Nodes that report the same OS image are shown together.

  --nodes FILE                output of \`kubectl get nodes -o json\` (or -o yaml); - reads standard input
  --config-map FILE           the image ConfigMap (default: the built-in default configuration)
  --repository BASE           LinstorCluster.spec.repository
  --env NAME=VALUE            an environment variable of the operator container; repeatable
  --external-version VERSION  version reported by an external LINSTOR controller
  --output json|table         JSON, or a table (default)
`;

/** Nodes grouped by OS image, with the resolution that applies to all of them. */
export interface NodeGroup {
  readonly osImage: string;
  readonly nodes: readonly string[];
  readonly resolution: Resolution;
}

/** Groups nodes by OS image (sorted by OS image) and resolves each group once. */
export function groupNodes(nodes: readonly NodeInfo[], resolver: ImageResolver): NodeGroup[] {
  const byOs = new Map<string, string[]>();
  for (const n of nodes) {
    const list = byOs.get(n.osImage) ?? [];
    list.push(n.name);
    byOs.set(n.osImage, list);
  }
  return [...byOs.keys()].sort(compareCodeUnits).map((osImage) => ({
    osImage,
    nodes: byOs.get(osImage)!.sort(compareCodeUnits),
    resolution: resolver.resolve(osImage),
  }));
}

/** Runs `explain`. */
export function explainCommand(args: string[], io: Io): number {
  return runCommand(io, () => {
    const values = parseOptions(args, { ...RESOLVER_OPTIONS, nodes: { type: 'string' }, output: { type: 'string' } }, EXPLAIN_USAGE);
    if (values.nodes === undefined) throw new UsageError('--nodes FILE is required', EXPLAIN_USAGE);
    const output = (values.output as string | undefined) ?? 'table';
    if (output !== 'json' && output !== 'table') throw new UsageError(`--output must be json or table, got ${JSON.stringify(output)}`, EXPLAIN_USAGE);
    const nodesFile = values.nodes as string;
    const nodes = parseNodeList(readInput(nodesFile, io, EXPLAIN_USAGE, 'nodes'), nodesFile === '-' ? 'standard input' : nodesFile);
    const { resolver, diagnostics } = resolverFromOptions(values, io, EXPLAIN_USAGE);
    const groups = groupNodes(nodes, resolver);
    printDiagnostics(diagnostics, io);
    io.stdout(output === 'json' ? explainJson(groups) : explainTable(groups));
    return ExitCode.OK;
  });
}

function explainJson(groups: readonly NodeGroup[]): string {
  return JSON.stringify({
    groups: groups.map((g) => ({
      osImage: g.osImage,
      nodes: g.nodes,
      precompiled: g.resolution.precompiled,
      images: g.resolution.images.map((i) => ({
        name: i.name, image: i.image,
        document: i.provenance.document,
        rule: i.provenance.rule ?? null,
        envVar: i.provenance.envVar ?? null,
        base: i.provenance.base,
        baseSource: i.provenance.baseSource,
        externalVersion: i.provenance.externalVersion,
      })),
    })),
  }, null, 2) + '\n';
}

function explainTable(groups: readonly NodeGroup[]): string {
  if (groups.length === 0) return 'No nodes in the input.\n';
  return groups.map((g) => {
    const shown = g.nodes.length > 10 ? [...g.nodes.slice(0, 10), `... ${g.nodes.length - 10} more`] : g.nodes;
    const head = `OS image ${JSON.stringify(g.osImage)}: ${g.nodes.length} node${g.nodes.length === 1 ? '' : 's'} (${shown.join(', ')})`
      + (g.resolution.precompiled ? '\n  precompiled DRBD modules: yes' : '');
    const rows = g.resolution.images.map((i) => [i.name, i.image, explainProvenance(i.provenance)]);
    return `${head}\n${textTable(['COMPONENT', 'IMAGE', 'WHY'], rows)}`;
  }).join('\n');
}
