#!/usr/bin/env node
/**
 * The API reports: one `api/<entry>.api.md` per package entry point, made by API Extractor from
 * the built declarations in lib/. One TypeScript program serves every entry point, so the whole
 * run costs about one compilation.
 *
 *   node scripts/api-report.js          regenerate api/*.api.md (`npm run api`)
 *   node scripts/api-report.js --check  fail when a report differs from the checked-in one
 *
 * A signature may name a type that its own entry point does not export (`ImagePlan.resolver` is an
 * `ImageResolver`) as long as another entry point does; a type no entry point exports fails the
 * run. The root exports the types its own signatures name directly (see src/index.ts).
 *
 * Needs lib/ (`npm run build` first). Settings other than the entry point are in api-extractor.json.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { CompilerState, Extractor, ExtractorConfig } = require('@microsoft/api-extractor');
// The TypeScript API Extractor compiles with (its own copy), for the flags of its symbols.
const ts = require(require.resolve('typescript', { paths: [path.dirname(require.resolve('@microsoft/api-extractor'))] }));

const root = path.join(__dirname, '..');
/** Report name -> declaration file of the entry point; keep in step with `exports` in package.json. */
const ENTRIES = {
  index: 'lib/index.d.ts',
  resolver: 'lib/resolver/index.d.ts',
  storage: 'lib/storage/index.d.ts',
  release: 'lib/release/index.d.ts',
  mirror: 'lib/mirror/index.d.ts',
  workloads: 'lib/workloads/index.d.ts',
  imports: 'lib/imports/piraeus.io.d.ts',
};

function configFor(base, name, file) {
  const configObject = {
    ...base,
    mainEntryPointFilePath: `<projectFolder>/${file}`,
    compiler: { overrideTsconfig: { ...base.compiler.overrideTsconfig, files: Object.values(ENTRIES) } },
    apiReport: { ...base.apiReport, reportFileName: name },
  };
  return ExtractorConfig.prepare({
    configObject,
    configObjectFullPath: path.join(root, 'api-extractor.json'),
    packageJsonFullPath: path.join(root, 'package.json'),
  });
}

function main() {
  const check = process.argv.includes('--check');
  const base = ExtractorConfig.loadFile(path.join(root, 'api-extractor.json'));
  const configs = Object.entries(ENTRIES).map(([name, file]) => {
    if (!fs.existsSync(path.join(root, file))) {
      console.error(`${file} is missing: run \`npm run build\` first`);
      process.exit(2);
    }
    return configFor(base, name, file);
  });
  const compilerState = CompilerState.create(configs[0], {
    additionalEntryPoints: configs.slice(1).map((c) => c.mainEntryPointFilePath),
  });
  const exported = exportedNames(compilerState.program, configs.map((c) => c.mainEntryPointFilePath));
  const changed = [];
  const unexported = [];
  let errors = 0;
  for (const config of configs) {
    const name = path.basename(config.reportConfigs[0].fileName, '.api.md');
    const result = Extractor.invoke(config, {
      localBuild: !check,
      compilerState,
      showVerboseMessages: false,
      messageCallback: (m) => {
        if (m.logLevel === 'info' || m.logLevel === 'verbose') m.handled = true;
        if (m.messageId === 'ae-forgotten-export') {
          m.handled = true;
          const symbol = /The symbol "([^"]+)"/.exec(m.text)?.[1] ?? m.text;
          if (!exported.has(symbol)) unexported.push(`${symbol} (named by ${name}, ${m.sourceFilePath}:${m.sourceFileLine})`);
        }
        // API Extractor reports a missing or changed report as a warning; it is counted below.
        if (m.messageId.startsWith('console-api-report-')) m.handled = true;
      },
    });
    errors += result.errorCount;
    if (result.apiReportChanged) changed.push(name);
  }
  if (unexported.length > 0) {
    console.error(`Types that signatures name but no entry point exports:\n  ${[...new Set(unexported)].sort().join('\n  ')}`);
  }
  if (check && changed.length > 0) {
    console.error(`The API differs from the checked-in report for: ${changed.map((n) => `api/${n}.api.md`).join(', ')}.\n`
      + 'Run `npm run api` and review the diff of api/*.api.md before committing it.');
  } else if (!check) {
    for (const n of changed) console.log(`api/${n}.api.md updated`);
  }
  if (errors > 0 || unexported.length > 0 || (check && changed.length > 0)) process.exit(1);
}

/** Every name the entry points export, namespace members included (`imports.LinstorClusterSpec`). */
function exportedNames(program, entryFiles) {
  const checker = program.getTypeChecker();
  const names = new Set();
  const visit = (moduleSymbol, seen) => {
    if (!moduleSymbol || seen.has(moduleSymbol)) return;
    seen.add(moduleSymbol);
    for (const s of checker.getExportsOfModule(moduleSymbol)) {
      names.add(s.name);
      const target = (s.flags & ts.SymbolFlags.Alias) ? checker.getAliasedSymbol(s) : s;
      if (target.flags & ts.SymbolFlags.ValueModule) visit(target, seen);
    }
  };
  for (const file of entryFiles) {
    const sf = program.getSourceFile(file);
    if (sf) visit(checker.getSymbolAtLocation(sf), new Set());
  }
  return names;
}

main();
