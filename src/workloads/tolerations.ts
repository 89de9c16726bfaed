/**
 * Tolerations the operator writes into its workloads, and the taint filter the cluster controller
 * applies before creating a satellite for a node.
 *
 * Source: `pkg/utils/tolerations/tolerations.go` and `internal/controller/linstorcluster_controller.go`
 * (piraeus-operator @ 005014c732625d343833b2da3ca926e5577816fb). Since v2.9.0 the templates carry
 * no tolerations; the controller patches `spec.template.spec.tolerations` (a list without merge
 * key, so the patch replaces it) with the merged list below.
 */
import { Taint } from './nodes';

/** core/v1 `Toleration`, JSON field order as Go writes it (empty fields omitted). */
export interface Toleration {
  readonly key?: string;
  /** `Exists` or `Equal` (empty means `Equal`). */
  readonly operator?: string;
  readonly value?: string;
  /** Empty matches every effect. */
  readonly effect?: string;
  readonly tolerationSeconds?: number;
}

const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';

/** `DefaultDaemonSetTolerations` (what the DaemonSet controller adds to its pods). */
export const DEFAULT_DAEMONSET_TOLERATIONS: readonly Toleration[] = [
  { key: NOT_READY, operator: 'Exists', effect: 'NoExecute' },
  { key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' },
];

/** `HAControllerTolerations`: the taints the HA controller sets. */
export const HA_CONTROLLER_TOLERATIONS: readonly Toleration[] = [
  { key: 'drbd.linbit.com/force-io-error', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'drbd.linbit.com/lost-quorum', operator: 'Exists', effect: 'NoSchedule' },
];

/** `LinstorControllerTolerations`: fail over after 30 s. */
export const LINSTOR_CONTROLLER_TOLERATIONS: readonly Toleration[] = [
  { key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
  { key: NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
];

/** `NoScheduleToleration`: every NoSchedule taint (satellites only). */
export const NO_SCHEDULE_TOLERATION: readonly Toleration[] = [{ operator: 'Exists', effect: 'NoSchedule' }];

/** Go `Toleration.MatchToleration`: same key, effect, operator and value. */
function sameToleration(a: Toleration, b: Toleration): boolean {
  return (a.key ?? '') === (b.key ?? '') &&
    (a.effect ?? '') === (b.effect ?? '') &&
    (a.operator ?? '') === (b.operator ?? '') &&
    (a.value ?? '') === (b.value ?? '');
}

/** Normalises a toleration to Go's JSON form: field order key, operator, value, effect, seconds. */
export function normalizeToleration(t: Toleration): Toleration {
  const out: { -readonly [K in keyof Toleration]: Toleration[K] } = {};
  if (t.key) out.key = t.key;
  if (t.operator) out.operator = t.operator;
  if (t.value) out.value = t.value;
  if (t.effect) out.effect = t.effect;
  if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) out.tolerationSeconds = t.tolerationSeconds;
  return out;
}

/**
 * `MergeTolerations`: starts from the first list; every toleration of a later list replaces each
 * matching one (same key, effect, operator, value) in place, or is appended.
 */
export function mergeTolerations(...lists: ReadonlyArray<readonly Toleration[] | undefined>): Toleration[] {
  if (lists.length === 0) return [];
  const result: Toleration[] = (lists[0] ?? []).map(normalizeToleration);
  for (const list of lists.slice(1)) {
    for (const add of list ?? []) {
      let updated = false;
      for (const [j, existing] of result.entries()) {
        if (sameToleration(add, existing)) {
          result[j] = normalizeToleration(add);
          updated = true;
        }
      }
      if (!updated) result.push(normalizeToleration(add));
    }
  }
  return result;
}

/** Go `Toleration.ToleratesTaint` (comparison operators disabled, as the operator calls it). */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '':
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/**
 * Every taint of `taints` with effect `NoSchedule` or `NoExecute` that no toleration tolerates, in
 * the node's order. This is the cluster controller's filter for a node that has no
 * `LinstorSatellite` yet; with an existing satellite only `NoExecute` taints count (`existing: true`).
 */
export function untoleratedTaints(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[],
  existing = false,
): Taint[] {
  return (taints ?? []).filter((taint) => {
    const relevant = existing ? taint.effect === 'NoExecute' : taint.effect === 'NoSchedule' || taint.effect === 'NoExecute';
    return relevant && !tolerations.some((t) => toleratesTaint(t, taint));
  });
}

/** The first of `untoleratedTaints`, or undefined. */
export function untoleratedTaint(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[],
  existing = false,
): Taint | undefined {
  return untoleratedTaints(taints, tolerations, existing)[0];
}

/** The narrowest toleration that admits `taint`: `Equal` on its value, or `Exists` when it has none. */
export function tolerationFor(taint: Taint): Toleration {
  return taint.value
    ? { key: taint.key, operator: 'Equal', value: taint.value, effect: taint.effect }
    : { key: taint.key, operator: 'Exists', effect: taint.effect };
}

/** A taint as `kubectl taint` writes it: `key=value:Effect`, or `key:Effect`. */
export function formatTaint(taint: Taint): string {
  return `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;
}

/** A toleration as a YAML flow mapping, fields in Go's order: `{key: k, operator: Equal, value: v, effect: NoSchedule}`. */
export function formatToleration(t: Toleration): string {
  const n = normalizeToleration(t);
  // Quote what a YAML reader would not read back as the same string (`true`, `1`, `a: b`).
  const plain = (v: string) => /^[A-Za-z][A-Za-z0-9._/-]*$/.test(v) && !/^(true|false|yes|no|on|off|y|n|null)$/i.test(v);
  const scalar = (v: string | number) => (typeof v === 'string' && !plain(v) ? JSON.stringify(v) : String(v));
  return `{${Object.entries(n).map(([k, v]) => `${k}: ${scalar(v as string | number)}`).join(', ')}}`;
}
