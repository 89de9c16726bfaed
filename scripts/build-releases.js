#!/usr/bin/env node
/**
 * Build step: pre-parses every built-in release (`releases/<version>/install.yaml`,
 * `release.yaml` and, when present, `workloads.yaml`) into `lib/releases/<version>.json`, and
 * writes `lib/releases/index.json` (the versions, oldest first, and those with workload templates).
 * The install and the templates are read with the library's own manifest reader, the same one
 * `OperatorRelease.fromManifest` uses, so built-in and imported data take one path; the templates
 * are checked as `OperatorRelease` will check them when it loads them.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const YAML = require('yaml');

const root = path.join(__dirname, '..');
const { parseManifestText } = require(path.join(root, 'lib', 'release', 'manifest'));
const { parseReleaseVersion, compareReleaseVersions } = require(path.join(root, 'lib', 'release', 'version'));
const { WorkloadTemplates } = require(path.join(root, 'lib', 'workloads', 'templates'));
const { loadRelease } = require(path.join(root, 'lib', 'release', 'load'));
const { decodeDocument } = require(path.join(root, 'lib', 'resolver', 'yaml', 'decode'));
const { decodeResultToJson } = require(path.join(root, 'lib', 'resolver', 'decoded-entries'));

/** The release's default image documents, decoded as the resolver decodes them at run time. */
function decodedImageConfig(objects, version, metadata) {
  const { imageConfigData } = loadRelease(objects, `built-in release ${version}`, metadata, version);
  const out = {};
  for (const key of Object.keys(imageConfigData)) out[key] = decodeResultToJson(decodeDocument(key, imageConfigData[key]));
  return out;
}

/** The release's `workloads.yaml` with `workloadSources` of its release.yaml, or undefined. */
function readWorkloads(dir, version, meta) {
  const file = path.join(dir, 'workloads.yaml');
  const where = `releases/${version}/workloads.yaml`;
  if (!fs.existsSync(file)) {
    if (meta.workloadSources !== undefined) throw new Error(`releases/${version}/release.yaml: workloadSources without ${where}`);
    return undefined;
  }
  const objects = parseManifestText(fs.readFileSync(file, 'utf8'), where);
  if (objects.length !== 1) throw new Error(`${where}: expected one document, found ${objects.length}`);
  WorkloadTemplates.fromData(objects[0].object, where);
  if (!Array.isArray(meta.workloadSources) || meta.workloadSources.length === 0) {
    throw new Error(`releases/${version}/release.yaml: ${where} needs workloadSources saying where each part was read`);
  }
  return { sources: meta.workloadSources, data: objects[0].object };
}

const srcDir = path.join(root, 'releases');
const outDir = path.join(root, 'lib', 'releases');
fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });

const versions = [];
const withWorkloads = [];
for (const version of fs.readdirSync(srcDir).sort()) {
  const dir = path.join(srcDir, version);
  if (!fs.statSync(dir).isDirectory()) continue;
  const parsed = parseReleaseVersion(version);
  if (!parsed) throw new Error(`releases/${version}: not a release version`);
  const meta = YAML.parse(fs.readFileSync(path.join(dir, 'release.yaml'), 'utf8'));
  if (meta.version !== version) throw new Error(`releases/${version}/release.yaml: version is ${meta.version}`);
  const installFile = path.join(dir, 'install.yaml');
  const objects = parseManifestText(fs.readFileSync(installFile, 'utf8'), `releases/${version}/install.yaml`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(String(meta.date))) throw new Error(`releases/${version}/release.yaml: date must be YYYY-MM-DD, got ${meta.date}`);
  if (!['exact', 'reconstructed'].includes(meta.exactness)) throw new Error(`releases/${version}/release.yaml: exactness must be exact or reconstructed`);
  if (!Array.isArray(meta.sources) || meta.sources.length === 0) throw new Error(`releases/${version}/release.yaml: sources must list where each fact came from`);
  const metadata = { date: String(meta.date), exactness: meta.exactness, sources: meta.sources, notes: meta.notes ?? [] };
  const workloads = readWorkloads(dir, version, meta);
  const imageConfig = decodedImageConfig(objects, version, metadata);
  fs.writeFileSync(path.join(outDir, `${version}.json`), JSON.stringify({ version, metadata, objects, ...(workloads ? { workloads } : {}), imageConfig }));
  versions.push(parsed);
  if (workloads) withWorkloads.push(parsed);
}
versions.sort(compareReleaseVersions);
withWorkloads.sort(compareReleaseVersions);
fs.writeFileSync(path.join(outDir, 'index.json'), JSON.stringify({
  releases: versions.map((v) => v.tag), workloadTemplates: withWorkloads.map((v) => v.tag),
}));
