/**
 * `cdk8s-piraeus lock import|show`: builds, updates and prints a digest lock. Loads no cdk8s and
 * touches no network: the digests come from tools the user runs (skopeo, crane).
 */
import * as fs from 'fs';
import * as path from 'path';
import { ImageSetInput } from '../mirror/image-set';
import { DigestLock, importLockLines, lockFormatFor, parseLock, serializeLock } from '../mirror/lock';
import { compareCodeUnits } from '../resolver/util';
import { ExitCode, Io, parseOptions, printDiagnostics, readInput, runCommand, UsageError } from './common';
import { IMAGE_SET_OPTIONS, imageSet, imageSetInput, withLockRepository } from './images';

export const LOCK_USAGE = `usage: cdk8s-piraeus lock import --lock FILE [--from FILE|-] [--release VERSION|FILE] [--config-map FILE] [--repository BASE]
                                 [--env NAME=VALUE]... [--external-version VERSION] [--operator-image REF] [--kube-rbac-proxy-image REF]
       cdk8s-piraeus lock show --lock FILE [--release VERSION|FILE] [--config-map FILE] [--repository BASE] [--env NAME=VALUE]...
                               [--external-version VERSION] [--operator-image REF] [--kube-rbac-proxy-image REF]`;

export const LOCK_HELP = `${LOCK_USAGE}

Maintains a digest lock: a file you commit that maps image references to digests. With it, the
constructs (digestLock) and \`cdk8s-piraeus images --lock\` pin every image by digest.

  import    reads lines "reference@sha256:<64 hex>" and adds or updates their entries; creates
            the lock file when it does not exist. Accepted lines:
              quay.io/piraeusdatastore/piraeus-server:v1.32.3@sha256:...   (tag kept)
              quay.io/piraeusdatastore/piraeus-server@sha256:...           (skopeo inspect
                  --format '{{.Name}}@{{.Digest}}', crane digest --full-ref: the tag is taken
                  from the deployment, which must use exactly one tag of that repository)
              sha256:... docker://mirror.example.com/piraeus-server:v1.32.3  (skopeo sync --digestfile)
            Blank lines and # comments are ignored. Prints a summary; nothing is written when a
            line is malformed.
  show      prints the lock as importable lines, and warns about entries no image uses and
            images without digest.

  --lock FILE                 the lock file: JSON, or YAML when it ends in .yaml or .yml
  --from FILE                 where import reads lines; - is standard input (default)
  --release VERSION|FILE, --config-map FILE, --repository BASE, --env NAME=VALUE, --external-version VERSION,
  --operator-image REF, --kube-rbac-proxy-image REF
                              the deployment, as for \`cdk8s-piraeus images\` (used to bind tagless
                              lines to tags and to report unused entries)

  A lock records the repository it was imported with (--repository); show and
  \`cdk8s-piraeus images --lock\` use it when --repository is not given, and refuse another one.

Lock file format:
  {"version": 1, "repository": "<registry/path, optional>",
   "images": {"<reference without digest>": "sha256:<64 lower-case hex>", ...}}

Malformed lock or lines: one line on standard error naming file and line, exit 1. Bad usage: exit 2.
`;

/** Runs `lock` with the arguments after the command name. */
export function lockCommand(args: string[], io: Io): number {
  return runCommand(io, () => {
    const [sub, ...rest] = args;
    if (sub !== 'import' && sub !== 'show') {
      throw new UsageError(sub === undefined ? 'missing subcommand: import or show' : `unknown subcommand ${JSON.stringify(sub)}; expected import or show`, LOCK_USAGE);
    }
    const values = parseOptions(rest, {
      ...IMAGE_SET_OPTIONS,
      lock: { type: 'string' },
      ...(sub === 'import' ? { from: { type: 'string' } } : {}),
    }, LOCK_USAGE);
    const file = values.lock as string | undefined;
    if (file === undefined || file === '') throw new UsageError('--lock FILE is required', LOCK_USAGE);
    if (file === '-') throw new UsageError('--lock must name a file', LOCK_USAGE);
    if (sub === 'import' && ((values.from as string | undefined) ?? '-') === '-' && values['config-map'] === '-') {
      throw new UsageError('--config-map - and --from - cannot both read standard input', LOCK_USAGE);
    }
    return sub === 'import' ? importLock(file, values, io) : showLock(file, values, io);
  });
}

function readExisting(file: string, io: Io): DigestLock | undefined {
  if (!fs.existsSync(file)) return undefined;
  return parseLock(readInput(file, io, LOCK_USAGE, 'lock'), file);
}

function importLock(file: string, values: Record<string, string | boolean | string[] | undefined>, io: Io): number {
  const from = (values.from as string | undefined) ?? '-';
  const existing = readExisting(file, io);
  const text = readInput(from, io, LOCK_USAGE, 'input');
  const input = imageSetInput(withLockRepository(values, existing, file), io, LOCK_USAGE);
  const result = importLockLines(existing, text, from === '-' ? 'standard input' : from, {
    references: imageSet(input).images.map((i) => i.reference),
    repository: input.repository,
  });
  writeAtomically(file, serializeLock(result.lock, lockFormatFor(file)));

  const total = Object.keys(result.lock.images).length;
  io.stdout(`${existing ? 'updated' : 'created'} ${file}: ${result.added.length} added, ${result.changed.length} changed, `
    + `${result.unchanged.length} unchanged; ${total} ${total === 1 ? 'entry' : 'entries'}\n`);
  for (const k of result.added) io.stdout(`  + ${k}@${result.lock.images[k]}\n`);
  for (const c of result.changed) io.stdout(`  ~ ${c.key}: ${c.from} -> ${c.to}\n`);
  report(result.lock, input, io);
  return ExitCode.OK;
}

function showLock(file: string, values: Record<string, string | boolean | string[] | undefined>, io: Io): number {
  const lock = readExisting(file, io);
  if (!lock) throw new UsageError(`lock file not found: ${file}`, LOCK_USAGE);
  const keys = Object.keys(lock.images).sort(compareCodeUnits);
  report(lock, imageSetInput(withLockRepository(values, lock, file), io, LOCK_USAGE), io);
  if (lock.repository !== undefined) io.stdout(`# repository: ${lock.repository}\n`);
  io.stdout(keys.map((k) => `${k}@${lock.images[k]}\n`).join(''));
  return ExitCode.OK;
}

/** Warnings: entries no image uses, images without digest. */
function report(lock: DigestLock, input: ImageSetInput, io: Io): void {
  printDiagnostics(imageSet(input, lock).lockDiagnostics, io);
}

function writeAtomically(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, text, 'utf8');
    fs.renameSync(tmp, file);
  } catch (e) {
    try { fs.unlinkSync(tmp); } catch { /* nothing to clean up */ }
    throw new UsageError(`cannot write lock file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, LOCK_USAGE);
  }
}
