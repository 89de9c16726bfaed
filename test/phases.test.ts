/**
 * PiraeusInstall: three charts that apply in order on an empty cluster, their file names, the
 * apply plan printed for a synthesized folder, and the opt-in GitOps annotations.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing, YamlOutputType } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import {
  collectErrors, ErrorCodes, GitOps, LinstorNodeConnection, PiraeusDatastore, PiraeusInstall, PiraeusInstallProps, PiraeusOperator,
  WebhookCertificates,
} from '../src';
import { applyPlan } from '../src/release/apply-plan';
import { expectPiraeusError } from './support/errors';

type Obj = Record<string, any>;

const BIN = path.join(__dirname, '..', 'lib', 'cli', 'main.js');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Synthesizes an install into a fresh folder; returns the files (name -> objects) in name order. */
function synthInstall(props: PiraeusInstallProps = {}, extra?: (install: PiraeusInstall) => void) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-piraeus-phases-'));
  dirs.push(dir);
  const app = new App({ outdir: dir });
  const install = new PiraeusInstall(app, 'storage', {
    satelliteConfigurations: { pools: { storagePools: [{ name: 'thin', lvmThinPool: { volumeGroup: 'vg', thinPool: 'thin' } }] } },
    ...props,
  });
  extra?.(install);
  app.synth();
  const files = fs.readdirSync(dir).sort().map((name) => ({
    name,
    objects: parseAllDocuments(fs.readFileSync(path.join(dir, name), 'utf8')).map((d) => d.toJS() as Obj).filter((o) => o),
  }));
  return { dir, files, install };
}

const isOperator = (o: Obj) => o.kind === 'Deployment' && o.spec.template.spec.containers.some((c: Obj) => c.name === 'manager');

describe('phases', () => {
  const { files } = synthInstall({}, (install) => {
    new LinstorNodeConnection(install.clusterChart, 'racks', { name: 'racks', paths: [{ name: 'data', interface: 'data-nic' }] });
  });
  const fileOf = (pred: (o: Obj) => boolean) => files.findIndex((f) => f.objects.some(pred));

  test('three files whose names sort in apply order', () => {
    expect(files.map((f) => f.name)).toEqual(['0000-storage-crds.k8s.yaml', '0001-storage-operator.k8s.yaml', '0002-storage-cluster.k8s.yaml']);
  });

  test('phase 0 holds exactly the Namespace and the CRDs', () => {
    expect(files[0].objects.map((o) => o.kind).sort()).toEqual(['CustomResourceDefinition', 'CustomResourceDefinition', 'CustomResourceDefinition', 'CustomResourceDefinition', 'Namespace']);
  });

  test('every custom resource is in a later file than its CRD', () => {
    for (const [i, f] of files.entries()) {
      for (const o of f.objects.filter((x) => x.apiVersion === 'piraeus.io/v1')) {
        const crdFile = fileOf((c) => c.kind === 'CustomResourceDefinition' && c.spec.names.kind === o.kind);
        expect({ kind: o.kind, crdFile, before: crdFile < i }).toEqual({ kind: o.kind, crdFile, before: true });
      }
    }
  });

  test('every object the webhook validates is in a later file than the operator Deployment and the webhook configuration', () => {
    const operatorFile = fileOf(isOperator);
    const webhookFile = fileOf((o) => o.kind === 'ValidatingWebhookConfiguration');
    const hooks = files[webhookFile].objects.find((o) => o.kind === 'ValidatingWebhookConfiguration')!.webhooks;
    const validated = new Set<string>(hooks.flatMap((w: Obj) => w.rules.flatMap((r: Obj) => r.resources)));
    expect(validated).toContain('linstorclusters');
    for (const [i, f] of files.entries()) {
      for (const o of f.objects) {
        const plural = `${o.kind.toLowerCase()}s`;
        if (validated.has(plural) || o.kind === 'StorageClass') expect({ kind: o.kind, file: i }).toEqual({ kind: o.kind, file: Math.max(i, operatorFile + 1, webhookFile + 1) });
      }
    }
  });

  test('no operator-created workload anywhere: the only Deployments are the operator and gencert, no DaemonSet', () => {
    const all = files.flatMap((f) => f.objects);
    expect(all.filter((o) => o.kind === 'DaemonSet')).toEqual([]);
    expect(all.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name).sort()).toEqual(['piraeus-operator-controller-manager', 'piraeus-operator-gencert']);
  });

  test('no object id twice in the folder (what kustomize requires of plain resources)', () => {
    const ids = files.flatMap((f) => f.objects).map((o) => `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('the folder renders with kubectl kustomize as plain resources', () => {
    const { dir } = synthInstall();
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), `resources:\n${fs.readdirSync(dir).filter((f) => f.endsWith('.k8s.yaml')).sort().map((f) => `- ${f}`).join('\n')}\n`);
    const r = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
    if (r.error) throw new Error(`kubectl is needed for this test: ${r.error.message}`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(parseAllDocuments(r.stdout).length).toBe(22);
  });

  test('operator props that PiraeusInstall owns are refused', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-piraeus-phases-')) });
    dirs.push(app.outdir);
    expectPiraeusError(() => new PiraeusInstall(app, 'x', { operator: { foundation: app } }), ErrorCodes.INVALID_PROPS, /operator\.foundation must not be set/);
  });
});

describe('apply plan', () => {
  test('apply, wait for the CRDs, wait for gencert, its certificate and the operator, then the cluster', () => {
    const { files } = synthInstall();
    const steps = applyPlan(files.map((f) => ({ path: `dist/storage/${f.name}`, objects: f.objects })));
    expect(steps.map((s) => s.command)).toEqual([
      'kubectl apply --server-side -f dist/storage/0000-storage-crds.k8s.yaml',
      'kubectl wait --for=condition=Established --timeout=60s crd/linstorclusters.piraeus.io crd/linstornodeconnections.piraeus.io crd/linstorsatelliteconfigurations.piraeus.io crd/linstorsatellites.piraeus.io',
      'kubectl apply --server-side -f dist/storage/0001-storage-operator.k8s.yaml',
      'kubectl -n piraeus-datastore wait --for=condition=Available --timeout=300s deployment/piraeus-operator-gencert',
      'kubectl -n piraeus-datastore wait --for=create --timeout=300s secret/webhook-server-cert',
      'kubectl -n piraeus-datastore wait --for=condition=Available --timeout=300s deployment/piraeus-operator-controller-manager',
      'kubectl apply --server-side -f dist/storage/0002-storage-cluster.k8s.yaml',
    ]);
  });

  test('with cert-manager the wait is for the Certificate; a custom namespace is used throughout', () => {
    const { files } = synthInstall({ operator: { namespace: 'storage-system', webhookCertificates: WebhookCertificates.certManager() } });
    const commands = applyPlan(files.map((f) => ({ path: f.name, objects: f.objects }))).map((s) => s.command);
    expect(commands).toContain('kubectl -n storage-system wait --for=condition=Ready --timeout=300s certificate/piraeus-operator-serving-cert');
    expect(commands.filter((c) => c.includes('gencert'))).toEqual([]);
    expect(commands).toContain('kubectl -n storage-system wait --for=condition=Available --timeout=300s deployment/piraeus-operator-controller-manager');
  });

  test('the built CLI prints the same plan as a script, and JSON', () => {
    const { dir } = synthInstall();
    const script = spawnSync(process.execPath, [BIN, 'apply-plan', dir], { encoding: 'utf8' });
    expect(script.status).toBe(0);
    expect(script.stdout.split('\n').slice(0, 3)).toEqual(['#!/bin/sh', `# Installs ${dir} on an empty cluster (cdk8s-piraeus apply-plan).`, 'set -eu']);
    expect(script.stdout).toContain(`kubectl apply --server-side -f ${path.join(dir, '0002-storage-cluster.k8s.yaml')}\n`);
    const json = JSON.parse(spawnSync(process.execPath, [BIN, 'apply-plan', dir, '--output', 'json'], { encoding: 'utf8' }).stdout);
    expect(json.steps).toHaveLength(7);
    const empty = spawnSync(process.execPath, [BIN, 'apply-plan', fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-piraeus-empty-'))], { encoding: 'utf8' });
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/^error: .* holds no YAML files; synthesize first/);
  });
});

describe('a folder per phase (for Flux)', () => {
  test('FOLDER_PER_CHART_FILE_PER_RESOURCE gives one folder per phase, and apply-plan applies the folders in order', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-piraeus-folders-'));
    dirs.push(dir);
    const app = new App({ outdir: dir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
    new PiraeusInstall(app, 'storage');
    app.synth();
    expect(fs.readdirSync(dir).sort()).toEqual(['0000-storage-crds', '0001-storage-operator', '0002-storage-cluster']);
    const r = spawnSync(process.execPath, [BIN, 'apply-plan', dir], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const applies = r.stdout.split('\n').filter((l) => l.startsWith('kubectl apply'));
    expect(applies).toEqual(['0000-storage-crds', '0001-storage-operator', '0002-storage-cluster'].map((f) => `kubectl apply --server-side -f ${path.join(dir, f)}`));
    expect(r.stdout).toContain('deployment/piraeus-operator-controller-manager');
  });
});

describe('GitOps', () => {
  const wave = (o: Obj) => o.metadata.annotations?.['argocd.argoproj.io/sync-wave'];
  const skip = (o: Obj) => o.metadata.annotations?.['argocd.argoproj.io/sync-options'];

  test('off by default: no annotation added to any object', () => {
    const { files } = synthInstall();
    for (const o of files.flatMap((f) => f.objects)) expect([wave(o), skip(o)]).toEqual([undefined, undefined]);
  });

  test('Argo CD: the phase as sync wave on every object; SkipDryRunOnMissingResource on exactly the custom resources', () => {
    const { files } = synthInstall({ gitops: GitOps.argoCd() }, (install) => {
      new LinstorNodeConnection(install.clusterChart, 'racks', { name: 'racks', paths: [{ name: 'data', interface: 'data-nic' }] });
    });
    files.forEach((f, phase) => {
      for (const o of f.objects) {
        expect({ id: `${o.kind}/${o.metadata.name}`, wave: wave(o) }).toEqual({ id: `${o.kind}/${o.metadata.name}`, wave: String(phase) });
        const custom = o.apiVersion === 'piraeus.io/v1';
        expect({ id: `${o.kind}/${o.metadata.name}`, skip: skip(o) }).toEqual({ id: `${o.kind}/${o.metadata.name}`, skip: custom ? 'SkipDryRunOnMissingResource=true' : undefined });
      }
    });
    expect(files[2].objects.map((o) => o.kind).sort()).toEqual(['LinstorCluster', 'LinstorNodeConnection', 'LinstorSatelliteConfiguration']);
  });
});

describe('one install per cluster', () => {
  test('two PiraeusDatastore in one chart: a located DUPLICATE_OBJECT error per shared object, not 21 silent duplicates', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'storage');
    new PiraeusDatastore(chart, 'a');
    new PiraeusDatastore(chart, 'b');
    const errors = collectErrors(app);
    expect(errors.length).toBeGreaterThan(20);
    expect(errors[0]).toMatch(/^at storage\/a\/Operator\/Namespace-piraeus-datastore: Namespace piraeus-datastore is also defined at storage\/b\/Operator\/Namespace-piraeus-datastore; .* \[DUPLICATE_OBJECT\]$/);
  });

  test('the same across charts of one app (one dist folder), and fine in separate apps', () => {
    const app = Testing.app();
    new PiraeusDatastore(new Chart(app, 'one'), 'p');
    new PiraeusDatastore(new Chart(app, 'two'), 'p');
    expect(collectErrors(app).some((e) => e.includes('[DUPLICATE_OBJECT]'))).toBe(true);
    for (const name of ['x', 'y']) {
      const own = Testing.app();
      new PiraeusDatastore(new Chart(own, name), 'p');
      expect(collectErrors(own)).toEqual([]);
    }
  });

  test('another namespace and no CRDs still collide on the cluster-scoped objects (ClusterRoles, webhook configuration)', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'storage');
    new PiraeusOperator(chart, 'a');
    new PiraeusOperator(chart, 'b', { namespace: 'other', installCrds: false });
    const kinds = collectErrors(app).map((e) => /: (\w+) /.exec(e)![1]);
    expect([...new Set(kinds)].sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'ValidatingWebhookConfiguration']);
  });
});
