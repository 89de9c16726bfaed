import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { PiraeusOperator } from './piraeus-operator';

/**
 * The ports of the operator-created workloads, in one place: the network policy and the monitors
 * read them from here. Facts from the release data (releases/v2.10.4/workloads.yaml: the
 * satellite's `linstor` ports and drbd-reactor's `prometheus` port, the controller's `api` port)
 * and from piraeusdatastore/piraeus-operator
 * config/extras/network-policy/network-policy.yaml@9bd56356f78c1b6f784106a0d1aa2b36669ea057
 * (the ranges the policy opens).
 */
export const PIRAEUS_PORTS = {
  /** LINSTOR controller REST API (plain HTTP), container port `api`; also serves `/metrics`. */
  controllerApi: { name: 'api', port: 3370 },
  /** LINSTOR controller REST API over TLS (with API TLS on), container port `secure-api`. */
  controllerSecureApi: { name: 'secure-api', port: 3371 },
  /** LINSTOR satellite: the controller connects on 3366 (plain) to 3367 (TLS). */
  satellite: { first: 3366, last: 3367 },
  /** DRBD replication between satellites: upstream's policy opens 7000 to 9000. */
  drbd: { first: 7000, last: 9000 },
  /** drbd-reactor's Prometheus exporter on every satellite, container port `prometheus`. */
  drbdReactor: { name: 'prometheus', port: 9942 },
} as const;

/** The pod label the operator puts on each workload it creates. */
export const COMPONENT_LABEL = 'app.kubernetes.io/component';

/** Properties of `PiraeusNetworkPolicies`. */
export interface PiraeusNetworkPoliciesProps {
  /** The operator whose namespace the satellites run in. */
  readonly operator: PiraeusOperator;
  /**
   * Namespace Prometheus runs in: its pods may scrape drbd-reactor on the satellites.
   * @default 'monitoring'
   */
  readonly monitoringNamespace?: string;
  /**
   * Open drbd-reactor's metrics port to `monitoringNamespace`; false keeps it closed.
   * @default true
   */
  readonly allowMonitoring?: boolean;
  /**
   * Labels added to the NetworkPolicy.
   * @default - none besides the component label
   */
  readonly labels?: Record<string, string>;
}

/**
 * Upstream's opt-in NetworkPolicy for the LINSTOR satellites, as an object in the operator
 * namespace: ingress to satellite pods only from the LINSTOR controller (satellite ports), from
 * other satellites (DRBD replication range) and from the monitoring namespace (drbd-reactor's
 * metrics port). Add it to the cluster phase (`install.clusterChart`).
 */
export class PiraeusNetworkPolicies extends Construct {
  /** The satellites' NetworkPolicy. */
  public readonly satellitePolicy: ApiObject;

  public constructor(scope: Construct, id: string, props: PiraeusNetworkPoliciesProps) {
    super(scope, id);
    const monitoring = props.monitoringNamespace ?? 'monitoring';
    const component = (name: string) => ({ matchLabels: { [COMPONENT_LABEL]: name } });
    const range = (r: { first: number; last: number }) => ({ protocol: 'TCP', port: r.first, endPort: r.last });
    const ingress: Record<string, unknown>[] = [
      { from: [{ podSelector: component('linstor-controller') }], ports: [range(PIRAEUS_PORTS.satellite)] },
      { from: [{ podSelector: component('linstor-satellite') }], ports: [range(PIRAEUS_PORTS.drbd)] },
    ];
    if (props.allowMonitoring ?? true) {
      ingress.push({
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': monitoring } } }],
        ports: [{ protocol: 'TCP', port: PIRAEUS_PORTS.drbdReactor.name }],
      });
    }
    this.satellitePolicy = new ApiObject(this, 'Satellite', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: {
        name: 'linstor-satellite',
        namespace: props.operator.namespace,
        labels: { ...props.labels, [COMPONENT_LABEL]: 'linstor-satellite' },
      },
      spec: {
        podSelector: component('linstor-satellite'),
        policyTypes: ['Ingress'],
        ingress,
      },
    });
  }
}
