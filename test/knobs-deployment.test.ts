/**
 * Production knobs of the manager and gencert Deployments: each setting's emitted field, the
 * release's objects untouched when nothing (or the release's own value) is set, located errors.
 */
import { Chart, Testing } from 'cdk8s';
import { ErrorCodes, OperatorRelease, PiraeusOperator, PiraeusOperatorProps } from '../src';
import { buildInstall, customizeInstall } from '../src/release';
import { expectPiraeusError } from './support/errors';
import { validateAll } from './support/k8s-validate';

type Obj = Record<string, any>;

const LATEST = OperatorRelease.latest();
const MANAGER = 'piraeus-operator-controller-manager';
const GENCERT = 'piraeus-operator-gencert';

function synth(props: PiraeusOperatorProps = {}): Obj[] {
  const chart = new Chart(Testing.app(), 'test');
  new PiraeusOperator(chart, 'piraeus', props);
  return Testing.synth(chart) as Obj[];
}

const find = (objects: readonly Obj[], kind: string, name: string) => {
  const hits = objects.filter((o) => o.kind === kind && o.metadata?.name === name);
  if (hits.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${hits.length}`);
  return hits[0];
};
const pod = (objects: readonly Obj[], name = MANAGER) => find(objects, 'Deployment', name).spec.template;
const container = (objects: readonly Obj[], name = MANAGER) => pod(objects, name).spec.containers[0];
const where = (message: string) => new RegExp(`^at test/piraeus: .*${message}`);

describe('defaults are the release\'s', () => {
  const untouched = synth();

  test('empty settings and settings equal to the release\'s values leave every object byte-identical', () => {
    const same = [
      { deployment: {}, gencertDeployment: {}, webhook: {} },
      { deployment: { replicas: 1, options: { leaderElect: true, requeueInterval: '1m', zapDevel: false, metricsBindAddress: '0', healthProbeBindAddress: ':8081' } } },
      { deployment: { tolerations: [{ key: 'drbd.linbit.com/lost-quorum', effect: 'NoSchedule' }], priorityClassName: 'system-cluster-critical' } },
      { webhook: { failurePolicy: 'Fail' as const } },
    ];
    for (const props of same) expect(JSON.stringify(synth(props))).toBe(JSON.stringify(untouched));
  });

  test('customizeInstall with no settings returns the install unchanged, and does not change its input', () => {
    for (const release of OperatorRelease.builtIn()) {
      const install = buildInstall(release);
      const before = JSON.stringify(install);
      const out = customizeInstall(install, release.parsedVersion, { manager: {}, gencert: {}, webhook: {} });
      expect(JSON.stringify(out)).toBe(before);
      customizeInstall(install, release.parsedVersion, { manager: { replicas: 3, podDisruptionBudget: {} }, webhook: { timeoutSeconds: 5 } });
      expect(JSON.stringify(install)).toBe(before);
    }
  });
});

describe('manager Deployment', () => {
  test('replicas and a PodDisruptionBudget that selects the manager\'s pods, right after the Deployment', () => {
    const objects = synth({ deployment: { replicas: 2, podDisruptionBudget: { minAvailable: 1 } } });
    const deployment = find(objects, 'Deployment', MANAGER);
    expect(deployment.spec.replicas).toBe(2);
    const pdb = find(objects, 'PodDisruptionBudget', MANAGER);
    expect(pdb).toEqual({
      apiVersion: 'policy/v1', kind: 'PodDisruptionBudget',
      metadata: { name: MANAGER, namespace: 'piraeus-datastore', labels: deployment.metadata.labels },
      spec: { minAvailable: 1, selector: deployment.spec.selector },
    });
    expect(objects.indexOf(pdb)).toBe(objects.indexOf(deployment) + 1);
    expect(validateAll(objects)).toEqual([]);
  });

  test('a percentage minAvailable is kept as written', () => {
    const objects = synth({ deployment: { replicas: 3, podDisruptionBudget: { minAvailable: '50%' } } });
    expect(find(objects, 'PodDisruptionBudget', MANAGER).spec.minAvailable).toBe('50%');
  });

  test('resources replace the release\'s block with plain quantity strings', () => {
    const objects = synth({ deployment: { resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '512Mi', ephemeralStorage: '1Gi' } } } });
    expect(container(objects).resources).toEqual({ limits: { 'memory': '512Mi', 'ephemeral-storage': '1Gi' }, requests: { cpu: '50m', memory: '128Mi' } });
    expect(validateAll(objects)).toEqual([]);
  });

  test('scheduling: nodeSelector, affinity, tolerations after the release\'s, priority class', () => {
    const objects = synth({
      deployment: {
        nodeSelector: { 'node-role.kubernetes.io/infra': '' },
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } } },
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'infra', effect: 'NoSchedule' }],
        priorityClassName: 'platform-critical',
      },
    });
    const spec = pod(objects).spec;
    expect(spec.nodeSelector).toEqual({ 'node-role.kubernetes.io/infra': '' });
    expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0]).toEqual({ key: 'zone', operator: 'In', values: ['a'] });
    expect(spec.tolerations).toEqual([
      { effect: 'NoSchedule', key: 'drbd.linbit.com/lost-quorum' },
      { effect: 'NoSchedule', key: 'drbd.linbit.com/force-io-error' },
      { key: 'dedicated', operator: 'Equal', value: 'infra', effect: 'NoSchedule' },
    ]);
    expect(spec.priorityClassName).toBe('platform-critical');
    expect(validateAll(objects)).toEqual([]);
  });

  test('pod annotations and labels are added (sorted); the selector stays', () => {
    const objects = synth({ deployment: { podAnnotations: { 'prometheus.io/scrape': 'false' }, podLabels: { team: 'storage' } } });
    const template = pod(objects);
    expect(template.metadata.annotations).toEqual({ 'kubectl.kubernetes.io/default-container': 'manager', 'prometheus.io/scrape': 'false' });
    expect(template.metadata.labels).toEqual({ 'app.kubernetes.io/component': 'piraeus-operator', 'app.kubernetes.io/name': 'piraeus-datastore', 'team': 'storage' });
    expect(find(objects, 'Deployment', MANAGER).spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/component': 'piraeus-operator', 'app.kubernetes.io/name': 'piraeus-datastore' });
  });

  test('security contexts merge over the release\'s; imagePullPolicy is set', () => {
    const objects = synth({
      deployment: {
        podSecurityContext: { fsGroup: 2000, seccompProfile: { type: 'RuntimeDefault' } },
        securityContext: { capabilities: { drop: ['ALL'] }, runAsUser: 1000 },
        imagePullPolicy: 'Always',
      },
    });
    expect(pod(objects).spec.securityContext).toEqual({ runAsNonRoot: true, fsGroup: 2000, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container(objects).securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, runAsUser: 1000 });
    expect(container(objects).imagePullPolicy).toBe('Always');
    expect(validateAll(objects)).toEqual([]);
  });

  test('env, volumes and mounts are appended; ServiceAccount annotations land on the manager\'s ServiceAccount only', () => {
    const objects = synth({
      deployment: {
        env: [{ name: 'HTTPS_PROXY', value: 'http://proxy:3128' }],
        volumes: [{ name: 'capi', secret: { secretName: 'capi-kubeconfig' } }],
        volumeMounts: [{ name: 'capi', mountPath: '/etc/capi', readOnly: true }],
        extraArgs: ['--cluster-api-kubeconfig=/etc/capi/value'],
        serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/piraeus' },
      },
    });
    const c = container(objects);
    expect(c.env.at(-1)).toEqual({ name: 'HTTPS_PROXY', value: 'http://proxy:3128' });
    expect(pod(objects).spec.volumes.at(-1)).toEqual({ name: 'capi', secret: { secretName: 'capi-kubeconfig' } });
    expect(c.volumeMounts.at(-1)).toEqual({ name: 'capi', mountPath: '/etc/capi', readOnly: true });
    expect(c.args.at(-1)).toBe('--cluster-api-kubeconfig=/etc/capi/value');
    expect(find(objects, 'ServiceAccount', MANAGER).metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/piraeus' });
    expect(find(objects, 'ServiceAccount', GENCERT).metadata.annotations).toBeUndefined();
    expect(validateAll(objects)).toEqual([]);
  });
});

describe('operator flags', () => {
  test('a flag the release passes through a variable sets the variable; others replace or append an argument', () => {
    const objects = synth({
      deployment: {
        options: {
          leaderElect: false, metricsBindAddress: ':8080', linstorApiQps: 20, linstorNodeCacheDuration: '5m',
          requeueInterval: '30s', zapDevel: true, zapLogLevel: 'debug', zapEncoder: 'console', zapStacktraceLevel: 'panic', zapTimeEncoding: 'iso8601',
        },
      },
    });
    const c = container(objects);
    expect(c.args).toEqual([
      '--leader-elect=false', '--metrics-bind-address=:8080', '--namespace=$(NAMESPACE)', '--zap-devel=$(ZAP_DEVEL)',
      '--image-config-map-name=$(IMAGE_CONFIG_MAP_NAME)', '--requeue-interval=$(REQUEUE_INTERVAL)',
      '--linstor-api-qps=20', '--linstor-node-cache-duration=5m', '--zap-log-level=debug', '--zap-encoder=console',
      '--zap-stacktrace-level=panic', '--zap-time-encoding=iso8601',
    ]);
    const env = new Map(c.env.filter((e: Obj) => 'value' in e).map((e: Obj) => [e.name, e.value]));
    expect(env.get('ZAP_DEVEL')).toBe('true');
    expect(env.get('REQUEUE_INTERVAL')).toBe('30s');
  });

  test('the health probe address moves both probes to its port', () => {
    const c = container(synth({ deployment: { options: { healthProbeBindAddress: ':9090' } } }));
    expect(c.args.at(-1)).toBe('--health-probe-bind-address=:9090');
    expect(c.livenessProbe.httpGet.port).toBe(9090);
    expect(c.readinessProbe.httpGet.port).toBe(9090);
  });

  test('extraArgs replace a flag the release already passes', () => {
    const c = container(synth({ deployment: { extraArgs: ['--metrics-bind-address=:8443'] } }));
    expect(c.args.filter((a: string) => a.startsWith('--metrics-bind-address'))).toEqual(['--metrics-bind-address=:8443']);
  });

  test('requeueInterval is offered from v2.8.1: v2.8.1 appends it, v2.8.0 refuses it', () => {
    const v281 = container(synth({ release: OperatorRelease.of('v2.8.1'), deployment: { options: { requeueInterval: '2m' } } }));
    expect(v281.env.find((e: Obj) => e.name === 'REQUEUE_INTERVAL').value).toBe('2m');
    const v260 = OperatorRelease.of('v2.6.0');
    expect(container(synth({ release: v260, deployment: { options: { zapDevel: false } } })).args.at(-1)).toBe('--zap-devel=false');
    expectPiraeusError(() => synth({ release: OperatorRelease.of('v2.8.0'), deployment: { options: { requeueInterval: '2m' } } }),
      ErrorCodes.RELEASE_CAPABILITY, where("deployment.options.requeueInterval \\(--requeue-interval\\): release v2.8.0's operator has no such flag"));
  });
});

describe('gencert Deployment', () => {
  test('pod settings reach gencert and not the manager', () => {
    const objects = synth({
      gencertDeployment: {
        resources: { requests: { cpu: '1m' } }, nodeSelector: { infra: 'true' }, tolerations: [{ operator: 'Exists' }],
        priorityClassName: 'low', imagePullPolicy: 'IfNotPresent', podAnnotations: { a: 'b' },
      },
    });
    const g = pod(objects, GENCERT);
    expect(g.spec.containers[0].resources).toEqual({ requests: { cpu: '1m' } });
    expect(g.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
    expect(g.spec.nodeSelector).toEqual({ infra: 'true' });
    expect(g.spec.tolerations.at(-1)).toEqual({ operator: 'Exists' });
    expect(g.spec.priorityClassName).toBe('low');
    expect(g.metadata.annotations.a).toBe('b');
    expect(pod(objects).spec.nodeSelector).toBeUndefined();
    expect(validateAll(objects)).toEqual([]);
  });
});

describe('invalid settings are located errors', () => {
  const cases: Array<[string, PiraeusOperatorProps, string]> = [
    ['a PDB with one replica', { deployment: { podDisruptionBudget: {} } }, 'deployment.podDisruptionBudget.minAvailable 1 with 1 replica\\(s\\) never allows an eviction'],
    ['a PDB with no replicas', { deployment: { replicas: 0, podDisruptionBudget: { minAvailable: 1 } } }, 'minAvailable 1 with 0 replica\\(s\\)'],
    ['a PDB of 100%', { deployment: { replicas: 2, podDisruptionBudget: { minAvailable: '100%' } } }, 'minAvailable "100%" with 2 replica'],
    ['a malformed percentage', { deployment: { replicas: 2, podDisruptionBudget: { minAvailable: 'half' } } }, 'must be a count or a percentage'],
    ['a negative replica count', { deployment: { replicas: -1 } }, 'deployment.replicas -1 must be a whole number'],
    ['replicas without leader election', { deployment: { replicas: 2, options: { leaderElect: false } } }, 'every replica would reconcile at once'],
    ['a quantity that does not parse', { deployment: { resources: { limits: { memory: '256MB' } } } }, 'deployment.resources.limits.memory "256MB" is not a Kubernetes quantity'],
    ['a gencert quantity that does not parse', { gencertDeployment: { resources: { requests: { cpu: 'lots' } } } }, 'gencertDeployment.resources.requests.cpu "lots"'],
    ['a negative quantity', { deployment: { resources: { requests: { cpu: '-1' } } } }, 'must not be negative'],
    ['a selector label', { deployment: { podLabels: { 'app.kubernetes.io/name': 'x' } } }, 'deployment.podLabels must not set "app.kubernetes.io/name"'],
    ['a pull policy', { deployment: { imagePullPolicy: 'Sometimes' as never } }, 'must be Always, IfNotPresent or Never'],
    ['a bad duration', { deployment: { options: { linstorNodeCacheDuration: '5 minutes' } } }, 'deployment.options.linstorNodeCacheDuration "5 minutes" must be a positive Go duration'],
    ['a bad address', { deployment: { options: { healthProbeBindAddress: '0' } } }, 'must be host:port'],
    ['a bad log level', { deployment: { options: { zapLogLevel: 'verbose' } } }, "must be 'debug', 'info', 'error' or an integer above 0"],
    ['a zero qps', { deployment: { options: { linstorApiQps: 0 } } }, 'must be a number above 0'],
    ['an extra arg for a typed flag', { deployment: { options: { zapDevel: true }, extraArgs: ['--zap-devel=false'] } }, 'deployment.extraArgs sets --zap-devel, which deployment.options also sets'],
    ['an extra arg the library owns', { deployment: { extraArgs: ['--namespace=other'] } }, 'must not set --namespace'],
    ['an extra arg that is no flag', { deployment: { extraArgs: ['verbose'] } }, 'is not a flag'],
    ['a duplicate variable', { deployment: { env: [{ name: 'NAMESPACE', value: 'x' }] } }, 'deployment.env sets NAMESPACE, which the manager container already has'],
    ['a duplicate volume', { deployment: { volumes: [{ name: 'cert', emptyDir: {} }] } }, 'a volume "cert" already exists'],
    ['a mount without its volume', { deployment: { volumeMounts: [{ name: 'missing', mountPath: '/x' }] } }, 'no volume "missing" in the pod'],
    ['a bad priority class', { deployment: { priorityClassName: 'Not A Name' } }, 'is not a DNS-1123 name'],
  ];
  test.each(cases)('%s', (_name, props, message) => {
    expectPiraeusError(() => synth(props), ErrorCodes.INVALID_PROPS, where(message));
  });
});

test('the latest release is the one the defaults were read from', () => {
  expect(LATEST.version).toBe('v2.10.4');
});
