/**
 * Diagnostics of the constructs as construct metadata: a construct records its warnings on its
 * own node, validation errors stay cdk8s validations, and one reporter (`runSynth`) collects and
 * prints both once. No module state, nothing printed while constructing.
 */
import { IConstruct } from 'constructs';

/** Metadata type of a cdk8s-piraeus warning; its data is the one-line text. */
export const WARNING_METADATA = 'cdk8s-piraeus:warning';

/** Records a warning (one line, as `formatProblem` writes it) on a construct. */
export function addWarning(scope: IConstruct, line: string): void {
  scope.node.addMetadata(WARNING_METADATA, line);
}

/** Every cdk8s-piraeus warning in the tree under `root`, in tree order, each text once. */
export function collectWarnings(root: IConstruct): string[] {
  const seen = new Set<string>();
  for (const c of root.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type === WARNING_METADATA && typeof entry.data === 'string') seen.add(entry.data);
    }
  }
  return [...seen];
}

/** Every validation error in the tree under `root`, as `<message>` lines in tree order. */
export function collectErrors(root: IConstruct): string[] {
  return root.node.findAll().flatMap((c) => c.node.validate());
}
