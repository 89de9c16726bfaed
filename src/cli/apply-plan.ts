/**
 * `cdk8s-piraeus apply-plan DIR`: the kubectl commands that install a synthesized folder on an
 * empty cluster, in order, for CI scripts to run instead of hand-copying them. Loads no cdk8s.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { firstLine } from '../errors';
import { applyPlan, SynthesizedFile } from '../release/apply-plan';
import { parseManifestText } from '../release/manifest';
import { ExitCode, Io, runCommand, UsageError } from './common';

export const APPLY_PLAN_USAGE = 'usage: cdk8s-piraeus apply-plan DIR [--output script|json]';

export const APPLY_PLAN_HELP = `${APPLY_PLAN_USAGE}

Prints the commands that install the synthesized folder DIR (e.g. dist/storage) on an empty
cluster: each *.k8s.yaml file (or, with a folder per chart, each folder) in name order with kubectl apply --server-side, then the waits the
next file needs (CRDs established; gencert, its certificate and the operator available, so the
admission webhook answers before the LinstorCluster and StorageClasses are applied).

  --output script   a POSIX shell script (default); run it with sh, or copy the lines
  --output json     {"steps":[{"command","why"}]}
`;

/** Runs `apply-plan`. */
export function applyPlanCommand(args: string[], io: Io): number {
  return runCommand(io, () => {
    let values: { output?: string };
    let positional: string[];
    try {
      ({ values, positionals: positional } = parseArgs({ args, options: { output: { type: 'string' } }, strict: true, allowPositionals: true }));
    } catch (e) {
      throw new UsageError(firstLine((e as Error).message), APPLY_PLAN_USAGE);
    }
    const output = values.output ?? 'script';
    if (output !== 'script' && output !== 'json') throw new UsageError(`--output must be script or json, got ${JSON.stringify(output)}`, APPLY_PLAN_USAGE);
    const [dir, ...extra] = positional;
    if (dir === undefined || extra.length) throw new UsageError('give exactly one folder', APPLY_PLAN_USAGE);
    const isYaml = (f: string) => f.endsWith('.yaml') || f.endsWith('.yml');
    const read = (file: string) => parseManifestText(fs.readFileSync(file, 'utf8'), file).map((o) => o.object);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      throw new UsageError(`cannot read folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, APPLY_PLAN_USAGE);
    }
    // A phase is a file (cdk8s' file per chart) or a folder of files (folder per chart).
    const files: SynthesizedFile[] = [];
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isFile() && isYaml(e.name)) files.push({ path: p, objects: read(p) });
      if (e.isDirectory()) {
        const inner = fs.readdirSync(p).filter(isYaml).sort();
        if (inner.length) files.push({ path: p, objects: inner.flatMap((f) => read(path.join(p, f))) });
      }
    }
    if (files.length === 0) throw new UsageError(`${dir} holds no YAML files; synthesize first (npm run synth)`, APPLY_PLAN_USAGE);
    const steps = applyPlan(files);
    if (output === 'json') {
      io.stdout(`${JSON.stringify({ steps }, null, 2)}\n`);
    } else {
      io.stdout(`#!/bin/sh\n# Installs ${dir} on an empty cluster (cdk8s-piraeus apply-plan).\nset -eu\n${steps.map((s) => `# ${s.why}\n${s.command}`).join('\n')}\n`);
    }
    return ExitCode.OK;
  });
}
