#!/usr/bin/env node
/**
 * Development tool: turns a rendered upstream install (an upstream release's manifest.yaml, or
 * `kubectl kustomize config/default` at a tag) into the data of a built-in release,
 * `releases/<version>/install.yaml`. Upstream prose is left out: every CRD `description` (schema
 * and printer columns) is dropped, the schema shapes stay. Write `release.yaml` beside it by hand
 * (date, exactness, the source of every fact); CONTRIBUTING.md describes the steps.
 *
 *   node scripts/add-release.js --manifest /path/to/manifest.yaml --version v2.8.1
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { parseArgs } = require('util');
const YAML = require('yaml');

const { values } = parseArgs({ options: { manifest: { type: 'string' }, version: { type: 'string' } } });
if (!values.manifest || !/^v\d+\.\d+\.\d+$/.test(values.version || '')) {
  console.error('usage: node scripts/add-release.js --manifest FILE --version vX.Y.Z');
  process.exit(2);
}

/** Drops `description` from every schema node; keys of `properties` are field names and stay. */
function stripSchema(node) {
  if (Array.isArray(node)) return node.map(stripSchema);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'description' && typeof v === 'string') continue;
    if (k === 'properties' || k === 'patternProperties' || k === 'definitions') {
      out[k] = Object.fromEntries(Object.entries(v).map(([name, schema]) => [name, stripSchema(schema)]));
    } else {
      out[k] = stripSchema(v);
    }
  }
  return out;
}

function stripCrd(crd) {
  if (crd.kind !== 'CustomResourceDefinition') return crd;
  const versions = crd.spec.versions.map((v) => ({
    ...v,
    ...(v.schema ? { schema: stripSchema(v.schema) } : {}),
    ...(v.additionalPrinterColumns
      ? { additionalPrinterColumns: v.additionalPrinterColumns.map(({ description, ...col }) => col) } : {}),
  }));
  return { ...crd, spec: { ...crd.spec, versions } };
}

// Read the way the library reads manifests (go-yaml's scalar rules); needs `npm run build` first.
const { parseManifestText } = require(path.join(__dirname, '..', 'lib', 'release', 'manifest'));
const objects = parseManifestText(fs.readFileSync(values.manifest, 'utf8'), values.manifest).map((e) => stripCrd(e.object));
const out = path.join(__dirname, '..', 'releases', values.version);
fs.mkdirSync(out, { recursive: true });
const header = `# Install objects of Piraeus Operator ${values.version}: upstream's rendered config/default, with the\n`
  + '# CRD descriptions left out (schema shapes only). Sources: release.yaml beside this file.\n';
const body = objects.map((o) => YAML.stringify(o, { version: '1.1', lineWidth: 0 })).join('---\n');
fs.writeFileSync(path.join(out, 'install.yaml'), header + body);
console.log(`${path.relative(process.cwd(), path.join(out, 'install.yaml'))}: ${objects.length} objects`);
