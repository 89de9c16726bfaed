/**
 * Every upstream conformance case (operator unit and controller tests, documentation examples), interpreted from
 * test/fixtures/conformance.yaml: operator unit tests, controller tests and documentation examples.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { decodeDocument, ImageConfigDocument, ImageResolver, loadImageConfig, Resolution } from '../src/resolver';
import { applyExternalVersion } from '../src/resolver/external';
import { defaultImageConfigData } from './support/defaults';

interface Case {
  id: string;
  source?: string;
  configs?: Array<Record<string, unknown> | string>;
  configmapData?: Record<string, string>;
  extraDocument?: Record<string, string>;
  clusterSpec?: { repository?: string };
  base?: string;
  osImage?: string;
  env?: Record<string, string>;
  externalVersion?: string | { error: string };
  expect: Record<string, any>;
  withCurrentDefaults?: Record<string, string>;
}

const fixture = YAML.parse(fs.readFileSync(path.join(__dirname, 'fixtures/conformance.yaml'), 'utf8'), { merge: true });
const cases: Case[] = fixture.cases;
const SATELLITE_VERSION = '1.32.3';

/** Builds documents the way the operator would read them. Object configs go through the decoder. */
function documentsOf(c: Case): ImageConfigDocument[] {
  if (c.configmapData) return loadImageConfig(c.configmapData).documents;
  if (c.configs) {
    const defaults = loadImageConfig(defaultImageConfigData()).documents;
    return c.configs.map((config, i) => {
      if (typeof config === 'string') {
        const key = config.replace(/^default /, '');
        return defaults.find((d) => d.key === key)!;
      }
      return decodeDocument(`${i}_config.yaml`, YAML.stringify(config)).document;
    });
  }
  return loadImageConfig({ ...defaultImageConfigData(), ...(c.extraDocument ?? {}) }).documents;
}

function resolverOf(c: Case): ImageResolver {
  const externalVersion = typeof c.externalVersion === 'string'
    ? c.externalVersion.replace(/^<.*>$/, SATELLITE_VERSION) : undefined;
  return new ImageResolver(documentsOf(c), {
    repository: c.base ?? c.clusterSpec?.repository ?? '',
    env: c.env ?? {},
    externalVersion,
  });
}

function resolutionOf(c: Case): Resolution {
  const r = resolverOf(c);
  // Cluster-level cases (no OS string) are what the cluster controller resolves.
  return c.osImage === undefined && c.externalVersion === undefined ? r.resolveCluster() : r.resolve(c.osImage ?? '');
}

function rendered(res: Resolution): Record<string, string> {
  return Object.fromEntries(res.images.map((i) => [i.name, i.image]));
}

const runnable = cases.filter((c) => typeof c.externalVersion !== 'object');

test('the fixture holds every case of the specification', () => {
  expect(cases).toHaveLength(20);
});

describe.each(runnable.map((c) => [c.id, c] as const))('%s', (_id, c) => {
  if (c.expect.images) {
    test('kustomize entries', () => {
      const got = resolutionOf(c).images.map(({ name, newName, newTag, digest }) => ({ name, newName, newTag, digest }));
      const want = (c.expect.images as Array<Record<string, string>>).map((e) => ({
        name: e.name, newName: e.newName ?? '', newTag: e.newTag ?? '', digest: e.digest ?? '',
      }));
      const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : 1);
      expect(got.sort(byName)).toEqual(want.sort(byName));
    });
  }
  if (c.expect.precompiled !== undefined) {
    test('precompiled flag', () => {
      expect(resolutionOf(c).precompiled).toBe(c.expect.precompiled);
    });
  }
  if (c.expect.rendered) {
    test('rendered images', () => {
      const want = Object.fromEntries(Object.entries(c.expect.rendered as Record<string, string>)
        .map(([k, v]) => [k, v.replace('<reported version>', SATELLITE_VERSION)]));
      expect(rendered(resolutionOf(c))).toMatchObject(want);
    });
  }
  if (c.expect.decoded) {
    test('decoded documents', () => {
      const docs = documentsOf(c).map((d) => ({
        Base: d.base,
        Components: Object.fromEntries([...d.components].map(([name, comp]) => [name, {
          Image: comp.image, Tag: comp.tag,
          ...(comp.match.length ? { Match: comp.match.map((m) => ({ Image: m.image, OsImage: m.osImage, Precompiled: m.precompiled })) } : {}),
        }])),
      }));
      const want = (c.expect.decoded as any[]).map((d) => ({
        ...d,
        Components: Object.fromEntries(Object.entries(d.Components as Record<string, any>).map(([k, v]) => [k, {
          ...v,
          ...(v.Match ? { Match: v.Match.map((m: any) => ({ Precompiled: false, ...m })) } : {}),
        }])),
      }));
      expect(docs).toEqual(want);
    });
  }
  if (c.expect.mutatedConfigs) {
    test('only the first document holding linstor-satellite gets the external tag', () => {
      const { documents } = applyExternalVersion(documentsOf(c), c.externalVersion as string);
      documents.forEach((d, i) => {
        const want = (c.expect.mutatedConfigs as any[])[i].components as Record<string, { image: string; tag: string }>;
        for (const [name, comp] of Object.entries(want)) {
          expect(d.components.get(name)).toMatchObject({ image: comp.image, tag: comp.tag });
        }
      });
    });
  }
  if (c.expect.initContainers) {
    test('satellite images have the asserted prefixes', () => {
      const images = rendered(resolutionOf(c));
      const placeholder: Record<string, string> = { 'setup-lvm-configuration': 'linstor-satellite' };
      for (const ic of c.expect.initContainers as Array<{ name: string; imagePrefix: string }>) {
        expect(images[placeholder[ic.name] ?? ic.name].startsWith(ic.imagePrefix)).toBe(true);
      }
    });
  }
  if (c.expect['linstor-controller container image prefix']) {
    test('controller image prefix', () => {
      expect(rendered(resolutionOf(c))['linstor-controller'].startsWith(c.expect['linstor-controller container image prefix'])).toBe(true);
    });
  }
  // Documentation examples: component -> image, against the current default data.
  // The docs were written against older defaults; `withCurrentDefaults` gives the same case with ours.
  const direct = c.withCurrentDefaults
    ?? Object.fromEntries(Object.entries(c.expect).filter(([, v]) => typeof v === 'string' && !/prefix/.test(String(v))));
  const directEntries = Object.entries(direct).filter(([k]) => !['linstor-controller container image prefix'].includes(k));
  if (c.id.startsWith('docs-') && directEntries.length > 0) {
    test('documented images', () => {
      expect(rendered(resolutionOf(c))).toMatchObject(Object.fromEntries(directEntries));
    });
  }
});

test('external-cluster-error: an unreachable controller is outside the resolver (documented, not run)', () => {
  const c = cases.find((x) => x.id === 'external-cluster-error')!;
  // The operator aborts when the version request fails; the library never talks to a controller,
  // so the closest failure it owns is a configuration without linstor-satellite.
  expect(c.expect.error).toBe(true);
  expect(() => new ImageResolver([{ key: '0', base: 'b', components: new Map() }], { externalVersion: '1.0.0' }))
    .toThrow(/no linstor-satellite component found/);
});
