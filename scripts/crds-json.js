#!/usr/bin/env node
// Writes crds/piraeus.io.json from crds/piraeus.io.yaml (the source of truth). The constructs read
// the JSON copy: parsing 1,800 lines of YAML on every synth costs more than the rest of the install.
'use strict';
const fs = require('fs');
const path = require('path');
const { parseAllDocuments } = require('yaml');

const dir = path.join(__dirname, '..', 'crds');
const docs = parseAllDocuments(fs.readFileSync(path.join(dir, 'piraeus.io.yaml'), 'utf8'))
  .filter((d) => d.contents !== null)
  .map((d) => d.toJS());
fs.writeFileSync(path.join(dir, 'piraeus.io.json'), JSON.stringify(docs, null, 1) + '\n');
console.log(`crds/piraeus.io.json: ${docs.length} CRDs`);
