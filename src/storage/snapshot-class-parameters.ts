/**
 * VolumeSnapshotClass parameters for LINSTOR CSI: in-cluster snapshots, backups to S3 and to
 * another LINSTOR cluster, checked by the rules LINSTOR CSI applies when it reads a class (no
 * webhook checks snapshot classes; a bad one only fails when a snapshot is taken). Pure.
 *
 * Upstream facts (repository, path, commit):
 *  - piraeusdatastore/linstor-csi pkg/volume/snapshot_params.go @ 44aa98afcf289f7300c97eddd9a10b11b1890bcd (v1.12.0):
 *    only keys starting `snap.linstor.csi.linbit.com` are read, unknown ones are ignored with a
 *    log line. `/type` is InCluster, S3 or Linstor (matched as written or lower-cased);
 *    `/delete-local`, `/allow-incremental`, `/s3-use-path-style` are Go bools;
 *    `/max-increments` is a non-negative Go int; `/full-snapshot-after` a non-negative Go
 *    duration; `/remote-name`, `/s3-endpoint`, `/s3-bucket`, `/s3-signing-region`,
 *    `/linstor-target-url`, `/linstor-target-cluster-id`, `/linstor-target-storage-pool` are text.
 *    Every type but InCluster needs `/remote-name`; InCluster forbids `/delete-local`. The S3
 *    keys come from the snapshotter Secret's `access-key` and `secret-key`.
 *    `/max-increments` and `/full-snapshot-after` arrived in v1.11.3 (bab63b37b6e1153ed5351dbd4e8d84cacd7ed8c3).
 *  - same repository, pkg/driver/volumesnapshotclass_watcher.go @ 44aa98a: the Secret is named by
 *    `csi.storage.k8s.io/snapshotter-secret-name` and `-namespace` in the class parameters.
 *  - same repository, pkg/client/linstor.go @ 44aa98a: a missing remote of that name is created
 *    from these parameters; an existing one is used as it is.
 *  - same repository, pkg/volume/snapshottype_enumer.go @ 44aa98a: the type names.
 */
import { ErrorCodes, PiraeusError } from '../errors';
import { compareBytewise } from '../resolver/order';
import { goAtoi, goParseBool, goParseDuration } from './go-values';
import { describeProblem, ParameterProblem, StorageDiagnosticCodes } from './storage-class-parameters';

/** Namespace of LINSTOR CSI's snapshot parameters. */
export const LINSTOR_SNAPSHOT_NAMESPACE = 'snap.linstor.csi.linbit.com';
/** external-snapshotter: name of the Secret handed to the driver. */
export const SNAPSHOTTER_SECRET_NAME = 'csi.storage.k8s.io/snapshotter-secret-name';
/** external-snapshotter: namespace of that Secret. */
export const SNAPSHOTTER_SECRET_NAMESPACE = 'csi.storage.k8s.io/snapshotter-secret-namespace';

const S = (name: string) => `${LINSTOR_SNAPSHOT_NAMESPACE}/${name}`;

/** A Secret holding the S3 `access-key` and `secret-key` (a cdk8s-plus `Secret` has this shape via `name` and `metadata.namespace`). */
export interface SnapshotSecretReference {
  /** Secret name. */
  readonly name: string;
  /** Secret namespace (always needed: the class is cluster-scoped). */
  readonly namespace: string;
}

/** Options common to the remote (backup) snapshot types. */
export interface RemoteSnapshotOptions {
  /** Name of the LINSTOR remote; created from the other options when it does not exist yet. */
  readonly remoteName: string;
  /**
   * Ship only the changes since the previous backup (`allow-incremental`).
   * @default false
   */
  readonly allowIncremental?: boolean;
  /**
   * Delete the local snapshot once it is shipped (`delete-local`).
   * @default false
   */
  readonly deleteLocal?: boolean;
}

/** An S3 backup target. */
export interface S3SnapshotOptions extends RemoteSnapshotOptions {
  /**
   * S3 endpoint host (`s3-endpoint`), e.g. `s3.us-west-1.amazonaws.com`.
   * @default - none (the remote must exist already)
   */
  readonly endpoint?: string;
  /**
   * Bucket (`s3-bucket`).
   * @default - none (the remote must exist already)
   */
  readonly bucket?: string;
  /**
   * Signing region (`s3-signing-region`).
   * @default - none
   */
  readonly signingRegion?: string;
  /**
   * Address the bucket as a path instead of a host name (`s3-use-path-style`).
   * @default false
   */
  readonly usePathStyle?: boolean;
  /**
   * Secret with `access-key` and `secret-key`, passed as the snapshotter secret.
   * @default - none (the remote must exist already)
   */
  readonly credentials?: SnapshotSecretReference;
  /**
   * Start a new full backup after this many incremental ones (`max-increments`, linstor-csi v1.11.3+).
   * @default - no limit
   */
  readonly maxIncrements?: number;
  /**
   * Start a new full backup once the chain's full backup is older than this Go duration
   * (`full-snapshot-after`, e.g. `168h`; linstor-csi v1.11.3+).
   * @default - no limit
   */
  readonly fullSnapshotAfter?: string;
}

/** Another LINSTOR cluster as backup target. */
export interface LinstorRemoteSnapshotOptions extends RemoteSnapshotOptions {
  /**
   * URL of the target LINSTOR controller (`linstor-target-url`).
   * @default - none (the remote must exist already)
   */
  readonly targetUrl?: string;
  /**
   * Cluster id of the target (`linstor-target-cluster-id`).
   * @default - none
   */
  readonly targetClusterId?: string;
  /**
   * Storage pool on the target (`linstor-target-storage-pool`).
   * @default - the target's choice
   */
  readonly targetStoragePool?: string;
}

/** Where snapshots go. Build one with the static methods. */
export class LinstorSnapshotTarget {
  /** Snapshots stay in the cluster, next to the volume (no parameters). */
  public static inCluster(): LinstorSnapshotTarget {
    return new LinstorSnapshotTarget([]);
  }

  /** Snapshots are shipped to S3. */
  public static s3(options: S3SnapshotOptions): LinstorSnapshotTarget {
    const entries: Array<[string, string, string]> = [
      ...remoteEntries('S3', options),
      ...textEntries([['s3-endpoint', 'endpoint', options.endpoint], ['s3-bucket', 'bucket', options.bucket], ['s3-signing-region', 'signingRegion', options.signingRegion]]),
    ];
    if (options.usePathStyle !== undefined) entries.push([S('s3-use-path-style'), String(options.usePathStyle), 'usePathStyle']);
    if (options.maxIncrements !== undefined) {
      const n = options.maxIncrements;
      if (!Number.isSafeInteger(n) || n < 0) throw new PiraeusError(ErrorCodes.INVALID_STORAGE_CLASS, `LinstorSnapshotTarget.s3: maxIncrements must be a whole number, 0 or more (got ${n})`);
      entries.push([S('max-increments'), String(n), 'maxIncrements']);
    }
    if (options.fullSnapshotAfter !== undefined) entries.push([S('full-snapshot-after'), options.fullSnapshotAfter, 'fullSnapshotAfter']);
    if (options.credentials !== undefined) {
      const { name, namespace } = options.credentials;
      if (!name || !namespace) throw new PiraeusError(ErrorCodes.INVALID_STORAGE_CLASS, 'LinstorSnapshotTarget.s3: credentials need both a Secret name and a namespace');
      entries.push([SNAPSHOTTER_SECRET_NAME, name, 'credentials.name'], [SNAPSHOTTER_SECRET_NAMESPACE, namespace, 'credentials.namespace']);
    }
    return new LinstorSnapshotTarget(entries);
  }

  /** Snapshots are shipped to another LINSTOR cluster. */
  public static linstor(options: LinstorRemoteSnapshotOptions): LinstorSnapshotTarget {
    return new LinstorSnapshotTarget([
      ...remoteEntries('Linstor', options),
      ...textEntries([['linstor-target-url', 'targetUrl', options.targetUrl], ['linstor-target-cluster-id', 'targetClusterId', options.targetClusterId],
        ['linstor-target-storage-pool', 'targetStoragePool', options.targetStoragePool]]),
    ]);
  }

  private constructor(
    /** key, value, the option it came from. */
    private readonly entries: ReadonlyArray<readonly [string, string, string]>,
  ) {}

  /** The parameters, each with the option it came from. */
  public parameters(): ReadonlyArray<readonly [string, string, string]> {
    return this.entries;
  }
}

function remoteEntries(type: string, o: RemoteSnapshotOptions): Array<[string, string, string]> {
  const out: Array<[string, string, string]> = [[S('type'), type, 'type'], [S('remote-name'), o.remoteName, 'remoteName']];
  if (o.allowIncremental !== undefined) out.push([S('allow-incremental'), String(o.allowIncremental), 'allowIncremental']);
  if (o.deleteLocal !== undefined) out.push([S('delete-local'), String(o.deleteLocal), 'deleteLocal']);
  return out;
}

function textEntries(list: Array<[string, string, string | undefined]>): Array<[string, string, string]> {
  return list.filter((e): e is [string, string, string] => e[2] !== undefined).map(([key, option, value]) => [S(key), value, option]);
}

const BOOL_KEYS = new Set(['/delete-local', '/allow-incremental', '/s3-use-path-style']);
const TEXT_KEYS = new Set(['/remote-name', '/s3-endpoint', '/s3-bucket', '/s3-signing-region', '/linstor-target-url',
  '/linstor-target-cluster-id', '/linstor-target-storage-pool']);

/** `snap.linstor.csi.linbit.com...` keys LINSTOR CSI does not know (it ignores them with a log line), sorted. */
export function unknownSnapshotParameterKeys(parameters: Readonly<Record<string, string>>): string[] {
  return Object.keys(parameters).sort(compareBytewise).filter((key) => {
    if (!key.startsWith(LINSTOR_SNAPSHOT_NAMESPACE)) return false;
    const name = key.slice(LINSTOR_SNAPSHOT_NAMESPACE.length);
    return !(name === '/type' || name === '/max-increments' || name === '/full-snapshot-after' || BOOL_KEYS.has(name) || TEXT_KEYS.has(name));
  });
}
const TYPE_NAMES = new Map([['incluster', 'InCluster'], ['s3', 'S3'], ['linstor', 'Linstor']]);

/**
 * Every problem LINSTOR CSI would report reading these VolumeSnapshotClass parameters, in key
 * order. One rule beyond LINSTOR CSI: the type `Unknown`, which parses but that no code path can
 * take a snapshot with, is rejected. Unknown keys are no problem here (LINSTOR CSI ignores them);
 * `unknownSnapshotParameterKeys` finds them for a warning.
 */
export function snapshotClassParameterProblems(parameters: Readonly<Record<string, string>>): ParameterProblem[] {
  const problems: ParameterProblem[] = [];
  let type = 'InCluster';
  for (const [key, value] of Object.entries(parameters).sort(([a], [b]) => compareBytewise(a, b))) {
    // LINSTOR CSI matches the namespace as a plain prefix, so `snap.linstor.csi.linbit.comX` counts too.
    if (!key.startsWith(LINSTOR_SNAPSHOT_NAMESPACE)) continue;
    const name = key.slice(LINSTOR_SNAPSHOT_NAMESPACE.length);
    const bad = (message: string) => problems.push({ key, message: `value ${JSON.stringify(value)} ${message}` });
    if (name === '/type') {
      const t = TYPE_NAMES.get(value) !== undefined ? TYPE_NAMES.get(value) : TYPE_NAMES.get(value.toLowerCase());
      if (t === undefined) bad(`is not a snapshot type; use one of ${[...TYPE_NAMES.values()].join(', ')}`);
      else type = t;
    } else if (BOOL_KEYS.has(name)) {
      if (goParseBool(value) === undefined) bad('is not a bool (true, false, 1, 0, t, f, ...)');
    } else if (name === '/max-increments') {
      const n = goAtoi(value);
      if (n === undefined || n < 0n) bad('is not a whole number of 0 or more');
    } else if (name === '/full-snapshot-after') {
      const d = goParseDuration(value);
      if (d === undefined || d < 0) bad('is not a Go duration of 0 or more (e.g. 168h, 90m)');
    }
  }
  if (type !== 'InCluster' && !parameters[S('remote-name')]) {
    problems.push({ key: S('remote-name'), message: `is required for snapshots of type ${type}` });
  }
  const deleteLocal = parameters[S('delete-local')];
  if (type === 'InCluster' && deleteLocal !== undefined && goParseBool(deleteLocal) === true) {
    problems.push({ key: S('delete-local'), message: 'cannot be used with in-cluster snapshots' });
  }
  const secretName = parameters[SNAPSHOTTER_SECRET_NAME];
  const secretNamespace = parameters[SNAPSHOTTER_SECRET_NAMESPACE];
  if ((secretName === undefined) !== (secretNamespace === undefined)) {
    problems.push({ key: secretName === undefined ? SNAPSHOTTER_SECRET_NAME : SNAPSHOTTER_SECRET_NAMESPACE, message: 'is missing; the snapshotter secret needs both name and namespace' });
  }
  return problems;
}

/** The parameters of a VolumeSnapshotClass, and the warnings building them gave. */
export interface BuiltSnapshotParameters {
  /** Parameters in byte-wise key order. */
  readonly parameters: Record<string, string>;
  /** Warnings, each `[CODE] message`. */
  readonly warnings: readonly string[];
}

/**
 * Parameters for a target plus extra ones (sorted), checked; each extra one is a warning.
 * @throws PiraeusError INVALID_STORAGE_CLASS naming the parameter, the option it came from and the fix
 */
export function buildSnapshotClassParameters(
  target: LinstorSnapshotTarget, extraParameters: Readonly<Record<string, string>> | undefined, path: string,
): BuiltSnapshotParameters {
  const values = new Map<string, string>();
  const origins = new Map<string, string>();
  for (const [key, value, option] of target.parameters()) {
    values.set(key, value);
    origins.set(key, `target option ${option}`);
  }
  const warnings: string[] = [];
  for (const [key, value] of Object.entries(extraParameters ?? {}).sort(([a], [b]) => compareBytewise(a, b))) {
    const clash = origins.get(key);
    if (clash !== undefined) {
      throw new PiraeusError(ErrorCodes.INVALID_STORAGE_CLASS, `extraParameters["${key}"] repeats ${clash}; keep the typed option`, { path });
    }
    values.set(key, value);
    origins.set(key, `extraParameters["${key}"]`);
    warnings.push(`[${StorageDiagnosticCodes.STORAGE_EXTRA_PARAMETER}] parameter "${key}" is passed through extraParameters`);
  }
  const parameters: Record<string, string> = {};
  for (const key of [...values.keys()].sort(compareBytewise)) parameters[key] = values.get(key)!;
  for (const key of unknownSnapshotParameterKeys(parameters)) {
    warnings.push(`[${StorageDiagnosticCodes.STORAGE_UNKNOWN_SNAPSHOT_PARAMETER}] parameter "${key}" is no LINSTOR CSI snapshot parameter; LINSTOR CSI ignores it (a typo?)`);
  }
  const problems = snapshotClassParameterProblems(parameters);
  if (problems.length > 0) {
    throw new PiraeusError(ErrorCodes.INVALID_STORAGE_CLASS,
      `LINSTOR CSI would reject these snapshot parameters: ${problems.map((p) => describeProblem(p, (key) => origins.get(key))).join('; ')}`, { path });
  }
  return { parameters, warnings };
}
