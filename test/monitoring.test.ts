/**
 * PiraeusMonitoring: PodMonitors for the LINSTOR controller and drbd-reactor, the PrometheusRule,
 * the operator's metrics Service and ServiceMonitor when its metrics endpoint is on; selectors
 * checked against the preview of the operator-created workloads.
 */
import { Testing } from 'cdk8s';
import { ErrorCodes, NodeInventory, PiraeusInstall, PiraeusInstallProps, PiraeusMonitoring, PiraeusMonitoringProps, PiraeusPreview } from '../src';
import { operatorMetricsPort } from '../src/constructs/piraeus-monitoring';
import { expectPiraeusError } from './support/errors';
import { validateAll } from './support/k8s-validate';

type Obj = Record<string, any>;

const NODES = NodeInventory.fromNodes([
  { name: 'worker-a', osImage: 'Ubuntu 22.04.4 LTS' },
  { name: 'worker-b', osImage: 'Red Hat Enterprise Linux 9.4 (Plow)' },
]);

function build(props: PiraeusInstallProps = {}, monitoring: Omit<PiraeusMonitoringProps, 'operator'> = {}) {
  const app = Testing.app();
  const install = new PiraeusInstall(app, 'storage', props);
  const mon = new PiraeusMonitoring(install.clusterChart, 'Monitoring', { operator: install.operator, ...monitoring });
  const preview = new PiraeusPreview(app, 'preview', { install, nodes: NODES });
  return {
    install, mon, workloads: preview.workloads as Obj[],
    cluster: install.clusterChart.toJson() as Obj[], operator: install.operatorChart.toJson() as Obj[],
  };
}

const podLabels = (w: Obj): Record<string, string> => w.spec.template.metadata.labels ?? {};
const selects = (selector: Obj, labels: Record<string, string>) =>
  Object.entries(selector.matchLabels as Record<string, string>).every(([k, v]) => labels[k] === v);
const containerPorts = (w: Obj): Obj[] => w.spec.template.spec.containers.flatMap((c: Obj) => c.ports ?? []);
const named = (objects: Obj[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name)!;

const DNS = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const SPEC_FIELDS: Record<string, string[]> = {
  PodMonitor: ['selector', 'podMetricsEndpoints', 'namespaceSelector', 'jobLabel', 'podTargetLabels'],
  ServiceMonitor: ['selector', 'endpoints', 'namespaceSelector', 'jobLabel', 'targetLabels'],
  PrometheusRule: ['groups'],
};

/** The fields of monitoring.coreos.com/v1 these objects use, checked by shape. */
function monitoringProblems(o: Obj): string[] {
  const p: string[] = [];
  const where = `${o.kind} ${o.metadata?.name}`;
  if (o.apiVersion !== 'monitoring.coreos.com/v1') p.push(`${where}: apiVersion`);
  if (!SPEC_FIELDS[o.kind]) return [...p, `${where}: unknown kind`];
  if (!DNS.test(o.metadata?.name ?? '')) p.push(`${where}: metadata.name`);
  if (typeof o.metadata?.namespace !== 'string') p.push(`${where}: metadata.namespace`);
  for (const k of Object.keys(o)) if (!['apiVersion', 'kind', 'metadata', 'spec'].includes(k)) p.push(`${where}: ${k}`);
  for (const k of Object.keys(o.spec ?? {})) if (!SPEC_FIELDS[o.kind].includes(k)) p.push(`${where}: spec.${k}`);
  if (o.kind === 'PrometheusRule') {
    for (const g of o.spec.groups ?? []) {
      if (typeof g.name !== 'string' || !Array.isArray(g.rules) || g.rules.length === 0) p.push(`${where}: group`);
      for (const r of g.rules ?? []) {
        if (typeof r.alert !== 'string' || typeof r.expr !== 'string' || r.expr === '') p.push(`${where}: rule ${r.alert}`);
        if (r.for !== undefined && !/^([0-9]+(ms|s|m|h|d|w|y))+$/.test(r.for)) p.push(`${where}: ${r.alert}.for`);
        for (const m of [r.labels, r.annotations]) {
          if (Object.values(m ?? {}).some((v) => typeof v !== 'string')) p.push(`${where}: ${r.alert} labels/annotations`);
        }
      }
    }
    return p;
  }
  const sel = o.spec.selector?.matchLabels;
  if (!sel || Object.keys(sel).length === 0 || Object.values(sel).some((v) => typeof v !== 'string')) p.push(`${where}: selector`);
  const endpoints = o.kind === 'PodMonitor' ? o.spec.podMetricsEndpoints : o.spec.endpoints;
  if (!Array.isArray(endpoints) || endpoints.length === 0) p.push(`${where}: endpoints`);
  for (const e of endpoints ?? []) {
    if (typeof e.port !== 'string' || !['http', 'https'].includes(e.scheme) || !String(e.path).startsWith('/')) p.push(`${where}: endpoint`);
  }
  return p;
}

describe('PiraeusMonitoring on the default install', () => {
  const { cluster, workloads, install } = build();
  const monitoring = cluster.filter((o) => o.apiVersion === 'monitoring.coreos.com/v1');

  test('two PodMonitors and one PrometheusRule in the operator namespace; no operator monitor (metrics are off upstream)', () => {
    expect(monitoring.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'PodMonitor/linstor-controller', 'PodMonitor/linstor-satellite', 'PrometheusRule/piraeus-datastore',
    ]);
    for (const o of monitoring) expect(o.metadata.namespace).toBe(install.operator.namespace);
    expect(cluster.some((o) => o.kind === 'ServiceMonitor' || o.kind === 'Service')).toBe(false);
  });

  test('objects are well-formed', () => {
    expect(monitoring.flatMap(monitoringProblems)).toEqual([]);
  });

  test('the controller monitor selects exactly the LINSTOR controller pods and scrapes their api port at /metrics', () => {
    const m = named(cluster, 'PodMonitor', 'linstor-controller');
    expect(m.spec.podMetricsEndpoints).toEqual([{ port: 'api', scheme: 'http', path: '/metrics' }]);
    const hit = workloads.filter((w) => selects(m.spec.selector, podLabels(w)));
    expect(hit.map((w) => `${w.kind}/${w.metadata.name}`)).toEqual(['Deployment/linstor-controller']);
    expect(containerPorts(hit[0])).toContainEqual(expect.objectContaining({ name: 'api', containerPort: 3370 }));
  });

  test('the satellite monitor selects every satellite DaemonSet and nothing else, on drbd-reactor port 9942, labelling the node', () => {
    const m = named(cluster, 'PodMonitor', 'linstor-satellite');
    const satellites = workloads.filter((w) => w.kind === 'DaemonSet' && podLabels(w)['app.kubernetes.io/component'] === 'linstor-satellite');
    expect(satellites).toHaveLength(2);
    expect(workloads.filter((w) => selects(m.spec.selector, podLabels(w)))).toEqual(satellites);
    const [endpoint] = m.spec.podMetricsEndpoints;
    expect(endpoint).toMatchObject({ port: 'prometheus', scheme: 'http', path: '/metrics' });
    expect(endpoint.relabelings).toEqual([{ action: 'replace', sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node' }]);
    for (const s of satellites) expect(containerPorts(s)).toContainEqual(expect.objectContaining({ name: 'prometheus', containerPort: 9942 }));
  });

  test("the rules: upstream's alerts, expressions and severities, with this library's descriptions", () => {
    const rule = named(cluster, 'PrometheusRule', 'piraeus-datastore');
    const groups = rule.spec.groups as Obj[];
    expect(groups.map((g) => g.name)).toEqual(['linstor.rules', 'drbd.rules']);
    const byName = Object.fromEntries(groups.flatMap((g) => g.rules).map((r: Obj) => [r.alert, r]));
    expect(Object.keys(byName)).toHaveLength(11);
    expect(byName.linstorSatelliteNotOnline).toMatchObject({ expr: 'linstor_node_state{nodetype="SATELLITE"} != 2', labels: { severity: 'critical' } });
    expect(byName.linstorStoragePoolAtCapacity.expr).toContain('< 0.20');
    expect(byName.drbdDeviceNotUpToDate.expr).toBe('drbd_device_state{drbd_device_state!~"UpToDate|Diskless"} > 0');
    expect(byName.drbdResourceSuspended.for).toBe('1m');
    expect((Object.values(byName) as Obj[]).filter((r) => r.for !== undefined)).toHaveLength(1);
    for (const r of Object.values(byName) as Obj[]) expect(r.annotations.description).toMatch(/\S/);
  });
});

describe('PiraeusMonitoring options', () => {
  test('labels go on every object; alertRules: false drops the PrometheusRule', () => {
    const { cluster } = build({}, { labels: { release: 'prometheus' }, alertRules: false });
    const monitoring = cluster.filter((o) => o.apiVersion === 'monitoring.coreos.com/v1');
    expect(monitoring.map((o) => o.kind)).toEqual(['PodMonitor', 'PodMonitor']);
    for (const o of monitoring) expect(o.metadata.labels.release).toBe('prometheus');
  });

  test('with the metrics endpoint on, a Service selects the operator pods and a ServiceMonitor selects only that Service', () => {
    const { cluster, operator, mon } = build({ operator: { deployment: { options: { metricsBindAddress: ':8080' } } } });
    const manager = operator.find((o) => o.kind === 'Deployment' && o.spec.template.spec.containers.some((c: Obj) => c.name === 'manager'))!;
    expect(manager.spec.template.spec.containers[0].args).toContain('--metrics-bind-address=:8080');
    const service = named(cluster, 'Service', 'piraeus-operator-controller-manager-metrics');
    expect(service.spec.ports).toEqual([{ name: 'metrics', port: 8080, protocol: 'TCP', targetPort: 8080 }]);
    expect(selects({ matchLabels: service.spec.selector }, podLabels(manager))).toBe(true);
    const allServices = [...operator, ...cluster].filter((o) => o.kind === 'Service');
    const sm = named(cluster, 'ServiceMonitor', service.metadata.name);
    expect(allServices.filter((s) => selects(sm.spec.selector, s.metadata.labels ?? {}))).toEqual([service]);
    expect(sm.spec.endpoints).toEqual([{ port: 'metrics', scheme: 'http', path: '/metrics' }]);
    expect(mon.operatorMonitor).toBeDefined();
    expect(validateAll([service])).toEqual([]);
    expect(cluster.filter((o) => o.apiVersion === 'monitoring.coreos.com/v1').flatMap(monitoringProblems)).toEqual([]);
  });

  test('operatorMonitor: false leaves the operator unmonitored even with metrics on', () => {
    const { cluster } = build({ operator: { deployment: { options: { metricsBindAddress: ':9090' } } } }, { operatorMonitor: false });
    expect(cluster.some((o) => o.kind === 'ServiceMonitor' || o.kind === 'Service')).toBe(false);
  });

  test('operatorMonitor: true with the metrics endpoint off is a located error', () => {
    const app = Testing.app();
    const install = new PiraeusInstall(app, 'storage');
    expectPiraeusError(() => new PiraeusMonitoring(install.clusterChart, 'Monitoring', { operator: install.operator, operatorMonitor: true }),
      ErrorCodes.INVALID_PROPS, /storage-cluster\/Monitoring: operatorMonitor needs the operator's metrics endpoint/);
  });
});

describe('operatorMetricsPort', () => {
  const deployment = (args: string[] | undefined, env: Obj[] = []) => ({
    spec: { template: { spec: { containers: [{ name: 'manager', ...(args ? { args } : {}), env }] } } },
  });
  test.each([
    ['upstream: off', ['--leader-elect', '--metrics-bind-address=0'], [], undefined],
    ['host and port', ['--metrics-bind-address=127.0.0.1:8443'], [], 8443],
    ['port only', ['--metrics-bind-address=:8080'], [], 8080],
    ['flag absent: the program default :8080', ['--leader-elect'], [], 8080],
    ['through $(VAR)', ['--metrics-bind-address=$(METRICS)'], [{ name: 'METRICS', value: ':9090' }], 9090],
    ['through $(VAR) set to 0', ['--metrics-bind-address=$(METRICS)'], [{ name: 'METRICS', value: '0' }], undefined],
  ])('%s', (_name, args, env, expected) => {
    expect(operatorMetricsPort(deployment(args as string[], env as Obj[]))).toBe(expected);
  });
});
