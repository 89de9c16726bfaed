#!/usr/bin/env node
// `npm run synth`: runs the app named in cdk8s.yaml with its output folder, as `cdk8s synth` does,
// but without the CLI's stack trace when the app reports a mistake (the app prints one line).
// dist/ (what may be applied) and preview/ (review only) are written anew each time.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { parse } = require('yaml');

const root = path.join(__dirname, '..');
const config = parse(fs.readFileSync(path.join(root, 'cdk8s.yaml'), 'utf8'));
const outdir = path.resolve(root, config.output || 'dist');
const previewDir = path.resolve(root, 'preview');
for (const dir of [outdir, previewDir]) fs.rmSync(dir, { recursive: true, force: true });
const env = { ...process.env, CDK8S_OUTDIR: outdir, CDK8S_PIRAEUS_PREVIEW_DIR: previewDir };
const result = spawnSync(config.app, { cwd: root, shell: true, stdio: 'inherit', env });
if (result.status !== 0) process.exit(result.status === null ? 1 : result.status);
const list = (dir) => fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))
  .flatMap((e) => (e.isDirectory() ? list(path.join(dir, e.name)) : [path.relative(root, path.join(dir, e.name))]));
for (const dir of [outdir, previewDir]) if (fs.existsSync(dir)) for (const file of list(dir)) console.log(`  - ${file}`);
