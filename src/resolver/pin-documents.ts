/**
 * Pinning for releases whose operator ignores `RELATED_IMAGE_*` variables (before v2.9.0): the
 * entry that wins for each component, restated in documents appended after every other key.
 * The operator resolves each document on its own and the last document defining a component
 * wins, so restating the winners (under the base of the document each came from) resolves to the
 * same images, with or without `spec.repository`, while making every image visible in one place.
 * Pure.
 */
import { encodeDocument } from './encode';
import { compareBytewise } from './order';
import { ComponentConfig, ImageConfigDocument } from './types';

/** Key prefix of the pin documents; sorts after every default and override key. */
export const PIN_DOCUMENT_PREFIX = 'zz-pins-';

/** Options of `pinDocuments`. */
export interface PinDocumentOptions {
  /** Components to leave to the operator (the satellite when it follows an external controller). */
  readonly skip?: readonly string[];
}

/** The pin documents (key -> text) for documents in the operator's order. */
export function pinDocuments(documents: readonly ImageConfigDocument[], options: PinDocumentOptions = {}): Record<string, string> {
  const skip = new Set(options.skip ?? []);
  const winners = new Map<string, { base: string; config: ComponentConfig }>();
  for (const doc of documents) {
    for (const [name, config] of doc.components) if (!skip.has(name)) winners.set(name, { base: doc.base, config });
  }
  const byBase = new Map<string, Map<string, ComponentConfig>>();
  for (const name of [...winners.keys()].sort(compareBytewise)) {
    const { base, config } = winners.get(name)!;
    if (!byBase.has(base)) byBase.set(base, new Map());
    byBase.get(base)!.set(name, config);
  }
  const out: Record<string, string> = {};
  [...byBase.keys()].sort(compareBytewise).forEach((base, i) => {
    out[`${PIN_DOCUMENT_PREFIX}${String(i + 1).padStart(2, '0')}.yaml`] = encodeDocument({ base, components: byBase.get(base)! });
  });
  return out;
}
