/**
 * `cdk8s-piraeus resolve`: the stable contract of docs/cli.md.
 */
import { Resolution } from '../resolver/types';
import {
  ExitCode, Io, parseOptions, printDiagnostics, RESOLVER_OPTIONS, resolverFromOptions, runCommand, UsageError,
} from './common';
import { explainProvenance, textTable } from './format';

export const RESOLVE_USAGE = `usage: cdk8s-piraeus resolve [--release VERSION|FILE] [--config-map FILE] [--os-image TEXT]...
                             [--repository BASE] [--env NAME=VALUE]... [--external-version VERSION]
                             [--output json|table]`;

export const RESOLVE_HELP = `${RESOLVE_USAGE}

Predicts exactly which images the Piraeus Operator chooses for an image ConfigMap.

  --release VERSION|FILE      the operator release whose behaviour to predict: a built-in version
                              (cdk8s-piraeus releases) or an upstream manifest.yaml (default: the
                              newest built-in release); what it cannot read is warned about
  --config-map FILE           a ConfigMap as \`kubectl get configmap -o yaml\` prints it; - reads
                              standard input (default: the release's default documents)
  --os-image TEXT             a node's status.nodeInfo.osImage; repeatable, one result each
                              (default: "", what the operator uses for cluster-level workloads)
  --repository BASE           LinstorCluster.spec.repository; replaces the base of every document
  --env NAME=VALUE            an environment variable of the operator container; repeatable
  --external-version VERSION  version reported by an external LINSTOR controller (e.g. 1.31.2)
  --output json|table         machine-readable JSON, or a table (default)

Warnings about things the operator tolerates silently go to standard error; exit 0.
A configuration the operator rejects: one line on standard error, exit 1. Bad usage: exit 2.
`;

/** Runs `resolve` with the arguments after the command name. */
export function resolveCommand(args: string[], io: Io): number {
  return runCommand(io, () => {
    const values = parseOptions(args, {
      ...RESOLVER_OPTIONS,
      'os-image': { type: 'string', multiple: true },
      'output': { type: 'string' },
    }, RESOLVE_USAGE);
    const output = (values.output as string | undefined) ?? 'table';
    if (output !== 'json' && output !== 'table') {
      throw new UsageError(`--output must be json or table, got ${JSON.stringify(output)}`, RESOLVE_USAGE);
    }
    const { resolver, diagnostics } = resolverFromOptions(values, io, RESOLVE_USAGE);
    const osImages = (values['os-image'] as string[] | undefined) ?? [''];
    const results = osImages.map((os) => resolver.resolve(os));
    printDiagnostics(diagnostics, io);
    io.stdout(output === 'json' ? resolveJson(results) : resolveTable(results));
    return ExitCode.OK;
  });
}

/** The contract's JSON: exactly these keys, in this order. */
export function resolveJson(results: readonly Resolution[]): string {
  return JSON.stringify({
    results: results.map((r) => ({
      osImage: r.osImage,
      precompiled: r.precompiled,
      images: r.images.map((i) => ({
        name: i.name, newName: i.newName, newTag: i.newTag, digest: i.digest, image: i.image,
      })),
    })),
  }, null, 2) + '\n';
}

function resolveTable(results: readonly Resolution[]): string {
  return results.map((r) => {
    const title = `OS image: ${r.osImage === '' ? '"" (cluster level)' : JSON.stringify(r.osImage)}`
      + (r.precompiled ? ' (precompiled modules)' : '');
    const rows = r.images.map((i) => [i.name, i.image, explainProvenance(i.provenance)]);
    return `${title}\n${textTable(['COMPONENT', 'IMAGE', 'WHY'], rows)}`;
  }).join('\n');
}
