/**
 * The OLM bundle directory: its tree, the ClusterServiceVersion derived from the release data
 * (deployments, exact permissions, owned CRDs, webhooks, install modes, related images, feature
 * annotations), the offline checks with a failing example for each rule, and writing it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv from 'ajv';
import { Chart, Testing } from 'cdk8s';
import { parse, stringify } from 'yaml';
import { ImageDigestLock, PiraeusOperator, WebhookCertificates } from '../src/constructs';
import { OlmBundle } from '../src/constructs/olm-bundle-dir';
import { ErrorCodes } from '../src/errors';
import { collectImages } from '../src/mirror/images';
import { importLockLines, serializeLock } from '../src/mirror/lock';
import { isDigestPinned } from '../src/mirror/olm';
import { olmBundle } from '../src/mirror/olm-bundle';
import { bundleImages, bundleMirrorImages } from '../src/mirror/olm-bundle-images';
import { checkSchema, CLUSTER_SERVICE_VERSION_SCHEMA } from '../src/mirror/olm-csv-schema';
import { RelatedImages } from '../src/mirror/olm-projection';
import { BundleProblem, formatBundleProblem, OlmBundleRules, validateOlmBundle } from '../src/mirror/olm-validate';
import { OperatorRelease } from '../src/release/operator-release';
import { expectPiraeusError } from './support/errors';

type Obj = Record<string, any>;
const CSV = 'manifests/piraeus-operator.clusterserviceversion.yaml';
const release = OperatorRelease.latest();
const releaseObjects = release.objects() as Obj[];
const byKindName = (kind: string, name: string) => releaseObjects.find((o) => o.kind === kind && o.metadata.name === name)!;

function digestLock(): ImageDigestLock {
  const probe = new PiraeusOperator(new Chart(Testing.app(), 'probe'), 'op');
  const lines = collectImages(probe.imagePlan.resolver, { operatorImage: probe.image })
    .map((i, n) => `${i.pullSpec}@sha256:${(n + 1).toString(16).padStart(64, '0')}`);
  return ImageDigestLock.fromText(serializeLock(importLockLines({ version: 1, images: {} }, lines.join('\n') + '\n', 'd.txt').lock, 'json'), 'lock.json');
}

const plain = OlmBundle.forRelease(release);
const csv = parse(plain.files[CSV]) as Obj;

function rulesOf(kind: string, name: string): Obj[] {
  return byKindName(kind, name).rules;
}

describe('the bundle tree', () => {
  test('manifests/, metadata/annotations.yaml and bundle.Dockerfile, nothing else', () => {
    expect(Object.keys(plain.files)).toEqual([
      'bundle.Dockerfile',
      'manifests/piraeus-operator-image-config_v1_configmap.yaml',
      CSV,
      'manifests/piraeus.io_linstorclusters.yaml',
      'manifests/piraeus.io_linstornodeconnections.yaml',
      'manifests/piraeus.io_linstorsatelliteconfigurations.yaml',
      'manifests/piraeus.io_linstorsatellites.yaml',
      'metadata/annotations.yaml',
    ]);
    const annotations = {
      'operators.operatorframework.io.bundle.mediatype.v1': 'registry+v1',
      'operators.operatorframework.io.bundle.manifests.v1': 'manifests/',
      'operators.operatorframework.io.bundle.metadata.v1': 'metadata/',
      'operators.operatorframework.io.bundle.package.v1': 'piraeus-operator',
      'operators.operatorframework.io.bundle.channels.v1': 'stable',
      'operators.operatorframework.io.bundle.channel.default.v1': 'stable',
    };
    expect(parse(plain.files['metadata/annotations.yaml'])).toEqual({ annotations });
    const dockerfile = plain.files['bundle.Dockerfile'].split('\n');
    expect(dockerfile[0]).toBe('FROM scratch');
    for (const [k, v] of Object.entries(annotations)) expect(dockerfile).toContain(`LABEL ${k}=${v}`);
    expect(dockerfile).toContain('COPY manifests /manifests/');
    expect(dockerfile).toContain('COPY metadata /metadata/');
  });

  test('the CRDs and the image ConfigMap as the release has them, without namespace', () => {
    const crd = parse(plain.files['manifests/piraeus.io_linstorclusters.yaml']);
    expect(crd).toEqual(byKindName('CustomResourceDefinition', 'linstorclusters.piraeus.io'));
    const cm = parse(plain.files['manifests/piraeus-operator-image-config_v1_configmap.yaml']);
    expect(cm.metadata.namespace).toBeUndefined();
    expect(cm.data).toEqual(release.imageConfigData());
  });

  test('passes the offline checks', () => {
    expect(plain.validate()).toEqual([]);
  });
});

describe('the ClusterServiceVersion', () => {
  test('install strategy: the manager Deployment as the operator builds it; no gencert (OLM serves the certificate)', () => {
    expect(csv.spec.install.strategy).toBe('deployment');
    const deployments = csv.spec.install.spec.deployments as Obj[];
    expect(deployments.map((d) => d.name)).toEqual(['piraeus-operator-controller-manager']);
    const manager = deployments[0];
    // OLM mounts its serving certificate at the webhook path: the release's own volume is gone.
    expect(manager.spec.template.spec.volumes).toBeUndefined();
    expect(manager.spec.template.spec.containers[0].volumeMounts).toBeUndefined();
    expect(manager.spec.template.spec.serviceAccountName).toBe('piraeus-operator-controller-manager');
    expect(manager.label).toEqual(byKindName('Deployment', 'piraeus-operator-controller-manager').metadata.labels);
    const env = manager.spec.template.spec.containers[0].env.map((e: Obj) => e.name);
    expect(env).toContain('RELATED_IMAGE_drbd-module-loader_drbd9-noble');
  });

  test('permissions and clusterPermissions: exactly the rules bound to each ServiceAccount', () => {
    const leader = rulesOf('Role', 'piraeus-operator-leader-election-role');
    expect(csv.spec.install.spec.permissions).toEqual([
      { serviceAccountName: 'piraeus-operator-controller-manager', rules: leader },
    ]);
    expect(csv.spec.install.spec.clusterPermissions).toEqual([
      { serviceAccountName: 'piraeus-operator-controller-manager', rules: rulesOf('ClusterRole', 'piraeus-operator-controller-manager') },
    ]);
  });

  test('the four CRDs are owned, with display names, descriptions and descriptors for fields that exist', () => {
    const owned = csv.spec.customresourcedefinitions.owned as Obj[];
    expect(owned.map((o) => [o.name, o.kind, o.version, o.displayName])).toEqual([
      ['linstorclusters.piraeus.io', 'LinstorCluster', 'v1', 'LINSTOR Cluster'],
      ['linstornodeconnections.piraeus.io', 'LinstorNodeConnection', 'v1', 'LINSTOR Node Connection'],
      ['linstorsatelliteconfigurations.piraeus.io', 'LinstorSatelliteConfiguration', 'v1', 'LINSTOR Satellite Configuration'],
      ['linstorsatellites.piraeus.io', 'LinstorSatellite', 'v1', 'LINSTOR Satellite'],
    ]);
    for (const o of owned) {
      expect(o.description.length).toBeGreaterThan(20);
      expect(o.statusDescriptors).toContainEqual(expect.objectContaining({ 'path': 'conditions', 'x-descriptors': ['urn:alm:descriptor:io.kubernetes.conditions'] }));
      const crd = byKindName('CustomResourceDefinition', o.name);
      const specFields = Object.keys(crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties);
      for (const d of o.specDescriptors ?? []) expect(specFields).toContain(d.path);
    }
    expect(owned[0].specDescriptors.map((d: Obj) => d.path)).toEqual(['repository', 'nodeSelector', 'externalController', 'linstorPassphraseSecret', 'apiTLS', 'internalTLS']);
    expect(csv.metadata.annotations['operators.operatorframework.io/internal-objects']).toBe('["linstorsatellites.piraeus.io"]');
    expect(JSON.parse(csv.metadata.annotations['alm-examples'])[0].kind).toBe('LinstorCluster');
  });

  test('the five webhooks with their paths and rules, served by the manager', () => {
    const vwc = releaseObjects.find((o) => o.kind === 'ValidatingWebhookConfiguration')!;
    const defs = csv.spec.webhookdefinitions as Obj[];
    expect(defs).toHaveLength(5);
    for (const w of vwc.webhooks as Obj[]) {
      expect(defs).toContainEqual({
        type: 'ValidatingAdmissionWebhook',
        generateName: w.name,
        deploymentName: 'piraeus-operator-controller-manager',
        containerPort: 443,
        targetPort: 9443,
        admissionReviewVersions: ['v1'],
        sideEffects: 'None',
        failurePolicy: 'Fail',
        rules: w.rules,
        webhookPath: w.clientConfig.service.path,
      });
    }
  });

  test('install modes, minKubeVersion, version, related images and feature annotations', () => {
    expect(csv.metadata.name).toBe('piraeus-operator.v2.10.4');
    expect(csv.spec.version).toBe('2.10.4');
    expect(csv.spec.minKubeVersion).toBe('1.22.0');
    expect(csv.spec.installModes).toEqual([
      { type: 'OwnNamespace', supported: true }, { type: 'SingleNamespace', supported: false },
      { type: 'MultiNamespace', supported: false }, { type: 'AllNamespaces', supported: false },
    ]);
    expect(csv.spec.relatedImages.length).toBeGreaterThan(20);
    expect(csv.metadata.annotations['features.operators.openshift.io/disconnected']).toBe('false');
    expect(csv.metadata.annotations['features.operators.openshift.io/csi']).toBe('true');
    expect(plain.disconnected.ready).toBe(false);
  });

  test('with a digest lock: disconnected-ready, every image of the bundle pinned by digest, checks pass', () => {
    for (const relatedImages of [RelatedImages.literal(), RelatedImages.projected()]) {
      const locked = OlmBundle.forRelease(release, { operator: { digestLock: digestLock(), relatedImages } });
      expect(locked.disconnected).toEqual({ ready: true, reasons: [] });
      const c = parse(locked.files[CSV]);
      expect(c.metadata.annotations['features.operators.openshift.io/disconnected']).toBe('true');
      const images = bundleImages(locked.files);
      expect(images.length).toBeGreaterThan(20);
      for (const i of images) expect({ image: i.reference, pinned: isDigestPinned(i.reference) }).toEqual({ image: i.reference, pinned: true });
      expect(locked.validate()).toEqual([]);
    }
  });

  test('a bundle image without sources has nothing to be named by: INVALID_INPUT naming it', () => {
    expectPiraeusError(() => bundleMirrorImages([{ reference: 'q.io/p/a:v1', sources: [] }]), ErrorCodes.INVALID_INPUT,
      /bundle image "q\.io\/p\/a:v1" has no sources/);
  });

  test('options: package, channels, name, replaces, extra annotations and spec fields', () => {
    const b = OlmBundle.forRelease(release, {
      packageName: 'linstor', channels: ['alpha', 'beta'], defaultChannel: 'beta', replaces: 'linstor.v2.10.3',
      annotations: { capabilities: 'Seamless Upgrades' }, spec: { icon: [{ base64data: 'AA==', mediatype: 'image/png' }] },
    });
    expect(Object.keys(b.files)).toContain('manifests/linstor.clusterserviceversion.yaml');
    const c = parse(b.files['manifests/linstor.clusterserviceversion.yaml']);
    expect(c.metadata.name).toBe('linstor.v2.10.4');
    expect(c.spec.replaces).toBe('linstor.v2.10.3');
    expect(c.metadata.annotations.capabilities).toBe('Seamless Upgrades');
    expect(c.spec.icon).toEqual([{ base64data: 'AA==', mediatype: 'image/png' }]);
    expect(parse(b.files['metadata/annotations.yaml']).annotations['operators.operatorframework.io.bundle.channels.v1']).toBe('alpha,beta');
    expect(b.validate()).toEqual([]);
  });

  test('an imported release is one call', () => {
    const imported = OperatorRelease.fromManifest(path.join(__dirname, '..', 'releases', 'v2.10.4', 'install.yaml'));
    const b = OlmBundle.forRelease(imported);
    expect(b.validate()).toEqual([]);
    expect(parse(b.files[CSV]).spec.install.spec.permissions).toEqual(csv.spec.install.spec.permissions);
  });

  test('an operator with another certificate source than OLM is a located error', () => {
    for (const certificates of [WebhookCertificates.certManager(), WebhookCertificates.gencert()]) {
      const operator = new PiraeusOperator(new Chart(Testing.app(), 'test'), 'op', { webhookCertificates: certificates });
      const err = expectPiraeusError(() => OlmBundle.fromOperator(operator), ErrorCodes.INVALID_PROPS, /needs the operator built with webhookCertificates: WebhookCertificates\.olm\(\)/);
      expect(err.location?.path).toBe('test/op');
    }
  });

  test('what a CSV cannot express is a located error: cert-manager objects', () => {
    const operator = new PiraeusOperator(new Chart(Testing.app(), 'test'), 'op', { webhookCertificates: WebhookCertificates.certManager() });
    expectPiraeusError(() => olmBundle({
      objects: operator.objects().map((o) => o.toJson()), managerDeployment: operator.release.managerDeploymentName, relatedImages: [], version: 'v2.10.4',
    }), ErrorCodes.INVALID_INPUT, /at Issuer piraeus-operator-selfsigned-issuer: an OLM bundle cannot carry Issuer/);
  });
});

describe('the offline checks, one failing example per rule', () => {
  function withCsv(edit: (c: Obj) => void, files: Readonly<Record<string, string>> = plain.files): Record<string, string> {
    const c = parse(files[CSV]);
    edit(c);
    return { ...files, [CSV]: stringify(c) };
  }
  const rules = (problems: BundleProblem[]) => problems.map((p) => [p.severity, p.rule, p.file, p.field]);

  test('schema: a wrong type is an error, a field the API does not have a warning', () => {
    const problems = validateOlmBundle(withCsv((c) => {
      c.spec.installModes[0].supported = 'yes';
      c.spec.relatedImages[0].required = true;
    }));
    expect(rules(problems)).toEqual([
      ['error', OlmBundleRules.SCHEMA, CSV, 'spec.installModes[0].supported'],
      ['error', OlmBundleRules.REQUIRED_FIELD, CSV, 'spec.installModes'],
      ['warning', OlmBundleRules.SCHEMA, CSV, 'spec.relatedImages[0].required'],
    ]);
    expect(formatBundleProblem(problems[0])).toBe(`at ${CSV} spec.installModes[0].supported: must be a boolean, is string [OLM_SCHEMA]`);
  });

  test('required fields', () => {
    const problems = validateOlmBundle(withCsv((c) => {
      delete c.spec.displayName;
      c.spec.version = 'v2';
      c.spec.minKubeVersion = '1.22';
      c.metadata.annotations['alm-examples'] = '[{';
      delete c.metadata.annotations['features.operators.openshift.io/fips-compliant'];
    }));
    expect(rules(problems)).toEqual([
      ['error', OlmBundleRules.SCHEMA, CSV, 'spec.displayName'],
      ['error', OlmBundleRules.REQUIRED_FIELD, CSV, 'spec.displayName'],
      ['error', OlmBundleRules.REQUIRED_FIELD, CSV, 'spec.version'],
      ['error', OlmBundleRules.REQUIRED_FIELD, CSV, 'spec.minKubeVersion'],
      ['error', OlmBundleRules.REQUIRED_FIELD, CSV, 'metadata.annotations["alm-examples"]'],
      ['error', OlmBundleRules.REQUIRED_FIELD, CSV, 'metadata.annotations["features.operators.openshift.io/fips-compliant"]'],
    ]);
  });

  test('CRD ownership: an owned CRD missing from manifests/, a CRD there not owned, a wrong version or kind', () => {
    const files = withCsv((c) => {
      c.spec.customresourcedefinitions.owned[0].version = 'v2';
      c.spec.customresourcedefinitions.owned[1].kind = 'Other';
    });
    delete files['manifests/piraeus.io_linstorsatellites.yaml'];
    files['manifests/extra.yaml'] = stringify({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'extras.example.com' }, spec: {} });
    expect(rules(validateOlmBundle(files))).toEqual([
      ['error', OlmBundleRules.CRD_OWNERSHIP, CSV, 'spec.customresourcedefinitions.owned[0].version'],
      ['error', OlmBundleRules.CRD_OWNERSHIP, CSV, 'spec.customresourcedefinitions.owned[1].kind'],
      ['error', OlmBundleRules.CRD_OWNERSHIP, CSV, 'spec.customresourcedefinitions.owned[3]'],
      ['error', OlmBundleRules.CRD_OWNERSHIP, 'manifests/extra.yaml', undefined],
    ]);
  });

  test('webhook deployments must exist in the install strategy', () => {
    const problems = validateOlmBundle(withCsv((c) => { c.spec.webhookdefinitions[2].deploymentName = 'nope'; }));
    expect(rules(problems)).toEqual([['error', OlmBundleRules.WEBHOOK_DEPLOYMENT, CSV, 'spec.webhookdefinitions[2].deploymentName']]);
    expect(problems[0].message).toMatch(/"nope" is not a Deployment of the install strategy \(piraeus-operator-controller-manager\)/);
  });

  test('every Deployment ServiceAccount is granted (OLM creates only those)', () => {
    const problems = validateOlmBundle(withCsv((c) => {
      const keep = (l: Obj[]) => l.filter((p) => p.serviceAccountName !== 'piraeus-operator-controller-manager');
      c.spec.install.spec.permissions = keep(c.spec.install.spec.permissions);
      c.spec.install.spec.clusterPermissions = keep(c.spec.install.spec.clusterPermissions);
    }));
    expect(rules(problems)).toEqual([['error', OlmBundleRules.SERVICE_ACCOUNT, CSV, 'spec.install.spec.deployments[0].spec.template.spec.serviceAccountName']]);
  });

  test('related images must be references', () => {
    const problems = validateOlmBundle(withCsv((c) => {
      c.spec.relatedImages[0].image = 'Upper/Case:v1';
      c.spec.relatedImages[1].image = '';
    }));
    expect(rules(problems)).toEqual([
      ['error', OlmBundleRules.RELATED_IMAGE, CSV, 'spec.relatedImages[0].image'],
      ['error', OlmBundleRules.RELATED_IMAGE, CSV, 'spec.relatedImages[1].image'],
    ]);
  });

  test('a disconnected claim needs digests on every related and container image', () => {
    const problems = validateOlmBundle(withCsv((c) => { c.metadata.annotations['features.operators.openshift.io/disconnected'] = 'true'; }));
    expect(problems.length).toBeGreaterThan(20);
    expect(new Set(problems.map((p) => p.rule))).toEqual(new Set([OlmBundleRules.DISCONNECTED]));
    expect(problems.map((p) => p.field)).toContain('spec.install.spec.deployments[0].spec.template.spec.containers[0].image');
  });

  test('bundle metadata: annotations.yaml and the Dockerfile labels agree', () => {
    const files: Record<string, string> = {
      ...plain.files,
      'metadata/annotations.yaml': plain.files['metadata/annotations.yaml'].replace('channel.default.v1: stable', 'channel.default.v1: fast'),
      'bundle.Dockerfile': plain.files['bundle.Dockerfile'].replace('mediatype.v1=registry+v1', 'mediatype.v1=plain+v0'),
    };
    expect(rules(validateOlmBundle(files))).toEqual([
      ['error', OlmBundleRules.BUNDLE_METADATA, 'metadata/annotations.yaml', 'annotations["operators.operatorframework.io.bundle.channel.default.v1"]'],
      ['error', OlmBundleRules.BUNDLE_METADATA, 'bundle.Dockerfile', 'LABEL operators.operatorframework.io.bundle.channel.default.v1'],
      ['error', OlmBundleRules.BUNDLE_METADATA, 'bundle.Dockerfile', 'LABEL operators.operatorframework.io.bundle.mediatype.v1'],
    ]);
    const bare = { ...plain.files };
    delete bare['metadata/annotations.yaml'];
    delete bare[CSV];
    expect(rules(validateOlmBundle(bare))).toEqual([
      ['error', OlmBundleRules.REQUIRED_FIELD, 'manifests/', undefined],
      ['error', OlmBundleRules.BUNDLE_METADATA, 'metadata/annotations.yaml', undefined],
    ]);
  });

  test('the checker and ajv agree on the schema', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(toAjv(CLUSTER_SERVICE_VERSION_SCHEMA));
    expect(validate(csv)).toBe(true);
    expect(checkSchema(csv)).toEqual([]);
    const broken = parse(plain.files[CSV]);
    broken.spec.install.spec.deployments[0].name = 7;
    delete broken.spec.webhookdefinitions[0].sideEffects;
    broken.spec.webhookdefinitions[1].targetPort = true;
    expect(validate(broken)).toBe(false);
    const ajvPaths = (validate.errors ?? []).map((e) => e.instancePath).sort();
    expect(ajvPaths).toEqual(['/spec/install/spec/deployments/0/name', '/spec/webhookdefinitions/0', '/spec/webhookdefinitions/1/targetPort']);
    expect(checkSchema(broken).map((f) => f.field)).toEqual([
      'spec.install.spec.deployments[0].name', 'spec.webhookdefinitions[0].sideEffects', 'spec.webhookdefinitions[1].targetPort',
    ]);
  });
});

/** The schema as plain JSON schema for ajv: int-or-string as a type union. */
function toAjv(schema: Obj): Obj {
  if (schema['x-kubernetes-int-or-string']) return { type: ['integer', 'string'] };
  const out: Obj = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties') out.properties = Object.fromEntries(Object.entries(v as Obj).map(([p, s]) => [p, toAjv(s as Obj)]));
    else if (k === 'items' || k === 'additionalProperties') out[k] = toAjv(v as Obj);
    else if (!k.startsWith('x-kubernetes')) out[k] = v;
  }
  return out;
}

describe('writeTo', () => {
  test('writes every file under the directory it is given, nowhere else', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'olm-bundle-'));
    try {
      const written = plain.writeTo(path.join(dir, 'bundle'));
      expect(written).toEqual(Object.keys(plain.files));
      for (const rel of written) expect(fs.readFileSync(path.join(dir, 'bundle', rel), 'utf8')).toBe(plain.files[rel]);
      expect(fs.readdirSync(dir)).toEqual(['bundle']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
