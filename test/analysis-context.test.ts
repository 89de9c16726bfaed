/** EXTERNAL_VERSION_SHADOWED and ENV_UNUSED: checks that depend on the options, one table each. */
import { unusedEnvironment } from '../src/resolver/analysis/environment';
import { externalVersionShadowed } from '../src/resolver/analysis/external';
import { DiagnosticCodes } from '../src/resolver/types';
import { analysisInput, codeAndLocation } from './support/analysis';

describe('externalVersionShadowed', () => {
  const satellite = (fields: string) => `base: b\ncomponents:\n  linstor-satellite: ${fields}\n`;
  type Row = { name: string; data: Record<string, string>; externalVersion?: string; expected: unknown[] };
  const shadowed = (key: string) => ({ code: DiagnosticCodes.EXTERNAL_VERSION_SHADOWED, location: { key, component: 'linstor-satellite', line: 3 } });
  test.each<Row>([
    { name: 'one document', data: { '1.yaml': satellite('{image: s, tag: v}') }, externalVersion: '1.2.3', expected: [] },
    // The version goes to the first document that holds the satellite; later ones with an image win.
    { name: 'a later image', data: { '1.yaml': satellite('{image: s, tag: v}'), '2.yaml': satellite('{image: t, tag: w}') }, externalVersion: '1.2.3', expected: [shadowed('2.yaml')] },
    { name: 'two later images', data: { '1.yaml': satellite('{image: s}'), '2.yaml': satellite('{image: t}'), '3.yaml': satellite('{image: u}') }, externalVersion: '1.2.3', expected: [shadowed('2.yaml'), shadowed('3.yaml')] },
    // Without an image the later document yields nothing for the satellite, so it does not win.
    { name: 'a later tag only', data: { '1.yaml': satellite('{image: s}'), '2.yaml': satellite('{tag: w}') }, externalVersion: '1.2.3', expected: [] },
    { name: 'an earlier image', data: { '1.yaml': 'base: b\ncomponents:\n  c: {image: i}\n', '2.yaml': satellite('{image: t}') }, externalVersion: '1.2.3', expected: [] },
    { name: 'no external version', data: { '1.yaml': satellite('{image: s}'), '2.yaml': satellite('{image: t}') }, externalVersion: undefined, expected: [] },
  ])('$name', ({ data, externalVersion, expected }) => {
    const input = analysisInput(data, { externalVersion });
    expect(externalVersionShadowed(input.docs, input.ctx).map(codeAndLocation)).toEqual(expected);
  });

  test('the message names the document that got the version', () => {
    const input = analysisInput({ '1.yaml': satellite('{image: s}'), '2.yaml': satellite('{image: t}') }, { externalVersion: '1.2.3' });
    expect(externalVersionShadowed(input.docs, input.ctx)[0].message).toMatch(/^defines linstor-satellite after "1.yaml", which got the external controller's version/);
  });
});

describe('unusedEnvironment', () => {
  const data = { '1.yaml': 'base: b\ncomponents:\n  c:\n    image: i\n    match:\n      - {osImage: x, image: r}\n' };
  test.each<{ name: string; env: Record<string, string>; expected: Array<[string, RegExp]> }>([
    { name: 'nothing', env: {}, expected: [] },
    { name: 'the component variable', env: { RELATED_IMAGE_c: 'x/y:z' }, expected: [] },
    { name: 'the fallback image variable', env: { RELATED_IMAGE_c_i: 'x/y:z' }, expected: [] },
    { name: 'a rule image variable', env: { RELATED_IMAGE_c_r: 'x/y:z' }, expected: [] },
    { name: 'not RELATED_IMAGE_*', env: { PATH: '/bin' }, expected: [['PATH', /has no effect on images/]] },
    { name: 'empty', env: { RELATED_IMAGE_c: '' }, expected: [['RELATED_IMAGE_c', /is empty/]] },
    { name: 'an unknown image', env: { RELATED_IMAGE_c_other: 'x/y:z' }, expected: [['RELATED_IMAGE_c_other', /is never consulted/]] },
    // Names are case-sensitive.
    { name: 'other case', env: { RELATED_IMAGE_C: 'x/y:z' }, expected: [['RELATED_IMAGE_C', /is never consulted/]] },
    // Reported in code-unit order of the names.
    { name: 'several', env: { RELATED_IMAGE_z: 'x', HOME: '/', RELATED_IMAGE_c: 'x' }, expected: [['HOME', /no effect/], ['RELATED_IMAGE_z', /never consulted/]] },
  ])('$name', ({ env, expected }) => {
    const input = analysisInput(data, { env });
    const found = unusedEnvironment(input.variants, input.ctx.env);
    expect(found.map(codeAndLocation)).toEqual(expected.map(([path]) => ({ code: DiagnosticCodes.ENV_UNUSED, location: { path } })));
    found.forEach((d, i) => expect(d.message).toMatch(expected[i][1]));
  });
});
