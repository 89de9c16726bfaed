/**
 * What a synthesis of a built-in release loads. Its data is pre-parsed and pre-decoded at build
 * time, and its patterns are plain text or simple classes, so neither the `yaml` package, the
 * image-config decoder nor re2js is needed; they load on first use (src/resolver/on-demand.ts). A top-level import creeping back in shows up here, not as a slower
 * benchmark months later. Runs the built package (lib/) in a fresh process.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

const root = path.join(__dirname, '..');

function loadedAfter(script: string): string[] {
  const r = spawnSync(process.execPath, ['-e', `${script};
    console.log(JSON.stringify(Object.keys(require.cache).map((f) => require('path').relative(process.cwd(), f))));`],
  { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as string[];
}

const ourYaml = (files: string[]) => files.filter((f) => f.startsWith('node_modules/yaml/'));
const decoder = (files: string[]) => files.filter((f) => f.startsWith('lib/resolver/yaml/decode'));
const re2js = (files: string[]) => files.filter((f) => f.startsWith('node_modules/re2js/'));

describe('loading on first use', () => {
  test('synthesizing the default install loads neither the yaml package, the decoder nor re2js', () => {
    const files = loadedAfter(`const { App } = require('cdk8s'); const { PiraeusInstall } = require('./lib');
      const app = new App({ outdir: require('os').tmpdir() }); new PiraeusInstall(app, 'p'); app.synthYaml()`);
    expect(files).toContain('lib/constructs/piraeus-install.js');
    expect(ourYaml(files)).toEqual([]);
    expect(decoder(files)).toEqual([]);
    expect(re2js(files)).toEqual([]);
  });

  test('a user document is decoded: then both load', () => {
    const files = loadedAfter(`const { App } = require('cdk8s'); const { PiraeusInstall, ImageConfigOverride } = require('./lib');
      const app = new App({ outdir: require('os').tmpdir() });
      new PiraeusInstall(app, 'p', { operator: { imageConfig: [ImageConfigOverride.fromYaml('base: registry.example.com/x\\n', 'extra')] } });
      app.synthYaml()`);
    expect(ourYaml(files).length).toBeGreaterThan(0);
    expect(decoder(files)).toEqual(['lib/resolver/yaml/decode.js']);
  });
});
