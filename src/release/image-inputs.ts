/**
 * The resolver's inputs as a given release's operator reads them: what the release cannot do is
 * dropped, each with a warning, so that a prediction for an old release is what that release
 * does. Pure.
 */
import { LoadedImageConfig } from '../resolver/configmap';
import { ComponentConfig, Diagnostic, ImageConfigDocument } from '../resolver/types';
import { ReleaseCapabilities } from './capabilities';
import { ReleaseDiagnosticCodes } from './diagnostics';

/** The inputs to gate. */
export interface ImageInputs {
  readonly config: LoadedImageConfig;
  readonly env?: Readonly<Record<string, string>>;
  readonly externalVersion?: string;
}

/** Gated inputs plus a warning for each thing dropped. */
export interface GatedImageInputs {
  readonly config: LoadedImageConfig;
  readonly env?: Readonly<Record<string, string>>;
  readonly externalVersion?: string;
  readonly diagnostics: readonly Diagnostic[];
}

function ignored(message: string, location: Diagnostic['location'] = {}): Diagnostic {
  return { code: ReleaseDiagnosticCodes.RELEASE_IGNORES, severity: 'warning', location, message };
}

/** Documents without digests: a release before v2.9.0 has no `digest` field and never reads one. */
function withoutDigests(doc: ImageConfigDocument, version: string, out: Diagnostic[]): ImageConfigDocument {
  let changed = false;
  const components = new Map<string, ComponentConfig>();
  for (const [name, c] of doc.components) {
    const hasDigest = c.digest !== '' || c.match.some((m) => m.digest !== '');
    if (!hasDigest) {
      components.set(name, c);
      continue;
    }
    changed = true;
    out.push(ignored(`digest is ignored: release ${version}'s operator does not read digests (v2.9.0 and later do)`,
      { key: doc.key, line: c.line, component: name }));
    components.set(name, { ...c, digest: '', match: c.match.map((m) => ({ ...m, digest: '' })) });
  }
  return changed ? { ...doc, components } : doc;
}

/** Gates resolver inputs by the release's capabilities. */
export function gateImageInputs(version: string, caps: ReleaseCapabilities, inputs: ImageInputs): GatedImageInputs {
  const diagnostics: Diagnostic[] = [];
  let config = inputs.config;
  if (!caps.digests) {
    const documents = config.documents.map((d) => withoutDigests(d, version, diagnostics));
    config = { documents, diagnostics: config.diagnostics };
  }
  let env = inputs.env;
  const related = Object.keys(env ?? {}).filter((k) => k.startsWith('RELATED_IMAGE_')).sort();
  if (!caps.relatedImageEnv && related.length > 0) {
    diagnostics.push(ignored(`${related.join(', ')} ${related.length === 1 ? 'is' : 'are'} ignored: release ${version}'s operator does not read `
      + 'RELATED_IMAGE_* variables (v2.9.0 and later do)', { path: '--env' }));
    env = Object.fromEntries(Object.entries(env!).filter(([k]) => !k.startsWith('RELATED_IMAGE_')));
  }
  let externalVersion = inputs.externalVersion;
  if (!caps.externalControllerTag && externalVersion !== undefined) {
    diagnostics.push(ignored(`the external controller version is ignored: release ${version}'s operator does not set the satellite tag `
      + 'from it (v2.8.0 and later do)', { path: '--external-version' }));
    externalVersion = undefined;
  }
  return { config, env, externalVersion, diagnostics };
}
