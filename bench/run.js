#!/usr/bin/env node
/**
 * Benchmarks: prints figures, asserts nothing. Run with `npm run bench` (builds first).
 *
 *  1. resolver throughput: the default configuration for 10,000 nodes drawn from 50 distinct OS
 *     images (target >= 200,000 node-resolutions per second), and peak memory;
 *  2. CLI cold start: `cdk8s-piraeus resolve` beside a bare `node -e 0` (target <= 6x);
 *  3. synth of the minimal example beside a trivial one-ConfigMap cdk8s app (target <= 1.5x);
 *  4. preview of 1,000 and 5,000 nodes, rendered and written as YAML (target: linear, 5,000 nodes
 *     < 3 s in total);
 *  5. hostile sizes (bench/hostile.js), when present.
 */
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const lib = path.join(root, 'lib');

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeProcess(args, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    const t1 = process.hrtime.bigint();
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
    times.push(Number(t1 - t0) / 1e6);
  }
  return median(times);
}

function row(label, value, target) {
  console.log(`${label.padEnd(52)} ${value.padStart(16)}   ${target}`);
}

/** Runs a script in a fresh process and returns its JSON output. */
function child(code) {
  const r = spawnSync(process.execPath, ['-e', code], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

console.log(`cdk8s-piraeus benchmarks (node ${process.version}, ${require('os').cpus().length} cores)\n`);
row('measure', 'figure', 'target');
row('-------', '------', '------');

// 1. Resolver throughput, in a fresh process so peak memory is the resolver's own.
const throughput = child(`
  const { ImageResolver, loadImageConfig } = require('./lib/resolver');
  const { OperatorRelease } = require('./lib/release');
  const data = OperatorRelease.latest().imageConfigData();
  const defaultResolver = () => new ImageResolver(loadImageConfig(data).documents);
  const distros = ['Ubuntu 22.04.%d LTS', 'Ubuntu 24.04.%d LTS', 'Red Hat Enterprise Linux 9.%d (Plow)', 'AlmaLinux 8.%d',
    'Debian GNU/Linux 12 (bookworm) %d', 'Rocky Linux 9.%d', 'Red Hat Enterprise Linux CoreOS 41%d.94', 'Talos (v1.%d.0)',
    'Oracle Linux Server 9.%d', 'Debian GNU/Linux 13 (trixie) %d'];
  const oses = Array.from({ length: 50 }, (_, i) => distros[i % distros.length].replace('%d', String(Math.floor(i / distros.length))));
  let seed = 42; const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const nodes = Array.from({ length: 10000 }, () => oses[Math.floor(rand() * oses.length)]);
  const rounds = 20;
  const t0 = process.hrtime.bigint();
  let count = 0;
  for (let r = 0; r < rounds; r++) {
    const resolver = defaultResolver();            // a fresh resolver each round: compile + resolve
    for (const os of nodes) { if (resolver.resolve(os).images.length === 0) throw new Error('empty'); count++; }
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(JSON.stringify({ perSecond: count / seconds, peakMb: process.resourceUsage().maxRSS / 1024 }));
`);
row('resolve: node-resolutions per second (10,000 nodes)', Math.round(throughput.perSecond).toLocaleString('en'), '>= 200,000');
row('resolve: peak memory (RSS)', `${throughput.peakMb.toFixed(1)} MB`, '');

// 2. CLI cold start.
const bare = timeProcess(['-e', '0'], 7);
const cli = timeProcess([path.join(lib, 'cli', 'main.js'), 'resolve', '--output', 'json'], 7);
row('CLI cold start: node -e 0 (median of 7)', `${bare.toFixed(0)} ms`, '');
row('CLI cold start: cdk8s-piraeus resolve (median of 7)', `${cli.toFixed(0)} ms`, '');
row('CLI cold start: ratio', `${(cli / bare).toFixed(2)}x`, '<= 6x');

// 3. Synth of the minimal example beside a trivial app (each in a fresh process, in memory).
const trivial = timeProcess(['-e', `
  const { App, Chart } = require('cdk8s'); const { k8s } = require('cdk8s-plus-28');
  const app = new App({ outdir: require('os').tmpdir() + '/cdk8s-piraeus-bench-trivial' });
  const c = new Chart(app, 'trivial'); new k8s.KubeConfigMap(c, 'cm', { data: { a: 'b' } }); app.synthYaml();`], 5);
const minimal = timeProcess(['-e', `
  const { App } = require('cdk8s'); const { minimal } = require('./build/examples/minimal');
  const app = new App({ outdir: require('os').tmpdir() + '/cdk8s-piraeus-bench-minimal' });
  minimal(app); app.synthYaml();`], 5);
row('synth: trivial one-ConfigMap app (median of 5)', `${trivial.toFixed(0)} ms`, '');
row('synth: minimal example (median of 5)', `${minimal.toFixed(0)} ms`, '');
row('synth: ratio', `${(minimal / trivial).toFixed(2)}x`, '<= 1.5x');

// 4. Preview of many nodes: render and resolve, then the YAML written (outside cdk8s synth: the
// preview is never part of an app's output).
for (const n of [1000, 5000]) {
  const p = child(`
    const { App } = require('cdk8s');
    const { PiraeusInstall, PiraeusPreview, NodeInventory } = require('./lib');
    const oses = ['Ubuntu 22.04.4 LTS', 'Ubuntu 24.04.1 LTS', 'AlmaLinux 9.4', 'Debian GNU/Linux 12 (bookworm)', 'Talos (v1.8.3)'];
    const nodes = Array.from({ length: ${n} }, (_, i) => ({ name: 'node-' + String(i).padStart(5, '0'), osImage: oses[i % oses.length] }));
    const t0 = process.hrtime.bigint();
    const app = new App({ outdir: require('os').tmpdir() + '/cdk8s-piraeus-bench-preview' });
    const install = new PiraeusInstall(app, 'piraeus');
    const preview = new PiraeusPreview(install, 'preview', { install, nodes: NodeInventory.fromNodes(nodes) });
    const t1 = process.hrtime.bigint();
    preview.writeTo(require('os').tmpdir() + '/cdk8s-piraeus-bench-preview/preview');
    const t2 = process.hrtime.bigint();
    console.log(JSON.stringify({ construct: Number(t1 - t0) / 1e9, write: Number(t2 - t1) / 1e9, objects: preview.workloads.length, peakMb: process.resourceUsage().maxRSS / 1024 }));
  `);
  const label = `preview: ${n.toLocaleString('en')} nodes (${p.objects} objects)`;
  row(`${label}, render + resolve`, `${p.construct.toFixed(2)} s`, '');
  row(`${label}, YAML and report written`, `${p.write.toFixed(2)} s`, '');
  row(`${label}, total`, `${(p.construct + p.write).toFixed(2)} s`, n === 5000 ? '< 3 s, linear' : '');
  row(`${label}, peak memory`, `${p.peakMb.toFixed(0)} MB`, '');
}

// 4b. The same report without cdk8s: the CLI over a 5,000-node inventory.
{
  const os = require('os');
  const file = path.join(os.tmpdir(), 'cdk8s-piraeus-bench-nodes.json');
  const oses = ['Ubuntu 22.04.4 LTS', 'Ubuntu 24.04.1 LTS', 'AlmaLinux 9.4', 'Debian GNU/Linux 12 (bookworm)', 'Talos (v1.8.3)'];
  fs.writeFileSync(file, JSON.stringify({ kind: 'List', items: Array.from({ length: 5000 }, (_, i) => ({
    kind: 'Node', metadata: { name: `node-${String(i).padStart(5, '0')}` }, status: { nodeInfo: { osImage: oses[i % oses.length] } } })) }));
  const t = timeProcess([path.join(lib, 'cli', 'main.js'), 'report', '--nodes', file, '--format', 'json'], 3);
  row('report CLI: 5,000 nodes, JSON (median of 3)', `${(t / 1000).toFixed(2)} s`, '');
}

// 5. Hostile sizes.
const hostile = path.join(__dirname, 'hostile.js');
if (fs.existsSync(hostile)) {
  console.log('');
  const r = spawnSync(process.execPath, [hostile], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = r.status ?? 1;
}
