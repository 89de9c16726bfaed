/**
 * `cdk8s-piraeus releases`: the built-in operator releases with their dates, how exact their
 * data is, and the main component versions of their default images. Loads no cdk8s.
 */
import { OperatorRelease } from '../release/operator-release';
import { loadImageConfig } from '../resolver/configmap';
import { ImageResolver } from '../resolver/image-resolver';
import { ExitCode, Io, parseOptions, runCommand, UsageError } from './common';

export const RELEASES_USAGE = 'usage: cdk8s-piraeus releases [--output json|table]';

export const RELEASES_HELP = `${RELEASES_USAGE}

Lists the operator releases built into this version of cdk8s-piraeus, oldest first, with their
date, how exact their data is (exact: every object read at the release tag; reconstructed:
assembled from upstream files around the release) and the LINSTOR, CSI and DRBD versions of
their default images. The newest one is the default of every command and construct. Any other
release is used through its manifest: --release manifest.yaml.
`;

/** The components whose tags name a release's main versions. */
const MAIN_COMPONENTS = { linstor: 'linstor-controller', csi: 'linstor-csi', drbd: 'drbd-module-loader' } as const;

/** One row of the listing. */
export interface ReleaseRow {
  readonly version: string;
  readonly date: string;
  readonly exactness: string;
  readonly operatorImage: string;
  readonly linstor: string;
  readonly csi: string;
  readonly drbd: string;
  readonly default: boolean;
}

/** The rows for the built-in releases. */
export function releaseRows(): ReleaseRow[] {
  const all = OperatorRelease.builtIn();
  return all.map((r, i) => {
    const resolution = new ImageResolver(loadImageConfig(r.imageConfigData()).documents).resolveCluster();
    const tag = (component: string) => resolution.images.find((x) => x.name === component)?.newTag ?? '';
    return {
      version: r.version,
      date: r.date ?? '',
      exactness: r.metadata.exactness,
      operatorImage: r.operatorImage,
      linstor: tag(MAIN_COMPONENTS.linstor),
      csi: tag(MAIN_COMPONENTS.csi),
      drbd: tag(MAIN_COMPONENTS.drbd),
      default: i === all.length - 1,
    };
  });
}

function table(rows: readonly ReleaseRow[]): string {
  const head = ['release', 'date', 'data', 'LINSTOR', 'CSI', 'DRBD', ''];
  const body = rows.map((r) => [r.version, r.date, r.exactness, r.linstor, r.csi, r.drbd, r.default ? '(default)' : '']);
  // Every row has the header's cells, so each cell has its column's width.
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(head), ...body.map(line)].join('\n') + '\n';
}

/** Runs `releases`. */
export function releasesCommand(args: string[], io: Io): number {
  return runCommand(io, () => {
    const values = parseOptions(args, { output: { type: 'string' } }, RELEASES_USAGE);
    const output = (values.output as string | undefined) ?? 'table';
    if (output !== 'json' && output !== 'table') throw new UsageError(`--output must be json or table, got ${JSON.stringify(output)}`, RELEASES_USAGE);
    const rows = releaseRows();
    io.stdout(output === 'json' ? `${JSON.stringify({ releases: rows }, null, 2)}\n` : table(rows));
    return ExitCode.OK;
  });
}
