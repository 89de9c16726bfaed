/**
 * Synthesizes every example into its own folder, `dist/<example>/`, as files that sort in apply
 * order (run through `npm run synth`, which `cdk8s synth` also drives via cdk8s.yaml). The
 * storage-pools example also gets a preview of the workloads the operator will create on the
 * nodes of examples/nodes.json, written to `preview/storage-pools/`, outside `dist/`: it is for
 * review, never for applying. Mistakes are reported as one line, without a stack trace.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { NodeInventory, PiraeusPreview, runSynth } from 'cdk8s-piraeus';
import { airGapped } from './air-gapped';
import { externalController } from './external-controller';
import { minimal } from './minimal';
import { storagePools } from './storage-pools';

/** The example apps, one per dist/ folder, and the preview. */
export interface Examples {
  readonly apps: Readonly<Record<string, App>>;
  readonly preview: PiraeusPreview;
}

/** Builds the examples (tests call this too); each app writes to `<outRoot>/<name>`. */
export function buildExamples(outRoot: string, nodesFile = resolveNodes()): Examples {
  const app = (name: string) => new App({ outdir: path.join(outRoot, name) });
  const apps = { 'minimal': app('minimal'), 'air-gapped': app('air-gapped'), 'external-controller': app('external-controller'), 'storage-pools': app('storage-pools') };
  minimal(apps.minimal);
  airGapped(apps['air-gapped']);
  externalController(apps['external-controller']);
  const storage = storagePools(apps['storage-pools']);
  const preview = new PiraeusPreview(storage.install, 'preview', { install: storage.install, nodes: NodeInventory.fromFile(nodesFile) });
  return { apps, preview };
}

function resolveNodes(): string {
  for (const candidate of [path.join(__dirname, 'nodes.json'), path.join(__dirname, '..', '..', 'examples', 'nodes.json')]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return path.join(process.cwd(), 'examples', 'nodes.json');
}

if (require.main === module) {
  const outRoot = process.env.CDK8S_OUTDIR ?? 'dist';
  const previewRoot = process.env.CDK8S_PIRAEUS_PREVIEW_DIR ?? 'preview';
  runSynth(() => {
    const { apps, preview } = buildExamples(outRoot);
    preview.writeTo(path.join(previewRoot, 'storage-pools'));
    return Object.values(apps);
  });
}
