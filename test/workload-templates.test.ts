/**
 * Workload templates as release data: releases/v2.10.4/workloads.yaml read back to the objects
 * the preview renders, the parameter markers, the data checks, which release's templates a
 * release without its own uses, and the PREVIEW_TEMPLATES warning through the construct and the CLI.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { Io } from '../src/cli/common';
import { diffCommand, reportCommand } from '../src/cli/report';
import { collectWarnings, NodeInventory, PiraeusDatastore, PiraeusPreview } from '../src/constructs';
import { ErrorCodes, PiraeusError } from '../src/errors';
import { parseManifestText } from '../src/release/manifest';
import { OperatorRelease, templatesReleaseFor } from '../src/release/operator-release';
import { parseReleaseVersion } from '../src/release/version';
import { getPath, JsonObject, JsonValue } from '../src/workloads/json';
import {
  substituteMarkers, TEMPLATE_MARKERS, WORKLOAD_TEMPLATE_NAMES, WorkloadTemplates,
} from '../src/workloads/templates';

type Obj = Record<string, any>;

const DATA_FILE = path.join(__dirname, '..', 'releases', 'v2.10.4', 'workloads.yaml');
const NODES_FILE = path.join(__dirname, 'fixtures', 'nodes.json');

/** The data document as the build reads it. */
function fileData(): Obj {
  return parseManifestText(fs.readFileSync(DATA_FILE, 'utf8'), DATA_FILE)[0].object as Obj;
}

const TEMPLATES = WorkloadTemplates.fromData(fileData(), DATA_FILE);

function podSpec(o: JsonObject): Obj {
  return getPath(o, ['spec', 'template', 'spec']) as Obj;
}

function container(o: JsonObject, name: string): Obj {
  const spec = podSpec(o);
  const hit = [...(spec.initContainers ?? []), ...(spec.containers ?? [])].find((c: Obj) => c.name === name);
  if (!hit) throw new Error(`no container ${name}`);
  return hit;
}

const env = (c: Obj, name: string): unknown => c.env.find((e: Obj) => e.name === name)?.value;

describe('releases/v2.10.4/workloads.yaml reads back to the templates the preview renders', () => {
  test('the built-in release carries the file\'s data', () => {
    const builtIn = OperatorRelease.of('v2.10.4').workloadTemplates();
    for (const name of WORKLOAD_TEMPLATE_NAMES) expect(builtIn.template(name)).toEqual(TEMPLATES.template(name));
    expect(builtIn.satelliteInternalTlsPatch('s')).toEqual(TEMPLATES.satelliteInternalTlsPatch('s'));
  });

  test.each<[string, string, string]>([
    ['linstorController', 'Deployment', 'linstor-controller'],
    ['linstorCsiController', 'Deployment', 'linstor-csi-controller'],
    ['linstorCsiNode', 'DaemonSet', 'linstor-csi-node'],
    ['haController', 'DaemonSet', 'ha-controller'],
    ['linstorAffinityController', 'Deployment', 'linstor-affinity-controller'],
    ['linstorCsiNfsServer', 'DaemonSet', 'linstor-csi-nfs-server'],
    ['linstorSatellite', 'DaemonSet', 'linstor-satellite'],
  ])('template %s is %s %s, without namespace', (name, kind, objectName) => {
    const t = TEMPLATES.template(name as typeof WORKLOAD_TEMPLATE_NAMES[number]);
    expect([t.kind, getPath(t, ['metadata', 'name']), getPath(t, ['metadata', 'namespace'])]).toEqual([kind, objectName, undefined]);
    expect(getPath(t, ['metadata', 'labels'])).toEqual({ 'app.kubernetes.io/component': objectName });
  });

  test('scalars keep their types: YAML 1.1 words and numbers in quotes stay strings, 0440 is octal', () => {
    const satellite = TEMPLATES.template('linstorSatellite');
    expect(env(container(satellite, 'drbd-module-loader'), 'LB_FAIL_IF_USERMODE_HELPER_NOT_DISABLED')).toBe('yes');
    expect(env(container(satellite, 'drbd-module-loader'), 'LB_DRBD_MIN_LOADED_VERSION')).toBe('9');
    expect(podSpec(satellite).volumes.filter((v: Obj) => v.configMap).map((v: Obj) => [v.name, v.configMap.defaultMode]))
      .toEqual([['satellite-config', 0o440], ['reactor-config', 0o440]]);
    const csi = TEMPLATES.template('linstorCsiController');
    const snapshotter = container(csi, 'csi-snapshotter');
    expect([env(snapshotter, 'VERBOSE'), env(snapshotter, 'LEADER_ELECTION'), env(snapshotter, 'FEATURE_GATES')]).toEqual(['5', 'true', '']);
    expect(snapshotter.args).toContain('--feature-gates=CSIVolumeGroupSnapshot=$(FEATURE_GATE_CSI_VOLUME_GROUP_SNAPSHOT),$(FEATURE_GATES)');
    expect(snapshotter.livenessProbe).toEqual({ httpGet: { port: 9811, path: '/healthz/leader-election' } });
  });

  test('the registrar\'s own port name (the v2.10.4 fix) and the satellite ports', () => {
    const registrar = container(TEMPLATES.template('linstorCsiNode'), 'csi-node-driver-registrar');
    expect(registrar.ports).toEqual([{ containerPort: 9809, name: 'reg-healthz' }]);
    expect(registrar.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'reg-healthz' });
    expect(container(TEMPLATES.template('linstorSatellite'), 'linstor-satellite').ports).toEqual([{ containerPort: 3366, name: 'linstor', protocol: 'TCP' }]);
  });

  test('the setup-lvm-configuration script is the block literal with its final newline', () => {
    const script = TEMPLATES.setupLvmConfigurationScript;
    expect(script.startsWith('if [ -e /host/etc/lvm/lvm.conf ]; then\n')).toBe(true);
    expect(script.endsWith('\nfi\n')).toBe(true);
    expect(script.split('\n').filter((l) => l.trimStart().startsWith('lvmconfig '))).toHaveLength(2);
    expect(container(TEMPLATES.template('linstorSatellite'), 'setup-lvm-configuration').command).toEqual(['sh', '-exc', script]);
  });

  test('placeholders, controller URL and satellite ConfigMaps', () => {
    expect(TEMPLATES.placeholders).toEqual([
      'linstor-controller', 'linstor-satellite', 'linstor-csi', 'csi-attacher', 'csi-livenessprobe', 'csi-provisioner',
      'csi-snapshotter', 'csi-resizer', 'csi-external-health-monitor-controller', 'csi-node-driver-registrar', 'ha-controller',
      'linstor-affinity-controller', 'nfs-server', 'drbd-module-loader', 'drbd-shutdown-guard', 'drbd-reactor', 'ktls-utils',
    ]);
    expect(TEMPLATES.defaultControllerUrl).toBe('http://linstor-controller:3370');
    expect(env(container(TEMPLATES.template('linstorCsiController'), 'linstor-csi'), 'LS_CONTROLLERS')).toBe(TEMPLATES.defaultControllerUrl);
    expect(TEMPLATES.satelliteConfigMaps).toEqual(['satellite-config', 'reactor-config']);
  });

  test('the patches', () => {
    expect(TEMPLATES.satellitePrecompiledModulePatch()).toEqual({
      apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'linstor-satellite' },
      spec: { template: { spec: {
        volumes: [{ name: 'usr-src', $patch: 'delete' }],
        initContainers: [{
          name: 'drbd-module-loader',
          volumeMounts: [{ name: 'usr-src', mountPath: '/usr/src', $patch: 'delete' }],
          env: [{ name: 'LB_HOW', value: 'shipped_modules' }],
        }],
      } } },
    });
    expect(container(TEMPLATES.satelliteTlshdPatch(), 'ktls-utils').image).toBe('ktls-utils');
    const tls = TEMPLATES.satelliteInternalTlsPatch('node-1-tls');
    expect(container(tls, 'linstor-satellite').ports).toEqual([
      { containerPort: 3366, $patch: 'delete' }, { containerPort: 3367, name: 'linstor', protocol: 'TCP' },
    ]);
  });

  test('every call returns a fresh copy', () => {
    const first = TEMPLATES.template('haController');
    (first.metadata as Obj).name = 'changed';
    TEMPLATES.satelliteCommonNodePatch('a').kind = 'changed';
    expect(getPath(TEMPLATES.template('haController'), ['metadata', 'name'])).toBe('ha-controller');
    expect(TEMPLATES.satelliteCommonNodePatch('a').kind).toBe('DaemonSet');
    expect(TEMPLATES.placeholders).not.toBe(TEMPLATES.placeholders);
  });
});

describe('parameters', () => {
  test.each<[string, JsonValue, Record<string, string>, JsonValue]>([
    ['a whole marker is replaced', '{{nodeName}}', { nodeName: 'n1' }, 'n1'],
    ['the secret marker', '{{secretName}}', { secretName: 's1' }, 's1'],
    ['a marker inside a longer string is left alone', 'x-{{nodeName}}', { nodeName: 'n1' }, 'x-{{nodeName}}'],
    ['a marker without its parameter is left alone', '{{secretName}}', { nodeName: 'n1' }, '{{secretName}}'],
    ['the kubelet\'s $(VAR) form is not a marker', '$(NODE_NAME)', { nodeName: 'n1' }, '$(NODE_NAME)'],
    ['an unknown marker is left alone', '{{other}}', { nodeName: 'n1' }, '{{other}}'],
    ['nested in lists and objects', { a: ['{{nodeName}}', 1, true, null] }, { nodeName: 'n1' }, { a: ['n1', 1, true, null] }],
    ['a value that is itself another marker is not replaced again', ['{{nodeName}}', '{{secretName}}'],
      { nodeName: '{{secretName}}', secretName: 's' }, ['{{secretName}}', 's']],
  ])('%s', (_name, value, params, expected) => {
    expect(substituteMarkers(value, params)).toEqual(expected);
  });

  test('a __proto__ key stays an own key', () => {
    const out = substituteMarkers(JSON.parse('{"__proto__": "{{nodeName}}"}'), { nodeName: 'n1' }) as Obj;
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toBe('n1');
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });

  test('the markers hold characters no Kubernetes name can', () => {
    for (const marker of Object.values(TEMPLATE_MARKERS)) expect(marker).not.toMatch(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
  });

  test('the node name lands in the node affinity, the secret name in the projected volume', () => {
    const affinity = getPath(TEMPLATES.satelliteCommonNodePatch('worker-1'), ['spec', 'template', 'spec', 'affinity']);
    expect(affinity).toEqual({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['worker-1'] }] }],
    } } });
    expect(podSpec(TEMPLATES.satelliteInternalTlsPatch('worker-1-tls')).volumes).toEqual([
      { name: 'internal-tls', projected: { sources: [{ secret: { name: 'worker-1-tls' } }] } },
      { name: 'java-internal-tls', emptyDir: {} },
    ]);
  });
});

describe('data checks', () => {
  const mutated = (change: (d: Obj) => void): Obj => {
    const d = fileData();
    change(d);
    return d;
  };
  test.each<[string, (d: Obj) => void, RegExp]>([
    ['another kind', (d) => { d.kind = 'ConfigMap'; }, /expected kind WorkloadTemplates/],
    ['no placeholders', (d) => { d.placeholders = []; }, /placeholders must be a non-empty list/],
    ['an unknown template', (d) => { d.templates.extra = d.templates.haController; }, /templates holds unknown entries extra/],
    ['a missing patch', (d) => { delete d.patches.satelliteTlshd; }, /patches\.satelliteTlshd must be a Kubernetes object/],
    ['an image that is no placeholder', (d) => { d.templates.haController.spec.template.spec.containers[0].image = 'quay.io/x:v1'; },
      /templates\.haController: image "quay\.io\/x:v1" is not one of the placeholders/],
    ['a missing marker', (d) => { d.patches.satelliteCommonNode.spec.template.spec.affinity.nodeAffinity
      .requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values = ['node']; },
    /patches\.satelliteCommonNode must hold the marker \{\{nodeName\}\} exactly once/],
    ['a marker where none is taken', (d) => { d.templates.haController.metadata.name = '{{nodeName}}'; },
      /templates\.haController\.metadata\.name: "\{\{nodeName\}\}" is not a marker this part takes/],
    ['the other patch\'s marker', (d) => { d.patches.satelliteTlshd.metadata.name = '{{secretName}}'; }, /patches\.satelliteTlshd\.metadata\.name/],
    ['a marker inside a longer string', (d) => { d.patches.satelliteInternalTls.metadata.name = 'x-{{secretName}}'; },
      /patches\.satelliteInternalTls\.metadata\.name: "x-\{\{secretName\}\}"/],
    ['no setup-lvm-configuration script', (d) => { d.templates.linstorSatellite.spec.template.spec.initContainers.pop(); },
      /no init container setup-lvm-configuration/],
  ])('%s is refused', (_name, change, message) => {
    let error: unknown;
    try {
      WorkloadTemplates.fromData(mutated(change), 'workloads.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PiraeusError);
    expect((error as PiraeusError).code).toBe(ErrorCodes.INVALID_RELEASE);
    expect((error as PiraeusError).message).toMatch(message);
    expect((error as PiraeusError).message).toContain('workloads.yaml');
  });
});

describe('which release\'s templates a release renders', () => {
  test.each<[string, string[], string | undefined]>([
    ['v2.10.4', ['v2.10.4'], 'v2.10.4'],
    ['v2.8.1', ['v2.10.4'], 'v2.10.4'],
    ['v2.12.0', ['v2.8.0', 'v2.10.4'], 'v2.10.4'],
    ['v2.9.0', ['v2.10.4', 'v2.8.0'], 'v2.8.0'],
    ['v2.8.0', ['v2.10.4', 'v2.8.0'], 'v2.8.0'],
    ['v2.7.1', ['v2.10.4', 'v2.8.0'], 'v2.8.0'],
    ['v2.10.3', ['v2.10.4'], 'v2.10.4'],
    ['v2.10.4', [], undefined],
  ])('%s with templates in %j: %s', (version, withTemplates, expected) => {
    expect(templatesReleaseFor(parseReleaseVersion(version)!, withTemplates)).toBe(expected);
  });

  test('a built-in release without workloads.yaml (v2.8.1) renders v2.10.4\'s', () => {
    const release = OperatorRelease.of('v2.8.1');
    expect([release.templatesRelease, release.templatesExact]).toEqual(['v2.10.4', false]);
    expect(release.workloadTemplates().template('linstorCsiNode')).toEqual(TEMPLATES.template('linstorCsiNode'));
    expect(release.templateSources).toEqual(OperatorRelease.of('v2.10.4').templateSources);
  });

  test('v2.10.4 renders its own, and names where each part was read', () => {
    const release = OperatorRelease.of('v2.10.4');
    expect([release.templatesRelease, release.templatesExact]).toEqual(['v2.10.4', true]);
    expect(release.templateSources.map((s) => s.what).sort()).toEqual([
      ...WORKLOAD_TEMPLATE_NAMES.map((n) => `templates.${n}`),
      'patches.satelliteCommonNode', 'patches.satelliteInternalTls', 'patches.satellitePrecompiledModule', 'patches.satelliteTlshd',
    ].sort());
    for (const s of release.templateSources) {
      expect(s.path).toMatch(/^pkg\/resources\//);
      expect(s.commit).toMatch(/^[0-9a-f]{40}$/);
    }
  });

  test('an imported manifest renders the built-in templates of its version or the nearest below', () => {
    const manifest = (tag: string) => OperatorRelease.of('v2.10.4').objects().map((o: Obj) => {
      if (o.kind === 'Deployment') for (const c of o.spec.template.spec.containers) c.image = c.image.replace(/:v2\.10\.4$/, `:${tag}`);
      return JSON.stringify(o);
    }).join('\n---\n');
    const same = OperatorRelease.fromManifestText(manifest('v2.10.4'), 'same.yaml');
    expect([same.templatesRelease, same.templatesExact]).toEqual(['v2.10.4', true]);
    const newer = OperatorRelease.fromManifestText(manifest('v2.12.0'), 'newer.yaml');
    expect([newer.version, newer.templatesRelease, newer.templatesExact]).toEqual(['v2.12.0', 'v2.10.4', false]);
  });
});

describe('the PREVIEW_TEMPLATES warning', () => {
  const NODES = NodeInventory.fromNodes([{ name: 'n1', osImage: 'Ubuntu 22.04.4 LTS' }]);

  function preview(version: string): { preview: PiraeusPreview; warnings: string } {
    const app = Testing.app();
    const datastore = new PiraeusDatastore(new Chart(app, 'install'), 'piraeus', {
      release: OperatorRelease.of(version), operator: { installCrds: false },
    });
    const p = new PiraeusPreview(datastore, 'preview', { install: datastore, nodes: NODES });
    return { preview: p, warnings: collectWarnings(app).filter((t) => t.includes('PREVIEW_TEMPLATES')).join('\n') };
  }

  test('the construct warns for v2.8.1, naming both releases, and renders v2.10.4\'s templates with v2.8.1\'s images', () => {
    const { preview: p, warnings } = preview('v2.8.1');
    expect(p.diagnostics).toEqual([{
      code: 'PREVIEW_TEMPLATES', severity: 'warning', location: { path: p.node.path },
      message: expect.stringMatching(/workload templates of release v2\.10\.4: release v2\.8\.1 has none of its own/),
    }]);
    expect(warnings).toMatch(/^at install\/piraeus\/preview: .*v2\.10\.4.*v2\.8\.1.* \[PREVIEW_TEMPLATES\]$/);
    const csi = p.report.cluster.find((w) => w.name === 'linstor-csi-node')!.containers.find((c) => c.name === 'linstor-csi');
    expect(csi?.image).toBe('quay.io/piraeusdatastore/piraeus-csi:v1.7.1');
  });

  test('the construct does not warn for v2.10.4', () => {
    const { preview: p, warnings } = preview('v2.10.4');
    expect(p.diagnostics).toEqual([]);
    expect(warnings).toBe('');
  });

  function run(command: (args: string[], io: Io) => number, args: string[]): { code: number; stdout: string; stderr: string } {
    let stdout = '';
    let stderr = '';
    const io: Io = { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readStdin: () => '' };
    const code = command(args, io);
    return { code, stdout, stderr };
  }

  test('report --release v2.8.1 warns at --release; the default release does not', () => {
    const old = run(reportCommand, ['--nodes', NODES_FILE, '--release', 'v2.8.1']);
    expect(old.code).toBe(0);
    expect(old.stderr).toMatch(/^warning: at --release: the preview renders the workload templates of release v2\.10\.4: release v2\.8\.1 has none of its own.* \[PREVIEW_TEMPLATES\]$/m);
    expect(old.stdout).toContain('piraeus-csi:v1.7.1');
    const latest = run(reportCommand, ['--nodes', NODES_FILE]);
    expect(latest.code).toBe(0);
    expect(latest.stderr).not.toContain('PREVIEW_TEMPLATES');
  });

  test('diff warns for the side whose release has no templates of its own', () => {
    const r = run(diffCommand, ['--nodes', NODES_FILE, '--before-release', 'v2.8.1', '--after-release', 'v2.10.4']);
    expect(r.code).toBe(0);
    const warnings = r.stderr.split('\n').filter((l) => l.includes('[PREVIEW_TEMPLATES]'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^warning: at --before-release: .*release v2\.10\.4: release v2\.8\.1 /);
  });
});
