/**
 * What the operator will run, node by node: the workloads it creates at run time, rendered with
 * the images the embedded resolver predicts, and a report of every container image and why.
 * Pure: no cdk8s. The preview construct and the `report` / `diff` commands build on it.
 */
import { ImageResolver } from '../resolver/image-resolver';
import { matchesPlaceholder } from '../resolver/kustomize';
import { Provenance, Resolution, ImageConfigDocument } from '../resolver/types';
import { compareCodeUnits } from '../resolver/util';
import { AppliedConfiguration, ExcludedNode, partitionSatelliteNodes, satellitePodReasons } from './exclusion';
import { JsonObject } from './json';
import { NodeInfo } from './nodes';
import { MatchKind, matchKind, noOsRuleMatched, NoOsRuleMatched } from './os-match';
import {
  ClusterSpecInput, containerImages, mergeSatelliteConfigs, renderClusterWorkloads, renderSatellite, SatelliteConfigInput,
  substituteImages,
} from './render';
import { WorkloadTemplates } from './templates';

/** Inputs of a preview. */
export interface PreviewInput {
  /** The operator's namespace. */
  readonly namespace: string;
  /** Name of the LinstorCluster. */
  readonly clusterName?: string;
  /** The LinstorCluster spec (plain JSON as the CRD has it). */
  readonly cluster: ClusterSpecInput;
  /** The LinstorSatelliteConfigurations (name + spec). */
  readonly satelliteConfigs?: readonly SatelliteConfigInput[];
  /** The node inventory. */
  readonly nodes: readonly NodeInfo[];
  /** The resolver with the operator's final environment (e.g. `ImagePlan.resolver`). */
  readonly resolver: ImageResolver;
  /** The workload templates to render (`OperatorRelease.workloadTemplates()`). */
  readonly templates: WorkloadTemplates;
}

/** One container in the report. */
export interface ContainerReport {
  /** Container name. */
  readonly name: string;
  /** Init container or not. */
  readonly init: boolean;
  /** The placeholder the template uses (the component key). */
  readonly placeholder: string;
  /** The image the operator writes. */
  readonly image: string;
  /** Why, when an entry replaced the placeholder. */
  readonly provenance?: Provenance;
  /** How the entry was chosen (with `provenance`): a rule, or the fallback and why. */
  readonly match?: MatchKind;
}

/** One workload in the report. */
export interface WorkloadReport {
  readonly kind: string;
  readonly name: string;
  readonly containers: readonly ContainerReport[];
}

/** Nodes that get the same satellite images, with those images. */
export interface NodeGroupReport {
  /** The OS image the nodes report. */
  readonly osImage: string;
  /** Node names, sorted. */
  readonly nodes: readonly string[];
  /** Whether the precompiled-module patch applies. */
  readonly precompiled: boolean;
  /** The satellite containers (the DaemonSet name differs per node; shown for the first). */
  readonly satellite: WorkloadReport;
  /** Set when a component with OS rules matched none of them (with a hint for known OS families). */
  readonly noOsRuleMatched?: NoOsRuleMatched;
}

/** The image report for review. */
export interface ImageReport {
  /** Cluster-level workloads (resolved with the empty OS string). */
  readonly cluster: readonly WorkloadReport[];
  /** Satellite nodes grouped by identical satellite images. */
  readonly nodeGroups: readonly NodeGroupReport[];
  /** Nodes of the inventory that get no satellite (selector, affinity or taints). */
  readonly unselectedNodes: readonly string[];
  /**
   * Every node without a running satellite, with its reasons: the nodes of `unselectedNodes`, and
   * nodes whose satellite pod the satellite configurations made unschedulable (those are also in
   * `nodeGroups`, since the operator still creates their DaemonSet). Sorted by name.
   */
  readonly excludedNodes: readonly ExcludedNode[];
}

/** The rendered preview. */
export interface Preview {
  /** Cluster workloads, then one satellite DaemonSet per selected node (node-name order). */
  readonly workloads: readonly JsonObject[];
  /** The report over the same objects. */
  readonly report: ImageReport;
}

/** Renders the workloads and builds the report. */
export function previewInstall(input: PreviewInput): Preview {
  const cluster = input.cluster ?? {};
  const configs = input.satelliteConfigs ?? [];
  const clusterResolution = input.resolver.resolveCluster();
  // Rendered once with placeholders, then substituted: the placeholders name each container's component.
  const clusterTemplates = renderClusterWorkloads({
    namespace: input.namespace, cluster, images: [], templates: input.templates, clusterName: input.clusterName,
  });
  const documents = input.resolver.documents;
  const clusterWorkloads = clusterTemplates.map((template) => {
    const object = substituteImages(template, clusterResolution.images);
    return { object, report: workloadReport(object, template, clusterResolution, documents) };
  });
  const clusterObjects = clusterWorkloads.map((w) => w.object);
  const clusterReport = clusterWorkloads.map((w) => w.report);

  const { selected, excluded } = partitionSatelliteNodes(input.nodes, cluster);
  const unschedulable: ExcludedNode[] = [];
  const satellites: JsonObject[] = [];
  const groups = new Map<string, NodeGroupReport & { nodes: [string, ...string[]] }>();
  for (const node of selected) {
    const resolution = input.resolver.resolve(node.osImage);
    const template = renderSatellite({
      namespace: input.namespace, node, configs, images: [], templates: input.templates, precompiled: resolution.precompiled,
      clusterName: input.clusterName, clusterTolerations: cluster.tolerations,
    });
    const object = substituteImages(template, resolution.images);
    satellites.push(object);
    const podReasons = satellitePodReasons(node, podSpecOf(object), appliedConfigurations(node, configs));
    if (podReasons.length) unschedulable.push({ node: node.name, osImage: node.osImage, reasons: podReasons });
    const report = workloadReport(object, template, resolution, documents);
    const key = JSON.stringify([node.osImage, resolution.precompiled, report.containers.map((c) => [c.name, c.image])]);
    const group = groups.get(key);
    if (group) {
      group.nodes.push(node.name);
    } else {
      const note = noOsRuleMatched(node.osImage, report.containers.flatMap((c) =>
        c.provenance && c.match ? [{ component: c.provenance.component, match: c.match }] : []));
      groups.set(key, {
        osImage: node.osImage, nodes: [node.name], precompiled: resolution.precompiled, satellite: report,
        ...(note ? { noOsRuleMatched: note } : {}),
      });
    }
  }
  const nodeGroups = [...groups.values()].sort((a, b) =>
    compareCodeUnits(a.osImage, b.osImage) || compareCodeUnits(a.nodes[0], b.nodes[0]));
  return {
    workloads: [...clusterObjects, ...satellites],
    report: {
      cluster: clusterReport,
      nodeGroups,
      unselectedNodes: excluded.map((n) => n.node),
      excludedNodes: [...excluded, ...unschedulable].sort((a, b) => compareCodeUnits(a.node, b.node)),
    },
  };
}

function podSpecOf(object: JsonObject): JsonObject {
  return (((object.spec as JsonObject | undefined)?.template as JsonObject | undefined)?.spec ?? {}) as JsonObject;
}

/** The configurations `mergeSatelliteConfigs` applies to `node`, with their podTemplates' pod specs. */
function appliedConfigurations(node: NodeInfo, configs: readonly SatelliteConfigInput[]): AppliedConfiguration[] {
  return mergeSatelliteConfigs(node, configs).matched.map((label) => {
    const config = label.startsWith('#') && configs.every((c) => c.name !== label) ? configs[Number(label.slice(1))] : configs.find((c) => c.name === label);
    const spec = (config?.podTemplate as JsonObject | undefined)?.spec;
    return spec && typeof spec === 'object' && !Array.isArray(spec) ? { name: label, podSpec: spec as JsonObject } : { name: label };
  });
}

function workloadReport(object: JsonObject, template: JsonObject, resolution: Resolution, documents: readonly ImageConfigDocument[]): WorkloadReport {
  const resolved = containerImages(object);
  const placeholders = containerImages(template);
  const metadata = object.metadata as JsonObject;
  return {
    kind: String(object.kind),
    name: String(metadata.name),
    containers: resolved.map((c, i) => {
      const placeholder = placeholders[i]?.image ?? '';
      const entry = resolution.images.find((e) => matchesPlaceholder(e.name, placeholder));
      return {
        name: c.name, init: c.init, placeholder, image: c.image,
        ...(entry ? { provenance: entry.provenance, match: matchKind(entry.provenance, documents) } : {}),
      };
    }),
  };
}
