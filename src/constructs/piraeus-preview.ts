import * as fs from 'fs';
import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ErrorCodes, formatLocation, PiraeusError } from '../errors';
import { previewTemplatesWarning } from '../release/operator-release';
import { Diagnostic } from '../resolver/types';
import { NodeInfo, parseNodeList, Taint } from '../workloads/nodes';
import { ImageReport, previewInstall } from '../workloads/preview';
import { ClusterSpecInput, SatelliteConfigInput } from '../workloads/render';
import { reportJson, reportMarkdown, reportTable } from '../workloads/report-format';
import { PiraeusDatastore } from './piraeus-datastore';
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

/** Properties of `PiraeusPreview`. */
export interface PiraeusPreviewProps {
  /** The install to preview. */
  readonly datastore: PiraeusDatastore;
  /** The nodes of the cluster. */
  readonly nodes: NodeInventory;
}

/** Annotation on every preview object. */
export const PREVIEW_ANNOTATION = 'piraeus.io/cdk8s-preview';

/**
 * A preview of the workloads the operator will create at run time (LINSTOR controller, CSI,
 * HA controller, affinity controller, NFS server, one satellite DaemonSet per node), rendered with
 * the images the embedded resolver predicts. For review and snapshot diffs only: applied next to
 * the operator they would fight it, so the preview must sit in a chart of its own, and every
 * object carries the annotation `piraeus.io/cdk8s-preview`. The workload templates are those of
 * the operator's release (`operator.release.workloadTemplates()`); a release without its own
 * renders another release's, with a `PREVIEW_TEMPLATES` warning.
 */
export class PiraeusPreview extends Construct {
  /** The image report (per workload and container, per node group). */
  public readonly report: ImageReport;
  /** The preview objects. */
  public readonly objects: readonly ApiObject[];
  /** Warnings about the preview (`PREVIEW_TEMPLATES` when the templates are another release's). */
  public readonly diagnostics: readonly Diagnostic[];

  public constructor(scope: Construct, id: string, props: PiraeusPreviewProps) {
    super(scope, id);
    const ds = props.datastore;
    const operator = ds.operator;
    const release = operator.release;
    const preview = previewInstall({
      namespace: operator.namespace,
      clusterName: ds.cluster.name,
      cluster: ds.cluster.apiObject.toJson().spec as ClusterSpecInput ?? {},
      satelliteConfigs: ds.satelliteConfigurations.map((c) => ({ ...(c.apiObject.toJson().spec ?? {}), name: c.name }) as SatelliteConfigInput),
      nodes: props.nodes.nodes,
      resolver: operator.imagePlan.resolver,
      templates: release.workloadTemplates(),
    });
    const warning = previewTemplatesWarning(release, { path: this.node.path });
    this.diagnostics = warning ? [warning] : [];
    this.report = preview.report;
    this.objects = preview.workloads.map((w) => {
      const metadata = (w.metadata ?? {}) as { name: string; annotations?: Record<string, string> };
      return new ApiObject(this, `${w.kind}-${metadata.name}`, {
        ...(w as unknown as { apiVersion: string; kind: string }),
        metadata: {
          ...metadata,
          annotations: { ...metadata.annotations, [PREVIEW_ANNOTATION]: 'operator-created workload, preview only: do not apply' },
        },
      });
    });
    this.node.addValidation({
      validate: () => {
        const chart = Chart.of(this);
        const mixed = chart.node.findAll().some((c) => c instanceof PiraeusOperator);
        for (const d of this.diagnostics) process.stderr.write(`cdk8s-piraeus warning: [${d.code}] ${formatLocation(d.location)}: ${d.message}\n`);
        return mixed ? [`[${ErrorCodes.INVALID_PROPS}] at ${this.node.path}: the preview is in the same chart as a PiraeusOperator; `
          + 'put it in a chart of its own (e.g. "<name>-preview") so the preview objects are never applied with the install.'] : [];
      },
    });
  }

  /** The report as Markdown (for a pull-request comment). */
  public markdown(): string {
    return reportMarkdown(this.report);
  }

  /** The report as JSON. */
  public json(): string {
    return reportJson(this.report);
  }

  /** The report as a plain table. */
  public table(): string {
    return reportTable(this.report);
  }
}
