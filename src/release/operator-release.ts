/**
 * `OperatorRelease`: everything that varies by Piraeus Operator release (the install objects,
 * the operator image, the default image documents, the resolver's capabilities), as data.
 * Built-in releases and imported manifests load through the same `loadRelease`. Pure: reading a
 * file is the only I/O, and only in `fromManifest` and the built-in catalogue.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ErrorCodes, PiraeusError, SourceLocation } from '../errors';
import { DecodedEntries, DecodedEntry, DecodeResultJson, decodeResultFromJson } from '../resolver/decoded-entries';
import { Diagnostic } from '../resolver/types';
import { JsonObject } from '../workloads/json';
import { WorkloadTemplates } from '../workloads/templates';
import { ReleaseCapabilities } from './capabilities';
import { ReleaseDiagnosticCodes } from './diagnostics';
import { layoutObject, loadRelease, ReleaseData, ReleaseMetadata, ReleaseSource } from './load';
import { nameOf, parseManifestText } from './manifest';
import { compareReleaseVersions, parseReleaseVersion, ReleaseVersion } from './version';

/** A built-in release as the build writes it (`lib/releases/<version>.json`). */
interface BuiltInFile {
  readonly version: string;
  readonly metadata: ReleaseMetadata;
  readonly objects: ReadonlyArray<{ readonly object: JsonObject; readonly line: number }>;
  /** The release's own workload templates (`workloads.yaml`), when it has them. */
  readonly workloads?: { readonly sources: readonly ReleaseSource[]; readonly data: JsonObject };
  /** The default image documents as the build decoded them, by ConfigMap key. */
  readonly imageConfig: Readonly<Record<string, DecodeResultJson>>;
}

/** `lib/releases/index.json`. */
interface BuiltInIndex {
  /** Every built-in version, oldest first. */
  readonly releases: string[];
  /** The built-in versions with workload templates of their own, oldest first. */
  readonly workloadTemplates: string[];
}

/** Where the built-in release data lives: `lib/releases/` of the installed package. */
function builtInDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'lib', 'releases');
    if (fs.existsSync(path.join(candidate, 'index.json'))) return candidate;
    dir = path.dirname(dir);
  }
  // Compiled location: lib/release/operator-release.js -> lib/releases.
  return path.join(__dirname, '..', 'releases');
}

function readCatalogue(): BuiltInIndex {
  const file = path.join(builtInDir(), 'index.json');
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as BuiltInIndex;
  } catch (e) {
    throw new PiraeusError(ErrorCodes.FILE_UNREADABLE,
      `cannot read the built-in release catalogue (${(e as Error).message}); run \`npm run build\``, { path: file });
  }
}

function readBuiltInIndex(): string[] {
  return readCatalogue().releases;
}

/**
 * Which release's workload templates a release without its own uses: the nearest of
 * `withTemplates` at or below `version`, else the oldest of them (templates change rarely, and an
 * older release's are the best guess at a newer one's). Undefined when none has templates.
 */
export function templatesReleaseFor(version: ReleaseVersion, withTemplates: readonly string[]): string | undefined {
  const parsed = withTemplates.map((v) => parseReleaseVersion(v)).filter((v): v is ReleaseVersion => v !== undefined)
    .sort(compareReleaseVersions);
  const atOrBelow = parsed.filter((v) => compareReleaseVersions(v, version) <= 0);
  return (atOrBelow.length ? atOrBelow[atOrBelow.length - 1] : parsed[0])?.tag;
}

/** One Piraeus Operator release, built in or imported from its manifest. */
export class OperatorRelease {
  /** The newest built-in release: the default everywhere. */
  public static latest(): OperatorRelease {
    const newest = readBuiltInIndex().at(-1);
    if (newest === undefined) {
      throw new PiraeusError(ErrorCodes.UNKNOWN_RELEASE, 'the built-in release catalogue lists no release; run `npm run build`', { path: 'release' });
    }
    return OperatorRelease.of(newest);
  }

  /**
   * A built-in release by version (`v2.10.4`).
   * @throws PiraeusError UNKNOWN_RELEASE listing the built-in versions
   */
  public static of(version: string): OperatorRelease {
    const all = readBuiltInIndex();
    if (!all.includes(version)) {
      throw new PiraeusError(ErrorCodes.UNKNOWN_RELEASE,
        `release "${version}" is not built in (built in: ${all.join(', ')}); `
        + 'for another release download its manifest.yaml and use OperatorRelease.fromManifest(file)', { path: 'release' });
    }
    const file = path.join(builtInDir(), `${version}.json`);
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as BuiltInFile;
    const source = `built-in release ${version}`;
    const templates = data.workloads && {
      sources: data.workloads.sources,
      templates: WorkloadTemplates.fromData(data.workloads.data, `${source} workload templates`),
    };
    const release = loadRelease(data.objects, source, data.metadata, data.version);
    // A decoded entry is reused only for its own text, so one without a text would never be.
    const decoded = new Map<string, DecodedEntry>();
    for (const [key, json] of Object.entries(data.imageConfig)) {
      const text = release.imageConfigData[key];
      if (text !== undefined) decoded.set(key, { text, result: decodeResultFromJson(json) });
    }
    return new OperatorRelease(release, true, templates, decoded);
  }

  /** Every built-in release, oldest first. */
  public static builtIn(): OperatorRelease[] {
    return readBuiltInIndex().map((v) => OperatorRelease.of(v));
  }

  /**
   * Imports a release from its install manifest: the `manifest.yaml` attached to an upstream
   * GitHub release, or `kubectl kustomize config/default` at a tag. Offline.
   * @throws PiraeusError FILE_UNREADABLE, or INVALID_RELEASE naming the file and line
   */
  public static fromManifest(file: string): OperatorRelease {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw new PiraeusError(ErrorCodes.FILE_UNREADABLE, `cannot read the release manifest (${err.code ?? err.message})`, { path: file });
    }
    return OperatorRelease.fromManifestText(text, file);
  }

  /** Imports a release from manifest text; `sourceName` names it in messages. */
  public static fromManifestText(text: string, sourceName: string): OperatorRelease {
    const metadata: ReleaseMetadata = { exactness: 'imported', sources: [], notes: [] };
    return new OperatorRelease(loadRelease(parseManifestText(text, sourceName), sourceName, metadata), false);
  }

  /** A release version or a manifest file, as the CLI's `--release` takes it. */
  public static fromVersionOrFile(value: string): OperatorRelease {
    return parseReleaseVersion(value) && !fs.existsSync(value) ? OperatorRelease.of(value) : OperatorRelease.fromManifest(value);
  }

  /** The release tag (`v2.10.4`). */
  public readonly version: string;
  /** Whether the data is built into this library. */
  public readonly isBuiltIn: boolean;

  private constructor(
    private readonly data: ReleaseData,
    isBuiltIn: boolean,
    private readonly ownTemplates?: { readonly sources: readonly ReleaseSource[]; readonly templates: WorkloadTemplates },
    private readonly decoded: DecodedEntries = new Map(),
  ) {
    this.version = data.version.tag;
    this.isBuiltIn = isBuiltIn;
  }

  /** The parsed version. */
  public get parsedVersion(): ReleaseVersion {
    return this.data.version;
  }

  /** `built-in release vX` or the imported file. */
  public get source(): string {
    return this.data.source;
  }

  /** Release date (`YYYY-MM-DD`), when known. */
  public get date(): string | undefined {
    return this.data.metadata.date;
  }

  /** How exact the data is, and where each fact came from. */
  public get metadata(): ReleaseMetadata {
    return this.data.metadata;
  }

  /** Provenance of the built-in facts. */
  public get sources(): readonly ReleaseSource[] {
    return this.data.metadata.sources;
  }

  /** What the release's resolver can do. */
  public get capabilities(): ReleaseCapabilities {
    return this.data.capabilities;
  }

  /** The operator image of the release (manager and gencert). */
  public get operatorImage(): string {
    return this.data.operatorImage;
  }

  /** The operator's namespace in the release's install. */
  public get namespace(): string {
    return this.data.namespace;
  }

  /** The default image documents: the image ConfigMap's `.data`, a fresh copy. */
  public imageConfigData(): Record<string, string> {
    return { ...this.data.imageConfigData };
  }

  /**
   * The default image documents already decoded (built-in releases: at build time; imported
   * releases: none), for `loadImageConfig`, which reuses an entry only when its text is unchanged.
   */
  public decodedImageConfig(): DecodedEntries {
    return this.decoded;
  }

  /** Name of the image ConfigMap. */
  public get imageConfigMapName(): string {
    return nameOf(layoutObject(this.data.objects, this.data.imageConfigMap, 'image ConfigMap'));
  }

  /** Name of the manager Deployment. */
  public get managerDeploymentName(): string {
    return nameOf(layoutObject(this.data.objects, this.data.manager, 'manager Deployment'));
  }

  /**
   * The built-in release whose workload templates the preview renders for this release: its own
   * when it has them, else the nearest built-in release at or below its version that has them,
   * else the oldest one that has them.
   * @throws PiraeusError INVALID_RELEASE when no built-in release has workload templates
   */
  public get templatesRelease(): string {
    if (this.ownTemplates) return this.version;
    const found = templatesReleaseFor(this.data.version, readCatalogue().workloadTemplates);
    if (found === undefined) {
      throw new PiraeusError(ErrorCodes.INVALID_RELEASE, 'no built-in release has workload templates; run `npm run build`', { path: 'release' });
    }
    return found;
  }

  /** Whether the preview's templates are this release's own (those of its version). */
  public get templatesExact(): boolean {
    return this.templatesRelease === this.version;
  }

  /** The workload templates the preview renders for this release (those of `templatesRelease`). */
  public workloadTemplates(): WorkloadTemplates {
    return this.templatesInUse().templates;
  }

  /** Where the workload templates of `templatesRelease` were read. */
  public get templateSources(): readonly ReleaseSource[] {
    return this.templatesInUse().sources;
  }

  private templatesInUse(): { readonly sources: readonly ReleaseSource[]; readonly templates: WorkloadTemplates } {
    if (this.ownTemplates) return this.ownTemplates;
    const other = OperatorRelease.of(this.templatesRelease);
    if (!other.ownTemplates) {
      throw new PiraeusError(ErrorCodes.INVALID_RELEASE,
        `the catalogue lists workload templates for ${other.version} but its data has none; run \`npm run build\``, { path: 'release' });
    }
    return other.ownTemplates;
  }

  /** Every object of the install, deep copies in manifest order. */
  public objects(): JsonObject[] {
    return this.data.objects.map((o) => structuredClone(o));
  }

  /**
   * The located parts of the install (indices into `objects()`), for `buildInstall`.
   * @internal
   */
  public get layout(): Pick<ReleaseData, 'manager' | 'gencert' | 'imageConfigMap' | 'namespaceObject' | 'crds'> {
    const { manager, gencert, imageConfigMap, namespaceObject, crds } = this.data;
    return { manager, gencert, imageConfigMap, namespaceObject, crds };
  }

  /** Orders releases by version. */
  public compareTo(other: OperatorRelease): number {
    return compareReleaseVersions(this.data.version, other.data.version);
  }
}


/**
 * The `PREVIEW_TEMPLATES` warning when a preview of `release` renders another release's workload
 * templates, naming both; undefined when the templates are the release's own.
 */
export function previewTemplatesWarning(release: OperatorRelease, location: SourceLocation): Diagnostic | undefined {
  if (release.templatesExact) return undefined;
  return {
    code: ReleaseDiagnosticCodes.PREVIEW_TEMPLATES, severity: 'warning', location,
    message: `the preview renders the workload templates of release ${release.templatesRelease}: release ${release.version} has none `
      + 'of its own, so containers, arguments and probes may differ from what its operator creates (the images are '
      + `${release.version}'s)`,
  };
}
