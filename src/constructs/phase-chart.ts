import { ApiObject, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { GitOps } from './gitops';

/** Properties of a `PhaseChart`. */
export interface PhaseChartProps extends ChartProps {
  /** Apply phase: 0 Namespace and CRDs, 1 the operator, 2 what the operator reconciles. */
  readonly phase: number;
  /**
   * GitOps annotations for every object of the chart.
   * @default GitOps.none()
   */
  readonly gitops?: GitOps;
}

/** API groups whose kinds need their CRDs installed first (for Argo CD's dry run). */
const CUSTOM_RESOURCE_GROUPS = ['piraeus.io/', 'snapshot.storage.k8s.io/', 'cert-manager.io/', 'monitoring.coreos.com/'];

/**
 * One apply phase of an install: a chart whose objects all apply once the previous phase is
 * ready. Objects added later (a StorageClass in the last phase, say) get the phase's GitOps
 * annotations too, because they are added at synth.
 */
export class PhaseChart extends Chart {
  /** The apply phase. */
  public readonly phase: number;
  /** The GitOps annotations in use. */
  public readonly gitops: GitOps;

  public constructor(scope: Construct, id: string, props: PhaseChartProps) {
    const { phase, gitops, ...chartProps } = props;
    super(scope, id, chartProps);
    this.phase = phase;
    this.gitops = gitops ?? GitOps.none();
  }

  public override toJson(): any[] {
    for (const c of this.node.findAll()) {
      if (!(c instanceof ApiObject) || Chart.of(c) !== this) continue;
      const custom = CUSTOM_RESOURCE_GROUPS.some((g) => c.apiVersion.startsWith(g));
      for (const [k, v] of Object.entries(this.gitops.annotationsFor(this.phase, custom))) c.metadata.addAnnotation(k, v);
    }
    return super.toJson();
  }
}
