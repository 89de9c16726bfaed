/**
 * `cdk8s-piraeus report` and `cdk8s-piraeus diff`: what the operator will run on each node, and
 * which images change between two configurations. Loads no cdk8s.
 */
import { LineCounter, parseAllDocuments } from 'yaml';
import { ErrorCodes, firstLine, PiraeusError } from '../errors';
import { diffInstalls, formatInstallDiff } from '../release/install-diff';
import { installImageInputs, readImageConfigFile } from '../release/install-file';
import { ManifestObject } from '../release/manifest';
import { OperatorRelease, previewTemplatesWarning } from '../release/operator-release';
import { loadImageConfig } from '../resolver/configmap';
import { ImageResolver } from '../resolver/image-resolver';
import { Diagnostic } from '../resolver/types';
import { partitionSatelliteNodes } from '../workloads/exclusion';
import { isJsonObject } from '../workloads/json';
import { NodeInfo, parseNodeList } from '../workloads/nodes';
import { ImageReport, previewInstall } from '../workloads/preview';
import { ClusterSpecInput, SatelliteConfigInput } from '../workloads/render';
import { diffReports, diffTable, reportJson, reportMarkdown, reportTable } from '../workloads/report-format';
import {
  ExitCode, Io, loadDocuments, optionProblems, parseEnv, parseOptions, printDiagnostics, readInput, releaseOption, releaseResolver,
  RESOLVER_OPTIONS, runCommand, UsageError,
} from './common';

export const REPORT_USAGE = `usage: cdk8s-piraeus report --nodes FILE [--release VERSION|FILE] [--config-map FILE] [--cluster FILE] [--repository BASE]
                            [--env NAME=VALUE]... [--external-version VERSION] [--namespace NS]
                            [--format markdown|json|table] [--all]`;

export const REPORT_HELP = `${REPORT_USAGE}

The image report for review: per workload and container, the image the operator will run and
why, at cluster level and for each group of nodes that get the same satellite images.

  --nodes FILE                \`kubectl get nodes -o json\` (or -o yaml) output; - reads standard input
  --release VERSION|FILE      the operator release: a built-in version or an upstream manifest.yaml
                              (default: the newest built-in release). A release without workload
                              templates of its own is rendered with another built-in release's
                              (warning PREVIEW_TEMPLATES names it)
  --config-map FILE           the image ConfigMap (default: the release's default documents)
  --cluster FILE              YAML holding the LinstorCluster and LinstorSatelliteConfigurations
                              (e.g. a synthesized dist/*.k8s.yaml); default: an empty LinstorCluster.
                              Its image ConfigMap and the operator's RELATED_IMAGE_* variables are
                              used too, unless --config-map / --env are given
  --repository BASE           LinstorCluster.spec.repository (default: from --cluster, if given)
  --env NAME=VALUE            an environment variable of the operator container; repeatable
  --external-version VERSION  version reported by an external LINSTOR controller
  --namespace NS              the operator's namespace (default: piraeus-datastore)
  --format FORMAT             markdown (for a pull-request comment), json, or table (default)
  --all                       every satellite row of every node group; by default, with several
                              groups, the rows they all share are printed once

A fallback loader image is marked "no OS rule matched" (with what to do on OS families such as
Talos or Flatcar); every node without a satellite is listed with the reason and the fix (an
untolerated taint names the toleration that admits it).
`;

export const DIFF_USAGE = `usage: cdk8s-piraeus diff --nodes FILE (--before FILE | --before-release R) (--after FILE | --after-release R)
                          [--cluster FILE] [--repository BASE] [--env NAME=VALUE]... [--format markdown|table]`;

export const DIFF_HELP = `${DIFF_USAGE}

Which images change on which nodes between two image configurations: two ConfigMap files, or
the default documents of two releases. A release is a built-in version (cdk8s-piraeus releases)
or an upstream install manifest (the manifest.yaml of a GitHub release). Between two releases the
install changes follow: objects, RBAC permissions, CRD fields, operator container image, args and
env. Exit 0 whether or not anything changes.
`;

interface ClusterFile {
  readonly name?: string;
  readonly cluster: ClusterSpecInput;
  readonly configs: SatelliteConfigInput[];
  /** The image ConfigMap's data, when the file holds one. */
  readonly imageConfigData?: Record<string, string>;
  /** The operator's literal RELATED_IMAGE_* variables, when the file holds its Deployment. */
  readonly env?: Record<string, string>;
}

/** Reads the LinstorCluster and LinstorSatelliteConfigurations out of a manifest file. */
export function readClusterFile(text: string, source: string): ClusterFile {
  const lines = new LineCounter();
  let docs;
  try {
    docs = parseAllDocuments(text, { lineCounter: lines });
  } catch (e) {
    throw new PiraeusError(ErrorCodes.INVALID_INPUT, `cannot parse: ${(e as Error).message}`, { path: source });
  }
  const list = Array.isArray(docs) ? docs : [docs];
  let cluster: { name?: string; spec: ClusterSpecInput } | undefined;
  const configs: SatelliteConfigInput[] = [];
  const objects: ManifestObject[] = [];
  for (const d of list) {
    const [error] = d.errors;
    if (error) throw new PiraeusError(ErrorCodes.INVALID_INPUT, `not valid YAML: ${firstLine(error.message)}`, { path: source });
    const o = d.toJS() as { apiVersion?: string; kind?: string; metadata?: { name?: string }; spec?: Record<string, any>; data?: unknown } | null;
    const value: unknown = o;
    if (isJsonObject(value)) objects.push({ object: value, line: lines.linePos(d.range[0]).line });
    if (!o || o.apiVersion !== 'piraeus.io/v1') continue;
    if (o.kind === 'LinstorCluster') {
      if (cluster) throw new PiraeusError(ErrorCodes.INVALID_INPUT, 'holds more than one LinstorCluster', { path: source });
      cluster = { name: o.metadata?.name, spec: (o.spec ?? {}) as ClusterSpecInput };
    } else if (o.kind === 'LinstorSatelliteConfiguration') {
      configs.push({ ...(o.spec ?? {}), name: o.metadata?.name } as SatelliteConfigInput);
    }
  }
  if (!cluster) throw new PiraeusError(ErrorCodes.INVALID_INPUT, 'holds no piraeus.io/v1 LinstorCluster', { path: source });
  // The image ConfigMap and the operator's pins are read as every --config-map reads them.
  const { imageConfigData, env } = installImageInputs(objects, source);
  return { name: cluster.name, cluster: cluster.spec, configs, imageConfigData, env };
}

type Values = Record<string, string | boolean | string[] | undefined>;

/**
 * The resolver of `report` and `explain`: a synthesized install file (`--cluster`) also carries
 * the image ConfigMap and the operator's pins; they are used unless given on the command line, so
 * the output shows what that install will run. The repository defaults to the LinstorCluster's.
 * `nodes` are the nodes that run a satellite: their OS images are judged for RULES_REPLACED.
 */
export function clusterResolver(
  values: Values, cluster: ClusterFile | undefined, io: Io, usage: string, nodes: readonly NodeInfo[],
): { resolver: ImageResolver; release: OperatorRelease; diagnostics: Diagnostic[] } {
  const repository = (values.repository as string | undefined) ?? cluster?.cluster.repository ?? '';
  const release = releaseOption(values.release as string | undefined, usage);
  const { resolver, diagnostics } = releaseResolver({
    release,
    config: values['config-map'] === undefined && cluster?.imageConfigData
      ? loadImageConfig(cluster.imageConfigData)
      : loadDocuments(values['config-map'] as string | undefined, io, usage, release),
    env: values.env === undefined && cluster?.env ? cluster.env : parseEnv(values.env as string[] | undefined, usage),
    externalVersion: values['external-version'] as string | undefined,
    repository,
    osImages: nodes.map((n) => n.osImage),
  });
  return { resolver, release, diagnostics: [...optionProblems(values), ...diagnostics] };
}

/** `--cluster FILE` read, or undefined without the option. */
export function clusterOption(values: Values, io: Io, usage: string): ClusterFile | undefined {
  const clusterFile = values.cluster as string | undefined;
  return clusterFile === undefined
    ? undefined
    : readClusterFile(readInput(clusterFile, io, usage, 'cluster'), clusterFile === '-' ? 'standard input' : clusterFile);
}

function loadNodesAndCluster(values: Values, io: Io, usage: string): { nodes: NodeInfo[]; cluster: ClusterFile } {
  if (values.nodes === undefined) throw new UsageError('--nodes FILE is required', usage);
  const nodesFile = values.nodes as string;
  const nodes = parseNodeList(readInput(nodesFile, io, usage, 'nodes'), nodesFile === '-' ? 'standard input' : nodesFile);
  return { nodes, cluster: clusterOption(values, io, usage) ?? { cluster: {}, configs: [] } };
}

/** The report with `release`'s workload templates; a `PREVIEW_TEMPLATES` warning, at `option`, when they are another release's. */
function report(
  resolver: ImageResolver, release: OperatorRelease, option: string, nodes: NodeInfo[], cluster: ClusterFile, namespace: string,
): { report: ImageReport; diagnostics: Diagnostic[] } {
  const warning = previewTemplatesWarning(release, { path: option });
  return {
    report: previewInstall({
      namespace, clusterName: cluster.name, cluster: cluster.cluster, satelliteConfigs: cluster.configs, nodes, resolver,
      templates: release.workloadTemplates(),
    }).report,
    diagnostics: warning ? [warning] : [],
  };
}

/** Runs `report`. */
export function reportCommand(args: string[], io: Io): number {
  return runCommand(io, () => {
    const values = parseOptions(args, {
      ...RESOLVER_OPTIONS, nodes: { type: 'string' }, cluster: { type: 'string' }, namespace: { type: 'string' }, format: { type: 'string' },
      all: { type: 'boolean' },
    }, REPORT_USAGE);
    const format = (values.format as string | undefined) ?? 'table';
    if (!['markdown', 'json', 'table'].includes(format)) throw new UsageError(`--format must be markdown, json or table, got ${JSON.stringify(format)}`, REPORT_USAGE);
    const { nodes, cluster } = loadNodesAndCluster(values, io, REPORT_USAGE);
    const { resolver, release, diagnostics } = clusterResolver(
      values, cluster, io, REPORT_USAGE, partitionSatelliteNodes(nodes, cluster.cluster).selected);
    const { report: r, diagnostics: previewDiagnostics } = report(
      resolver, release, '--release', nodes, cluster, (values.namespace as string | undefined) ?? 'piraeus-datastore');
    printDiagnostics([...diagnostics, ...previewDiagnostics], io);
    const options = { all: values.all === true };
    io.stdout(format === 'json' ? reportJson(r) : format === 'markdown' ? reportMarkdown(r, options) : reportTable(r, options));
    return ExitCode.OK;
  });
}

/** Runs `diff`. */
export function diffCommand(args: string[], io: Io): number {
  return runCommand(io, () => {
    const values = parseOptions(args, {
      nodes: { type: 'string' }, cluster: { type: 'string' }, repository: { type: 'string' }, env: { type: 'string', multiple: true },
      before: { type: 'string' }, after: { type: 'string' }, 'before-release': { type: 'string' }, 'after-release': { type: 'string' },
      format: { type: 'string' },
    }, DIFF_USAGE);
    const format = (values.format as string | undefined) ?? 'table';
    if (!['markdown', 'table'].includes(format)) throw new UsageError(`--format must be markdown or table, got ${JSON.stringify(format)}`, DIFF_USAGE);
    const { nodes, cluster } = loadNodesAndCluster(values, io, DIFF_USAGE);
    const env = parseEnv(values.env as string[] | undefined, DIFF_USAGE);
    const repository = (values.repository as string | undefined) ?? cluster.cluster.repository ?? '';
    const osImages = partitionSatelliteNodes(nodes, cluster.cluster).selected.map((n) => n.osImage);
    printDiagnostics(optionProblems(values), io);
    const side = (which: 'before' | 'after') => {
      const file = values[which] as string | undefined;
      const releaseValue = values[`${which}-release`] as string | undefined;
      if ((file === undefined) === (releaseValue === undefined)) {
        throw new UsageError(`give exactly one of --${which} FILE and --${which}-release RELEASE`, DIFF_USAGE);
      }
      const release = releaseValue === undefined ? undefined : releaseOption(releaseValue, DIFF_USAGE);
      const data = release
        ? release.imageConfigData()
        : readImageConfigFile(readInput(file!, io, DIFF_USAGE, 'ConfigMap'), file === '-' ? 'standard input' : file!);
      // A ConfigMap file is predicted with the newest release, whose templates render it.
      const predicted = release ?? OperatorRelease.latest();
      const { resolver, diagnostics } = releaseResolver({ release: predicted, config: loadImageConfig(data), env, repository, osImages });
      const rendered = report(resolver, predicted, `--${which}-release`, nodes, cluster, release?.namespace ?? 'piraeus-datastore');
      printDiagnostics([...diagnostics, ...rendered.diagnostics], io);
      return { report: rendered.report, release };
    };
    const before = side('before');
    const after = side('after');
    const markdown = format === 'markdown';
    io.stdout(diffTable(diffReports(before.report, after.report), markdown));
    if (before.release && after.release) io.stdout(`\n${formatInstallDiff(diffInstalls(before.release, after.release), markdown)}`);
    return ExitCode.OK;
  });
}
