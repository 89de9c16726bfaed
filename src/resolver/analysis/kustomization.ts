/** KUSTOMIZATION_INVALID: an entry the operator cannot write into its kustomization. */
import { Diagnostic, DiagnosticCodes, ImageEntry } from '../types';
import { ImageVariant } from '../variants';
import { kustomizationProblem } from '../yaml/quoted';
import { warning } from './site';

const FIELDS: ReadonlyArray<readonly [keyof ImageEntry, string]> = [
  ['name', 'the component name'], ['newName', 'the image name'], ['newTag', 'the tag'], ['digest', 'the digest'],
];

/**
 * KUSTOMIZATION_INVALID: a reachable variant whose entry holds a value sigs.k8s.io/yaml.Marshal
 * cannot turn into YAML (`kustomizationProblem`): the operator's reconcile fails before kustomize
 * runs, for every node (or the cluster) whose resolution includes the entry. The first such field.
 */
export function unwritableEntry(v: ImageVariant): Diagnostic | undefined {
  if (!v.reachable) return undefined;
  for (const [field, label] of FIELDS) {
    const problem = kustomizationProblem(v.effective[field]);
    if (problem === undefined) continue;
    const from = v.provenance.envVar !== undefined && field !== 'name' ? ` (from ${v.provenance.envVar})` : '';
    return warning(DiagnosticCodes.KUSTOMIZATION_INVALID,
      `${label} of ${v.kind === 'rule' ? `match rule ${v.ruleIndex} (image ${JSON.stringify(v.image)})` : 'the fallback image'}`
      + `${from} cannot be written into the operator's kustomization: ${problem}. The operator then renders no workloads `
      + 'for the nodes that use it. Remove the character (it usually comes from an escape such as "\\x7f" or "\\N").',
      { key: v.document, component: v.component, line: v.line, ...(from !== '' ? { path: v.provenance.envVar } : {}) });
  }
  return undefined;
}
