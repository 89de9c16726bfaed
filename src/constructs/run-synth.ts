import { App } from 'cdk8s';
import { PiraeusError } from '../errors';

/**
 * Builds and synthesizes an app, reporting cdk8s-piraeus errors as one line on standard error
 * with exit code 1 instead of a stack trace. Use it as the body of a cdk8s app's main file:
 * `runSynth(() => { const app = new App(); new MyChart(app, 'x'); return app; })`.
 */
export function runSynth(build: () => App): void {
  try {
    build().synth();
  } catch (e) {
    if (e instanceof PiraeusError) {
      process.stderr.write(`error: ${e.message.replace(/\s*\n\s*/g, ' ')} [${e.code}]\n`);
      process.exitCode = 1;
      return;
    }
    const text = e instanceof Error ? e.message : String(e);
    // Validation failures collected by cdk8s (e.g. a repository mismatch) are user mistakes too.
    if (/Validation failed/.test(text)) {
      process.stderr.write(`error: ${text.trim()}\n`);
      process.exitCode = 1;
      return;
    }
    throw e;
  }
}
