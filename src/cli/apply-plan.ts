/**
 * `cdk8s-piraeus apply-plan DIR`: the kubectl commands that install a synthesized folder on an
 * empty cluster, in order, for CI scripts to run instead of hand-copying them. Loads no cdk8s.
 */
import * as fs from 'fs';
import * as path from 'path';
import { applyPlan, SynthesizedFile } from '../release/apply-plan';
import { parseManifestText } from '../release/manifest';
import { parseArgs } from 'util';
import { ExitCode, Io, runCommand, UsageError } from './common';

export const APPLY_PLAN_USAGE = 'usage: cdk8s-piraeus apply-plan DIR [--output script|json]';

export const APPLY_PLAN_HELP = `${APPLY_PLAN_USAGE}

Prints the commands that install the synthesized folder DIR (e.g. dist/storage) on an empty
cluster: each *.k8s.yaml file in name order with kubectl apply --server-side, then the waits the
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
      throw new UsageError((e as Error).message.split('\n')[0], APPLY_PLAN_USAGE);
    }
    const output = values.output ?? 'script';
    if (output !== 'script' && output !== 'json') throw new UsageError(`--output must be script or json, got ${JSON.stringify(output)}`, APPLY_PLAN_USAGE);
    if (positional.length !== 1) throw new UsageError('give exactly one folder', APPLY_PLAN_USAGE);
    const dir = positional[0];
    let names: string[];
    try {
      names = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'));
    } catch (e) {
      throw new UsageError(`cannot read folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, APPLY_PLAN_USAGE);
    }
    if (names.length === 0) throw new UsageError(`${dir} holds no YAML files; synthesize first (npm run synth)`, APPLY_PLAN_USAGE);
    const files: SynthesizedFile[] = names.map((name) => {
      const file = path.join(dir, name);
      return { path: file, objects: parseManifestText(fs.readFileSync(file, 'utf8'), file).map((o) => o.object) };
    });
    const steps = applyPlan(files);
    if (output === 'json') {
      io.stdout(`${JSON.stringify({ steps }, null, 2)}\n`);
    } else {
      io.stdout(`#!/bin/sh\n# Installs ${dir} on an empty cluster (cdk8s-piraeus apply-plan).\nset -eu\n${steps.map((s) => `# ${s.why}\n${s.command}`).join('\n')}\n`);
    }
    return ExitCode.OK;
  });
}
