/**
 * Synthesizes every example into its own file under dist/ (run through `npm run synth`, which
 * `cdk8s synth` drives via cdk8s.yaml). Mistakes are reported as one line, without a stack trace.
 */
import { App } from 'cdk8s';
import { runSynth } from '../src';
import { AirGappedChart } from './air-gapped';
import { ExternalControllerChart } from './external-controller';
import { MinimalChart } from './minimal';
import { StoragePoolsChart } from './storage-pools';

/** Builds the example app (tests call this too). */
export function buildExamples(outdir?: string): App {
  const app = new App({ outdir });
  new MinimalChart(app);
  new AirGappedChart(app);
  new ExternalControllerChart(app);
  new StoragePoolsChart(app);
  return app;
}

if (require.main === module) {
  runSynth(() => buildExamples());
}
