/**
 * PiraeusNetworkPolicies: upstream's satellite NetworkPolicy, its selectors checked against the
 * preview of the operator-created workloads and its ports against their container ports.
 */
import { Testing } from 'cdk8s';
import { NodeInventory, PIRAEUS_PORTS, PiraeusInstall, PiraeusNetworkPolicies, PiraeusNetworkPoliciesProps, PiraeusPreview } from '../src';
import { validateAll } from './support/k8s-validate';

type Obj = Record<string, any>;

const NODES = NodeInventory.fromNodes([{ name: 'worker-a', osImage: 'Ubuntu 22.04.4 LTS' }]);

function build(props: Omit<PiraeusNetworkPoliciesProps, 'operator'> = {}, tls = false) {
  const app = Testing.app();
  const install = new PiraeusInstall(app, 'storage', tls ? { satelliteConfigurations: { tls: { internalTls: {} } } } : {});
  const policies = new PiraeusNetworkPolicies(install.clusterChart, 'Policies', { operator: install.operator, ...props });
  const preview = new PiraeusPreview(app, 'preview', { install, nodes: NODES });
  const objects = install.clusterChart.toJson() as Obj[];
  return { install, policies, objects, policy: objects.find((o) => o.kind === 'NetworkPolicy')!, workloads: preview.workloads as Obj[] };
}

const podLabels = (w: Obj): Record<string, string> => w.spec.template.metadata.labels ?? {};
const selects = (selector: Obj, labels: Record<string, string>) =>
  Object.entries(selector.matchLabels as Record<string, string>).every(([k, v]) => labels[k] === v);
const containerPorts = (w: Obj): Obj[] => w.spec.template.spec.containers.flatMap((c: Obj) => c.ports ?? []);
const selected = (selector: Obj, workloads: Obj[]) => workloads.filter((w) => selects(selector, podLabels(w))).map((w) => `${w.kind}/${w.metadata.name}`);

describe('PiraeusNetworkPolicies', () => {
  const { policy, workloads, install, objects } = build();

  test('one valid NetworkPolicy in the operator namespace', () => {
    expect(objects.filter((o) => o.kind === 'NetworkPolicy')).toHaveLength(1);
    expect(policy.metadata).toMatchObject({ name: 'linstor-satellite', namespace: install.operator.namespace });
    expect(validateAll([policy])).toEqual([]);
  });

  test('it applies to the satellite pods only, ingress only', () => {
    expect(selected(policy.spec.podSelector, workloads)).toEqual(['DaemonSet/linstor-satellite.worker-a']);
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
  });

  test('the controller reaches the satellite ports, satellites the DRBD range, the monitoring namespace drbd-reactor', () => {
    const [fromController, fromSatellites, fromMonitoring] = policy.spec.ingress;
    expect(selected(fromController.from[0].podSelector, workloads)).toEqual(['Deployment/linstor-controller']);
    expect(fromController.ports).toEqual([{ protocol: 'TCP', port: 3366, endPort: 3367 }]);
    expect(selected(fromSatellites.from[0].podSelector, workloads)).toEqual(['DaemonSet/linstor-satellite.worker-a']);
    expect(fromSatellites.ports).toEqual([{ protocol: 'TCP', port: 7000, endPort: 9000 }]);
    expect(fromMonitoring).toEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
      ports: [{ protocol: 'TCP', port: 'prometheus' }],
    });
    expect(policy.spec.ingress).toHaveLength(3);
  });

  test("the ports table agrees with the satellite's container ports (plain and TLS)", () => {
    for (const tls of [false, true]) {
      const satellite = build({}, tls).workloads.find((w) => w.metadata.name === 'linstor-satellite.worker-a')!;
      const ports = containerPorts(satellite);
      const linstor = ports.find((p) => p.name === 'linstor')!;
      expect(linstor.containerPort).toBe(tls ? 3367 : 3366);
      expect(linstor.containerPort).toBeGreaterThanOrEqual(PIRAEUS_PORTS.satellite.first);
      expect(linstor.containerPort).toBeLessThanOrEqual(PIRAEUS_PORTS.satellite.last);
      expect(ports).toContainEqual(expect.objectContaining({ name: PIRAEUS_PORTS.drbdReactor.name, containerPort: PIRAEUS_PORTS.drbdReactor.port }));
    }
  });

  test('monitoringNamespace names the namespace; allowMonitoring: false closes the metrics port; labels are added', () => {
    const other = build({ monitoringNamespace: 'observability', labels: { team: 'storage' } }).policy;
    expect(other.spec.ingress[2].from[0].namespaceSelector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': 'observability' });
    expect(other.metadata.labels).toEqual({ 'team': 'storage', 'app.kubernetes.io/component': 'linstor-satellite' });
    expect(build({ allowMonitoring: false }).policy.spec.ingress).toHaveLength(2);
  });
});
