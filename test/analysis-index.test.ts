/** The order the checks run in, and the once-only rules the analysis applies on top of them. */
import { analyse } from '../src/resolver/analysis';
import { loadImageConfig } from '../src/resolver/configmap';
import { ImageResolver } from '../src/resolver/image-resolver';
import { DiagnosticCodes } from '../src/resolver/types';
import { analysisInput, codeAndLocation, InputOptions } from './support/analysis';
import { defaultImageConfigData } from './support/defaults';

const C = DiagnosticCodes;

test.each<{ name: string; data: Record<string, string>; options: InputOptions; expected: Array<[string, object]> }>([
  {
    name: 'per rule, then per component, then EMPTY_BASE once per document',
    data: {
      '1.yaml': 'components:\n  a:\n    digest: sha256:abc\n    match:\n      - {osImage: "(", image: x, digest: "md5:0"}\n      - {osImage: "[", image: y}\n'
        + '  b: {image: j, tag: v}\n',
    },
    options: {},
    expected: [
      [C.PATTERN_INVALID, { key: '1.yaml', component: 'a', line: 5 }],
      [C.DIGEST_MALFORMED, { key: '1.yaml', component: 'a', line: 5 }],
      [C.PATTERN_INVALID, { key: '1.yaml', component: 'a', line: 6 }],
      [C.DIGEST_MALFORMED, { key: '1.yaml', component: 'a', line: 2 }],
      [C.EMPTY_BASE, { key: '1.yaml' }],
    ],
  },
  {
    name: 'variant checks after the configuration checks; an invalid image once',
    data: {
      '1.yaml': 'base: Bad Base\ncomponents:\n  a: {tag: v}\n  b:\n    match:\n      - {osImage: x, image: i}\n      - {osImage: y, image: i}\n',
    },
    options: {},
    expected: [
      [C.NO_IMAGE, { key: '1.yaml', component: 'a', line: 3 }],
      [C.UNTAGGED_IMAGE, { key: '1.yaml', component: 'b', line: 6 }],
      [C.REFERENCE_INVALID, { key: '1.yaml', component: 'b', line: 6 }],
      [C.UNTAGGED_IMAGE, { key: '1.yaml', component: 'b', line: 7 }],
    ],
  },
  {
    name: 'then collisions, invalid placeholder patterns, the external version and the environment',
    data: {
      '1.yaml': 'base: b\ncomponents:\n  linstor-satellite: {image: s, tag: v}\n  "bad(": {image: i, tag: v}\n  c: {image: j, tag: v}\n',
      '2.yaml': 'base: b\ncomponents:\n  linstor-satellite: {image: t, tag: w}\n',
    },
    // RELATED_IMAGE_c names the satellite's placeholder; the underscore spelling names nothing.
    options: { externalVersion: '1.2.3', env: { PATH: '/bin', RELATED_IMAGE_c: 'linstor-satellite:v2', RELATED_IMAGE_linstor_satellite: 'x:v' } },
    expected: [
      [C.PLACEHOLDER_COLLISION, { key: '1.yaml', component: 'c', line: 5, path: 'RELATED_IMAGE_c' }],
      [C.PLACEHOLDER_PATTERN_INVALID, { key: '1.yaml', component: 'bad(', line: 4 }],
      [C.EXTERNAL_VERSION_SHADOWED, { key: '2.yaml', component: 'linstor-satellite', line: 3 }],
      [C.ENV_UNUSED, { path: 'PATH' }],
      [C.ENV_UNUSED, { path: 'RELATED_IMAGE_linstor_satellite' }],
    ],
  },
])('$name', ({ data, options, expected }) => {
  expect(analyse(analysisInput(data, options)).map(codeAndLocation)).toEqual(expected.map(([code, location]) => ({ code, location })));
});

test('ImageResolver reports exactly what the analysis finds', () => {
  const data = { ...defaultImageConfigData(), '1_x.yaml': 'components:\n  "bad(": {image: i}\n  linstor-satellite: {image: s}\n' };
  const options = { externalVersion: '1.31.2', env: { RELATED_IMAGE_nothing: 'x' } };
  const resolver = new ImageResolver(loadImageConfig(data).documents, options);
  expect(resolver.diagnostics()).toEqual(analyse(analysisInput(data, options)));
  expect(resolver.diagnostics().map((d) => d.code)).toContain(C.PLACEHOLDER_PATTERN_INVALID);
});
