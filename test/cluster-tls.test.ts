/**
 * LINSTOR TLS and passphrase: the spec fields each factory emits, the CA the library makes with
 * cert-manager (schema-checked), where PiraeusInstall and PiraeusDatastore put the objects, and
 * every mistake as a located INVALID_PROPS error.
 */
import { Chart, Testing } from 'cdk8s';
import {
  collectWarnings, ErrorCodes, LinstorApiTls, LinstorCluster, LinstorClusterProps, LinstorInternalTls, LinstorPassphrase,
  LinstorSatelliteConfiguration, LinstorSatelliteConfigurationProps, PiraeusDatastore, PiraeusInstall, PiraeusInstallProps,
  NodeInventory, PiraeusOperator, PiraeusPreview, WebhookCertificates,
} from '../src';
import { applyPlan } from '../src/release/apply-plan';
import { expectPiraeusError } from './support/errors';
import { validateAll } from './support/k8s-validate';

type Obj = Record<string, any>;

const NS = 'piraeus-datastore';

function synthCluster(props: LinstorClusterProps): { objects: Obj[]; cluster: LinstorCluster; chart: Chart } {
  const chart = new Chart(Testing.app(), 'test');
  const cluster = new LinstorCluster(chart, 'cluster', props);
  return { objects: Testing.synth(chart) as Obj[], cluster, chart };
}

const clusterOf = (objects: readonly Obj[]) => objects.find((o) => o.kind === 'LinstorCluster')!;
const satelliteConfigs = (objects: readonly Obj[]) => objects.filter((o) => o.kind === 'LinstorSatelliteConfiguration');
const certManagerObjects = (objects: readonly Obj[]) => objects.filter((o) => String(o.apiVersion).startsWith('cert-manager.io/'));
const names = (objects: readonly Obj[]) => objects.map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`);

/** The three objects of a library-made CA, as upstream's linstor-cluster chart makes them. */
function caObjects(ca: string, bootstrap = 'linstorcluster-ca-bootstrapper', namespace = NS): Obj[] {
  return [
    {
      apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: ca, namespace },
      spec: {
        commonName: ca, duration: '87600h', isCA: true, issuerRef: { kind: 'Issuer', name: bootstrap }, secretName: ca,
        usages: ['signing', 'key encipherment', 'cert sign'],
      },
    },
    { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: { name: ca, namespace }, spec: { ca: { secretName: ca } } },
  ];
}
const bootstrapIssuer = (name = 'linstorcluster-ca-bootstrapper', namespace = NS): Obj => ({
  apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: { name, namespace }, spec: { selfSigned: {} },
});

describe('API TLS', () => {
  test.each<[string, LinstorApiTls, Obj]>([
    ['certManager with an Issuer', LinstorApiTls.certManager({ kind: 'Issuer', name: 'api-issuer' }), { certManager: { kind: 'Issuer', name: 'api-issuer' } }],
    ['certManager with a ClusterIssuer and a group', LinstorApiTls.certManager({ kind: 'ClusterIssuer', name: 'corp', group: 'cert-manager.io' }),
      { certManager: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'corp' } }],
    ['an external issuer with its group', LinstorApiTls.certManager({ kind: 'AWSPCAClusterIssuer', name: 'pca', group: 'awspca.cert-manager.io' }),
      { certManager: { group: 'awspca.cert-manager.io', kind: 'AWSPCAClusterIssuer', name: 'pca' } }],
    ['certManager with every Secret named', LinstorApiTls.certManager({ kind: 'Issuer', name: 'i' }, {
      apiSecretName: 'a', clientSecretName: 'b', csiControllerSecretName: 'c', csiNodeSecretName: 'd', affinityControllerSecretName: 'e', nfsServerSecretName: 'f',
    }), {
      affinityControllerSecretName: 'e', apiSecretName: 'a', certManager: { kind: 'Issuer', name: 'i' }, clientSecretName: 'b',
      csiControllerSecretName: 'c', csiNodeSecretName: 'd', nfsServerSecretName: 'f',
    }],
    ['fromSecrets with the operator\'s names', LinstorApiTls.fromSecrets(), {}],
    ['fromSecrets with names and a CA reference', LinstorApiTls.fromSecrets({ apiSecretName: 'my-api', caReference: { name: 'corp-ca', kind: 'ConfigMap' as never, key: 'ca.pem' } }),
      { apiSecretName: 'my-api', caReference: { key: 'ca.pem', kind: 'ConfigMap', name: 'corp-ca' } }],
    ['fromSecrets may share one client Secret', LinstorApiTls.fromSecrets({ clientSecretName: 'clients', csiNodeSecretName: 'clients', csiControllerSecretName: 'clients' }),
      { clientSecretName: 'clients', csiControllerSecretName: 'clients', csiNodeSecretName: 'clients' }],
    ['selfSignedCa', LinstorApiTls.selfSignedCa(), { certManager: { kind: 'Issuer', name: 'linstorcluster-api-ca' } }],
    ['selfSignedCa with its name', LinstorApiTls.selfSignedCa({ caName: 'api-ca', apiSecretName: 'api' }), { apiSecretName: 'api', certManager: { kind: 'Issuer', name: 'api-ca' } }],
  ])('%s: spec.apiTLS', (_label, api, apiTLS) => {
    const { objects } = synthCluster({ tls: { api } });
    expect(clusterOf(objects).spec).toEqual({ apiTLS });
    expect(validateAll(objects)).toEqual([]);
  });

  test('only selfSignedCa makes objects: the bootstrap Issuer, the CA Certificate and its Issuer', () => {
    expect(certManagerObjects(synthCluster({ tls: { api: LinstorApiTls.certManager({ kind: 'Issuer', name: 'x' }) } }).objects)).toEqual([]);
    expect(certManagerObjects(synthCluster({ tls: { api: LinstorApiTls.fromSecrets() } }).objects)).toEqual([]);
    const { objects, cluster } = synthCluster({ tls: { api: LinstorApiTls.selfSignedCa() } });
    expect(certManagerObjects(objects)).toEqual([bootstrapIssuer(), ...caObjects('linstorcluster-api-ca')]);
    expect(cluster.apiTlsIssuerRef).toEqual({ kind: 'Issuer', name: 'linstorcluster-api-ca' });
    expect(cluster.prerequisites?.certificates.map((c) => c.name)).toEqual(['linstorcluster-api-ca']);
    expect(cluster.prerequisites?.issuers.map((c) => c.name)).toEqual(['linstorcluster-ca-bootstrapper', 'linstorcluster-api-ca']);
  });

  test('the objects are named after the cluster, carry its labels and go to the operator namespace', () => {
    const { objects } = synthCluster({ name: 'linstor-cluster', labels: { team: 'storage' }, operatorNamespace: 'storage', tls: { api: LinstorApiTls.selfSignedCa() } });
    expect(names(certManagerObjects(objects))).toEqual([
      'Issuer storage/linstor-cluster-ca-bootstrapper', 'Certificate storage/linstor-cluster-api-ca', 'Issuer storage/linstor-cluster-api-ca',
    ]);
    for (const o of certManagerObjects(objects)) expect(o.metadata.labels).toEqual({ team: 'storage' });
    expect(clusterOf(objects).metadata.namespace).toBeUndefined();
  });
});

describe('internal TLS', () => {
  test.each<[string, LinstorInternalTls, Obj, Obj | undefined]>([
    ['certManager', LinstorInternalTls.certManager({ kind: 'ClusterIssuer', name: 'corp' }),
      { certManager: { kind: 'ClusterIssuer', name: 'corp' } }, { certManager: { kind: 'ClusterIssuer', name: 'corp' } }],
    ['certManager with the controller\'s Secret and tlshd', LinstorInternalTls.certManager({ kind: 'Issuer', name: 'i' }, { secretName: 'ctrl-tls', tlsHandshakeDaemon: true }),
      { certManager: { kind: 'Issuer', name: 'i' }, secretName: 'ctrl-tls' }, { certManager: { kind: 'Issuer', name: 'i' }, tlsHandshakeDaemon: true }],
    ['certManager, satellites left to you', LinstorInternalTls.certManager({ kind: 'Issuer', name: 'i' }, { satellites: false }),
      { certManager: { kind: 'Issuer', name: 'i' } }, undefined],
    ['selfSignedCa', LinstorInternalTls.selfSignedCa(),
      { certManager: { kind: 'Issuer', name: 'linstorcluster-internal-ca' } }, { certManager: { kind: 'Issuer', name: 'linstorcluster-internal-ca' } }],
    ['fromSecrets', LinstorInternalTls.fromSecrets({ secretName: 'ctrl', satelliteSecretName: 'nodes', caReference: { name: 'ca' } }),
      { caReference: { name: 'ca' }, secretName: 'ctrl' }, { caReference: { name: 'ca' }, secretName: 'nodes' }],
    ['fromSecrets with the controller\'s default Secret', LinstorInternalTls.fromSecrets({ satelliteSecretName: 'nodes' }), {}, { secretName: 'nodes' }],
    ['fromSecrets, satellites left to you', LinstorInternalTls.fromSecrets({ satellites: false }), {}, undefined],
  ])('%s: spec.internalTLS and the satellites\' configuration', (_label, internal, internalTLS, satellite) => {
    const { objects, cluster } = synthCluster({ tls: { internal } });
    expect(clusterOf(objects).spec).toEqual({ internalTLS });
    const configs = satelliteConfigs(objects);
    if (satellite === undefined) {
      expect(configs).toEqual([]);
      expect(cluster.internalTlsSatellites).toBeUndefined();
    } else {
      expect(configs).toEqual([{ apiVersion: 'piraeus.io/v1', kind: 'LinstorSatelliteConfiguration', metadata: { name: 'internal-tls' }, spec: { internalTLS: satellite } }]);
      expect(cluster.internalTlsSatellites?.name).toBe('internal-tls');
    }
    expect(validateAll(objects)).toEqual([]);
  });

  test('selfSignedCa makes the internal CA; with API TLS too, one bootstrap Issuer signs both CAs', () => {
    const { objects } = synthCluster({ tls: { api: LinstorApiTls.selfSignedCa(), internal: LinstorInternalTls.selfSignedCa({ caName: 'internal-ca' }) } });
    expect(certManagerObjects(objects)).toEqual([bootstrapIssuer(), ...caObjects('linstorcluster-api-ca'), ...caObjects('internal-ca')]);
    expect(validateAll(objects)).toEqual([]);
  });

  test('a satellite configuration takes the cluster\'s issuer or a Secret', () => {
    const chart = new Chart(Testing.app(), 'test');
    const cluster = new LinstorCluster(chart, 'cluster', { tls: { internal: LinstorInternalTls.selfSignedCa({ satellites: false }) } });
    new LinstorSatelliteConfiguration(chart, 'workers', { name: 'workers', tls: LinstorInternalTls.certManager(cluster.internalTlsIssuerRef!, { tlsHandshakeDaemon: true }) });
    new LinstorSatelliteConfiguration(chart, 'edge', { name: 'edge', tls: LinstorInternalTls.fromSecrets({ secretName: 'edge-tls' }) });
    const objects = Testing.synth(chart) as Obj[];
    expect(satelliteConfigs(objects).map((o) => [o.metadata.name, o.spec.internalTLS])).toEqual([
      ['workers', { certManager: { kind: 'Issuer', name: 'linstorcluster-internal-ca' }, tlsHandshakeDaemon: true }],
      ['edge', { secretName: 'edge-tls' }],
    ]);
    expect(validateAll(objects)).toEqual([]);
  });
});

describe('passphrase', () => {
  test('fromSecret only names the Secret; nothing is made, nothing warned', () => {
    const { objects, chart } = synthCluster({ passphrase: LinstorPassphrase.fromSecret('my-passphrase') });
    expect(objects).toHaveLength(1);
    expect(clusterOf(objects).spec).toEqual({ linstorPassphraseSecret: 'my-passphrase' });
    expect(collectWarnings(chart)).toEqual([]);
  });

  test.each<[string, LinstorPassphrase, string]>([
    ['the default name', LinstorPassphrase.fromValue('correct horse battery staple'), 'linstorcluster-passphrase'],
    ['its own name', LinstorPassphrase.fromValue('correct horse battery staple', { secretName: 'linstor-passphrase' }), 'linstor-passphrase'],
  ])('fromValue makes the Secret (%s) with MASTER_PASSPHRASE and warns that the value is in the output', (_label, passphrase, secretName) => {
    const { objects, chart } = synthCluster({ passphrase });
    expect(clusterOf(objects).spec).toEqual({ linstorPassphraseSecret: secretName });
    const secret = objects.find((o) => o.kind === 'Secret')!;
    expect(secret).toEqual({
      apiVersion: 'v1', kind: 'Secret', metadata: { name: secretName, namespace: NS },
      data: { MASTER_PASSPHRASE: Buffer.from('correct horse battery staple').toString('base64') },
    });
    expect(collectWarnings(chart)).toEqual([
      `at test/cluster: the LINSTOR passphrase is in the synthesized output (Secret ${secretName}, only base64-encoded): do not commit it unencrypted, `
      + 'or create the Secret yourself and use LinstorPassphrase.fromSecret() [SECRET_IN_OUTPUT]',
    ]);
    expect(validateAll(objects)).toEqual([]);
    expect(passphrase.createsSecret).toBe(true);
    expect(JSON.stringify(passphrase)).not.toContain('correct horse');
  });
});

describe('nothing set', () => {
  test('no TLS and no passphrase: the spec and the objects are what they were', () => {
    const { objects, cluster } = synthCluster({});
    expect(objects).toEqual([{ apiVersion: 'piraeus.io/v1', kind: 'LinstorCluster', metadata: { name: 'linstorcluster' }, spec: {} }]);
    expect(cluster.prerequisites).toBeUndefined();
    expect(cluster.operatorNamespace).toBe(NS);
  });

  test('the raw spec fields still work unchanged', () => {
    const raw = { apiTls: { certManager: { name: 'x', kind: 'Issuer' } }, internalTls: { secretName: 's' }, linstorPassphraseSecret: 'p' };
    const { objects } = synthCluster(raw);
    expect(clusterOf(objects).spec).toEqual({ apiTLS: raw.apiTls, internalTLS: raw.internalTls, linstorPassphraseSecret: 'p' });
    expect(satelliteConfigs(objects)).toEqual([]);
  });
});

describe('placement in the installs', () => {
  const TLS: LinstorClusterProps = {
    tls: { api: LinstorApiTls.selfSignedCa(), internal: LinstorInternalTls.selfSignedCa() },
    passphrase: LinstorPassphrase.fromValue('secret'),
  };

  function synthInstall(props: PiraeusInstallProps) {
    const app = Testing.app();
    const install = new PiraeusInstall(app, 'storage', props);
    const [crds, operator, cluster] = [install.crdsChart, install.operatorChart, install.clusterChart].map((c) => Testing.synth(c) as Obj[]);
    return { install, crds, operator, cluster };
  }

  test('PiraeusInstall: the CA and the Secret apply with the operator, the LinstorCluster and its satellites\' configuration after it', () => {
    const { operator, cluster } = synthInstall({ cluster: TLS });
    expect(names(operator.filter((o) => ['Issuer', 'Certificate', 'Secret'].includes(o.kind)))).toEqual([
      'Issuer piraeus-datastore/linstorcluster-ca-bootstrapper',
      'Certificate piraeus-datastore/linstorcluster-api-ca', 'Issuer piraeus-datastore/linstorcluster-api-ca',
      'Certificate piraeus-datastore/linstorcluster-internal-ca', 'Issuer piraeus-datastore/linstorcluster-internal-ca',
      'Secret piraeus-datastore/linstorcluster-passphrase',
    ]);
    expect(names(cluster)).toEqual(['LinstorCluster /linstorcluster', 'LinstorSatelliteConfiguration /internal-tls']);
    expect(validateAll([...operator, ...cluster])).toEqual([]);
  });

  test('PiraeusInstall: the operator\'s own objects are the same as without TLS', () => {
    const plain = synthInstall({}).operator;
    const withTls = synthInstall({ cluster: TLS }).operator.filter((o) => !['Issuer', 'Certificate', 'Secret'].includes(o.kind));
    expect(withTls).toEqual(plain);
  });

  test('PiraeusInstall: the operator\'s namespace is the cluster\'s', () => {
    const { install, operator } = synthInstall({ operator: { namespace: 'storage' }, cluster: TLS });
    expect(install.cluster.operatorNamespace).toBe('storage');
    expect(new Set(operator.filter((o) => ['Issuer', 'Certificate', 'Secret'].includes(o.kind)).map((o) => o.metadata.namespace))).toEqual(new Set(['storage']));
  });

  test('the apply plan waits for the CAs and still for the webhook\'s own certificate', () => {
    const { operator } = synthInstall({ cluster: TLS, operator: { webhookCertificates: WebhookCertificates.certManager() } });
    const steps = applyPlan([{ path: 'operator.yaml', objects: operator }]).map((s) => s.command);
    expect(steps).toEqual([
      'kubectl apply --server-side -f operator.yaml',
      'kubectl -n piraeus-datastore wait --for=condition=Ready --timeout=300s certificate/linstorcluster-api-ca',
      'kubectl -n piraeus-datastore wait --for=condition=Ready --timeout=300s certificate/linstorcluster-internal-ca',
      'kubectl -n piraeus-datastore wait --for=condition=Ready --timeout=300s certificate/piraeus-operator-serving-cert',
      'kubectl -n piraeus-datastore wait --for=condition=Available --timeout=300s deployment/piraeus-operator-controller-manager',
    ]);
  });

  test('PiraeusDatastore: one chart, the operator\'s namespace', () => {
    const chart = new Chart(Testing.app(), 'one');
    new PiraeusDatastore(chart, 'ds', { operator: { namespace: 'storage', installCrds: false }, cluster: TLS });
    const objects = Testing.synth(chart) as Obj[];
    expect(certManagerObjects(objects).map((o) => o.metadata.namespace)).toEqual(['storage', 'storage', 'storage', 'storage', 'storage']);
    expect(objects.find((o) => o.kind === 'Secret')?.metadata.namespace).toBe('storage');
    expect(validateAll(objects)).toEqual([]);
  });
});

describe('mistakes are located errors', () => {
  const at = (path: string, detail: string) => new RegExp(`^at ${path.replace(/\//g, '\\/')}: ${detail}`);
  const issuer = { kind: 'Issuer', name: 'i' };

  test.each<[string, LinstorClusterProps, string]>([
    ['an issuer kind that does not exist', { tls: { api: LinstorApiTls.certManager({ kind: 'Issuers', name: 'i' }) } }, 'tls.api: the issuer\'s kind "Issuers" must be Issuer or ClusterIssuer'],
    ['an external kind without its group', { tls: { internal: LinstorInternalTls.certManager({ kind: 'AWSPCAIssuer', name: 'i' }) } }, 'tls.internal: the issuer\'s kind "AWSPCAIssuer" must be Issuer or ClusterIssuer \\(an external'],
    ['an issuer without a name', { tls: { api: LinstorApiTls.certManager({ kind: 'Issuer', name: '' }) } }, 'tls.api: the issuer\'s name "" is not a DNS-1123 name'],
    ['an empty Secret name', { tls: { api: LinstorApiTls.fromSecrets({ apiSecretName: '' }) } }, 'tls.api.apiSecretName "" is not a DNS-1123 name'],
    ['a Secret name Kubernetes refuses', { tls: { internal: LinstorInternalTls.fromSecrets({ secretName: 'Ctrl_TLS', satellites: false }) } }, 'tls.internal.secretName "Ctrl_TLS" is not a DNS-1123 name'],
    ['two Certificates writing one Secret', { tls: { api: LinstorApiTls.certManager(issuer, { clientSecretName: 'tls', csiNodeSecretName: 'tls' }) } },
      'tls.api: clientSecretName and csiNodeSecretName are both "tls"; with cert-manager each needs a Secret of its own'],
    ['a client Secret named like a default one', { tls: { api: LinstorApiTls.selfSignedCa({ clientSecretName: 'linstor-api-tls' }) } },
      'tls.api: apiSecretName and clientSecretName are both "linstor-api-tls"'],
    ['the CA\'s Secret is also a certificate\'s', { tls: { api: LinstorApiTls.selfSignedCa({ caName: 'linstor-api-tls' }) } }, 'tls.api: the CA\'s Secret "linstor-api-tls" is also apiSecretName'],
    ['one CA name for both', { tls: { api: LinstorApiTls.selfSignedCa({ caName: 'ca' }), internal: LinstorInternalTls.selfSignedCa({ caName: 'ca' }) } },
      'tls.internal: caName "ca" is the API\'s CA too'],
    ['a CA named like the bootstrap Issuer', { tls: { api: LinstorApiTls.selfSignedCa({ caName: 'linstorcluster-ca-bootstrapper' }) } }, 'tls: caName "linstorcluster-ca-bootstrapper" is the bootstrap Issuer\'s name'],
    ['a CA name Kubernetes refuses', { tls: { internal: LinstorInternalTls.selfSignedCa({ caName: 'My CA' }) } }, 'tls.internal: caName "My CA" is not a DNS-1123 name'],
    ['satellites without a certificate', { tls: { internal: LinstorInternalTls.fromSecrets() } }, 'tls.internal: the satellites need a certificate too: give satelliteSecretName'],
    ['tlshd without satellites', { tls: { internal: LinstorInternalTls.certManager(issuer, { satellites: false, tlsHandshakeDaemon: true }) } },
      'tls.internal: tlsHandshakeDaemon runs on the satellites, but satellites is false'],
    ['a satellite Secret with cert-manager', { tls: { internal: LinstorInternalTls.certManager(issuer, { satelliteSecretName: 'x' } as never) } },
      'tls.internal: satelliteSecretName is for Secrets you provide'],
    ['a CA reference of another kind', { tls: { api: LinstorApiTls.fromSecrets({ caReference: { name: 'ca', kind: 'Certificate' as never } }) } },
      'tls.api.caReference.kind "Certificate" must be Secret or ConfigMap'],
    ['typed and raw API TLS', { tls: { api: LinstorApiTls.fromSecrets() }, apiTls: {} }, 'tls.api and apiTls both set TLS or the passphrase; give one'],
    ['typed and raw internal TLS', { tls: { internal: LinstorInternalTls.fromSecrets({ satellites: false }) }, internalTls: {} }, 'tls.internal and internalTls both'],
    ['typed and raw passphrase', { passphrase: LinstorPassphrase.fromSecret('a'), linstorPassphraseSecret: 'b' }, 'passphrase and linstorPassphraseSecret both'],
    ['an empty passphrase', { passphrase: LinstorPassphrase.fromValue('') }, 'passphrase: the value must not be empty'],
    ['a passphrase Secret name Kubernetes refuses', { passphrase: LinstorPassphrase.fromSecret('') }, 'passphrase secretName "" is not a DNS-1123 name'],
  ])('%s', (_label, props, detail) => {
    expectPiraeusError(() => synthCluster(props), ErrorCodes.INVALID_PROPS, at('test/cluster', detail));
  });

  test.each<[string, LinstorSatelliteConfigurationProps, string]>([
    ['a CA of its own', { tls: LinstorInternalTls.selfSignedCa() }, 'tls: a satellite configuration cannot make a CA'],
    ['Secrets without a name', { tls: LinstorInternalTls.fromSecrets() }, 'tls: Secrets you provide need secretName'],
    ['the cluster\'s satellites setting', { tls: LinstorInternalTls.certManager({ kind: 'Issuer', name: 'i' }, { satellites: true }) }, 'tls: satellites is a LinstorCluster setting'],
    ['the cluster\'s satellite Secret', { tls: LinstorInternalTls.fromSecrets({ satelliteSecretName: 'x' }) }, 'tls: satelliteSecretName is a LinstorCluster setting'],
    ['typed and raw', { tls: LinstorInternalTls.fromSecrets({ secretName: 'x' }), internalTls: {} }, 'tls and internalTls both'],
    ['an issuer kind that does not exist', { tls: LinstorInternalTls.certManager({ kind: 'Certificate', name: 'i' }) }, 'tls: the issuer\'s kind "Certificate"'],
  ])('satellite configuration: %s', (_label, props, detail) => {
    const chart = new Chart(Testing.app(), 'test');
    expectPiraeusError(() => new LinstorSatelliteConfiguration(chart, 'sat', props), ErrorCodes.INVALID_PROPS, at('test/sat', detail));
  });

  test('an operator in another namespace than the cluster\'s objects', () => {
    const chart = new Chart(Testing.app(), 'test');
    const cluster = new LinstorCluster(chart, 'cluster', { tls: { api: LinstorApiTls.selfSignedCa() } });
    expectPiraeusError(() => new PiraeusOperator(chart, 'op', { namespace: 'storage', cluster, installCrds: false }), ErrorCodes.INVALID_PROPS,
      at('test/op', 'the served LinstorCluster puts its CA and passphrase objects in namespace "piraeus-datastore", but the operator runs in "storage"'));
  });

  test('a cluster namespace that contradicts the install\'s', () => {
    expectPiraeusError(() => new PiraeusInstall(Testing.app(), 'storage', { cluster: { operatorNamespace: 'other', passphrase: LinstorPassphrase.fromValue('x') } }),
      ErrorCodes.INVALID_PROPS, at('storage-operator/Operator', 'the served LinstorCluster puts its CA and passphrase objects in namespace "other"'));
  });

  test('PiraeusInstall places the prerequisites itself', () => {
    const app = Testing.app();
    expectPiraeusError(() => new PiraeusInstall(app, 'storage', { cluster: { prerequisites: new Chart(app, 'elsewhere') } }), ErrorCodes.INVALID_PROPS,
      at('storage', 'cluster.prerequisites must not be set'));
  });
});

test('the factories say what they are', () => {
  expect(LinstorApiTls.certManager({ kind: 'Issuer', name: 'x' })).toMatchObject({ method: 'cert-manager', issuerRef: { kind: 'Issuer', name: 'x' } });
  expect(LinstorApiTls.selfSignedCa({ caName: 'ca', apiSecretName: 'a' })).toMatchObject({ method: 'self-signed-ca', caName: 'ca', options: { apiSecretName: 'a' } });
  expect(LinstorApiTls.fromSecrets().method).toBe('secrets');
  expect(LinstorInternalTls.selfSignedCa().method).toBe('self-signed-ca');
  expect(LinstorInternalTls.fromSecrets({ satelliteSecretName: 's' }).options).toEqual({ satelliteSecretName: 's' });
  expect(LinstorPassphrase.fromSecret('p')).toMatchObject({ secretName: 'p', createsSecret: false });
});

test('the preview sees the satellites\' internal TLS the cluster turns on, tlshd included', () => {
  const app = Testing.app();
  const install = new PiraeusInstall(app, 'storage', {
    cluster: { tls: { internal: LinstorInternalTls.selfSignedCa({ tlsHandshakeDaemon: true }) } },
  });
  const preview = new PiraeusPreview(app, 'preview', { install, nodes: NodeInventory.fromNodes([{ name: 'n1', osImage: 'Ubuntu 22.04.4 LTS' }]) });
  const satellite = (preview.workloads as Obj[]).find((w) => w.kind === 'DaemonSet' && /satellite/.test(w.metadata.name))!;
  const names = [...(satellite.spec.template.spec.initContainers ?? []), ...satellite.spec.template.spec.containers].map((c: Obj) => c.name);
  expect(names).toContain('ktls-utils');
});
