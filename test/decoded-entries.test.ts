/**
 * Built-in releases carry their default image documents decoded at build time; synthesis reuses
 * them instead of decoding again. The reuse must be invisible: same documents, same diagnostics,
 * and never for text that differs from what was decoded.
 */
import { OperatorRelease } from '../src/release';
import { loadImageConfig } from '../src/resolver/configmap';
import { decodeResultFromJson, decodeResultToJson } from '../src/resolver/decoded-entries';
import { decodeDocument } from '../src/resolver/yaml/decode';

describe('pre-decoded default documents of built-in releases', () => {
  const releases = OperatorRelease.builtIn();

  test.each(releases.map((r) => [r.version, r] as const))('%s: every default entry is pre-decoded exactly as decodeDocument decodes it now', (_v, release) => {
    const data = release.imageConfigData();
    const decoded = release.decodedImageConfig();
    expect([...decoded.keys()].sort()).toEqual(Object.keys(data).sort());
    for (const [key, entry] of decoded) {
      expect(entry.text).toBe(data[key]);
      expect(entry.result).toEqual(decodeDocument(key, data[key]));
    }
  });

  test('loadImageConfig gives the same result with and without the pre-decoded entries', () => {
    const release = OperatorRelease.latest();
    const data = release.imageConfigData();
    expect(loadImageConfig(data, release.decodedImageConfig())).toEqual(loadImageConfig(data));
  });

  test('an entry whose text changed is decoded again, not taken from the pre-decoded ones', () => {
    const release = OperatorRelease.latest();
    const data = release.imageConfigData();
    const key = Object.keys(data)[0];
    const changed = { ...data, [key]: 'base: registry.example.com/changed\n' };
    const loaded = loadImageConfig(changed, release.decodedImageConfig());
    expect(loaded.documents.find((d) => d.key === key)?.base).toBe('registry.example.com/changed');
    expect(loaded).toEqual(loadImageConfig(changed));
  });

  test('imported releases carry none', () => {
    const release = OperatorRelease.latest();
    const imported = OperatorRelease.fromManifestText(
      require('fs').readFileSync(require('path').join(__dirname, '..', 'releases', release.version, 'install.yaml'), 'utf8'), 'install.yaml');
    expect(imported.decodedImageConfig().size).toBe(0);
  });
});

describe('the JSON form of a decode result', () => {
  const cases: ReadonlyArray<readonly [string, string]> = [
    ['base and components with rules', 'base: quay.io/x\ncomponents:\n  a:\n    tag: v1\n    image: a\n    match:\n      - osImage: Ubuntu\n        image: a-u\n        precompiled: true\n'],
    ['an empty entry (with its diagnostic)', ''],
    ['a document with a coerced scalar', 'base: quay.io/x\ncomponents:\n  a:\n    tag: 1.10\n    image: a\n'],
    ['a component named __proto__', 'components:\n  __proto__:\n    tag: v1\n    image: p\n'],
  ];
  test.each(cases)('%s round-trips through JSON text', (_name, text) => {
    const result = decodeDocument('10_entry.yaml', text);
    const back = decodeResultFromJson(JSON.parse(JSON.stringify(decodeResultToJson(result))));
    expect(back).toEqual(result);
    expect([...back.document.components.keys()]).toEqual([...result.document.components.keys()]);
  });
});
