import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ErrorCodes, PiraeusError } from '../errors';
import type { LinstorClusterSpecApiTls } from '../imports/piraeus.io';
import { API_TLS_SECRET_DEFAULTS } from '../manifests/cluster-tls';
import { MANAGER_CONTAINER } from '../release/load';
import { isJsonObject, JsonObject } from '../workloads/json';
import { piraeusAlertRuleGroups } from './piraeus-monitoring-rules';
import { COMPONENT_LABEL, PIRAEUS_PORTS } from './piraeus-network-policies';
import { PiraeusOperator } from './piraeus-operator';

/** The Prometheus Operator's API group and version. */
export const MONITORING_API_VERSION = 'monitoring.coreos.com/v1';

/** Properties of `PiraeusMonitoring`. */
export interface PiraeusMonitoringProps {
  /** The operator whose namespace the monitors and rules go to. */
  readonly operator: PiraeusOperator;
  /**
   * Emit the PrometheusRule with the LINSTOR and DRBD alerts.
   * @default true
   */
  readonly alertRules?: boolean;
  /**
   * Monitor the operator itself: a metrics Service and a ServiceMonitor. Needs the operator's
   * metrics endpoint, which upstream turns off (`--metrics-bind-address=0`): enable it with
   * `deployment.options.metricsBindAddress` (e.g. `':8080'`).
   * @default - true when the operator's metrics endpoint is on, false otherwise
   */
  readonly operatorMonitor?: boolean;
  /**
   * Labels added to every monitor and rule, e.g. the ones your Prometheus selects them by
   * (`release: prometheus`).
   * @default - none besides the component label
   */
  readonly labels?: Record<string, string>;
}

/**
 * Opt-in monitoring with the Prometheus Operator (`monitoring.coreos.com/v1`, whose CRDs must be
 * installed): a PodMonitor for the LINSTOR controller (its `api` port, `/metrics`), a PodMonitor
 * for drbd-reactor on every satellite (port `prometheus`, with the node name as label `node`), the
 * LINSTOR and DRBD alerting rules, and, when the operator's metrics endpoint is on, a Service and
 * a ServiceMonitor for the operator. All in the operator namespace; add it to the cluster phase
 * (`install.clusterChart`).
 *
 * Upstream's monitoring extra scrapes the controller through a ServiceMonitor on the controller
 * Service's `api` port; this PodMonitor scrapes the same port on the pod, whose labels and port
 * names are in the release's workload templates.
 */
export class PiraeusMonitoring extends Construct {
  /** PodMonitor of the LINSTOR controller. */
  public readonly controllerMonitor: ApiObject;
  /** PodMonitor of drbd-reactor on the satellites. */
  public readonly satelliteMonitor: ApiObject;
  /** The PrometheusRule, unless `alertRules` is false. */
  public readonly alertRules?: ApiObject;
  /** The operator's metrics Service, when the operator is monitored without kube-rbac-proxy (whose Service the operator emits). */
  public readonly operatorMetricsService?: ApiObject;
  /** ServiceMonitor of the operator, when the operator is monitored. */
  public readonly operatorMonitor?: ApiObject;

  public constructor(scope: Construct, id: string, props: PiraeusMonitoringProps) {
    super(scope, id);
    const namespace = props.operator.namespace;
    const metadata = (name: string, component: string) => ({ name, namespace, labels: { ...props.labels, [COMPONENT_LABEL]: component } });
    const selectComponent = (component: string) => ({ matchLabels: { [COMPONENT_LABEL]: component } });

    // Facts: piraeusdatastore/piraeus-operator config/extras/monitoring/linstor-controller-monitor.yaml
    // @d2f27273bb766ea7112215bde62ccbaf2d41f9c9 (port api, http, /metrics, component linstor-controller);
    // with API TLS, piraeusdatastore/helm-charts charts/linstor-cluster/templates/monitoring.yaml
    // @2355379c8d6674f6a695ef68da6c2ca4840015fc (port secure-api, https, server name
    // linstor-controller, the operator's client certificate and its ca.crt).
    const apiTls = props.operator.cluster?.spec.apiTls;
    this.controllerMonitor = new ApiObject(this, 'Controller', {
      apiVersion: MONITORING_API_VERSION,
      kind: 'PodMonitor',
      metadata: metadata('linstor-controller', 'linstor-controller'),
      spec: {
        selector: selectComponent('linstor-controller'),
        podMetricsEndpoints: [apiTls
          ? { port: PIRAEUS_PORTS.controllerSecureApi.name, scheme: 'https', path: '/metrics', tlsConfig: controllerTlsConfig(apiTls) }
          : { port: PIRAEUS_PORTS.controllerApi.name, scheme: 'http', path: '/metrics' }],
      },
    });

    // Facts: config/extras/monitoring/linstor-satellite-monitor.yaml@64feebb61558f447340db425c5c81906c494bdc9
    // (PodMonitor, port prometheus, http, relabel __meta_kubernetes_pod_node_name to node).
    this.satelliteMonitor = new ApiObject(this, 'Satellite', {
      apiVersion: MONITORING_API_VERSION,
      kind: 'PodMonitor',
      metadata: metadata('linstor-satellite', 'linstor-satellite'),
      spec: {
        selector: selectComponent('linstor-satellite'),
        podMetricsEndpoints: [{
          port: PIRAEUS_PORTS.drbdReactor.name,
          scheme: 'http',
          path: '/metrics',
          relabelings: [{ action: 'replace', sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node' }],
        }],
      },
    });

    if (props.alertRules ?? true) {
      this.alertRules = new ApiObject(this, 'Rules', {
        apiVersion: MONITORING_API_VERSION,
        kind: 'PrometheusRule',
        metadata: metadata('piraeus-datastore', 'piraeus-datastore'),
        spec: { groups: piraeusAlertRuleGroups() },
      });
    }

    const manager = props.operator.deployment.apiObject.toJson() as JsonObject;
    const metricsPort = operatorMetricsPort(manager);
    const monitorOperator = props.operatorMonitor ?? metricsPort !== undefined;
    if (!monitorOperator) return;
    const podSelector = ((manager.spec as JsonObject)?.selector as JsonObject)?.matchLabels as Record<string, string>;
    const name = `${props.operator.deployment.name}-metrics`;
    if (props.operator.kubeRbacProxyImage !== undefined) {
      // Behind kube-rbac-proxy the operator emits the metrics Service (the chart's); Prometheus
      // authenticates with its token, as upstream's config/prometheus/monitor.yaml
      // @387a9f49020d20599d41a935fb3fdf00bc872356 scrapes it (https, the serving certificate is
      // the webhook's, so its name is not checked).
      const serviceLabels = (manager.metadata as JsonObject)?.labels as Record<string, string>;
      this.operatorMonitor = new ApiObject(this, 'Operator', {
        apiVersion: MONITORING_API_VERSION,
        kind: 'ServiceMonitor',
        metadata: { name, namespace, labels: { ...props.labels, [COMPONENT_LABEL]: 'piraeus-operator-metrics' } },
        spec: {
          selector: { matchLabels: { ...serviceLabels } },
          endpoints: [{
            port: 'metrics', scheme: 'https', path: '/metrics',
            bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token',
            tlsConfig: { insecureSkipVerify: true },
          }],
        },
      });
      return;
    }
    if (metricsPort === undefined) {
      throw new PiraeusError(ErrorCodes.INVALID_PROPS,
        "operatorMonitor needs the operator's metrics endpoint, which is off (--metrics-bind-address=0): set deployment.options.metricsBindAddress, e.g. ':8080'",
        { path: this.node.path });
    }
    const serviceLabels = { ...props.labels, ...podSelector, [COMPONENT_LABEL]: 'piraeus-operator-metrics' };
    this.operatorMetricsService = new ApiObject(this, 'OperatorService', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace, labels: serviceLabels },
      spec: {
        selector: podSelector,
        ports: [{ name: 'metrics', port: metricsPort, protocol: 'TCP', targetPort: metricsPort }],
      },
    });
    this.operatorMonitor = new ApiObject(this, 'Operator', {
      apiVersion: MONITORING_API_VERSION,
      kind: 'ServiceMonitor',
      metadata: { name, namespace, labels: { ...props.labels, [COMPONENT_LABEL]: 'piraeus-operator-metrics' } },
      spec: {
        selector: { matchLabels: { ...podSelector, [COMPONENT_LABEL]: 'piraeus-operator-metrics' } },
        endpoints: [{ port: 'metrics', scheme: 'http', path: '/metrics' }],
      },
    });
  }
}

/** The scrape TLS of the controller's `secure-api`: the operator's client certificate, and the CA it trusts. */
function controllerTlsConfig(apiTls: LinstorClusterSpecApiTls): JsonObject {
  const client = apiTls.clientSecretName || API_TLS_SECRET_DEFAULTS.clientSecretName;
  const ref = apiTls.caReference;
  const caKey = ref?.key || 'ca.crt';
  const ca: JsonObject = ref === undefined ? { secret: { key: 'ca.crt', name: client } }
    : String(ref.kind) === 'ConfigMap' ? { configMap: { key: caKey, name: ref.name } } : { secret: { key: caKey, name: ref.name } };
  return {
    ca,
    cert: { secret: { key: 'tls.crt', name: client } },
    keySecret: { key: 'tls.key', name: client },
    serverName: 'linstor-controller',
  };
}

/**
 * The port of the manager's metrics endpoint from its `--metrics-bind-address` flag (given
 * directly or through `$(VAR)` from the container's env); `undefined` when it is off (`0`). The
 * operator's own default when the flag is absent is `:8080`.
 */
export function operatorMetricsPort(deployment: JsonObject): number | undefined {
  const pod = ((deployment.spec as JsonObject)?.template as JsonObject)?.spec as JsonObject | undefined;
  const containers = Array.isArray(pod?.containers) ? pod!.containers.filter(isJsonObject) : [];
  const c = containers.find((x) => x.name === MANAGER_CONTAINER);
  const args = Array.isArray(c?.args) ? c!.args.filter((a): a is string => typeof a === 'string') : [];
  const arg = args.find((a) => a === '--metrics-bind-address' || a.startsWith('--metrics-bind-address='));
  let value = arg === undefined ? ':8080' : arg.slice('--metrics-bind-address='.length);
  const indirect = /^\$\(([A-Za-z_][A-Za-z0-9_]*)\)$/.exec(value);
  if (indirect) {
    const env = Array.isArray(c?.env) ? c!.env.filter(isJsonObject) : [];
    const hit = env.find((e) => e.name === indirect[1]);
    value = typeof hit?.value === 'string' ? hit.value : '0';
  }
  const m = /:([0-9]{1,5})$/.exec(value);
  return m ? Number(m[1]) : undefined;
}
