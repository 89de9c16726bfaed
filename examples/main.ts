/**
 * Synthesizes every example into its own file under dist/ (run through `npm run synth`, which
 * `cdk8s synth` drives via cdk8s.yaml). Mistakes are reported as one line, without a stack trace.
 *
 * The storage-pools example also gets a preview of the workloads the operator will create on the
 * nodes of examples/nodes.json, in a chart of its own (dist/storage-pools-preview.k8s.yaml), and
 * its image report as Markdown (dist/storage-pools.images.md).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { NodeInventory, PiraeusPreview, runSynth } from '../src';
import { AirGappedChart } from './air-gapped';
import { ExternalControllerChart } from './external-controller';
import { MinimalChart } from './minimal';
import { StoragePoolsChart } from './storage-pools';

/** The example app and the preview it holds. */
export interface Examples {
  readonly app: App;
  readonly preview: PiraeusPreview;
}

/** Builds the example app (tests call this too). */
export function buildExamples(outdir?: string, nodesFile = resolveNodes()): Examples {
  const app = new App({ outdir });
  new MinimalChart(app);
  new AirGappedChart(app);
  new ExternalControllerChart(app);
  const storage = new StoragePoolsChart(app);
  const preview = new PiraeusPreview(new Chart(app, 'storage-pools-preview'), 'preview', {
    datastore: storage.datastore,
    nodes: NodeInventory.fromFile(nodesFile),
  });
  return { app, preview };
}

function resolveNodes(): string {
  for (const candidate of [path.join(__dirname, 'nodes.json'), path.join(__dirname, '..', '..', 'examples', 'nodes.json')]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return path.join(process.cwd(), 'examples', 'nodes.json');
}

if (require.main === module) {
  runSynth(() => {
    const { app, preview } = buildExamples();
    // Written before synth; synth creates the folder too and leaves other files alone.
    fs.mkdirSync(app.outdir, { recursive: true });
    fs.writeFileSync(path.join(app.outdir, 'storage-pools.images.md'), preview.markdown());
    return app;
  });
}
