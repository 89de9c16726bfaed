/**
 * Shared plumbing of the `cdk8s-piraeus` commands: option parsing, input files, the common
 * resolver options, output of warnings and errors. Loads no cdk8s.
 */
import * as fs from 'fs';
import { parseArgs } from 'util';
import { ErrorCodes, firstLine, formatLocation, PiraeusError } from '../errors';
import { gateImageInputs } from '../release/image-inputs';
import { readImageConfigFile } from '../release/install-file';
import { OperatorRelease } from '../release/operator-release';
import { LoadedImageConfig, loadImageConfig } from '../resolver/configmap';
import { ImageResolver } from '../resolver/image-resolver';
import { externalVersionProblem } from '../resolver/plan';
import { correctedRepositoryPrefix, validateRepositoryPrefix } from '../resolver/reference';
import { Diagnostic, DiagnosticCodes } from '../resolver/types';

/** Exit codes of every command (docs/cli.md). */
export const ExitCode = {
  OK: 0,
  /** The configuration would be rejected (by the operator or by our checks). */
  REJECTED: 1,
  /** Bad usage: unknown option, missing or unreadable file. */
  USAGE: 2,
} as const;

/** A usage mistake: exit 2 with a usage line. */
export class UsageError extends Error {
  public constructor(message: string, public readonly usage: string) {
    super(message);
  }
}

/** Where output goes; tests pass their own. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reads standard input to the end. */
  readonly readStdin: () => string;
}

/** The process's own streams. */
export const processIo: Io = {
  stdout: (t) => { process.stdout.write(t); },
  stderr: (t) => { process.stderr.write(t); },
  readStdin: () => fs.readFileSync(0, 'utf8'),
};

type OptionSpec = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

/** `--help` or `-h` given as an option (not as the value of one): the command's help is wanted. */
export class HelpRequested extends UsageError {
  public constructor(usage: string) {
    super('help requested', usage);
  }
}

/**
 * parseArgs with strict checking, turning its errors into usage errors. A value option takes the
 * next argument whatever it looks like (`--os-image -x`, `--external-version -1`, `--repository
 * --help`): the arguments are joined as `--name=value` first, so parseArgs never calls them
 * ambiguous. `--help`/`-h` in an option position throws `HelpRequested`.
 */
export function parseOptions(args: string[], options: OptionSpec, usage: string): Record<string, string | boolean | string[] | undefined> {
  const spec = options ?? {};
  const withHelp = Object.prototype.hasOwnProperty.call(spec, 'help')
    ? spec : { ...spec, help: { type: 'boolean', short: 'h' } } as OptionSpec;
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    const parsed = parseArgs({ args: joinOptionValues(args, spec), options: withHelp, strict: true, allowPositionals: false });
    values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  } catch (e) {
    throw new UsageError(firstLine((e as Error).message), usage);
  }
  if (withHelp !== spec && values.help === true) throw new HelpRequested(usage);
  if (withHelp !== spec) delete values.help;
  return values;
}

/** `--name value` and `-n value` of value options as `--name=value`; nothing after `--` changes. */
export function joinOptionValues(args: readonly string[], options: OptionSpec): string[] {
  const spec = options ?? {};
  const byShort = new Map(Object.entries(spec).filter(([, o]) => o.short !== undefined).map(([n, o]) => [`-${o.short}`, n]));
  const takesValue = (name: string | undefined): name is string => name !== undefined
    && Object.prototype.hasOwnProperty.call(spec, name) && spec[name]?.type === 'string';
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      out.push(...args.slice(i));
      break;
    }
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : byShort.get(arg);
    if (takesValue(name) && i + 1 < args.length) {
      out.push(`--${name}=${args[i + 1]}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** Reads a file, or standard input for `-`. Missing, unreadable or a directory: usage error. */
export function readInput(file: string, io: Io, usage: string, what: string): string {
  if (file === '-') {
    try {
      return io.readStdin();
    } catch (e) {
      throw new UsageError(`cannot read standard input: ${(e as Error).message}`, usage);
    }
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new UsageError(`${what} file not found: ${file}`, usage);
  }
  if (stat.isDirectory()) throw new UsageError(`${what} must be a file, but ${file} is a directory`, usage);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${what} file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, usage);
  }
}

/** Options shared by every command that resolves: the configuration and the operator's inputs. */
export const RESOLVER_OPTIONS = {
  'release': { type: 'string' },
  'config-map': { type: 'string' },
  'repository': { type: 'string' },
  'env': { type: 'string', multiple: true },
  'external-version': { type: 'string' },
} as const;

/**
 * The release of `--release VERSION|FILE`: a built-in version, or an upstream install manifest;
 * the newest built-in release when absent.
 */
export function releaseOption(value: string | undefined, usage: string): OperatorRelease {
  if (value === undefined) return OperatorRelease.latest();
  if (value === '') throw new UsageError('--release needs a version (e.g. v2.10.4) or a manifest file', usage);
  return OperatorRelease.fromVersionOrFile(value);
}

/**
 * Documents from `--config-map FILE` (a ConfigMap, or an install file holding it, such as a
 * synthesized `dist/*.k8s.yaml`) or the release's defaults, with decode warnings.
 */
export function loadDocuments(file: string | undefined, io: Io, usage: string, release: OperatorRelease): LoadedImageConfig {
  const data = file === undefined
    ? release.imageConfigData()
    : readImageConfigFile(readInput(file, io, usage, 'ConfigMap'), file === '-' ? 'standard input' : file);
  return loadImageConfig(data);
}

/** Parses repeated `--env NAME=VALUE`; only the first `=` splits; a repeated name keeps the last value, as in a container spec. */
export function parseEnv(values: string[] | undefined, usage: string): Record<string, string> {
  const env: Record<string, string> = Object.create(null);
  for (const item of values ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--env expects NAME=VALUE, got ${JSON.stringify(item)}`, usage);
    env[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return env;
}

/**
 * What the constructs refuse in `--repository` and `--external-version`, as warnings: the
 * operator takes both as given (a trailing "/" gives "//" in every image, "v1.31.2" the tag
 * "vv1.31.2"), so `resolve` predicts that faithfully and says so; `images` and `lock`, which write
 * artifacts, refuse them (`refuseForArtifacts`).
 */
export function optionProblems(values: Record<string, string | boolean | string[] | undefined>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const repository = values.repository as string | undefined;
  const repositoryProblem = repository === undefined || repository === '' ? undefined : validateRepositoryPrefix(repository);
  if (repositoryProblem !== undefined) {
    // The problem names the corrected value when there is one; otherwise an example.
    const example = correctedRepositoryPrefix(repository as string) === undefined
      ? '. Give registry and path only, such as registry.example.com/piraeus' : '';
    out.push({
      code: DiagnosticCodes.REPOSITORY_INVALID, severity: 'warning', location: { path: '--repository' },
      message: `${repositoryProblem}; the operator puts it before every image name as given (e.g. "${repository}/piraeus-server"), `
        + `which no registry serves${example}`,
    });
  }
  const version = values['external-version'] as string | undefined;
  const versionProblem = version === undefined ? undefined : externalVersionProblem(version);
  if (versionProblem !== undefined) {
    out.push({
      code: DiagnosticCodes.EXTERNAL_VERSION_INVALID, severity: 'warning', location: { path: '--external-version' },
      message: `${versionProblem}; the operator would run the satellite with tag "v${version}"`,
    });
  }
  return out;
}

/** Codes that `images` and `lock` treat as errors: their artifacts would name images nothing uses or no registry serves. */
export const ARTIFACT_ERROR_CODES: readonly string[] = [
  DiagnosticCodes.UNKNOWN_COMPONENT_NAME, DiagnosticCodes.REPOSITORY_INVALID, DiagnosticCodes.EXTERNAL_VERSION_INVALID,
];

/** Diagnostics that stop a command: each printed as an error line, exit 1. */
export class DiagnosticsError extends Error {
  public constructor(public readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map((d) => d.message).join('; '));
  }
}

/** Throws every diagnostic with an `ARTIFACT_ERROR_CODES` code, as errors; returns when there is none. */
export function refuseForArtifacts(diagnostics: readonly Diagnostic[]): void {
  const errors = diagnostics.filter((d) => ARTIFACT_ERROR_CODES.includes(d.code)).map((d) => ({ ...d, severity: 'error' as const }));
  if (errors.length) throw new DiagnosticsError(errors);
}

/** The image placeholders `release`'s workloads use, to judge component names against. */
export function releasePlaceholders(release: OperatorRelease): string[] {
  return release.workloadTemplates().placeholders;
}

/** What a command resolves with. */
export interface ResolverInputs {
  /** The release whose operator is predicted: it gates the inputs and names the placeholders. */
  readonly release: OperatorRelease;
  readonly config: LoadedImageConfig;
  readonly env?: Readonly<Record<string, string>>;
  readonly externalVersion?: string;
  readonly repository?: string;
  /** The nodes' OS images (an inventory, or those asked about) a replaced rule set is judged on. */
  readonly osImages?: readonly string[];
}

/**
 * The one way every command builds its resolver: the inputs as the release's operator reads them
 * (`gateImageInputs`), component names judged against the placeholders of its workloads
 * (UNKNOWN_COMPONENT_NAME), the OS images given counted among the well-known ones
 * (RULES_REPLACED). Returns it with the decoding, gating and analysis warnings.
 */
export function releaseResolver(inputs: ResolverInputs): { resolver: ImageResolver; diagnostics: Diagnostic[] } {
  const { release } = inputs;
  const gated = gateImageInputs(release.version, release.capabilities, {
    config: inputs.config, env: inputs.env, externalVersion: inputs.externalVersion,
  });
  const osImages = [...new Set((inputs.osImages ?? []).filter((os) => os !== ''))];
  const resolver = new ImageResolver(gated.config.documents, {
    repository: inputs.repository,
    env: gated.env,
    externalVersion: gated.externalVersion,
    placeholders: releasePlaceholders(release),
    ...(osImages.length > 0 ? { osImages } : {}),
  });
  return { resolver, diagnostics: [...gated.config.diagnostics, ...gated.diagnostics, ...resolver.diagnostics()] };
}

/** Builds the resolver from the shared options, as the chosen release reads them; returns it with every warning. */
export function resolverFromOptions(
  values: Record<string, string | boolean | string[] | undefined>, io: Io, usage: string,
): { resolver: ImageResolver; diagnostics: Diagnostic[]; release: OperatorRelease } {
  const release = releaseOption(values.release as string | undefined, usage);
  const problems = optionProblems(values);
  const { resolver, diagnostics } = releaseResolver({
    release,
    config: loadDocuments(values['config-map'] as string | undefined, io, usage, release),
    env: parseEnv(values.env as string[] | undefined, usage),
    externalVersion: values['external-version'] as string | undefined,
    repository: values.repository as string | undefined,
    // The OS images asked about count as the inventory a replaced rule set is judged on.
    osImages: values['os-image'] as string[] | undefined,
  });
  return { resolver, release, diagnostics: [...problems, ...diagnostics] };
}

/** One line per diagnostic: `warning: <where>: <message> [CODE]`. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = formatLocation(d.location);
  return `${d.severity}: ${where ? where + ': ' : ''}${oneLine(d.message)} [${d.code}]`;
}

/** Writes the warnings to standard error. */
export function printDiagnostics(diagnostics: readonly Diagnostic[], io: Io): void {
  for (const d of diagnostics) io.stderr(formatDiagnostic(d) + '\n');
}

/** Collapses line breaks so an error is one line. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** Runs a command body, mapping errors to one line and an exit code. */
export function runCommand(io: Io, body: () => number): number {
  try {
    return body();
  } catch (e) {
    if (e instanceof HelpRequested) throw e; // main prints the command's help
    if (e instanceof DiagnosticsError) {
      printDiagnostics(e.diagnostics, io);
      return ExitCode.REJECTED;
    }
    if (e instanceof UsageError) {
      io.stderr(`error: ${oneLine(e.message)}\n${e.usage}\n`);
      return ExitCode.USAGE;
    }
    if (e instanceof PiraeusError) {
      io.stderr(`error: ${oneLine(e.message)} [${e.code}]\n`);
      // A file that cannot be read and a release that is not built in are usage mistakes.
      return e.code === ErrorCodes.FILE_UNREADABLE || e.code === ErrorCodes.UNKNOWN_RELEASE ? ExitCode.USAGE : ExitCode.REJECTED;
    }
    io.stderr(`error: internal error: ${oneLine(e instanceof Error ? e.message : String(e))} `
      + '(please report this with the input that caused it)\n');
    return ExitCode.REJECTED;
  }
}
