import * as fs from 'fs';
import * as path from 'path';
import { Construct } from 'constructs';
import { ErrorCodes, formatProblem, PiraeusError } from '../errors';
import { toJson_LinstorClusterSpec, toJson_LinstorSatelliteConfigurationSpec } from '../imports/piraeus.io';
import { previewTemplatesWarning } from '../release/operator-release';
import { Diagnostic } from '../resolver/types';
import { JsonObject } from '../workloads/json';
import { NodeInfo, parseNodeList, Taint } from '../workloads/nodes';
import { ImageReport, previewInstall } from '../workloads/preview';
import { ClusterSpecInput, SatelliteConfigInput } from '../workloads/render';
import { ReportFormatOptions, reportJson, reportMarkdown, reportTable } from '../workloads/report-format';
import { toYamlDocuments } from '../workloads/yaml-text';
import { addWarning } from './diagnostics';
import { LinstorCluster } from './linstor-cluster';
import { LinstorSatelliteConfiguration } from './linstor-satellite-configuration';
import { PiraeusOperator } from './piraeus-operator';

/** One node of an inventory given in code. */
export interface NodeProps {
  /** `metadata.name`. */
  readonly name: string;
  /** `status.nodeInfo.osImage`. */
  readonly osImage: string;
  /**
   * `metadata.labels`.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * `spec.taints`.
   * @default - none
   */
  readonly taints?: Taint[];
}

/** The nodes a preview renders satellites for. */
export class NodeInventory {
  /** Nodes given in code. */
  public static fromNodes(nodes: NodeProps[]): NodeInventory {
    const seen = new Set<string>();
    for (const n of nodes) {
      if (!n.name) throw new PiraeusError(ErrorCodes.INVALID_NODES, 'a node needs a name');
      if (seen.has(n.name)) throw new PiraeusError(ErrorCodes.INVALID_NODES, `node "${n.name}" is listed twice`);
      seen.add(n.name);
    }
    return new NodeInventory(nodes.map((n) => ({ name: n.name, osImage: n.osImage, labels: { ...n.labels }, taints: n.taints ?? [] }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
  }

  /** The output of `kubectl get nodes -o json` (or `-o yaml`) saved to a file. */
  public static fromFile(file: string): NodeInventory {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new PiraeusError(ErrorCodes.FILE_UNREADABLE, `cannot read node inventory: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { path: file });
    }
    return new NodeInventory(parseNodeList(text, file));
  }

  /** The nodes, sorted by name. */
  public readonly nodes: readonly NodeInfo[];

  private constructor(nodes: readonly NodeInfo[]) {
    this.nodes = nodes;
  }
}

/**
 * What a preview reads from an install: implemented by `PiraeusDatastore` (one chart) and
 * `PiraeusInstall` (apply phases).
 */
export interface IPiraeusInstall {
  /** The operator: its namespace, release and resolved images. */
  readonly operator: PiraeusOperator;
  /** The LinstorCluster. */
  readonly cluster: LinstorCluster;
  /** The satellite configurations, in name order. */
  readonly satelliteConfigurations: readonly LinstorSatelliteConfiguration[];
}

/** Properties of `PiraeusPreview`. */
export interface PiraeusPreviewProps {
  /** The install to preview. */
  readonly install: IPiraeusInstall;
  /** The nodes of the cluster. */
  readonly nodes: NodeInventory;
}

/** Annotation on every preview object. */
export const PREVIEW_ANNOTATION = 'piraeus.io/cdk8s-preview';

/** File names `writeTo` writes. */
export const PREVIEW_FILES = { workloads: 'workloads.preview.yaml', report: 'images.md' } as const;

/**
 * A preview of the workloads the operator will create at run time (LINSTOR controller, CSI,
 * HA controller, affinity controller, NFS server, one satellite DaemonSet per node), rendered with
 * the images the embedded resolver predicts, for review and snapshot diffs. It emits no API
 * objects, so no synthesized folder and no `kubectl apply` ever holds it: write it with
 * `writeTo(dir)` to a folder outside the apply path (e.g. `preview/<name>/`). Every workload
 * carries the annotation `piraeus.io/cdk8s-preview`. The templates are those of the operator's
 * release; a release without its own renders another release's, with a `PREVIEW_TEMPLATES`
 * warning.
 */
export class PiraeusPreview extends Construct {
  /** The image report (per workload and container, per node group). */
  public readonly report: ImageReport;
  /** The previewed workloads, as plain objects, in render order. */
  public readonly workloads: readonly JsonObject[];
  /** Warnings about the preview (`PREVIEW_TEMPLATES` when the templates are another release's). */
  public readonly diagnostics: readonly Diagnostic[];

  public constructor(scope: Construct, id: string, props: PiraeusPreviewProps) {
    super(scope, id);
    const { operator, cluster } = props.install;
    // The cluster's own `internal-tls` configuration (internal TLS on every satellite) applies too.
    const satelliteConfigurations = [...props.install.satelliteConfigurations, ...(cluster.internalTlsSatellites ? [cluster.internalTlsSatellites] : [])]
      .filter((c, i, all) => all.indexOf(c) === i);
    const release = operator.release;
    // The generated CRD types' own serializers give the specs as the API server stores them.
    const preview = previewInstall({
      namespace: operator.namespace,
      clusterName: cluster.name,
      cluster: (toJson_LinstorClusterSpec(cluster.spec) ?? {}) as ClusterSpecInput,
      satelliteConfigs: satelliteConfigurations.map((c) => ({ ...(toJson_LinstorSatelliteConfigurationSpec(c.spec) ?? {}), name: c.name }) as SatelliteConfigInput),
      nodes: props.nodes.nodes,
      resolver: operator.imagePlan.resolver,
      templates: release.workloadTemplates(),
    });
    const warning = previewTemplatesWarning(release, { path: this.node.path });
    this.diagnostics = warning ? [warning] : [];
    for (const d of this.diagnostics) addWarning(this, formatProblem(d.location, d.message, d.code));
    this.report = preview.report;
    this.workloads = preview.workloads.map((w) => {
      const metadata = (w.metadata ?? {}) as JsonObject;
      const annotations = (metadata.annotations ?? {}) as JsonObject;
      return { ...w, metadata: { ...metadata, annotations: { ...annotations, [PREVIEW_ANNOTATION]: 'operator-created workload, preview only: do not apply' } } };
    });
  }

  /** The workloads as a YAML stream, for review and snapshot tests. */
  public yaml(): string {
    return toYamlDocuments(this.workloads);
  }

  /**
   * Writes the preview into `dir` (created if needed): `workloads.preview.yaml` and `images.md`.
   * Keep `dir` outside any folder you apply.
   */
  public writeTo(dir: string): void {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, PREVIEW_FILES.workloads), this.yaml());
    fs.writeFileSync(path.join(dir, PREVIEW_FILES.report), this.markdown());
  }

  /**
   * The report as Markdown (for a pull-request comment): fallback loaders marked "no OS rule
   * matched", nodes without a satellite with their reasons; with several node groups the rows they
   * share are printed once unless `options.all`.
   */
  public markdown(options: ReportFormatOptions = {}): string {
    return reportMarkdown(this.report, options);
  }

  /** The report as JSON. */
  public json(): string {
    return reportJson(this.report);
  }

  /** The report as a plain table (compact like `markdown` unless `options.all`). */
  public table(options: ReportFormatOptions = {}): string {
    return reportTable(this.report, options);
  }
}
