#!/usr/bin/env node
// `npm run synth`: runs the app named in cdk8s.yaml with its output folder, as `cdk8s synth` does,
// but without the CLI's stack trace when the app reports a mistake (the app prints one line).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { parse } = require('yaml');

const root = path.join(__dirname, '..');
const config = parse(fs.readFileSync(path.join(root, 'cdk8s.yaml'), 'utf8'));
const outdir = path.resolve(root, config.output || 'dist');
fs.rmSync(outdir, { recursive: true, force: true });
const result = spawnSync(config.app, { cwd: root, shell: true, stdio: 'inherit', env: { ...process.env, CDK8S_OUTDIR: outdir } });
if (result.status !== 0) process.exit(result.status === null ? 1 : result.status);
for (const file of fs.readdirSync(outdir).sort()) console.log(`  - ${path.relative(root, path.join(outdir, file))}`);
