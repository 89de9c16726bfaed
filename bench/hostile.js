#!/usr/bin/env node
/**
 * Hostile sizes : times the large bad inputs of test/fixtures/bad/cases.yaml at doubling
 * sizes, so that linear growth is visible (each row's "x prev" should stay near 2.0; a quadratic
 * path shows ~4.0). Prints a table, asserts nothing. Uses the built library (lib/): run it with
 * `npm run bench`, which builds first, or `node bench/hostile.js` after `npm run build`.
 *
 *  1. a ConfigMap manifest of 0.25 .. 2 MiB (the default documents plus a bulk override document),
 *     through parseConfigMapManifest, loadImageConfig and one resolution;
 *  2. 2,500 .. 20,000 components in one entry: decode, resolve (cluster and one node), and the
 *     image plan with its RELATED_IMAGE_* pins;
 *  3. OS strings of 25,000 .. 400,000 characters against catastrophic-backtracking patterns
 *     ((a+)+$ and kin), matched the operator's way (Go RE2 semantics, linear time);
 *  4. entries nested 1,250 .. 10,000 levels deep, decoded as the operator decodes them (flow and
 *     block collections, and lists reached through aliases), and 20,000 .. 80,000 levels, beyond
 *     the operator's limit, refused;
 *  5. image references of 128 .. 8,192 characters in hostile shapes, 100 validations per row
 *     (V8's engine up to 1,024 characters, re2js beyond).
 */
'use strict';
const path = require('path');

const lib = path.join(__dirname, '..', 'lib');
const { parseConfigMapManifest, loadImageConfig } = require(path.join(lib, 'resolver', 'configmap'));
const { ImageResolver } = require(path.join(lib, 'resolver', 'image-resolver'));
const { planImages } = require(path.join(lib, 'resolver', 'plan'));
const { OperatorRelease } = require(path.join(lib, 'release', 'operator-release'));
const defaultImageConfigData = () => OperatorRelease.latest().imageConfigData();
const { compileGoPattern } = require(path.join(lib, 'resolver', 'go-regexp'));
const { PiraeusError } = require(path.join(lib, 'errors'));

/** Milliseconds of the fastest of `runs` calls of `fn` (after one warm-up call). */
function best(fn, runs = 3) {
  fn();
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    min = Math.min(min, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return min;
}

const pad5 = (i) => String(i).padStart(5, '0');

function bulkDocument(n, prefix) {
  const lines = ['base: quay.io/bulk', 'components:'];
  for (let i = 0; i < n; i++) {
    lines.push(`  ${prefix}-${pad5(i)}:`, `    image: image-${pad5(i)}`, '    tag: v1', '    match:',
      "      - osImage: 'Ubuntu 22\\.04'", `        image: jammy-${pad5(i)}`);
  }
  return lines.join('\n') + '\n';
}

function manifest(data) {
  const body = Object.entries(data).map(([k, v]) =>
    `  ${k}: |\n${v.replace(/\n$/, '').split('\n').map((l) => `    ${l}`).join('\n')}`).join('\n');
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: piraeus-operator-image-config\ndata:\n${body}\n`;
}

/** A manifest of at least `bytes` bytes. */
function configMapOf(bytes) {
  const defaults = defaultImageConfigData();
  let n = Math.max(100, Math.floor(bytes / 160));
  for (;;) {
    const text = manifest({ ...defaults, '9_bulk.yaml': bulkDocument(n, 'bulk') });
    if (text.length >= bytes) return text;
    n = Math.ceil(n * 1.05);
  }
}

const rows = [];
function row(measure, size, ms, prevMs) {
  rows.push({ measure, size, ms, ratio: prevMs === undefined ? '' : (ms / prevMs).toFixed(2) });
}

/** Runs a doubling series and records one row per size. */
function series(measure, sizes, label, fn, runs) {
  let prev;
  for (const size of sizes) {
    const ms = best(() => fn(size), runs);
    row(measure, label(size), ms, prev);
    prev = ms;
  }
}

const MiB = 1 << 20;
console.log(`hostile sizes (node ${process.version})\n`);

// 1. ConfigMap manifests.
{
  const inputs = new Map([0.25, 0.5, 1, 2].map((m) => [m, configMapOf(m * MiB)]));
  series('ConfigMap manifest: parse, decode, resolve', [0.25, 0.5, 1, 2], (m) => `${(inputs.get(m).length / MiB).toFixed(2)} MiB`, (m) => {
    const data = parseConfigMapManifest(inputs.get(m), 'bench');
    const { documents } = loadImageConfig(data);
    new ImageResolver(documents).resolve('Ubuntu 22.04.4 LTS');
  }, 1);
}

// 2. Components.
{
  const texts = new Map([2500, 5000, 10000, 20000].map((n) => [n, bulkDocument(n, 'comp')]));
  series('components: decode', [2500, 5000, 10000, 20000], (n) => n.toLocaleString('en-US'), (n) => {
    loadImageConfig({ '1_override.yaml': texts.get(n) });
  }, 1);
  const docs = new Map([...texts].map(([n, t]) => [n, loadImageConfig({ '1_override.yaml': t }).documents]));
  series('components: resolve cluster + one node', [2500, 5000, 10000, 20000], (n) => n.toLocaleString('en-US'), (n) => {
    const r = new ImageResolver(docs.get(n));
    r.resolveCluster();
    r.resolve('Ubuntu 22.04.4 LTS');
  });
  series('components: image plan with pins', [2500, 5000, 10000, 20000], (n) => n.toLocaleString('en-US'), (n) => {
    planImages({ data: { '1_override.yaml': texts.get(n) } });
  }, 1);
}

// 3. OS strings against catastrophic-backtracking patterns.
{
  const patterns = ['(a+)+$', '(a|aa)+$', '(x+x+)+y', '^(\\w+\\s?)+$', '(.*a){20}!', '(a|a?)+b', '([a-z]+)*[0-9]'];
  const compiled = patterns.map((p) => compileGoPattern(p));
  for (const p of compiled) if (p.error) throw new Error(`${p.source}: ${p.error}`);
  const lengths = [25000, 50000, 100000, 200000, 400000];
  series(`OS string vs ${patterns.length} patterns ('a'… + '#')`, lengths, (n) => `${n.toLocaleString('en-US')} chars`, (n) => {
    const os = 'a'.repeat(n) + '#';
    for (const p of compiled) p.test(os);
  });
  const doc = ['base: quay.io/p', 'components:', '  drbd-module-loader:', '    image: drbd9-noble', '    tag: v9', '    match:',
    ...patterns.map((p, i) => `      - osImage: '${p}'\n        image: hostile-${i}`)].join('\n') + '\n';
  const { documents } = loadImageConfig({ '1_override.yaml': doc });
  series('OS string through the resolver', lengths, (n) => `${n.toLocaleString('en-US')} chars`, (n) => {
    new ImageResolver(documents).resolve('a '.repeat(n / 2) + '#');
  });
}

// 4. Deep nesting: decoded up to the operator's 10,000 levels, refused beyond.
{
  const accepted = (text) => {
    const { documents } = loadImageConfig({ '1_override.yaml': text });
    if (documents[0].components.get('c').image !== 'i') throw new Error('a deep entry decoded wrongly');
  };
  // Each entry holds `n` lists and mappings on its deepest path, under a component's unknown key.
  const entry = (value) => `base: quay.io/p\ncomponents:\n  c:\n    image: i\n    x-notes:${value}\n`;
  const depths = [1250, 2500, 5000, 10000];
  const label = (n) => `${n.toLocaleString('en-US')} levels`;
  const shapes = [
    ['flow sequences (decoded)', (n) => entry(` ${'['.repeat(n - 3)}${']'.repeat(n - 3)}`)],
    ['flow mappings (decoded)', (n) => entry(` ${'{a: '.repeat(n - 3)}1${'}'.repeat(n - 3)}`)],
    ['block sequences "- - -" (decoded)', (n) => entry(`\n      ${'- '.repeat(n - 3)}x`)],
    // One mapping a line, each indented one column further: the text grows with the square of n.
    ['block mappings, text ~n^2/2 (decoded)', (n) => entry('\n' + Array.from({ length: n - 3 }, (_, i) => `${' '.repeat(6 + i)}a:`).join('\n') + ' x')],
    ['lists through an alias (decoded)', (n) => `x-deep: &d ${'['.repeat(n - 3)}${']'.repeat(n - 3)}\n${entry(' *d')}`],
  ];
  for (const [measure, make] of shapes) {
    const texts = new Map(depths.map((n) => [n, make(n)]));
    series(measure, depths, label, (n) => accepted(texts.get(n)));
  }
  series('flow sequences past 10,000 (refused)', [20000, 40000, 80000], label, (n) => {
    try {
      loadImageConfig({ '1_override.yaml': `base: x\ny: ${'['.repeat(n)}${']'.repeat(n)}\n` });
      throw new Error('an entry beyond the operator\'s nesting limit was accepted');
    } catch (e) {
      if (!(e instanceof PiraeusError)) throw e;
    }
  });
}

// 5. Image references in hostile shapes, on both sides of the 1,024-character bound where the
// grammar moves from V8's engine to re2js.
{
  const { validateReference } = require(path.join(lib, 'resolver', 'reference'));
  for (const [label, unit] of [['reference of "a-" runs (invalid)', 'a-'], ['reference of "a." labels (invalid)', 'a.'], ['reference of "a/" parts (invalid)', 'a/']]) {
    series(label, [128, 256, 512, 1024, 2048, 4096, 8192], (n) => `${n.toLocaleString('en-US')} chars`, (n) => {
      for (let i = 0; i < 100; i++) validateReference(unit.repeat(n / 2 - 1) + 'a!');
    });
  }
}

const w = [44, 14, 12, 8];
console.log(`${'measure'.padEnd(w[0])} ${'size'.padStart(w[1])} ${'ms'.padStart(w[2])} ${'x prev'.padStart(w[3])}`);
console.log(`${'-------'.padEnd(w[0])} ${'----'.padStart(w[1])} ${'--'.padStart(w[2])} ${'------'.padStart(w[3])}`);
let last = '';
for (const r of rows) {
  const name = r.measure === last ? '' : r.measure;
  last = r.measure;
  console.log(`${name.padEnd(w[0])} ${r.size.padStart(w[1])} ${r.ms.toFixed(1).padStart(w[2])} ${r.ratio.padStart(w[3])}`);
}
console.log('\n"x prev" is the time relative to the row above, for twice the size: ~2 is linear.');
