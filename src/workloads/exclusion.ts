/**
 * Why a node of the inventory runs no satellite: the cluster controller's selection (the
 * LinstorCluster's `nodeSelector` and `nodeAffinity`, untolerated `NoSchedule`/`NoExecute`
 * taints), and the scheduler's view of a satellite pod that the satellite configurations made
 * unschedulable on its own node. Each reason says what to change.
 */
import { compareCodeUnits, isRecord } from '../resolver/util';
import { hasOwn, JsonObject } from './json';
import { labelsMatch, matchNodeSelectorTerms, NodeInfo, NodeSelector, Taint } from './nodes';
import type { ClusterSpecInput } from './render';
import {
  DEFAULT_DAEMONSET_TOLERATIONS, formatTaint, formatToleration, HA_CONTROLLER_TOLERATIONS, mergeTolerations, Toleration,
  tolerationFor, untoleratedTaints,
} from './tolerations';

/** What keeps a node from running a satellite. */
export type ExclusionKind = 'node-selector' | 'node-affinity' | 'taint' | 'satellite-configuration';

/** One reason, with the change that would remove it. */
export interface ExclusionReason {
  readonly kind: ExclusionKind;
  /** What does not fit, in one phrase. */
  readonly detail: string;
  /** What to change. */
  readonly fix: string;
  /** The untolerated taint (`kind: taint`). */
  readonly taint?: Taint;
  /** The toleration that would admit it (`kind: taint`). */
  readonly toleration?: Toleration;
  /** The satellite configurations whose podTemplate sets the field (`kind: satellite-configuration`). */
  readonly configurations?: readonly string[];
}

/** A node without a (schedulable) satellite. */
export interface ExcludedNode {
  readonly node: string;
  readonly osImage: string;
  /** Every reason, in the order the operator and the scheduler check them. */
  readonly reasons: readonly ExclusionReason[];
}

/** The tolerations the cluster controller checks a node's taints against. */
export function satelliteSelectionTolerations(cluster: ClusterSpecInput): Toleration[] {
  return mergeTolerations(DEFAULT_DAEMONSET_TOLERATIONS, HA_CONTROLLER_TOLERATIONS, cluster.tolerations ?? undefined);
}

function labelMismatches(node: NodeInfo, selector: Readonly<Record<string, string>>): string[] {
  return Object.keys(selector).sort(compareCodeUnits)
    .filter((k) => !hasOwn(node.labels, k) || node.labels[k] !== selector[k])
    .map((k) => `${k}=${selector[k]} (${hasOwn(node.labels, k) ? `the node has ${k}=${node.labels[k]}` : 'the node has no such label'})`);
}

/** Why the cluster controller creates no `LinstorSatellite` for `node`; empty when it creates one. */
export function clusterExclusionReasons(node: NodeInfo, cluster: ClusterSpecInput): ExclusionReason[] {
  const reasons: ExclusionReason[] = [];
  const selector = cluster.nodeSelector ?? undefined;
  if (selector && !labelsMatch(node, selector)) {
    reasons.push({
      kind: 'node-selector',
      detail: `LinstorCluster nodeSelector wants ${labelMismatches(node, selector).join(', ')}`,
      fix: 'label the node, or change the LinstorCluster nodeSelector',
    });
  }
  if (cluster.nodeAffinity && !matchNodeSelectorTerms(node, cluster.nodeAffinity)) {
    reasons.push({
      kind: 'node-affinity',
      detail: 'no term of the LinstorCluster nodeAffinity matches the node',
      fix: 'label the node, or change the LinstorCluster nodeAffinity',
    });
  }
  for (const taint of untoleratedTaints(node.taints, satelliteSelectionTolerations(cluster))) {
    const toleration = tolerationFor(taint);
    reasons.push({
      kind: 'taint',
      detail: `untolerated taint ${formatTaint(taint)}`,
      fix: `add the toleration ${formatToleration(toleration)} to the LinstorCluster tolerations (spec.tolerations; the operator also gives it to the satellite pods)`,
      taint,
      toleration,
    });
  }
  return reasons;
}

/**
 * The cluster controller's selection: the nodes it creates satellites for (sorted by name) and
 * every other node with its reasons (sorted by name).
 */
export function partitionSatelliteNodes(
  nodes: readonly NodeInfo[], cluster: ClusterSpecInput,
): { selected: NodeInfo[]; excluded: ExcludedNode[] } {
  const selected: NodeInfo[] = [];
  const excluded: ExcludedNode[] = [];
  for (const node of [...nodes].sort((a, b) => compareCodeUnits(a.name, b.name))) {
    const reasons = clusterExclusionReasons(node, cluster);
    if (reasons.length === 0) selected.push(node);
    else excluded.push({ node: node.name, osImage: node.osImage, reasons });
  }
  return { selected, excluded };
}

/** A satellite configuration that applies to the node, with its podTemplate's pod spec. */
export interface AppliedConfiguration {
  readonly name: string;
  readonly podSpec?: Readonly<JsonObject>;
}

function setsField(configs: readonly AppliedConfiguration[], field: string): string[] {
  return configs.filter((c) => isRecord(c.podSpec) && hasOwn(c.podSpec, field)).map((c) => c.name);
}

function blame(configs: readonly AppliedConfiguration[], field: string): { configurations: string[]; by: string } {
  const names = setsField(configs, field);
  return { configurations: names, by: names.length ? `satellite configuration ${names.map((n) => JSON.stringify(n)).join(', ')}` : 'the satellite pod template' };
}

/**
 * Why the scheduler cannot place the rendered satellite pod on its own node: its `nodeSelector`,
 * its required node affinity, or a `NoSchedule`/`NoExecute` taint its tolerations (plus those the
 * DaemonSet controller adds) do not cover. Configurations' podTemplates are what usually cause
 * this (tolerations are a list without merge key, so a podTemplate's list replaces the
 * operator's). Empty when the pod fits.
 */
export function satellitePodReasons(
  node: NodeInfo, podSpec: Readonly<JsonObject>, configs: readonly AppliedConfiguration[],
): ExclusionReason[] {
  const reasons: ExclusionReason[] = [];
  const selector = podSpec.nodeSelector;
  if (isRecord(selector) && !labelsMatch(node, selector as Record<string, string>)) {
    const { configurations, by } = blame(configs, 'nodeSelector');
    reasons.push({
      kind: 'satellite-configuration',
      detail: `the satellite pod's nodeSelector (from ${by}) wants ${labelMismatches(node, selector as Record<string, string>).join(', ')}`,
      fix: 'label the node, or narrow that configuration\'s nodeSelector so it does not apply to this node',
      configurations,
    });
  }
  const required = ((podSpec.affinity as JsonObject | undefined)?.nodeAffinity as JsonObject | undefined)
    ?.requiredDuringSchedulingIgnoredDuringExecution;
  if (isRecord(required) && !matchNodeSelectorTerms(node, required as NodeSelector)) {
    const { configurations, by } = blame(configs, 'affinity');
    reasons.push({
      kind: 'satellite-configuration',
      detail: `the satellite pod's required node affinity (from ${by}) does not match the node`,
      fix: 'keep the operator\'s metadata.name term: change that configuration\'s affinity',
      configurations,
    });
  }
  const tolerations = [...(Array.isArray(podSpec.tolerations) ? podSpec.tolerations as unknown as Toleration[] : []), ...DEFAULT_DAEMONSET_TOLERATIONS];
  for (const taint of untoleratedTaints(node.taints, tolerations)) {
    const toleration = tolerationFor(taint);
    const { configurations, by } = blame(configs, 'tolerations');
    reasons.push({
      kind: 'satellite-configuration',
      detail: `the satellite pod's tolerations (from ${by}) do not tolerate ${formatTaint(taint)}`,
      fix: `add the toleration ${formatToleration(toleration)} to that configuration's podTemplate tolerations (its list replaces the operator's)`,
      taint,
      toleration,
      configurations,
    });
  }
  return reasons;
}

/** One line per reason: `node (OS): detail; fix`. */
export function formatExcludedNode(n: ExcludedNode): string[] {
  return n.reasons.map((r) => `${n.node}${n.osImage ? ` (${n.osImage})` : ''}: ${r.detail}; fix: ${r.fix}`);
}
