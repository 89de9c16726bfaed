/** Builds the analysis input from ConfigMap data, as `ImageResolver` does, for the check tables. */
import { AnalysisInput, ComponentSite } from '../../src/resolver/analysis';
import { loadImageConfig } from '../../src/resolver/configmap';
import { applyExternalVersion } from '../../src/resolver/external';
import { compileDocument, toEnvironment } from '../../src/resolver/resolve';
import { Diagnostic } from '../../src/resolver/types';
import { listVariants } from '../../src/resolver/variants';

export interface InputOptions {
  readonly repository?: string;
  readonly env?: Record<string, string>;
  readonly externalVersion?: string;
}

/** The analysis input for `data` (ConfigMap data: key -> YAML entry). */
export function analysisInput(data: Record<string, string>, options: InputOptions = {}): AnalysisInput {
  let documents = loadImageConfig(data).documents;
  let externalDocument: string | undefined;
  if (options.externalVersion !== undefined) {
    const adjusted = applyExternalVersion(documents, options.externalVersion);
    documents = adjusted.documents;
    externalDocument = adjusted.changedKey;
  }
  const docs = documents.map((document) => ({ document, components: compileDocument(document) }));
  const ctx = { repository: options.repository ?? '', env: toEnvironment(options.env), externalDocument };
  return { docs, variants: listVariants(docs, ctx), ctx };
}

/** Every component site of `data`, in document and component order. */
export function componentSites(data: Record<string, string>): ComponentSite[] {
  return analysisInput(data).docs.flatMap(({ document, components }) => components.map((component) => ({ document, component })));
}

/** What a table row compares: code and location. */
export function codeAndLocation(d: Diagnostic): { code: string; location: Diagnostic['location'] } {
  return { code: d.code, location: JSON.parse(JSON.stringify(d.location)) };
}

/** A one-entry configuration under key `1.yaml`. */
export function entry(text: string): Record<string, string> {
  return { '1.yaml': text };
}
