/**
 * Synth-time checks of piraeus.io resource specs: what the API server or the operator would
 * reject later (or silently misread), reported now with the field path.
 */
import { ErrorCodes, PiraeusError } from '../errors';
import { validateRepositoryPrefix } from '../resolver/reference';
import { NodeSelector, nodeSelectorIssues } from '../workloads/nodes';

type Obj = Record<string, unknown>;

const STORAGE_POOL_TYPES = ['lvmPool', 'lvmThinPool', 'filePool', 'fileThinPool', 'zfsPool', 'zfsThinPool'];
const SELECTOR_OPS = ['Exists', 'DoesNotExist', 'In', 'NotIn', 'Same', 'NotSame'];

class Checker {
  public constructor(private readonly where: string) {}

  public fail(field: string, detail: string): never {
    throw new PiraeusError(ErrorCodes.INVALID_PROPS, `${field}: ${detail}`, { path: this.where });
  }

  public properties(field: string, list: unknown, allowSources: boolean): void {
    const seen = new Set<string>();
    asArray(list).forEach((p, i) => {
      const f = `${field}[${i}]`;
      const o = p as Obj;
      if (typeof o.name !== 'string' || o.name === '') this.fail(`${f}.name`, 'a property needs a non-empty name');
      if (seen.has(o.name as string)) this.fail(`${f}.name`, `property "${o.name}" is set twice (the list is keyed by name)`);
      seen.add(o.name as string);
      if (allowSources) {
        const sources = ['value', 'valueFrom', 'expandFrom'].filter((k) => o[k] !== undefined);
        if (sources.length > 1) this.fail(f, `set only one of value, valueFrom and expandFrom (got ${sources.join(', ')})`);
        const ref = (o.valueFrom as Obj | undefined)?.nodeFieldRef ?? (o.expandFrom as Obj | undefined)?.nodeFieldRef;
        if ((o.valueFrom !== undefined || o.expandFrom !== undefined) && (typeof ref !== 'string' || ref === '')) {
          this.fail(f, 'valueFrom and expandFrom need a nodeFieldRef such as "metadata.name"');
        }
      }
    });
  }

  public patches(field: string, list: unknown): void {
    asArray(list).forEach((p, i) => {
      const patch = (p as Obj).patch;
      if (typeof patch !== 'string' || patch.trim() === '') this.fail(`${field}[${i}].patch`, 'a patch needs non-empty patch text');
    });
  }

  /** The node affinity rules of the satellite selection (`nodeSelectorIssues`): the first problem fails. */
  public nodeAffinity(field: string, affinity: unknown): void {
    if (affinity === undefined || affinity === null) return;
    const [issue] = nodeSelectorIssues(affinity as NodeSelector);
    if (issue) this.fail(`${field}.${issue.path}`, issue.detail);
  }

  public replicas(field: string, component: unknown): void {
    const r = (component as Obj | undefined)?.replicas;
    if (r !== undefined && (!Number.isInteger(r) || (r as number) < 0 || (r as number) > 2147483647)) {
      this.fail(`${field}.replicas`, `must be a non-negative 32-bit integer, got ${String(r)}`);
    }
  }
}

function asArray(x: unknown): unknown[] {
  return Array.isArray(x) ? x : [];
}

/** Checks a LinstorCluster spec. */
export function validateClusterSpec(spec: Obj, where: string): void {
  const c = new Checker(where);
  if (typeof spec.repository === 'string' && spec.repository !== '') {
    const reason = validateRepositoryPrefix(spec.repository);
    if (reason) c.fail('repository', `${JSON.stringify(spec.repository)} is not a valid registry/repository prefix: ${reason}`);
  }
  const ext = spec.externalController as Obj | undefined;
  if (ext !== undefined && (typeof ext.url !== 'string' || ext.url.length < 3)) {
    c.fail('externalController.url', 'needs the URL of the external LINSTOR controller, e.g. "http://linstor.example.com:3370"');
  }
  c.properties('properties', spec.properties, false);
  c.patches('patches', spec.patches);
  c.nodeAffinity('nodeAffinity', spec.nodeAffinity);
  for (const comp of ['controller', 'csiController', 'csiNode', 'highAvailabilityController', 'affinityController', 'nfsServer']) {
    c.replicas(comp, spec[comp]);
  }
  const m = spec.maxConcurrentEvacuations;
  if (m !== undefined && (!Number.isInteger(m) || (m as number) < 0)) c.fail('maxConcurrentEvacuations', 'must be a non-negative integer');
}

/** Checks a LinstorSatelliteConfiguration spec. */
export function validateSatelliteConfigurationSpec(spec: Obj, where: string): void {
  const c = new Checker(where);
  c.properties('properties', spec.properties, true);
  c.patches('patches', spec.patches);
  c.nodeAffinity('nodeAffinity', spec.nodeAffinity);
  const names = new Set<string>();
  asArray(spec.storagePools).forEach((p, i) => {
    const pool = p as Obj;
    const f = `storagePools[${i}]`;
    if (typeof pool.name !== 'string' || pool.name === '') c.fail(`${f}.name`, 'a storage pool needs a name');
    if ((pool.name as string).length < 3) c.fail(`${f}.name`, `storage pool name "${pool.name}" is too short: the CRD requires at least 3 characters`);
    if (names.has(pool.name as string)) c.fail(`${f}.name`, `storage pool "${pool.name}" is defined twice`);
    names.add(pool.name as string);
    const types = STORAGE_POOL_TYPES.filter((t) => pool[t] !== undefined);
    if (types.length === 0) c.fail(f, `storage pool "${pool.name}" needs a type: one of ${STORAGE_POOL_TYPES.join(', ')}`);
    if (types.length > 1) c.fail(f, `storage pool "${pool.name}" has several types (${types.join(', ')}); choose one`);
    c.properties(`${f}.properties`, pool.properties, true);
  });
  const families = asArray(spec.ipFamilies);
  if (new Set(families).size !== families.length) c.fail('ipFamilies', 'lists a family twice');
}

/** Checks a LinstorNodeConnection spec. */
export function validateNodeConnectionSpec(spec: Obj, where: string): void {
  const c = new Checker(where);
  c.properties('properties', spec.properties, false);
  asArray(spec.selector).forEach((s, i) => {
    asArray((s as Obj).matchLabels).forEach((m, j) => {
      const f = `selector[${i}].matchLabels[${j}]`;
      const ml = m as Obj;
      if (typeof ml.key !== 'string' || ml.key === '') c.fail(`${f}.key`, 'needs a label key');
      const op = (ml.op as string | undefined) ?? 'Exists';
      if (!SELECTOR_OPS.includes(op)) c.fail(`${f}.op`, `must be one of ${SELECTOR_OPS.join(', ')}`);
      const values = asArray(ml.values);
      if ((op === 'In' || op === 'NotIn') && values.length === 0) c.fail(`${f}.values`, `${op} needs at least one value`);
    });
  });
  const names = new Set<string>();
  asArray(spec.paths).forEach((p, i) => {
    const path = p as Obj;
    if (typeof path.name !== 'string' || path.name === '') c.fail(`paths[${i}].name`, 'a path needs a name');
    if (typeof path.interface !== 'string' || path.interface === '') c.fail(`paths[${i}].interface`, 'a path needs the name of a LINSTOR node interface');
    if (names.has(path.name as string)) c.fail(`paths[${i}].name`, `path "${path.name}" is defined twice`);
    names.add(path.name as string);
  });
}
