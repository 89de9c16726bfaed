import { App } from 'cdk8s';
import { formatProblem, PiraeusError } from '../errors';
import { collectErrors, collectWarnings } from './diagnostics';

/** Where `runSynth` writes its lines; tests pass their own. */
export interface SynthOutput {
  /** Writes one chunk to standard error. */
  readonly stderr: (text: string) => void;
}

const processOutput: SynthOutput = { stderr: (t) => { process.stderr.write(t); } };

/**
 * Builds and synthesizes an app, the one reporter of the constructs' diagnostics: every warning
 * once (`warning: <where>: <message> [CODE]`), and a mistake as one line per problem
 * (`error: ...`) with exit code 1 instead of a stack trace. Use it as the body of a cdk8s app's
 * main file: `runSynth(() => { const app = new App(); new MyChart(app, 'x'); return app; })`; return
 * several apps (one per output folder) to synthesize them all, or none when one has a problem.
 * Anything that is not a cdk8s-piraeus problem is thrown on unchanged.
 */
export function runSynth(build: () => App | readonly App[], output: SynthOutput = processOutput): void {
  const fail = (lines: readonly string[]) => {
    for (const line of lines) output.stderr(`error: ${line}\n`);
    process.exitCode = 1;
  };
  try {
    const built = build();
    const apps: readonly App[] = Array.isArray(built) ? built : [built as App];
    // Validated here rather than inside app.synth(), so that each problem is one line of ours,
    // not cdk8s's multi-line "Validation failed" error; nothing is written unless all apps pass.
    const errors = apps.flatMap((a) => collectErrors(a));
    if (errors.length) return fail(errors);
    for (const w of new Set(apps.flatMap((a) => collectWarnings(a)))) output.stderr(`warning: ${w}\n`);
    for (const a of apps) a.synth();
  } catch (e) {
    if (e instanceof PiraeusError) return fail([formatProblem(e.location, e.detail, e.code)]);
    throw e;
  }
}
