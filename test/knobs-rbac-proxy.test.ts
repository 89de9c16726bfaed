/**
 * kube-rbac-proxy, opt-in as upstream's Helm chart offers it: the sidecar, the manager's metrics
 * behind it, the metrics Service and exactly the chart's RBAC; PiraeusMonitoring scraping through
 * it; mistakes as located errors. Also the controller's monitor with API TLS.
 */
import { Chart, Testing } from 'cdk8s';
import {
  ErrorCodes, LinstorApiTls, LinstorClusterProps, PiraeusInstall, PiraeusMonitoring, PiraeusOperator, PiraeusOperatorProps, WebhookCertificates,
} from '../src';
import { Io } from '../src/cli/common';
import { imagesCommand } from '../src/cli/images';
import { ImageDigestLock } from '../src/constructs/image-digest-lock';
import { expectPiraeusError } from './support/errors';
import { validateAll } from './support/k8s-validate';

type Obj = Record<string, any>;

const MANAGER = 'piraeus-operator-controller-manager';
const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUFakeButWellFormedBase64Body0123456789abcdef==\n-----END CERTIFICATE-----\n';

function synth(props: PiraeusOperatorProps = {}): { objects: Obj[]; operator: PiraeusOperator } {
  const chart = new Chart(Testing.app(), 'test');
  const operator = new PiraeusOperator(chart, 'piraeus', { installCrds: false, ...props });
  return { objects: Testing.synth(chart) as Obj[], operator };
}
const manager = (objects: readonly Obj[]) => objects.find((o) => o.kind === 'Deployment' && o.metadata.name === MANAGER)!;
const containers = (objects: readonly Obj[]): Obj[] => manager(objects).spec.template.spec.containers;
const container = (objects: readonly Obj[], name: string) => containers(objects).find((c) => c.name === name)!;
const named = (objects: readonly Obj[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

/** The proxy container with upstream's chart's defaults. */
const DEFAULT_PROXY = {
  name: 'kube-rbac-proxy',
  image: 'gcr.io/kubebuilder/kube-rbac-proxy:v0.13.1',
  imagePullPolicy: 'IfNotPresent',
  args: [
    '--secure-listen-address=0.0.0.0:8443', '--upstream=http://127.0.0.1:8080/',
    '--tls-private-key-file=/etc/tls/tls.key', '--tls-cert-file=/etc/tls/tls.crt', '--logtostderr=true', '--v=0',
  ],
  ports: [{ containerPort: 8443, name: 'https', protocol: 'TCP' }],
  securityContext: { capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 1000 },
  volumeMounts: [{ mountPath: '/etc/tls', name: 'cert', readOnly: true }],
};

describe('off by default', () => {
  test('no sidecar, no metrics Service, no proxy RBAC; the metrics stay off', () => {
    const { objects, operator } = synth();
    expect(containers(objects).map((c) => c.name)).toEqual(['manager']);
    expect(objects.filter((o) => /proxy|metrics/.test(o.metadata.name))).toEqual([]);
    expect(container(objects, 'manager').args).toContain('--metrics-bind-address=0');
    expect(operator.kubeRbacProxyImage).toBeUndefined();
  });
});

describe('on, with upstream\'s chart\'s defaults', () => {
  const { objects, operator } = synth({ kubeRbacProxy: {} });

  test('the sidecar follows the manager, whose metrics bind to 127.0.0.1:8080 in place of the release\'s 0', () => {
    expect(containers(objects).map((c) => c.name)).toEqual(['manager', 'kube-rbac-proxy']);
    expect(container(objects, 'kube-rbac-proxy')).toEqual(DEFAULT_PROXY);
    const args: string[] = container(objects, 'manager').args;
    expect(args.filter((a) => a.startsWith('--metrics-bind-address'))).toEqual(['--metrics-bind-address=127.0.0.1:8080']);
    expect(operator.kubeRbacProxyImage).toBe('gcr.io/kubebuilder/kube-rbac-proxy:v0.13.1');
  });

  test('the metrics Service: port metrics 443 to the proxy\'s 8443, selecting the manager\'s pods', () => {
    expect(named(objects, 'Service', 'piraeus-operator-controller-manager-metrics-service')).toEqual({
      apiVersion: 'v1', kind: 'Service',
      metadata: {
        name: 'piraeus-operator-controller-manager-metrics-service', namespace: 'piraeus-datastore',
        labels: { 'app.kubernetes.io/component': 'piraeus-operator', 'app.kubernetes.io/name': 'piraeus-datastore' },
      },
      spec: {
        type: 'ClusterIP',
        selector: manager(objects).spec.selector.matchLabels,
        ports: [{ name: 'metrics', port: 443, targetPort: 8443 }],
      },
    });
  });

  test('exactly the chart\'s RBAC: token and access reviews, bound to the manager\'s ServiceAccount', () => {
    expect(named(objects, 'ClusterRole', 'piraeus-operator-proxy-role')).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole',
      metadata: { name: 'piraeus-operator-proxy-role', labels: { 'app.kubernetes.io/name': 'piraeus-datastore' } },
      rules: [
        { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
        { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
      ],
    });
    expect(named(objects, 'ClusterRoleBinding', 'piraeus-operator-proxy-rolebinding')).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding',
      metadata: { name: 'piraeus-operator-proxy-rolebinding', labels: { 'app.kubernetes.io/name': 'piraeus-datastore' } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'piraeus-operator-proxy-role' },
      subjects: [{ kind: 'ServiceAccount', name: manager(objects).spec.template.spec.serviceAccountName, namespace: 'piraeus-datastore' }],
    });
    expect(operator.rbac.objects.map((o) => o.name)).toEqual(expect.arrayContaining(['piraeus-operator-proxy-role', 'piraeus-operator-proxy-rolebinding']));
  });

  test('every object is valid', () => {
    expect(validateAll(objects)).toEqual([]);
  });
});

describe('settings', () => {
  test.each<[string, PiraeusOperatorProps['kubeRbacProxy'], Obj]>([
    ['image and pull policy', { image: 'quay.io/brancz/kube-rbac-proxy:v0.18.2', imagePullPolicy: 'Always' },
      { image: 'quay.io/brancz/kube-rbac-proxy:v0.18.2', imagePullPolicy: 'Always' }],
    ['resources', { resources: { requests: { cpu: '5m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } } },
      { resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '5m', memory: '64Mi' } } }],
    ['a security context of its own', { securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false } },
      { securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true } }],
    ['extra args replace a default of the same flag and append the rest', { extraArgs: ['--v=2', '--ignore-paths=/healthz'] }, {
      args: [...DEFAULT_PROXY.args.slice(0, 5), '--v=2', '--ignore-paths=/healthz'],
    }],
  ])('%s', (_label, kubeRbacProxy, expected) => {
    const { objects } = synth({ kubeRbacProxy });
    expect(container(objects, 'kube-rbac-proxy')).toEqual({ ...DEFAULT_PROXY, ...expected });
    expect(validateAll(objects)).toEqual([]);
  });

  test('volume mounts name a volume of the pod', () => {
    const { objects } = synth({
      deployment: { volumes: [{ name: 'proxy-config', configMap: { name: 'proxy-config' } }] },
      kubeRbacProxy: { volumeMounts: [{ name: 'proxy-config', mountPath: '/etc/proxy' }], extraArgs: ['--config-file=/etc/proxy/config.yaml'] },
    });
    expect(container(objects, 'kube-rbac-proxy').volumeMounts).toEqual([
      { mountPath: '/etc/tls', name: 'cert', readOnly: true }, { mountPath: '/etc/proxy', name: 'proxy-config' },
    ]);
  });

  test('another namespace moves the Service and the binding\'s subject', () => {
    const { objects } = synth({ namespace: 'storage', kubeRbacProxy: {} });
    expect(named(objects, 'Service', 'piraeus-operator-controller-manager-metrics-service')?.metadata.namespace).toBe('storage');
    expect(named(objects, 'ClusterRoleBinding', 'piraeus-operator-proxy-rolebinding')?.subjects[0].namespace).toBe('storage');
  });

  test.each<[string, PiraeusOperatorProps['webhookCertificates']]>([
    ['cert-manager', WebhookCertificates.certManager()],
    ['a Secret of yours', WebhookCertificates.fromSecret({ secretName: 'my-tls', caBundle: Buffer.from(PEM).toString('base64') })],
  ])('the proxy serves with the webhook certificate from %s', (_label, webhookCertificates) => {
    const { objects } = synth({ kubeRbacProxy: {}, webhookCertificates });
    expect(container(objects, 'kube-rbac-proxy').volumeMounts).toEqual([{ mountPath: '/etc/tls', name: 'cert', readOnly: true }]);
  });

  test('PiraeusInstall puts the proxy\'s objects in the operator phase', () => {
    const install = new PiraeusInstall(Testing.app(), 'storage', { operator: { kubeRbacProxy: {} } });
    const operator = Testing.synth(install.operatorChart) as Obj[];
    expect(operator.filter((o) => /proxy|metrics-service/.test(o.metadata.name)).map((o) => o.kind).sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'Service']);
    expect(validateAll(operator)).toEqual([]);
  });
});

describe('mistakes are located errors', () => {
  test.each<[string, PiraeusOperatorProps, string]>([
    ['a metrics address of its own', { kubeRbacProxy: {}, deployment: { options: { metricsBindAddress: ':8080' } } }, 'kubeRbacProxy serves the operator\'s metrics and binds them to 127.0.0.1:8080'],
    ['a metrics address through extraArgs', { kubeRbacProxy: {}, deployment: { extraArgs: ['--metrics-bind-address=:9090'] } }, 'kubeRbacProxy serves the operator\'s metrics'],
    ['a flag the library sets', { kubeRbacProxy: { extraArgs: ['--upstream=http://127.0.0.1:9090/'] } }, 'kubeRbacProxy.extraArgs must not set --upstream'],
    ['an argument that is no flag', { kubeRbacProxy: { extraArgs: ['verbose'] } }, 'kubeRbacProxy.extraArgs entry "verbose" is not a flag'],
    ['an image that does not parse', { kubeRbacProxy: { image: 'Quay.io/Brancz/Proxy' } }, 'kubeRbacProxy.image "Quay.io/Brancz/Proxy"'],
    ['a pull policy that does not exist', { kubeRbacProxy: { imagePullPolicy: 'Sometimes' as never } }, 'kubeRbacProxy.imagePullPolicy "Sometimes" must be Always, IfNotPresent or Never'],
    ['a quantity that does not parse', { kubeRbacProxy: { resources: { limits: { memory: '128 MB' } } } }, 'kubeRbacProxy.resources.limits.memory "128 MB" is not a Kubernetes quantity'],
    ['a mount of a volume the pod lacks', { kubeRbacProxy: { volumeMounts: [{ name: 'nope', mountPath: '/x' }] } }, 'kubeRbacProxy.volumeMounts: no volume "nope" in the pod'],
    ['no certificate volume (OLM)', { kubeRbacProxy: {}, webhookCertificates: WebhookCertificates.olm() }, 'kubeRbacProxy serves TLS with the manager\'s certificate volume'],
  ])('%s', (_label, props, detail) => {
    expectPiraeusError(() => synth(props), ErrorCodes.INVALID_PROPS, new RegExp(`^at test/piraeus: ${detail.replace(/[.()]/g, '\\$&')}`));
  });
});

describe('PiraeusMonitoring', () => {
  function monitor(props: { operator?: PiraeusOperatorProps; cluster?: LinstorClusterProps } = {}) {
    const install = new PiraeusInstall(Testing.app(), 'storage', props);
    const mon = new PiraeusMonitoring(install.clusterChart, 'Monitoring', { operator: install.operator });
    return { mon, operator: Testing.synth(install.operatorChart) as Obj[], cluster: Testing.synth(install.clusterChart) as Obj[] };
  }

  test('behind kube-rbac-proxy: a ServiceMonitor on the proxy\'s Service, https with the scraper\'s token; no Service of its own', () => {
    const { mon, operator, cluster } = monitor({ operator: { kubeRbacProxy: {} } });
    expect(mon.operatorMetricsService).toBeUndefined();
    const sm = cluster.find((o) => o.kind === 'ServiceMonitor')!;
    expect(sm.spec.endpoints).toEqual([{
      port: 'metrics', scheme: 'https', path: '/metrics',
      bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token', tlsConfig: { insecureSkipVerify: true },
    }]);
    const service = named(operator, 'Service', 'piraeus-operator-controller-manager-metrics-service')!;
    expect(Object.entries(sm.spec.selector.matchLabels).every(([k, v]) => service.metadata.labels[k] === v)).toBe(true);
    expect(service.spec.ports.map((p: Obj) => p.name)).toContain(sm.spec.endpoints[0].port);
    expect(cluster.filter((o) => o.kind === 'Service')).toEqual([]);
  });

  test.each<[string, LinstorClusterProps, Obj]>([
    ['the operator\'s client certificate and its ca.crt', { tls: { api: LinstorApiTls.selfSignedCa() } }, {
      ca: { secret: { key: 'ca.crt', name: 'linstor-client-tls' } }, cert: { secret: { key: 'tls.crt', name: 'linstor-client-tls' } },
      keySecret: { key: 'tls.key', name: 'linstor-client-tls' }, serverName: 'linstor-controller',
    }],
    ['a client Secret of its own name and a CA ConfigMap', { tls: { api: LinstorApiTls.fromSecrets({ clientSecretName: 'client', caReference: { name: 'corp-ca', kind: 'ConfigMap' as never } }) } }, {
      ca: { configMap: { key: 'ca.crt', name: 'corp-ca' } }, cert: { secret: { key: 'tls.crt', name: 'client' } },
      keySecret: { key: 'tls.key', name: 'client' }, serverName: 'linstor-controller',
    }],
  ])('with API TLS the controller is scraped on secure-api with %s', (_label, cluster, tlsConfig) => {
    const pm = monitor({ cluster }).cluster.find((o) => o.kind === 'PodMonitor' && o.metadata.name === 'linstor-controller')!;
    expect(pm.spec.podMetricsEndpoints).toEqual([{ port: 'secure-api', scheme: 'https', path: '/metrics', tlsConfig }]);
  });
});

describe('the proxy image in the image plan', () => {
  const PROXY = 'quay.io/brancz/kube-rbac-proxy:v0.18.2';
  const DIGEST = `sha256:${'ab'.repeat(32)}`;
  const lockFor = (images: Record<string, string>) => ImageDigestLock.fromText(JSON.stringify({ version: 1, images }), 'test.lock.json');

  test('a digest lock pins it like the operator image', () => {
    const { objects, operator } = synth({ kubeRbacProxy: { image: PROXY }, digestLock: lockFor({ [PROXY]: DIGEST }) });
    expect(container(objects, 'kube-rbac-proxy').image).toBe(`${PROXY}@${DIGEST}`);
    expect(operator.kubeRbacProxyImage).toBe(`${PROXY}@${DIGEST}`);
  });

  test('requireDigests names it when the lock lacks it', () => {
    const chart = new Chart(Testing.app(), 'test');
    new PiraeusOperator(chart, 'piraeus', { installCrds: false, kubeRbacProxy: { image: PROXY }, digestLock: lockFor({}), requireDigests: true });
    const errors = chart.node.findAll().flatMap((c) => c.node.validate());
    expect(errors.join('\n')).toMatch(/quay\.io\/brancz\/kube-rbac-proxy:v0\.18\.2 \(kube-rbac-proxy\)/);
  });

  function images(args: string[]): { code: number; stdout: string; stderr: string } {
    let stdout = '';
    let stderr = '';
    const io: Io = { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readStdin: () => '' };
    const code = imagesCommand(args, io);
    return { code, stdout, stderr };
  }

  test('`images --kube-rbac-proxy-image` lists it as component kube-rbac-proxy; without it, it is not listed', () => {
    const without = images(['--format', 'json']);
    expect(without.stdout).not.toContain('kube-rbac-proxy');
    const withProxy = images(['--format', 'json', '--kube-rbac-proxy-image', PROXY]);
    expect(withProxy.code).toBe(0);
    const entry = (JSON.parse(withProxy.stdout).images as Obj[]).find((i) => i.reference === PROXY)!;
    expect(entry).toMatchObject({ name: 'kube-rbac-proxy', pullSpec: PROXY, sources: [{ kind: 'operator', component: 'kube-rbac-proxy', variant: 'kube-rbac-proxy' }] });
    expect(images(['--kube-rbac-proxy-image', 'Not A Ref']).code).toBe(1);
  });
});
