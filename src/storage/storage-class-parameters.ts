/**
 * StorageClass parameters for LINSTOR CSI: which keys exist, how each value is read, and the
 * check the Piraeus Operator's StorageClass admission webhook applies, so that a class that
 * synthesizes is one the webhook admits. Pure (no cdk8s import).
 *
 * Upstream facts (repository, path, commit):
 *  - piraeusdatastore/piraeus-operator internal/webhook/storageclass.go @ 0ef32285b13b0a3cd22e0a3b7a09f3becd9cb9ec
 *    (added in d1e544807959feecf535227dbcd050378fca3abf): only classes whose provisioner is
 *    `linstor.csi.linbit.com` are checked; the check is LINSTOR CSI's own parameter parser
 *    (`volume.NewParameters`) and any error it returns rejects the whole `parameters` field.
 *  - piraeusdatastore/linstor-csi pkg/volume/parameter.go @ 44aa98afcf289f7300c97eddd9a10b11b1890bcd (v1.12.0):
 *    a key splits at its first `/` into namespace and name. Namespace `DrbdOptions` and
 *    `property.linstor.csi.linbit.com` set LINSTOR properties (any name, any value). Namespace
 *    `linstor.csi.linbit.com` or none: the name, lower-cased, must be a known parameter, else the
 *    class is rejected; its value is then parsed by the parameter's type. Any other namespace
 *    (`csi.storage.k8s.io/...`, `snap.linstor.csi.linbit.com/...`, `example.com/...`) is ignored.
 *  - same file: list values split on single spaces; counts are 32-bit decimal integers (an empty
 *    value means 1); booleans are Go `strconv.ParseBool`; `overProvision` is a float;
 *    `nfsRecoveryVolumeSize` is a Kubernetes quantity; `xReplicasOnDifferent` is a YAML map of
 *    integers; `layerList` names known layers, case-insensitively.
 *  - piraeusdatastore/linstor-csi pkg/volume/remoteaccess.go @ 15ff5decf2f366847823ce5185eaa7ba9348fb94:
 *    `allowRemoteVolumeAccess` is a Go bool (true: from anywhere, false: only where a replica is)
 *    or a YAML list of rules, each `fromSame: [label, ...]`.
 *  - piraeusdatastore/linstor-csi pkg/topology/placementpolicy_enumer.go @ e366ca0bc9eaa8733c81f42ac7892da87b1248bc:
 *    placement policy names, matched as written or lower-cased.
 *  - piraeusdatastore/linstor-csi pkg/linstor/const.go @ 44aa98afcf289f7300c97eddd9a10b11b1890bcd: the
 *    driver name and the `linstor.csi.linbit.com` / `property.linstor.csi.linbit.com` namespaces.
 *
 * Keys newer than the LINSTOR CSI an operator release embeds are rejected by that release's
 * webhook: `xReplicasOnDifferent` arrived in linstor-csi v1.7.0 (dbe913d4ff86ace5dd2b588357782ed4687ae0a9),
 * the `nfs*` keys in v1.10.0 (8d438d017bb56b6668dff5f990a0e840a33ce1f2); the operator at 0ef3228 embeds v1.6.3.
 */
import { ErrorCodes, firstLine, PiraeusError } from '../errors';
import { yamlPackage } from '../resolver/on-demand';
import { compareBytewise } from '../resolver/order';
import { goParseBool, isGoFloat, isGoInt32, isKubernetesQuantity } from './go-values';

/** The CSI driver (StorageClass `provisioner`, VolumeSnapshotClass `driver`) of LINSTOR CSI. */
export const LINSTOR_CSI_DRIVER = 'linstor.csi.linbit.com';
/** Namespace of LINSTOR CSI's own StorageClass parameters. */
export const LINSTOR_PARAMETER_NAMESPACE = 'linstor.csi.linbit.com';
/** Namespace of parameters that set a LINSTOR property on the resource group. */
export const LINSTOR_PROPERTY_NAMESPACE = 'property.linstor.csi.linbit.com';
/** Un-prefixed namespace LINSTOR CSI also reads as DRBD options (`DrbdOptions/Net/protocol`). */
export const DRBD_OPTIONS_NAMESPACE = 'DrbdOptions';
/** The external-provisioner parameter that picks the file system. */
export const FSTYPE_PARAMETER = 'csi.storage.k8s.io/fstype';

/** How LINSTOR CSI reads a parameter's value. */
export type ParameterValueKind =
  | 'text' | 'list' | 'int32' | 'bool' | 'float' | 'remote-access' | 'layers' | 'placement-policy'
  | 'x-replicas' | 'quantity' | 'unused';

/** One parameter LINSTOR CSI knows. */
export interface LinstorParameterDef {
  /** Documented spelling (the key is matched lower-cased). */
  readonly name: string;
  /** How the value is read. */
  readonly kind: ParameterValueKind;
  /** What the parameter sets, when two keys set the same thing (`autoPlace`, `placementCount`). */
  readonly sets: string;
}

function def(name: string, kind: ParameterValueKind, sets: string = name): LinstorParameterDef {
  return { name, kind, sets };
}

/** Every parameter of linstor-csi v1.12.0 (pkg/volume/parameter.go @ 44aa98a), by lower-cased name. */
export const LINSTOR_PARAMETERS: ReadonlyMap<string, LinstorParameterDef> = new Map([
  def('allowRemoteVolumeAccess', 'remote-access'),
  def('autoPlace', 'int32', 'placementCount'),
  def('clientList', 'list'),
  def('disklessOnRemaining', 'bool'),
  def('disklessStoragePool', 'text'),
  def('doNotPlaceWithRegex', 'text'),
  def('encryption', 'bool'),
  def('fsOpts', 'text'),
  def('layerList', 'layers'),
  def('mountOpts', 'text'),
  def('nodeList', 'list'),
  def('placementCount', 'int32'),
  def('placementPolicy', 'placement-policy'),
  def('replicasOnDifferent', 'list'),
  def('replicasOnSame', 'list'),
  def('sizeKiB', 'unused'),
  def('storagePool', 'list'),
  def('postMountXfsOpts', 'text'),
  def('resourceGroup', 'text'),
  def('usePvcName', 'bool'),
  def('overProvision', 'float'),
  def('xReplicasOnDifferent', 'x-replicas'),
  def('nfsConfigTemplate', 'text'),
  def('nfsServiceName', 'text'),
  def('nfsSquash', 'text'),
  def('nfsRecoveryVolumeSize', 'quantity'),
].map((d) => [d.name.toLowerCase(), d]));

/** LINSTOR device layers `layerList` accepts (pkg/volume/parameter.go `ParseLayerList` @ 44aa98a). */
export enum LinstorLayer {
  /** DRBD replication. */
  DRBD = 'drbd',
  /** The backing storage (LVM, ZFS, file, ...). */
  STORAGE = 'storage',
  /** LUKS encryption: add it between DRBD and STORAGE for encrypted volumes. */
  LUKS = 'luks',
  /** NVMe-oF target/initiator. */
  NVME = 'nvme',
  /** dm-cache. */
  CACHE = 'cache',
  /** dm-writecache. */
  WRITECACHE = 'writecache',
}

/** How LINSTOR CSI picks nodes (pkg/topology/placementpolicy_enumer.go @ e366ca0). */
export enum LinstorPlacementPolicy {
  /** Place exactly on `nodeList` / `clientList`. */
  MANUAL = 'Manual',
  /** LINSTOR's autoplacer, ignoring Kubernetes topology. */
  AUTO_PLACE = 'AutoPlace',
  /** Follow the topology Kubernetes requests (needs `WaitForFirstConsumer` or allowed topologies). */
  FOLLOW_TOPOLOGY = 'FollowTopology',
  /** Spread over the least used nodes. */
  BALANCED = 'Balanced',
  /** Autoplace, preferring the requested topology (LINSTOR CSI's default). */
  AUTO_PLACE_TOPOLOGY = 'AutoPlaceTopology',
}

/** Placement policy names the parser accepts, lower-cased (`Unknown` parses too). */
const PLACEMENT_POLICY_NAMES = new Set(['unknown', ...Object.values(LinstorPlacementPolicy).map((p) => p.toLowerCase())]);
const LAYER_NAMES = new Set<string>(Object.values(LinstorLayer));

/**
 * Where volumes may be accessed over the network (diskless), the `allowRemoteVolumeAccess`
 * parameter. Build one with the static methods.
 */
export class RemoteVolumeAccess {
  /** From every node (parameter value `true`). */
  public static anywhere(): RemoteVolumeAccess {
    return new RemoteVolumeAccess('true');
  }

  /** Only on nodes that hold a replica (parameter value `false`). */
  public static localOnly(): RemoteVolumeAccess {
    return new RemoteVolumeAccess('false');
  }

  /**
   * From nodes that share the values of all the given node labels with a node holding a replica,
   * e.g. `fromSame('topology.kubernetes.io/zone')`.
   */
  public static fromSame(...labels: string[]): RemoteVolumeAccess {
    return RemoteVolumeAccess.anyOf(labels);
  }

  /** From nodes that satisfy at least one rule; each rule is a list of labels as in `fromSame`. */
  public static anyOf(...rules: string[][]): RemoteVolumeAccess {
    if (rules.length === 0) throw new PiraeusError(ErrorCodes.INVALID_STORAGE_CLASS, 'RemoteVolumeAccess.anyOf needs at least one rule');
    for (const rule of rules) {
      if (rule.length === 0 || rule.some((l) => l === '')) {
        throw new PiraeusError(ErrorCodes.INVALID_STORAGE_CLASS, 'RemoteVolumeAccess rules need one or more non-empty node label names');
      }
    }
    // JSON is YAML: a flow list of rules, the form the parser reads when the value is no bool.
    return new RemoteVolumeAccess(JSON.stringify(rules.map((fromSame) => ({ fromSame }))));
  }

  private constructor(
    /** The parameter value. */
    public readonly value: string,
  ) {}
}

/**
 * The LINSTOR CSI parameters of a `LinstorStorageClass`. Each prop becomes one
 * `linstor.csi.linbit.com/...` (or `property.linstor.csi.linbit.com/...`) parameter; unset props
 * are omitted, so LINSTOR CSI's own default applies.
 */
export interface LinstorStorageClassParameterOptions {
  /**
   * LINSTOR storage pools for the diskful replicas (`storagePool`); with several, LINSTOR picks.
   * @default - LINSTOR's choice among all pools
   */
  readonly storagePools?: string[];
  /**
   * Number of diskful replicas (`placementCount`).
   * @default - 1 (LINSTOR CSI's default)
   */
  readonly placementCount?: number;
  /**
   * Node labels whose values all replicas must share (`replicasOnSame`).
   * @default - no constraint
   */
  readonly replicasOnSame?: string[];
  /**
   * Node labels whose values must differ between replicas (`replicasOnDifferent`).
   * @default - no constraint
   */
  readonly replicasOnDifferent?: string[];
  /**
   * Where the volume may be used over the network without a local replica (`allowRemoteVolumeAccess`).
   * @default - from anywhere when DRBD or NVMe is a layer, else local only (LINSTOR CSI's default)
   */
  readonly allowRemoteVolumeAccess?: RemoteVolumeAccess;
  /**
   * LINSTOR resource group the volumes are spawned from (`resourceGroup`).
   * @default - LINSTOR CSI generates one (`sc-<uuid>`) from the parameters
   */
  readonly resourceGroup?: string;
  /**
   * Device layers top to bottom (`layerList`). Put `LinstorLayer.LUKS` in it for encrypted volumes.
   * @default - [DRBD, STORAGE] (LINSTOR CSI's default)
   */
  readonly layers?: LinstorLayer[];
  /**
   * How nodes are chosen (`placementPolicy`).
   * @default - AutoPlaceTopology (LINSTOR CSI's default)
   */
  readonly placementPolicy?: LinstorPlacementPolicy;
  /**
   * Create diskless replicas on all remaining nodes (`disklessOnRemaining`).
   * @default - false (LINSTOR CSI's default)
   */
  readonly disklessOnRemaining?: boolean;
  /**
   * Storage pool for diskless replicas (`disklessStoragePool`).
   * @default - 'DfltDisklessStorPool' (LINSTOR CSI's default)
   */
  readonly disklessStoragePool?: string;
  /**
   * Do not place next to resources whose name matches this regular expression (`doNotPlaceWithRegex`).
   * @default - no constraint
   */
  readonly doNotPlaceWithRegex?: string;
  /**
   * Name LINSTOR resources after the PVC namespace and name (`usePvcName`).
   * @default - false (LINSTOR CSI's default)
   */
  readonly usePvcName?: boolean;
  /**
   * Report free capacity as total × this factor minus reserved capacity (`overProvision`).
   * @default - the free capacity LINSTOR reports
   */
  readonly overProvision?: number;
  /**
   * File system created on the volume (`csi.storage.k8s.io/fstype`), e.g. `ext4` or `xfs`.
   * @default - the CSI external-provisioner's default (ext4)
   */
  readonly fsType?: string;
  /**
   * Extra arguments for `mkfs` when the file system is created (`fsOpts`), e.g. `-b 4096`.
   * @default - none
   */
  readonly mkfsOptions?: string;
  /**
   * DRBD options set on the resource group, by option path (`Net/protocol`, `Resource/on-no-quorum`,
   * `auto-quorum`); each becomes `property.linstor.csi.linbit.com/DrbdOptions/<path>`.
   * @default - none
   */
  readonly drbdOptions?: Record<string, string>;
  /**
   * Other LINSTOR properties set on the resource group, by full property name; each becomes
   * `property.linstor.csi.linbit.com/<name>`.
   * @default - none
   */
  readonly properties?: Record<string, string>;
  /**
   * Parameters passed as given, for what the typed props do not cover (`nodeList`, `mountOpts`,
   * `xReplicasOnDifferent`, `qos.linbit.com/...`, other drivers' keys). They are held to the same
   * rules as the typed ones (the webhook's), may not repeat a typed prop, and each one is reported
   * as a warning (`STORAGE_EXTRA_PARAMETER`).
   * @default - none
   */
  readonly extraParameters?: Record<string, string>;
}

/** A parameter the webhook (or LINSTOR CSI) would reject, and why. */
export interface ParameterProblem {
  /** The parameter key. */
  readonly key: string;
  /** What is wrong and what to do. */
  readonly message: string;
}

/** What a key means to LINSTOR CSI. */
export type ParameterKeyMeaning =
  | { readonly kind: 'linstor'; readonly parameter: LinstorParameterDef }
  | { readonly kind: 'property'; readonly property: string }
  | { readonly kind: 'foreign'; readonly namespace: string }
  | { readonly kind: 'unknown'; readonly name: string };

/** Splits a key at its first `/` and says what LINSTOR CSI does with it. */
export function classifyParameterKey(key: string): ParameterKeyMeaning {
  const slash = key.indexOf('/');
  const namespace = slash < 0 ? '' : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (namespace === DRBD_OPTIONS_NAMESPACE) return { kind: 'property', property: `${DRBD_OPTIONS_NAMESPACE}/${name}` };
  if (namespace === LINSTOR_PROPERTY_NAMESPACE) return { kind: 'property', property: name };
  if (namespace !== '' && namespace !== LINSTOR_PARAMETER_NAMESPACE) return { kind: 'foreign', namespace };
  const parameter = LINSTOR_PARAMETERS.get(name.toLowerCase());
  return parameter ? { kind: 'linstor', parameter } : { kind: 'unknown', name };
}

/** Why a YAML value fails to decode into the Go type, or undefined. */
function yamlProblem(text: string, check: (value: unknown) => string | undefined): string | undefined {
  const doc = yamlPackage().parseDocument(text, { uniqueKeys: false });
  const [error] = doc.errors;
  if (error) return `is not valid YAML (${firstLine(error.message)})`;
  return check(doc.contents);
}

function isNullNode(n: unknown): boolean {
  const { isScalar } = yamlPackage();
  return n === null || n === undefined || (isScalar(n) && n.value === null);
}

/** A list of `{fromSame: [label, ...]}` rules (yaml.v3 into `[]RemoteAccessPolicyRule`; other fields ignored). */
function remoteAccessRulesProblem(n: unknown): string | undefined {
  const { isMap, isScalar, isSeq } = yamlPackage();
  if (isNullNode(n)) return undefined;
  if (!isSeq(n)) return 'is neither a bool nor a YAML list of `fromSame` rules';
  for (const rule of n.items) {
    if (isNullNode(rule)) continue;
    if (!isMap(rule)) return 'has a rule that is not a mapping; write rules as `- fromSame: [label]`';
    for (const pair of rule.items) {
      if (!isScalar(pair.key) || pair.key.value !== 'fromSame' || isNullNode(pair.value)) continue;
      if (!isSeq(pair.value) || !pair.value.items.every((l) => isScalar(l) || isNullNode(l))) {
        return 'has a `fromSame` that is not a list of node label names';
      }
    }
  }
  return undefined;
}

/** A map of label to integer count (yaml.v3 into `map[string]int`). */
function xReplicasProblem(n: unknown): string | undefined {
  const { isMap, isScalar } = yamlPackage();
  if (isNullNode(n)) return undefined;
  if (!isMap(n)) return 'is not a YAML map of node label to replica count';
  for (const pair of n.items) {
    if (isNullNode(pair.value)) continue;
    if (!isScalar(pair.value) || typeof pair.value.value !== 'number') {
      return `has a count for ${JSON.stringify(String(isScalar(pair.key) ? pair.key.value : pair.key))} that is not a number`;
    }
  }
  return undefined;
}

/** Why LINSTOR CSI's parser rejects `value` for a parameter of this kind, or undefined. */
export function parameterValueProblem(kind: ParameterValueKind, value: string): string | undefined {
  switch (kind) {
    case 'text':
    case 'list':
    case 'unused':
      return undefined;
    case 'int32':
      return value === '' || isGoInt32(value) ? undefined : 'is not a 32-bit decimal integer';
    case 'bool':
      return goParseBool(value) !== undefined ? undefined : 'is not a bool (true, false, 1, 0, t, f, ...)';
    case 'float':
      return isGoFloat(value) ? undefined : 'is not a decimal number';
    case 'remote-access':
      return goParseBool(value) !== undefined ? undefined : yamlProblem(value, remoteAccessRulesProblem);
    case 'layers': {
      const unknown = value.split(' ').filter((l) => !LAYER_NAMES.has(l.toLowerCase()));
      return unknown.length === 0 ? undefined
        : `names unknown layer ${JSON.stringify(unknown[0])}; layers are ${[...LAYER_NAMES].join(', ')}, separated by single spaces`;
    }
    case 'placement-policy':
      return PLACEMENT_POLICY_NAMES.has(value.toLowerCase()) ? undefined
        : `is not a placement policy; use one of ${Object.values(LinstorPlacementPolicy).join(', ')}`;
    case 'x-replicas':
      return yamlProblem(value, xReplicasProblem);
    case 'quantity':
      return isKubernetesQuantity(value) ? undefined : 'is not a Kubernetes quantity (e.g. 300Mi)';
  }
}

/** What a key sets, for finding two keys that set the same thing; undefined when nothing. */
function target(meaning: ParameterKeyMeaning): string | undefined {
  if (meaning.kind === 'linstor') return `parameter ${meaning.parameter.sets}`;
  if (meaning.kind === 'property') return `property ${meaning.property}`;
  return undefined;
}

/**
 * Every problem the operator's StorageClass webhook would reject `parameters` for, in key order.
 * One more rule than the webhook: two keys that set the same thing (`autoPlace` and
 * `placementCount`, `storagePool` with and without prefix) with different values are rejected,
 * because LINSTOR CSI reads them in Go map order and which one wins differs from run to run.
 */
export function storageClassParameterProblems(parameters: Readonly<Record<string, string>>): ParameterProblem[] {
  const problems: ParameterProblem[] = [];
  const seen = new Map<string, string>();
  for (const [key, value] of Object.entries(parameters).sort(([a], [b]) => compareBytewise(a, b))) {
    const meaning = classifyParameterKey(key);
    if (meaning.kind === 'unknown') {
      problems.push({
        key,
        message: `is not a LINSTOR CSI parameter; known ones are ${[...LINSTOR_PARAMETERS.values()].map((d) => d.name).join(', ')}`
          + ` (case-insensitive, optionally prefixed ${LINSTOR_PARAMETER_NAMESPACE}/); LINSTOR properties go under ${LINSTOR_PROPERTY_NAMESPACE}/`,
      });
      continue;
    }
    if (meaning.kind === 'linstor') {
      const problem = parameterValueProblem(meaning.parameter.kind, value);
      if (problem) problems.push({ key, message: `value ${JSON.stringify(value)} ${problem}` });
    }
    const sets = target(meaning);
    if (sets === undefined) continue;
    const earlier = seen.get(sets);
    if (earlier === undefined) {
      seen.set(sets, key);
    } else if (parameters[earlier] !== value) {
      problems.push({
        key,
        message: `sets ${sets} like "${earlier}" but to a different value; LINSTOR CSI applies them in random order, keep one`,
      });
    }
  }
  return problems;
}

/**
 * Throws one INVALID_STORAGE_CLASS error listing every problem, each naming its parameter (and
 * through `origin`, the prop it came from).
 */
export function assertStorageClassParameters(
  parameters: Readonly<Record<string, string>>, path: string, origin: (key: string) => string | undefined = () => undefined,
): void {
  const problems = storageClassParameterProblems(parameters);
  if (problems.length === 0) return;
  throw new PiraeusError(ErrorCodes.INVALID_STORAGE_CLASS,
    `the Piraeus Operator's StorageClass webhook would reject these parameters: ${problems.map((p) => describeProblem(p, origin)).join('; ')}`,
    { path });
}

/** `parameter "key" (from prop x): message`. */
export function describeProblem(p: ParameterProblem, origin: (key: string) => string | undefined): string {
  const from = origin(p.key);
  return `parameter "${p.key}"${from ? ` (from ${from})` : ''} ${p.message}`;
}

/** Stable codes of the warnings the storage constructs report. */
export const StorageDiagnosticCodes = {
  /** A parameter came through `extraParameters`: no typed prop checks what it means. */
  STORAGE_EXTRA_PARAMETER: 'STORAGE_EXTRA_PARAMETER',
  /** A `snap.linstor.csi.linbit.com...` key LINSTOR CSI does not know and ignores. */
  STORAGE_UNKNOWN_SNAPSHOT_PARAMETER: 'STORAGE_UNKNOWN_SNAPSHOT_PARAMETER',
} as const;

/** The parameters of a StorageClass, and the warnings building them gave. */
export interface BuiltParameters {
  /** Parameters in byte-wise key order. */
  readonly parameters: Record<string, string>;
  /** Warnings, each `[CODE] message`. */
  readonly warnings: readonly string[];
}

function invalid(path: string, detail: string): PiraeusError {
  return new PiraeusError(ErrorCodes.INVALID_STORAGE_CLASS, detail, { path });
}

/** Whether a list item survives LINSTOR CSI's split on single spaces unchanged. */
function isListItem(s: string): boolean {
  return s !== '' && !/\s/.test(s);
}

/** Adds parameters, remembering which prop each came from; one key cannot be set twice. */
class ParameterSet {
  public readonly values = new Map<string, string>();
  public readonly origins = new Map<string, string>();

  public constructor(private readonly path: string) {}

  public set(key: string, value: string | undefined, origin: string): void {
    if (value === undefined) return;
    const earlier = this.origins.get(key);
    if (earlier !== undefined) throw invalid(this.path, `parameter "${key}" is set by ${earlier} and again by ${origin}; set it once`);
    this.values.set(key, value);
    this.origins.set(key, origin);
  }

  public list(key: string, items: readonly string[] | undefined, origin: string): void {
    if (items === undefined) return;
    const bad = items.find((i) => !isListItem(i));
    if (items.length === 0 || bad !== undefined) {
      throw invalid(this.path, `${origin} must list one or more names without spaces (LINSTOR CSI splits "${key}" on spaces)`
        + `${bad !== undefined ? `, got ${JSON.stringify(bad)}` : ''}`);
    }
    this.set(key, items.join(' '), origin);
  }

  public text(key: string, value: string | undefined, origin: string): void {
    if (value === '') throw invalid(this.path, `${origin} must not be empty; leave it unset for the default`);
    this.set(key, value, origin);
  }

  public bool(key: string, value: boolean | undefined, origin: string): void {
    this.set(key, value === undefined ? undefined : String(value), origin);
  }
}

const P = (name: string) => `${LINSTOR_PARAMETER_NAMESPACE}/${name}`;

/**
 * Turns the typed options into StorageClass parameters (sorted), checks them by the webhook's
 * rules and reports each `extraParameters` entry as a warning.
 * @throws PiraeusError INVALID_STORAGE_CLASS naming the prop or parameter and the fix
 */
export function buildStorageClassParameters(options: LinstorStorageClassParameterOptions, path: string): BuiltParameters {
  const out = new ParameterSet(path);
  out.list(P('storagePool'), options.storagePools, 'storagePools');
  if (options.placementCount !== undefined) {
    const n = options.placementCount;
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 31 - 1) throw invalid(path, `placementCount must be a whole number of replicas, 1 or more (got ${n})`);
    out.set(P('placementCount'), String(n), 'placementCount');
  }
  out.list(P('replicasOnSame'), options.replicasOnSame, 'replicasOnSame');
  out.list(P('replicasOnDifferent'), options.replicasOnDifferent, 'replicasOnDifferent');
  out.set(P('allowRemoteVolumeAccess'), options.allowRemoteVolumeAccess?.value, 'allowRemoteVolumeAccess');
  out.text(P('resourceGroup'), options.resourceGroup, 'resourceGroup');
  if (options.layers !== undefined && options.layers.length === 0) throw invalid(path, 'layers must name at least one layer; leave it unset for the default');
  out.set(P('layerList'), options.layers?.join(' '), 'layers');
  out.set(P('placementPolicy'), options.placementPolicy, 'placementPolicy');
  out.bool(P('disklessOnRemaining'), options.disklessOnRemaining, 'disklessOnRemaining');
  out.text(P('disklessStoragePool'), options.disklessStoragePool, 'disklessStoragePool');
  out.text(P('doNotPlaceWithRegex'), options.doNotPlaceWithRegex, 'doNotPlaceWithRegex');
  out.bool(P('usePvcName'), options.usePvcName, 'usePvcName');
  if (options.overProvision !== undefined) {
    const f = options.overProvision;
    if (!Number.isFinite(f) || f < 0) throw invalid(path, `overProvision must be a finite factor of 0 or more (got ${f})`);
    out.set(P('overProvision'), String(f), 'overProvision');
  }
  out.text(FSTYPE_PARAMETER, options.fsType, 'fsType');
  out.text(P('fsOpts'), options.mkfsOptions, 'mkfsOptions');
  for (const [option, value] of Object.entries(options.drbdOptions ?? {})) {
    if (option === '' || option.startsWith('/')) throw invalid(path, `drbdOptions has an empty option path ${JSON.stringify(option)}; use e.g. "Net/protocol"`);
    out.set(`${LINSTOR_PROPERTY_NAMESPACE}/${DRBD_OPTIONS_NAMESPACE}/${option}`, value, `drbdOptions["${option}"]`);
  }
  for (const [property, value] of Object.entries(options.properties ?? {})) {
    if (property === '') throw invalid(path, 'properties has an empty property name');
    out.set(`${LINSTOR_PROPERTY_NAMESPACE}/${property}`, value, `properties["${property}"]`);
  }

  const warnings: string[] = [];
  const typed = new Map<string, string>();
  for (const [key, origin] of out.origins) {
    const sets = target(classifyParameterKey(key));
    if (sets !== undefined) typed.set(sets, origin);
  }
  for (const key of Object.keys(options.extraParameters ?? {}).sort(compareBytewise)) {
    const meaning = classifyParameterKey(key);
    const sets = target(meaning);
    const clash = sets === undefined ? undefined : typed.get(sets);
    if (clash !== undefined) throw invalid(path, `extraParameters["${key}"] sets ${sets}, which ${clash} already sets; keep the typed prop`);
    out.set(key, options.extraParameters![key], `extraParameters["${key}"]`);
    warnings.push(`[${StorageDiagnosticCodes.STORAGE_EXTRA_PARAMETER}] parameter "${key}" ${extraMeaning(meaning)}`);
  }

  const parameters: Record<string, string> = {};
  for (const key of [...out.values.keys()].sort(compareBytewise)) parameters[key] = out.values.get(key)!;
  assertStorageClassParameters(parameters, path, (key) => out.origins.get(key));
  return { parameters, warnings };
}

function extraMeaning(m: ParameterKeyMeaning): string {
  switch (m.kind) {
    case 'linstor': return `is passed through extraParameters; only its form (${m.parameter.kind}) is checked`;
    case 'property': return `is passed through extraParameters and sets LINSTOR property "${m.property}" unchecked`;
    case 'foreign': return `is passed through extraParameters; LINSTOR CSI ignores namespace "${m.namespace}", only its owner reads it`;
    case 'unknown': return 'is passed through extraParameters';
  }
}
