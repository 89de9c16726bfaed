/**
 * Diagnostics of the constructs as construct metadata: a construct records its warnings on its
 * own node, validation errors stay cdk8s validations, and one reporter (`runSynth`) collects and
 * prints both once. No module state, nothing printed while constructing.
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ErrorCodes, formatProblem } from '../errors';
import { objectKey } from '../release/manifest';

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

/** The identity the API server gives an object, as the release loader computes it. */
function apiObjectKey(o: ApiObject): string {
  return objectKey({ apiVersion: o.apiVersion, kind: o.kind, metadata: { namespace: o.metadata.namespace ?? '', name: o.name } });
}

/**
 * Objects of `own` that another object under `root` also defines (same group, kind, namespace
 * and name): one line each, naming both construct paths. Two installs in one app would otherwise
 * synthesize the same cluster objects twice, and the second apply silently wins.
 */
export function duplicateObjects(root: IConstruct, own: readonly ApiObject[]): string[] {
  const byKey = new Map<string, ApiObject[]>();
  for (const c of root.node.findAll()) {
    if (!(c instanceof ApiObject)) continue;
    const key = apiObjectKey(c);
    byKey.set(key, [...(byKey.get(key) ?? []), c]);
  }
  const lines: string[] = [];
  for (const o of own) {
    const others = (byKey.get(apiObjectKey(o)) ?? []).filter((x) => x !== o);
    if (others.length === 0) continue;
    const ns = o.metadata.namespace ? `${o.metadata.namespace}/` : '';
    lines.push(formatProblem({ path: o.node.path }, `${o.kind} ${ns}${o.name} is also defined at ${others.map((x) => x.node.path).join(', ')}; `
      + 'a cluster holds each object once: give the second install its own namespace and installCrds: false, or use one install', ErrorCodes.DUPLICATE_OBJECT));
  }
  return lines;
}
