/**
 * Go-compatible decoding of image-config entries (sigs.k8s.io/yaml v1.6 over go-yaml v2, then
 * encoding/json), as docs/resolver.md describes.
 */
import * as fc from 'fast-check';
import { ErrorCodes, PiraeusError } from '../src/errors';
import { ComponentConfig, DiagnosticCodes } from '../src/resolver/types';
import { decodeDocument, DecodeResult } from '../src/resolver/yaml/decode';
import { DEFAULT_IMAGE_CONFIG_DATA } from './support/defaults';

const KEY = 'test.yaml';

function decode(text: string): DecodeResult {
  return decodeDocument(KEY, text);
}

function component(text: string, name = 'x'): ComponentConfig {
  const c = decode(text).document.components.get(name);
  if (!c) throw new Error(`component ${name} missing`);
  return c;
}

/** The PiraeusError a decode throws (fails the test when it does not throw one). */
function decodeError(text: string): PiraeusError {
  try {
    decode(text);
  } catch (e) {
    if (e instanceof PiraeusError) return e;
    throw new Error(`not a PiraeusError: ${String(e)}`);
  }
  throw new Error('decoded without error');
}

function codes(r: DecodeResult): string[] {
  return r.diagnostics.map((d) => d.code);
}

/** Plain JSON view of a decoded document (Map -> object, no undefined). */
function view(r: DecodeResult): unknown {
  return {
    base: r.document.base,
    components: Object.fromEntries([...r.document.components].map(([k, c]) => [k, {
      tag: c.tag, image: c.image, digest: c.digest,
      match: c.match.map((m) => ({ osImage: m.osImage, image: m.image, precompiled: m.precompiled, digest: m.digest })),
    }])),
  };
}

/** The two default entries, verbatim from the v2.10.4-era default configuration (config/manager/0_*_images.yaml upstream). */
const SPEC_DEFAULTS: Record<string, string> = {
  '0_piraeus_datastore_images.yaml': `---
# This is the configuration for default images used by piraeus-operator
#
# "base" is the default repository prefix to use.
base: quay.io/piraeusdatastore
# "components" is a mapping of image placeholders to actual image names with tag.
# For example, the image name "linstor-controller" in the kustomize-resources will be replaced by:
#   quay.io/piraeusdatastore/piraeus-server:v1.24.2
components:
  linstor-controller:
    tag: v1.32.3
    image: piraeus-server
  linstor-satellite:
    tag: v1.32.3
    image: piraeus-server
  linstor-csi:
    tag: v1.10.5
    image: piraeus-csi
  nfs-server:
    tag: v1.10.5
    image: piraeus-csi-nfs-server
  drbd-reactor:
    tag: v1.10.0
    image: drbd-reactor
  ha-controller:
    tag: v1.3.2
    image: piraeus-ha-controller
  drbd-shutdown-guard:
    tag: v1.1.2
    image: drbd-shutdown-guard
  ktls-utils:
    tag: v1.2.1
    image: ktls-utils
  linstor-affinity-controller:
    tag: v1.3.0
    image: linstor-affinity-controller
  drbd-module-loader:
    tag: v9.2.16
    # The special "match" attribute is used to select an image based on the node's reported OS.
    # The operator will first check the k8s node's ".status.nodeInfo.osImage" field, and compare it against the list
    # here. If one matches, that specific image name will be used instead of the fallback image.
    image: drbd9-noble # Fallback image: chose a recent kernel, which can hopefully compile whatever config is actually in use
    match:
      - osImage: Red Hat Enterprise Linux 8\\.
        image: drbd9-almalinux8
      - osImage: Red Hat Enterprise Linux 9\\.
        image: drbd9-almalinux9
      - osImage: Red Hat Enterprise Linux 10\\.
        image: drbd9-almalinux10
      - osImage: "Red Hat Enterprise Linux CoreOS 41[3-9]"
        image: drbd9-almalinux9
      - osImage: Red Hat Enterprise Linux CoreOS
        image: drbd9-almalinux8
      - osImage: CentOS Linux 8
        image: drbd9-almalinux8
      - osImage: AlmaLinux 8
        image: drbd9-almalinux8
      - osImage: AlmaLinux 9
        image: drbd9-almalinux9
      - osImage: AlmaLinux 10
        image: drbd9-almalinux10
      - osImage: Oracle Linux Server 8\\.
        image: drbd9-almalinux8
      - osImage: Oracle Linux Server 9\\.
        image: drbd9-almalinux9
      - osImage: Oracle Linux Server 10\\.
        image: drbd9-almalinux10
      - osImage: Rocky Linux 8
        image: drbd9-almalinux8
      - osImage: Rocky Linux 9
        image: drbd9-almalinux9
      - osImage: Rocky Linux 10
        image: drbd9-almalinux10
      - osImage: Ubuntu 22\\.04
        image: drbd9-jammy
      - osImage: Ubuntu 24\\.04
        image: drbd9-noble
      - osImage: Debian GNU/Linux 13
        image: drbd9-trixie
      - osImage: Debian GNU/Linux 12
        image: drbd9-bookworm
      - osImage: Debian GNU/Linux 11
        image: drbd9-bullseye
`,
  '0_sig_storage_images.yaml': `---
base: registry.k8s.io/sig-storage
components:
  csi-attacher:
    tag: v4.10.0
    image: csi-attacher
  csi-livenessprobe:
    tag: v2.17.0
    image: livenessprobe
  csi-provisioner:
    tag: v6.1.0
    image: csi-provisioner
  csi-snapshotter:
    tag: v8.4.0
    image: csi-snapshotter
  csi-resizer:
    tag: v2.0.0
    image: csi-resizer
  csi-external-health-monitor-controller:
    tag: v0.16.0
    image: csi-external-health-monitor-controller
  csi-node-driver-registrar:
    tag: v2.15.0
    image: csi-node-driver-registrar
`,
};
// ---------------------------------------------------------------------------------------------
// Step 2: to-string coercion in string fields

interface FieldCase {
  readonly name: string;
  readonly input: string;
  readonly expected: string;
}

const tagCases: FieldCase[] = [
  // "tag: <scalar>" and the string the Go field receives
  { name: 'integer', input: '10', expected: '10' },
  { name: 'leading 0 is octal: 0777', input: '0777', expected: '511' },
  { name: 'leading 0 is octal: 012', input: '012', expected: '10' },
  { name: 'leading 0 is octal: 010', input: '010', expected: '8' },
  { name: 'hex', input: '0x1F', expected: '31' },
  { name: 'binary', input: '0b101', expected: '5' },
  { name: 'Go octal', input: '0o17', expected: '15' },
  { name: 'underscores', input: '1_000', expected: '1000' },
  { name: 'trailing underscore', input: '017_', expected: '15' },
  { name: 'plus sign', input: '+12', expected: '12' },
  { name: 'uint64 keeps its digits', input: '12345678901234567890', expected: '12345678901234567890' },
  { name: 'float 1.10', input: '1.10', expected: '1.1' },
  { name: 'float 1e3', input: '1e3', expected: '1000' },
  { name: '08 is a float', input: '08', expected: '8' },
  { name: '09 is a float', input: '09', expected: '9' },
  ...['yes', 'Yes', 'YES', 'y', 'Y', 'on', 'On', 'ON', 'true', 'True', 'TRUE']
    .map((s) => ({ name: `bool ${s}`, input: s, expected: 'true' })),
  ...['no', 'No', 'NO', 'n', 'N', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE']
    .map((s) => ({ name: `bool ${s}`, input: s, expected: 'false' })),
  ...['~', 'null', 'Null', 'NULL', ''].map((s) => ({ name: `null ${JSON.stringify(s)}`, input: s, expected: '' })),
  { name: 'timestamp-like stays text', input: '2024-01-02', expected: '2024-01-02' },
  { name: 'no base 60', input: '1:30', expected: '1:30' },
  { name: 'already a string: v1.10', input: 'v1.10', expected: 'v1.10' },
  { name: 'already a string: 1.10.0', input: '1.10.0', expected: '1.10.0' },
  { name: 'single-quoted', input: "'1.10'", expected: '1.10' },
  { name: 'double-quoted', input: '"1.10"', expected: '1.10' },
  { name: '!!str tag', input: '!!str 1.10', expected: '1.10' },
  { name: 'overflowing float stays text', input: '1e400', expected: '1e400' },
  // the float table
  { name: '2.10', input: '2.10', expected: '2.1' },
  { name: '1.0', input: '1.0', expected: '1' },
  { name: '10.0', input: '10.0', expected: '10' },
  { name: '.5', input: '.5', expected: '0.5' },
  { name: '1.2345678901', input: '1.2345678901', expected: '1.2345679' },
  { name: '1.123456789', input: '1.123456789', expected: '1.1234568' },
  { name: '3.14159265358979', input: '3.14159265358979', expected: '3.1415927' },
  { name: '100000.0', input: '100000.0', expected: '100000' },
  { name: '1234567.0', input: '1234567.0', expected: '1.234567e+06' },
  { name: '100000000.5', input: '100000000.5', expected: '1e+08' },
  { name: '16777217.0', input: '16777217.0', expected: '1.6777216e+07' },
  { name: '0.0001', input: '0.0001', expected: '0.0001' },
  { name: '0.000001', input: '0.000001', expected: '1e-06' },
  { name: '.inf', input: '.inf', expected: '+Inf' },
  { name: '-.Inf', input: '-.Inf', expected: '-Inf' },
  { name: '.NaN', input: '.NaN', expected: 'NaN' },
  // YAML 1.1 scalars the yaml package reads differently
  { name: '.nan', input: '.nan', expected: 'NaN' },
  { name: '1:20', input: '1:20', expected: '1:20' },
  { name: '1.2.3', input: '1.2.3', expected: '1.2.3' },
  // more
  { name: 'legacy binary with sign', input: '0b-101', expected: '-5' },
  { name: 'negative zero float', input: '-0.0', expected: '-0' },
  { name: 'comment stripped', input: 'v1 # the tag', expected: 'v1' },
  { name: '!!int on a quoted value', input: '!!int "12"', expected: '12' },
  { name: '!!float', input: '!!float 1', expected: '1' },
  { name: 'non-specific tag keeps text', input: '! 1.10', expected: '1.10' },
  { name: 'block literal is a string', input: '|-\n      1.10', expected: '1.10' },
];

describe('string fields: to-string coercion (tag: <scalar>)', () => {
  test.each(tagCases)('$name', ({ input, expected }) => {
    const r = decode(`components:\n  x:\n    tag: ${input}\n`);
    expect(r.document.components.get('x')?.tag).toBe(expected);
  });

  test.each([
    { name: '1.10', input: '1.10', expected: 'tag: 1.10 is a YAML 1.1 float; the operator reads it as the string "1.1"' },
    { name: 'yes', input: 'yes', expected: 'tag: yes is a YAML 1.1 boolean; the operator reads it as the string "true"' },
    { name: '010', input: '010', expected: 'tag: 010 is a YAML 1.1 integer; the operator reads it as the string "8"' },
    { name: '~', input: '~', expected: 'tag has the null value ~; the operator leaves the field empty' },
    { name: 'no value', input: '', expected: 'tag has no value; the operator leaves the field empty' },
  ])('SCALAR_COERCED names the text and the result: $name', ({ input, expected }) => {
    const r = decode(`components:\n  x:\n    tag: ${input}\n`);
    expect(r.diagnostics).toHaveLength(1);
    const d = r.diagnostics[0];
    expect(d.code).toBe(DiagnosticCodes.SCALAR_COERCED);
    expect(d.severity).toBe('warning');
    expect(d.message).toContain(expected);
    expect(d.location).toEqual({ key: KEY, line: 3, column: 10, component: 'x' });
  });

  test.each([
    { name: 'a number that reads back unchanged', input: '10' },
    { name: 'a quoted number', input: "'1.10'" },
    { name: 'a timestamp', input: '2024-01-02' },
    { name: 'a version', input: 'v1.10' },
  ])('no diagnostic for $name', ({ input }) => {
    expect(decode(`components:\n  x:\n    tag: ${input}\n`).diagnostics).toEqual([]);
  });

  test.each([
    { name: 'base', input: 'base: 1.10\n', get: (r: DecodeResult) => r.document.base },
    { name: 'image', input: 'components:\n  x:\n    image: yes\n', get: (r: DecodeResult) => r.document.components.get('x')?.image },
    { name: 'digest', input: 'components:\n  x:\n    digest: 0x10\n', get: (r: DecodeResult) => r.document.components.get('x')?.digest },
    { name: 'osImage', input: 'components:\n  x:\n    match:\n      - osImage: 22.10\n', get: (r: DecodeResult) => r.document.components.get('x')?.match[0].osImage },
    { name: 'rule image', input: 'components:\n  x:\n    match:\n      - image: on\n', get: (r: DecodeResult) => r.document.components.get('x')?.match[0].image },
    { name: 'rule digest', input: 'components:\n  x:\n    match:\n      - digest: 1e3\n', get: (r: DecodeResult) => r.document.components.get('x')?.match[0].digest },
  ])('every string field is coerced: $name', ({ input, get }) => {
    const r = decode(input);
    expect(get(r)).toMatch(/^(1\.1|true|16|22\.1|1000)$/);
    expect(codes(r)).toEqual([DiagnosticCodes.SCALAR_COERCED]);
  });
});

// ---------------------------------------------------------------------------------------------
// precompiled

describe('precompiled accepts YAML 1.1 booleans and null only', () => {
  test.each([
    ...['yes', 'Yes', 'YES', 'y', 'Y', 'on', 'On', 'ON', 'true', 'True', 'TRUE', '!!bool yes']
      .map((s) => ({ name: s, input: s, expected: true })),
    ...['no', 'No', 'n', 'N', 'off', 'OFF', 'false', 'False', '~', 'null', 'NULL', '']
      .map((s) => ({ name: JSON.stringify(s), input: s, expected: false })),
  ])('precompiled: $name', ({ input, expected }) => {
    const c = component(`components:\n  x:\n    match:\n      - osImage: a\n        precompiled: ${input}\n`);
    expect(c.match[0].precompiled).toBe(expected);
  });

  test('absent is false', () => {
    expect(component('components:\n  x:\n    match:\n      - osImage: a\n').match[0].precompiled).toBe(false);
  });

  test('null after another spelling keeps the earlier value', () => {
    const c = component('components:\n  x:\n    match:\n      - Precompiled: true\n        precompiled: ~\n');
    expect(c.match[0].precompiled).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Type errors (the operator rejects the whole ConfigMap)

interface ErrorCase {
  readonly name: string;
  readonly input: string;
  readonly expected: { readonly line?: number; readonly column?: number; readonly component?: string; readonly detail: string };
}

const typeErrors: ErrorCase[] = [
  { name: 'precompiled: "true" (quoted)', input: 'components:\n  x:\n    match:\n      - osImage: a\n        precompiled: "true"\n',
    expected: { line: 5, column: 22, component: 'x', detail: '"precompiled" must be a YAML boolean (true/false, yes/no, on/off) or null, but is the quoted string "true"' } },
  { name: "precompiled: 'yes' (quoted)", input: "components:\n  x:\n    match:\n      - precompiled: 'yes'\n",
    expected: { line: 4, column: 22, component: 'x', detail: 'but is the quoted string "yes"' } },
  { name: 'precompiled: 1', input: 'components:\n  x:\n    match:\n      - precompiled: 1\n',
    expected: { line: 4, column: 22, component: 'x', detail: 'but is the number 1; the operator rejects the whole ConfigMap (json: cannot unmarshal number into Go struct field OsMatch.components.x.match.precompiled of type bool)' } },
  { name: 'precompiled: abc', input: 'components:\n  x:\n    match:\n      - precompiled: abc\n',
    expected: { line: 4, column: 22, detail: 'but is the string "abc"' } },
  { name: 'precompiled: [true]', input: 'components:\n  x:\n    match:\n      - precompiled: [true]\n',
    expected: { line: 4, column: 22, detail: 'but is a list' } },
  { name: 'components: []', input: 'components: []\n',
    expected: { line: 1, column: 13, detail: '"components" must be a mapping of component names to components, but is a list' } },
  { name: 'components: abc', input: 'components: abc\n',
    expected: { line: 1, column: 13, detail: 'but is the string "abc"' } },
  { name: 'match: {}', input: 'components:\n  x:\n    match: {}\n',
    expected: { line: 3, column: 12, component: 'x', detail: '"match" must be a list of match rules, but is a mapping' } },
  { name: 'match: abc', input: 'components:\n  x:\n    match: abc\n',
    expected: { line: 3, column: 12, component: 'x', detail: '"match" must be a list of match rules, but is the string "abc"' } },
  { name: 'osImage: [0-9] (unquoted flow sequence)', input: 'components:\n  x:\n    match:\n      - osImage: [0-9]\n',
    expected: { line: 4, column: 18, component: 'x', detail: '"osImage" must be a string, but is a list' } },
  { name: 'tag: {a: b}', input: 'components:\n  x:\n    tag: {a: b}\n',
    expected: { line: 3, column: 10, component: 'x', detail: '"tag" must be a string, but is a mapping' } },
  { name: 'image: [a]', input: 'components:\n  x:\n    image: [a]\n',
    expected: { line: 3, column: 12, component: 'x', detail: '"image" must be a string, but is a list' } },
  { name: 'base: {a: b}', input: 'base: {a: b}\n',
    expected: { line: 1, column: 7, detail: '"base" must be a string, but is a mapping' } },
  { name: 'document is a list', input: '- base: a\n',
    expected: { line: 1, column: 1, detail: 'the document must be a mapping with "base" and "components", but is a list' } },
  { name: 'document is a bare scalar', input: 'quay.io/piraeusdatastore\n',
    expected: { line: 1, column: 1, detail: 'but is the string "quay.io/piraeusdatastore"' } },
  { name: 'document is a number', input: '12\n', expected: { line: 1, column: 1, detail: 'but is the number 12' } },
  { name: 'document is a boolean', input: 'yes\n', expected: { line: 1, column: 1, detail: 'but is the boolean true' } },
  { name: 'component value is a scalar', input: 'components:\n  linstor-controller: piraeus-server\n',
    expected: { line: 2, column: 23, component: 'linstor-controller', detail: '"linstor-controller" must be a mapping with image, tag, digest and match, but is the string "piraeus-server"' } },
  { name: 'component value is a list', input: 'components:\n  x:\n    - a\n',
    expected: { line: 3, column: 5, component: 'x', detail: 'but is a list' } },
  { name: 'match element is a scalar', input: 'components:\n  x:\n    match:\n      - Ubuntu\n',
    expected: { line: 4, column: 9, component: 'x', detail: 'must be a mapping with osImage, image, precompiled and digest, but is the string "Ubuntu"' } },
  { name: 'match element is a list', input: 'components:\n  x:\n    match:\n      - [a]\n',
    expected: { line: 4, column: 9, component: 'x', detail: 'but is a list' } },
  { name: 'null map key', input: 'components:\n  ~: {}\n',
    expected: { line: 2, column: 3, detail: 'unsupported map key of type: <nil>' } },
  { name: 'empty map key', input: 'components:\n  "": {}\n  ? \n  : {}\n',
    expected: { line: 3, detail: 'unsupported map key of type: <nil>' } },
  { name: 'uint64 map key', input: 'components:\n  12345678901234567890: {}\n',
    expected: { line: 2, column: 3, detail: 'unsupported map key of type: uint64' } },
  { name: 'null key inside an unknown key', input: 'extra:\n  null: 1\n',
    expected: { line: 2, column: 3, detail: 'unsupported map key of type: <nil>' } },
  { name: 'mapping as a key', input: '? {a: b}\n: c\n', expected: { line: 1, column: 3, detail: 'invalid map key' } },
  { name: 'sequence as a key', input: '[a, b]: c\n', expected: { line: 1, column: 1, detail: 'invalid map key' } },
  { name: 'NaN outside a string field', input: 'extra: .nan\n', expected: { line: 1, column: 8, detail: 'json: unsupported value: NaN' } },
  { name: '+Inf as the document', input: '.inf\n', expected: { line: 1, column: 1, detail: 'json: unsupported value: +Inf' } },
  { name: '-Inf in precompiled', input: 'components:\n  x:\n    match:\n      - precompiled: -.inf\n',
    expected: { line: 4, column: 22, detail: 'json: unsupported value: -Inf' } },
  { name: 'merge of a scalar', input: 'components:\n  x:\n    <<: foo\n',
    expected: { line: 3, column: 9, detail: 'map merge requires map or sequence of maps as the value' } },
  { name: 'merge of an alias to a scalar', input: 'a: &a foo\ncomponents:\n  x:\n    <<: *a\n',
    expected: { line: 4, column: 9, detail: 'map merge requires map or sequence of maps' } },
  { name: 'merge of a list with a scalar', input: 'a: &a {tag: v}\ncomponents:\n  x:\n    <<: [*a, foo]\n',
    expected: { line: 4, column: 9, detail: 'map merge requires map or sequence of maps' } },
  { name: 'merge of null', input: 'components:\n  x:\n    <<:\n', expected: { line: 3, detail: 'map merge requires map' } },
  { name: '!!int abc', input: 'base: !!int abc\n', expected: { line: 1, column: 13, detail: 'cannot decode !!str `abc` as a !!int' } },
  { name: '!!binary garbage', input: 'base: !!binary a-b\n', expected: { line: 1, column: 16, detail: '!!binary value contains invalid base64 data' } },
];

describe('type errors are DECODE_TYPE with a location', () => {
  test.each(typeErrors)('$name', ({ input, expected }) => {
    const e = decodeError(input);
    expect(e.code).toBe(ErrorCodes.DECODE_TYPE);
    expect(e.detail).toContain(expected.detail);
    expect(e.location?.key).toBe(KEY);
    if (expected.line !== undefined) expect(e.location?.line).toBe(expected.line);
    if (expected.column !== undefined) expect(e.location?.column).toBe(expected.column);
    if (expected.component !== undefined) expect(e.location?.component).toBe(expected.component);
    expect(e.message).toContain(`ConfigMap key "${KEY}"`);
  });
});

// ---------------------------------------------------------------------------------------------
// YAML syntax errors

const syntaxErrors: ErrorCase[] = [
  { name: 'tabs as indentation', input: 'components:\n\tx:\n\t\ttag: v1\n', expected: { line: 2, column: 1, detail: 'Tabs are not allowed as indentation' } },
  // After the ":" of a simple key a tab is fine (see test/operator-corners.test.ts); after the ":"
  // of an explicit key it is not.
  // libyaml: a "..." before the first document is no document end; the implicit document has no content.
  { name: 'document end marker only', input: '...\n', expected: { line: 1, column: 1, detail: 'did not find expected node content' } },
  { name: 'tab after the colon of an explicit key', input: '? base\n:\tquay.io\n', expected: { line: 2, column: 2, detail: 'found a tab character' } },
  { name: 'tab after the colon of an explicit key and a space', input: '? base\n: \tquay.io\n', expected: { line: 2, column: 3, detail: 'found a tab character' } },
  { name: 'tab after a dash', input: 'components:\n  x:\n    match:\n      -\tosImage: a\n', expected: { line: 4, detail: '' } },
  { name: 'tab-indented comment line', input: 'base: a\n\t# comment\n', expected: { line: 2, column: 1, detail: 'found a tab character' } },
  { name: 'tab on a blank line', input: 'base: a\n\t\ncomponents: {}\n', expected: { line: 2, column: 1, detail: 'found a tab character' } },
  { name: 'tab before the first line', input: '\tbase: a\n', expected: { line: 1, column: 1, detail: '' } },
  { name: 'tab in block scalar indentation', input: 'base: |\n  \tfoo\n', expected: { line: 2, column: 3, detail: 'where an indentation space is expected in a block scalar' } },
  { name: 'tab in explicit block scalar indentation', input: 'base: |2\n \tfoo\n', expected: { detail: '' } },
  { name: '"Ubuntu 22\\.04" (bad escape)', input: 'components:\n  x:\n    match:\n      - osImage: "Ubuntu 22\\.04"\n',
    expected: { line: 4, column: 28, detail: 'found unknown escape character "\\."' } },
  { name: '"\\/" is not a libyaml escape', input: 'base: "a\\/b"\n', expected: { line: 1, column: 9, detail: 'unknown escape character "\\/"' } },
  { name: 'short hex escape', input: 'base: "\\x4"\n', expected: { line: 1, column: 10, detail: 'hexadecimal' } },
  { name: 'surrogate escape', input: 'base: "\\uD800"\n', expected: { line: 1, column: 10, detail: 'invalid Unicode character escape' } },
  { name: 'unclosed quote', input: 'base: "abc\n', expected: { detail: 'not valid YAML' } },
  { name: 'unknown anchor', input: 'base: *nope\n', expected: { line: 1, column: 7, detail: "unknown anchor 'nope' referenced" } },
  { name: 'alias inside its own anchor', input: 'extra: &a [*a]\n', expected: { line: 1, column: 12, detail: "anchor 'a' value contains itself" } },
  { name: 'anchor name libyaml does not accept', input: 'base: &a.b x\n', expected: { line: 1, column: 7, detail: 'anchor name "a.b"' } },
  { name: '%YAML 1.2', input: '%YAML 1.2\n---\nbase: a\n', expected: { line: 1, column: 1, detail: 'found incompatible YAML document' } },
  { name: 'unknown directive', input: '%FOO bar\n---\nbase: a\n', expected: { line: 1, column: 1, detail: 'found unknown directive name "%FOO"' } },
  { name: 'directive without document', input: '%YAML 1.1\n', expected: { line: 1, detail: 'did not find expected <document start>' } },
  { name: 'control character', input: 'base: a\u0001b\n', expected: { line: 1, column: 8, detail: 'control characters are not allowed (U+0001)' } },
  { name: 'DEL', input: 'base: a\u007fb\n', expected: { line: 1, column: 8, detail: 'U+007F' } },
  { name: 'U+FFFE', input: 'base: "a\ufffe"\n', expected: { line: 1, column: 9, detail: 'U+FFFE' } },
  { name: 'lone surrogate', input: 'base: a\ud800\n', expected: { line: 1, column: 8, detail: 'lone UTF-16 surrogate' } },
  // U+2028 is a line break for libyaml: "b" starts line 2 at column 0, a key without ":".
  { name: 'line separator outside quotes', input: 'base: a\u2028b\n', expected: { line: 2, column: 1, detail: 'not valid YAML' } },
  { name: '"?" inside a flow collection', input: 'components: {x: {image: a?b}}\n', expected: { line: 1, column: 25, detail: 'quote the value' } },
  { name: 'bad indentation', input: 'components:\n  x:\n    tag: a\n   image: b\n', expected: { line: 4, detail: 'not valid YAML' } },
  { name: 'nested mapping on one line', input: 'base: a: b\n', expected: { line: 1, detail: 'not valid YAML' } },
  { name: 'implicit key over 1024 characters', input: `${'k'.repeat(1100)}: v\n`, expected: { line: 1, detail: '1024' } },
  { name: 'implicit key on two lines', input: 'a\nb: c\n', expected: { line: 1, detail: 'single line' } },
  { name: 'reserved indicator', input: 'base: @x\n', expected: { line: 1, detail: 'not valid YAML' } },
  { name: 'excessive aliasing (billion laughs)', input: [
    'a0: &a0 [x, x, x, x, x, x, x, x, x, x]',
    ...Array.from({ length: 8 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`),
  ].join('\n') + '\n', expected: { detail: 'document contains excessive aliasing' } },
];

describe('syntax errors are YAML_SYNTAX with a location', () => {
  test.each(syntaxErrors)('$name', ({ input, expected }) => {
    const e = decodeError(input);
    expect(e.code).toBe(ErrorCodes.YAML_SYNTAX);
    if (expected.detail) expect(e.detail).toContain(expected.detail);
    expect(e.location?.key).toBe(KEY);
    if (expected.line !== undefined) expect(e.location?.line).toBe(expected.line);
    if (expected.column !== undefined) expect(e.location?.column).toBe(expected.column);
  });

  test.each([
    { name: 'tab after a value', input: 'base: a\t# comment\n', expected: 'a' },
    { name: 'tab inside a plain value', input: 'base: a\tb\n', expected: 'a\tb' },
    { name: 'tab inside quotes', input: 'base: "\ta"\n', expected: '\ta' },
    { name: 'tab escape', input: 'base: "\\ta"\n', expected: '\ta' },
    { name: 'tab before a colon', input: 'base\t: a\n', expected: 'a' },
    { name: 'tab after the document marker', input: '---\t\nbase: a\n', expected: 'a' },
    { name: 'tab inside a block scalar line', input: 'base: |\n  a\n  \tb\n', expected: 'a\n\tb\n' },
    { name: 'tab after a block scalar header', input: 'base: |\t\n  a\n', expected: 'a\n' },
  ])('tabs the operator accepts: $name', ({ input, expected }) => {
    expect(decode(input).document.base).toBe(expected);
  });

  test('a tab inside a flow collection is fine', () => {
    expect(component('components: {x: {tag:\tv1}}\n').tag).toBe('v1');
  });
});

// ---------------------------------------------------------------------------------------------
// Regular expressions in osImage

describe('osImage patterns and YAML quoting', () => {
  test.each([
    { name: 'plain', input: 'Ubuntu 22\\.04', expected: 'Ubuntu 22\\.04' },
    { name: 'single-quoted', input: "'Ubuntu 22\\.04'", expected: 'Ubuntu 22\\.04' },
    { name: 'double-quoted with an escaped backslash', input: '"Ubuntu 22\\\\.04"', expected: 'Ubuntu 22\\.04' },
    { name: 'comment stripped', input: 'Ubuntu # comment', expected: 'Ubuntu' },
    { name: '# without a space is text', input: 'Ubuntu#1', expected: 'Ubuntu#1' },
    { name: 'brackets inside a plain value', input: 'Red Hat Enterprise Linux CoreOS 41[3-9]', expected: 'Red Hat Enterprise Linux CoreOS 41[3-9]' },
    { name: 'double-quoted brackets', input: '"Red Hat Enterprise Linux CoreOS 41[3-9]"', expected: 'Red Hat Enterprise Linux CoreOS 41[3-9]' },
    { name: 'anchored pattern', input: '^AlmaLinux 9$', expected: '^AlmaLinux 9$' },
    { name: "single quote doubled", input: "'it''s'", expected: "it's" },
    { name: 'double-quoted escapes', input: '"\\x41\\u00e9\\U0001F600\\t\\"\\\\"', expected: 'Aé😀\t"\\' },
    { name: 'libyaml escapes \\N \\_ \\L \\P \\e \\0', input: '"\\N\\_\\L\\P\\e\\0"', expected: '\u0085\u00a0\u2028\u2029\x1b\0' },
    { name: "double-quoted \\'", input: '"it\\\'s"', expected: "it's" },
    { name: 'folded double-quoted lines', input: '"a\n          b\n\n          c"', expected: 'a b\nc' },
    { name: 'escaped line break', input: '"a\\\n          b"', expected: 'ab' },
    { name: 'folded single-quoted lines', input: "'a\n          b'", expected: 'a b' },
    { name: 'multi-line plain value', input: 'Ubuntu\n          22', expected: 'Ubuntu 22' },
  ])('$name', ({ input, expected }) => {
    const c = component(`components:\n  x:\n    match:\n      - osImage: ${input}\n        image: i\n`);
    expect(c.match[0].osImage).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------
// Documents

describe('only the first document counts', () => {
  test.each([
    { name: 'empty entry', input: '', expected: { base: '', components: {} } },
    { name: 'whitespace only', input: '  \n\n', expected: { base: '', components: {} } },
    { name: 'comments only', input: '# nothing here\n# at all\n', expected: { base: '', components: {} } },
    { name: 'null', input: 'null\n', expected: { base: '', components: {} } },
    { name: '~', input: '~', expected: { base: '', components: {} } },
    { name: 'document marker only', input: '---\n', expected: { base: '', components: {} } },
    { name: 'empty mapping', input: '{}\n', expected: { base: '', components: {} } },
    { name: 'two documents', input: '---\nbase: first\n---\nbase: second\n', expected: { base: 'first', components: {} } },
    { name: 'empty first document', input: '---\n---\nbase: second\n', expected: { base: '', components: {} } },
    { name: 'error in a later document is ignored', input: 'base: a\n---\nbase: "\\.\n  [\n', expected: { base: 'a', components: {} } },
    { name: 'tab in a later document is ignored', input: 'base: a\n---\nbase:\tb\n', expected: { base: 'a', components: {} } },
    { name: 'after an explicit end', input: 'base: a\n...\nbase: b\n', expected: { base: 'a', components: {} } },
    { name: 'comment before the marker', input: '# c\n---\nbase: a\n', expected: { base: 'a', components: {} } },
    { name: '%YAML 1.1 directive', input: '%YAML 1.1\n---\nbase: a\n', expected: { base: 'a', components: {} } },
    { name: 'byte order mark', input: '\ufeffbase: a\n', expected: { base: 'a', components: {} } },
    { name: 'CRLF line ends', input: 'base: a\r\ncomponents:\r\n  x:\r\n    tag: v1\r\n', expected: { base: 'a', components: { x: { tag: 'v1', image: '', digest: '', match: [] } } } },
    { name: 'CR line ends (libyaml line breaks)', input: 'base: a\rcomponents:\r  x:\r    tag: v1\r', expected: { base: 'a', components: { x: { tag: 'v1', image: '', digest: '', match: [] } } } },
    { name: 'NEL line ends (libyaml line breaks)', input: 'base: a\u0085components: {}\u0085', expected: { base: 'a', components: {} } },
  ])('$name', ({ input, expected }) => {
    expect(view(decode(input))).toEqual(expected);
  });

  test('EXTRA_DOCUMENTS names the ignored content', () => {
    const r = decode('---\nbase: first\n---\nbase: second\n');
    expect(r.diagnostics).toEqual([{
      code: DiagnosticCodes.EXTRA_DOCUMENTS, severity: 'warning', location: { key: KEY, line: 4, column: 1 },
      message: expect.stringContaining('the operator reads only the first one'),
    }]);
  });

  test('a trailing empty document is not reported', () => {
    expect(decode('base: a\n---\n').diagnostics).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Keys: case-insensitive matching, several spellings, unknown keys

describe('keys match the Go field names case-insensitively', () => {
  test.each([
    { name: 'BASE', input: 'BASE: v', field: 'base' },
    { name: 'Base (the Go name)', input: 'Base: v', field: 'base' },
    { name: 'bAsE', input: 'bAsE: v', field: 'base' },
    { name: 'baſe (U+017F long s)', input: 'baſe: v', field: 'base' },
    { name: 'COMPONENTS', input: 'COMPONENTS: {x: {tag: v}}', field: 'tag' },
    { name: 'componentſ', input: 'componentſ: {x: {tag: v}}', field: 'tag' },
    { name: 'TAG', input: 'components: {x: {TAG: v}}', field: 'tag' },
    { name: 'tAg', input: 'components: {x: {tAg: v}}', field: 'tag' },
    { name: 'IMAGE', input: 'components: {x: {IMAGE: v}}', field: 'image' },
    { name: 'DIGEST', input: 'components: {x: {DIGEST: v}}', field: 'digest' },
    { name: 'MATCH', input: 'components: {x: {MATCH: [{osImage: v}]}}', field: 'osImage' },
    { name: 'OSIMAGE', input: 'components: {x: {match: [{OSIMAGE: v}]}}', field: 'osImage' },
    { name: 'osimage', input: 'components: {x: {match: [{osimage: v}]}}', field: 'osImage' },
    { name: 'OsImage', input: 'components: {x: {match: [{OsImage: v}]}}', field: 'osImage' },
    { name: 'Precompiled', input: 'components: {x: {match: [{Precompiled: true, osImage: v}]}}', field: 'precompiled' },
    { name: 'PRECOMPILED', input: 'components: {x: {match: [{PRECOMPILED: true, osImage: v}]}}', field: 'precompiled' },
  ])('$name', ({ input, field }) => {
    const r = decode(input + '\n');
    const doc = r.document;
    const x = doc.components.get('x');
    const got: Record<string, unknown> = {
      base: doc.base, tag: x?.tag, image: x?.image, digest: x?.digest, osImage: x?.match[0]?.osImage,
      precompiled: x?.match[0]?.precompiled,
    };
    expect(got[field]).toBe(field === 'precompiled' ? true : 'v');
    expect(codes(r)).toContain(DiagnosticCodes.KEY_CASE);
    expect(codes(r)).not.toContain(DiagnosticCodes.UNKNOWN_KEY);
  });

  test.each([
    { name: 'i + combining dot', input: 'components: {x: {i\u0307mage: v}}' },
    { name: 'Kelvin sign is not in any field name', input: 'components: {x: {\u212Aag: v}}' },
    { name: 'underscore', input: 'components: {x: {ta_g: v}}' },
    { name: 'fullwidth letters', input: 'components: {x: {ｔａｇ: v}}' },
    // encoding/json folds with unicode.SimpleFold: U+0130 and U+0131 are in no orbit with i.
    { name: 'İmage (U+0130)', input: 'components: {x: {İmage: v}}' },
    { name: 'ımage (U+0131)', input: 'components: {x: {ımage: v}}' },
    { name: 'dıgeſt', input: 'components: {x: {dıgeſt: v}}' },
  ])('not a field: $name', ({ input }) => {
    const r = decode(input + '\n');
    expect(r.document.components.get('x')).toEqual({ tag: '', image: '', digest: '', match: [], line: 1 });
    expect(codes(r)).toEqual([DiagnosticCodes.UNKNOWN_KEY]);
  });

  test.each([
    { name: 'image after Image', input: 'Image: A\nimage: B', expected: 'B' },
    { name: 'image before Image (byte-wise order, not file order)', input: 'image: B\nImage: A', expected: 'B' },
    { name: 'IMAGE, Image, image', input: 'image: C\nIMAGE: A\nImage: B', expected: 'C' },
    { name: 'null later spelling keeps the earlier value', input: 'Image: A\nimage: ~', expected: 'A' },
  ])('several spellings: $name', ({ input, expected }) => {
    const r = decode(`components:\n  x:\n${input.split('\n').map((l) => `    ${l}`).join('\n')}\n`);
    expect(r.document.components.get('x')?.image).toBe(expected);
    expect(codes(r)).toContain(DiagnosticCodes.KEY_SPELLING_CONFLICT);
  });

  test('KEY_SPELLING_CONFLICT names the spellings, their lines and the winner', () => {
    const r = decode('components:\n  x:\n    image: B\n    Image: A\n');
    const d = r.diagnostics.find((x) => x.code === DiagnosticCodes.KEY_SPELLING_CONFLICT);
    expect(d?.message).toContain('"Image" (line 4), "image" (line 3)');
    expect(d?.message).toContain('"image" wins');
    expect(d?.location).toEqual({ key: KEY, line: 3, column: 5, component: 'x' });
  });

  test('ſ keys still get the to-string coercion (sigs.k8s.io/yaml matches U+017F for s); İ keys are unknown', () => {
    expect(decode('baſe: 1.10\n').document.base).toBe('1.1');
    const r = decode('components:\n  x:\n    İmage: 1.10\n');
    expect(r.document.components.get('x')?.image).toBe('');
    expect(codes(r)).toEqual([DiagnosticCodes.UNKNOWN_KEY]);
  });

  test('KEY_CASE names the documented spelling', () => {
    const r = decode('BASE: a\n');
    expect(r.diagnostics).toEqual([{
      code: DiagnosticCodes.KEY_CASE, severity: 'warning', location: { key: KEY, line: 1, column: 1 },
      message: expect.stringContaining('key "BASE" is not the documented spelling "base"'),
    }]);
  });
});

describe('unknown keys are ignored', () => {
  test.each([
    { name: 'tagg', input: 'components:\n  x:\n    tagg: v1\n', expected: { line: 3, message: 'unknown key "tagg" in a component is ignored by the operator; did you mean "tag"?' } },
    { name: 'images', input: 'components:\n  x:\n    images: a\n', expected: { line: 3, message: 'did you mean "image"?' } },
    { name: 'registry', input: 'registry: quay.io\n', expected: { line: 1, message: 'known keys here: base, components' } },
    { name: 'component', input: 'component:\n  x: {}\n', expected: { line: 1, message: 'did you mean "components"?' } },
    { name: 'osImage at component level', input: 'components:\n  x:\n    osImage: a\n', expected: { line: 3, message: '"osImage" belongs in a match rule' } },
    { name: 'match at top level', input: 'match: []\n', expected: { line: 1, message: '"match" belongs in a component' } },
    { name: 'tag in a rule', input: 'components:\n  x:\n    match:\n      - tag: v1\n', expected: { line: 4, message: '"tag" belongs in a component' } },
    { name: 'precompile', input: 'components:\n  x:\n    match:\n      - precompile: true\n', expected: { line: 4, message: 'did you mean "precompiled"?' } },
    { name: 'quoted "<<" is an ordinary key', input: '"<<": {base: a}\n', expected: { line: 1, message: 'unknown key "<<"' } },
    { name: 'non-string key', input: 'yes: 1\n', expected: { line: 1, message: 'unknown key "true" (written yes)' } },
  ])('$name', ({ input, expected }) => {
    const r = decode(input);
    const d = r.diagnostics.filter((x) => x.code === DiagnosticCodes.UNKNOWN_KEY);
    expect(d).toHaveLength(1);
    expect(d[0].message).toContain(expected.message);
    expect(d[0].location.line).toBe(expected.line);
  });

  test.each([
    { name: 'mapping', input: 'extra: {a: [1, {b: c}]}\n' },
    { name: 'float', input: 'extra: 1.5\n' },
    { name: 'bools', input: 'extra: [yes, no]\n' },
    { name: 'binary', input: 'extra: !!binary aGVsbG8=\n' },
    { name: 'timestamp', input: 'extra: 2024-01-02\n' },
    { name: 'integer keys', input: 'extra: {1: a, 2.5: b, true: c}\n' },
    { name: 'uint64', input: 'extra: 18446744073709551615\n' },
    { name: 'unknown key in a component', input: 'components:\n  x:\n    extra: [[[]]]\n' },
  ])('values of unknown keys may be anything: $name', ({ input }) => {
    expect(codes(decode(input))).toEqual([DiagnosticCodes.UNKNOWN_KEY]);
  });
});

// ---------------------------------------------------------------------------------------------
// Component keys

describe('component keys', () => {
  test.each([
    { name: '1.10', input: '1.10', expected: '1.1' },
    { name: 'yes', input: 'yes', expected: 'true' },
    { name: 'y', input: 'y', expected: 'true' },
    { name: 'off', input: 'off', expected: 'false' },
    { name: '010', input: '010', expected: '8' },
    { name: '0x1F', input: '0x1F', expected: '31' },
    { name: '1e3', input: '1e3', expected: '1000' },
    { name: '.inf (go-yaml key spelling)', input: '.inf', expected: '.inf' },
    { name: '-.Inf', input: '-.Inf', expected: '-.inf' },
    { name: '.NaN', input: '.NaN', expected: '.nan' },
    { name: 'timestamp', input: '2024-01-02', expected: '2024-01-02' },
    { name: 'quoted', input: "'1.10'", expected: '1.10' },
    { name: '__proto__', input: '__proto__', expected: '__proto__' },
    { name: 'constructor', input: 'constructor', expected: 'constructor' },
    { name: 'non-ASCII', input: 'drbd-modul-läder', expected: 'drbd-modul-läder' },
  ])('$name', ({ input, expected }) => {
    const r = decode(`components:\n  ${input}:\n    tag: v1\n`);
    expect([...r.document.components.keys()]).toEqual([expected]);
    expect(r.document.components.get(expected)?.tag).toBe('v1');
  });

  test('explicit key syntax', () => {
    const r = decode('components:\n  ? linstor-csi\n  :\n    tag: v1\n');
    expect(r.document.components.get('linstor-csi')?.tag).toBe('v1');
  });

  test('a tag before the ":" of the first component is the (empty) key\'s, as in go-yaml', () => {
    const r = decode('components:\n  !!str :\n    image: i\n');
    expect([...r.document.components.keys()]).toEqual(['']);
    expect(r.document.components.get('')?.image).toBe('i');
  });

  test('a non-string key is reported with its text and result', () => {
    const r = decode('components:\n  1.10:\n    tag: v1\n');
    expect(r.diagnostics).toEqual([{
      code: DiagnosticCodes.SCALAR_COERCED, severity: 'warning', location: { key: KEY, line: 2, column: 3, component: '1.1' },
      message: expect.stringContaining('component key 1.10 is a YAML 1.1 float; the operator reads it as "1.1"'),
    }]);
  });

  test('components is a Map: __proto__ is an ordinary component', () => {
    const r = decode('components:\n  __proto__: {image: evil, tag: v1}\n  toString: {image: s}\n');
    expect(r.document.components).toBeInstanceOf(Map);
    expect(r.document.components.get('__proto__')).toEqual({ tag: 'v1', image: 'evil', digest: '', match: [], line: 2 });
    expect(({} as Record<string, unknown>).image).toBeUndefined();
    expect(r.document.components.get('toString')?.image).toBe('s');
  });
});

// ---------------------------------------------------------------------------------------------
// Null values

describe('null component values and match elements', () => {
  test('a component without value is empty (NULL_VALUE)', () => {
    const r = decode('components:\n  linstor-controller:\n  other: ~\n');
    expect(view(r)).toEqual({
      base: '',
      components: {
        'linstor-controller': { tag: '', image: '', digest: '', match: [] },
        'other': { tag: '', image: '', digest: '', match: [] },
      },
    });
    expect(r.diagnostics.map((d) => [d.code, d.location.line, d.location.component])).toEqual([
      [DiagnosticCodes.NULL_VALUE, 2, 'linstor-controller'],
      [DiagnosticCodes.NULL_VALUE, 3, 'other'],
    ]);
  });

  test('a null match element is a rule with empty pattern and image (NULL_VALUE)', () => {
    const r = decode('components:\n  x:\n    match:\n      -\n      - osImage: a\n        image: b\n');
    expect(r.document.components.get('x')?.match).toEqual([
      { osImage: '', image: '', precompiled: false, digest: '', line: 4 },
      { osImage: 'a', image: 'b', precompiled: false, digest: '', line: 5 },
    ]);
    expect(r.diagnostics.map((d) => [d.code, d.location.line])).toEqual([[DiagnosticCodes.NULL_VALUE, 4]]);
  });

  test('components: null and match: null are empty', () => {
    expect(view(decode('components: ~\n'))).toEqual({ base: '', components: {} });
    expect(component('components:\n  x:\n    match: ~\n    tag: v\n').match).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Anchors, aliases and merge keys (go-yaml v2: positional, later wins)

describe('anchors, aliases and << merge keys', () => {
  test.each([
    {
      name: 'merged values are included',
      input: 'defaults: &d {image: img, tag: v1}\ncomponents:\n  x:\n    <<: *d\n',
      expected: { tag: 'v1', image: 'img' },
    },
    {
      name: 'an explicit key after << wins',
      input: 'defaults: &d {image: img, tag: v1}\ncomponents:\n  x:\n    <<: *d\n    tag: v2\n',
      expected: { tag: 'v2', image: 'img' },
    },
    {
      name: 'an explicit key before << loses (positional)',
      input: 'defaults: &d {image: img, tag: v1}\ncomponents:\n  x:\n    tag: v2\n    <<: *d\n',
      expected: { tag: 'v1', image: 'img' },
    },
    {
      name: 'in a list the first mapping wins',
      input: 'a: &a {image: A, tag: ta}\nb: &b {image: B, digest: db}\ncomponents:\n  x:\n    <<: [*a, *b]\n',
      expected: { tag: 'ta', image: 'A', digest: 'db' },
    },
    {
      name: 'inline mapping',
      input: 'components:\n  x:\n    <<: {image: i, tag: t}\n',
      expected: { tag: 't', image: 'i' },
    },
    {
      name: 'nested merges',
      input: 'a: &a {image: A}\nb: &b {<<: *a, tag: B}\ncomponents:\n  x:\n    <<: *b\n',
      expected: { tag: 'B', image: 'A' },
    },
    {
      name: 'two merge keys, later wins',
      input: 'a: &a {image: A}\nb: &b {image: B}\ncomponents:\n  x:\n    <<: *a\n    <<: *b\n',
      expected: { image: 'B' },
    },
    {
      name: 'merged keys are matched case-insensitively too',
      input: 'd: &d {TAG: v1}\ncomponents:\n  x:\n    <<: *d\n',
      expected: { tag: 'v1' },
    },
    {
      name: 'alias of a whole component',
      input: 'components:\n  a: &c {image: i, tag: t}\n  x: *c\n',
      expected: { tag: 't', image: 'i' },
    },
    {
      name: 'alias of a match list',
      input: 'rules: &r\n  - {osImage: u, image: ui}\ncomponents:\n  x:\n    match: *r\n',
      expected: { match: [{ osImage: 'u', image: 'ui', precompiled: false, digest: '' }] },
    },
    {
      name: 'alias of a scalar',
      input: 'v: &v v9.2.16\ncomponents:\n  x:\n    tag: *v\n',
      expected: { tag: 'v9.2.16' },
    },
    {
      name: 'an anchor redefined later applies from then on',
      input: 'a: &t one\nb: &t two\ncomponents:\n  x:\n    tag: *t\n',
      expected: { tag: 'two' },
    },
    {
      name: 'merge in the components map itself',
      input: 'defs: &b {a: {tag: A}}\ncomponents:\n  <<: *b\n  x: {tag: X}\n',
      expected: { tag: 'X' },
    },
    {
      name: 'merge into a match rule',
      input: 'r: &r {image: ri, precompiled: yes}\ncomponents:\n  x:\n    match:\n      - <<: *r\n        osImage: o\n',
      expected: { match: [{ osImage: 'o', image: 'ri', precompiled: true, digest: '' }] },
    },
    {
      name: '!!merge tag',
      input: 'd: &d {tag: v1}\ncomponents:\n  x:\n    !!merge <<: *d\n',
      expected: { tag: 'v1' },
    },
  ])('$name', ({ input, expected }) => {
    const c = component(input);
    const base = { tag: '', image: '', digest: '', match: [] as unknown[] };
    expect({ tag: c.tag, image: c.image, digest: c.digest, match: c.match.map((m) => ({ osImage: m.osImage, image: m.image, precompiled: m.precompiled, digest: m.digest })) }).toEqual({ ...base, ...expected });
  });

  test('YAML_FEATURE when << overrides an explicit key', () => {
    const r = decode('defaults: &d {image: img, tag: v1}\ncomponents:\n  x:\n    tag: v2\n    <<: *d\n');
    const d = r.diagnostics.find((x) => x.code === DiagnosticCodes.YAML_FEATURE);
    expect(d?.location.line).toBe(5);
    expect(d?.message).toContain('overrides "tag" set earlier at line 4');
  });

  test('no diagnostic when the explicit key comes after <<', () => {
    const r = decode('components:\n  x:\n    <<: {image: i}\n    image: j\n');
    expect(r.diagnostics).toEqual([]);
  });

  test('a merged mapping shared by two components yields independent components', () => {
    const r = decode('d: &d {image: img, match: [{osImage: a}]}\ncomponents:\n  a: {<<: *d, tag: 1}\n  b: {<<: *d, tag: 2}\n');
    expect(view(r)).toEqual({
      base: '',
      components: {
        a: { tag: '1', image: 'img', digest: '', match: [{ osImage: 'a', image: '', precompiled: false, digest: '' }] },
        b: { tag: '2', image: 'img', digest: '', match: [{ osImage: 'a', image: '', precompiled: false, digest: '' }] },
      },
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Duplicate keys

describe('duplicate keys: the last one wins', () => {
  test('top level', () => {
    const r = decode('base: a\nbase: b\n');
    expect(r.document.base).toBe('b');
    expect(r.document.baseLine).toBe(2);
    expect(r.diagnostics).toEqual([{
      code: DiagnosticCodes.DUPLICATE_KEY, severity: 'warning', location: { key: KEY, line: 2, column: 1 },
      message: 'key "base" appears more than once in this mapping (line 1 and line 2); the operator uses the last one',
    }]);
  });

  test('a duplicated component is replaced wholesale', () => {
    const c = component('components:\n  x:\n    image: a\n    tag: t\n  x:\n    image: b\n');
    expect([c.image, c.tag, c.line]).toEqual(['b', '', 5]);
  });

  test('1.1 and 1.10 are the same float key', () => {
    const r = decode('components:\n  1.1: {tag: a}\n  1.10: {tag: b}\n');
    expect(r.document.components.get('1.1')?.tag).toBe('b');
    expect(codes(r)).toContain(DiagnosticCodes.DUPLICATE_KEY);
  });

  test('an integer and a string key that print alike: the operator picks one at random', () => {
    const r = decode('components:\n  1: {tag: a}\n  "1": {tag: b}\n');
    expect([...r.document.components.keys()]).toEqual(['1']);
    const d = r.diagnostics.find((x) => x.code === DiagnosticCodes.DUPLICATE_KEY);
    expect(d?.message).toContain('picks one of them at random');
    expect(d?.message).toContain('1 (a YAML integer) (line 2)');
    expect(d?.message).toContain('"1" (a string) (line 3)');
  });
});

// ---------------------------------------------------------------------------------------------
// encoding/json quirks with several spellings of a field

describe('several spellings of components and match (encoding/json semantics)', () => {
  test('a second components spelling merges into the same map; a component in both is replaced wholesale', () => {
    const r = decode([
      'Components:',
      '  a: {tag: A1, image: IA}',
      '  b: {tag: B}',
      'components:',
      '  a: {tag: A2}',
      '  c: {tag: C}',
    ].join('\n') + '\n');
    expect(view(r)).toEqual({
      base: '',
      components: {
        a: { tag: 'A2', image: '', digest: '', match: [] },
        b: { tag: 'B', image: '', digest: '', match: [] },
        c: { tag: 'C', image: '', digest: '', match: [] },
      },
    });
  });

  test('components: null after Components empties the map; a third spelling starts a new one', () => {
    expect(view(decode('Components: {a: {}}\ncomponents: ~\n'))).toEqual({ base: '', components: {} });
    expect(Object.keys((view(decode('COMPONENTS: {a: {}}\nComponents: ~\ncomponents: {b: {}}\n')) as { components: object }).components))
      .toEqual(['b']);
  });

  test('a second match spelling decodes element-wise into the existing rules and truncates', () => {
    const c = component([
      'components:',
      '  x:',
      '    Match:',
      '      - {osImage: a, image: ia, precompiled: true}',
      '      - {osImage: b, image: ib}',
      '    match:',
      '      - {image: new}',
    ].join('\n') + '\n');
    expect(c.match).toEqual([{ osImage: 'a', image: 'new', precompiled: true, digest: '', line: 7 }]);
  });

  test('a longer second match list extends it', () => {
    const c = component('components:\n  x:\n    Match: [{osImage: a}]\n    match: [{image: i}, {osImage: b}]\n');
    expect(c.match.map((m) => [m.osImage, m.image])).toEqual([['a', 'i'], ['b', '']]);
  });

  test('truncated rules come back from the backing array when a third spelling grows the list again', () => {
    const c = component([
      'components:',
      '  x:',
      '    MATCH: [{osImage: a, image: ia}, {osImage: b, image: ib}, {osImage: c, image: ic}]',
      '    Match: [{image: one}]',
      '    match: [{}, {}, {}]',
    ].join('\n') + '\n');
    expect(c.match.map((m) => [m.osImage, m.image])).toEqual([['a', 'one'], ['b', 'ib'], ['c', 'ic']]);
  });

  test('beyond the capacity of the backing array the new rules start empty', () => {
    // MATCH has 1 rule (capacity 1); Match truncates nothing; match asks for 3: rules 2 and 3 are new.
    const c = component('components:\n  x:\n    MATCH: [{osImage: a}]\n    Match: [{image: b}]\n    match: [{}, {}, {}]\n');
    expect(c.match.map((m) => [m.osImage, m.image])).toEqual([['a', 'b'], ['', ''], ['', '']]);
  });

  test('an empty second list empties the rules', () => {
    expect(component('components:\n  x:\n    Match: [{osImage: a}]\n    match: []\n').match).toEqual([]);
  });

  test('a null string under a later spelling keeps the earlier value', () => {
    expect(component('components:\n  x:\n    Tag: v1\n    tag: ~\n').tag).toBe('v1');
  });
});

// ---------------------------------------------------------------------------------------------
// Lines

describe('line numbers', () => {
  const text = [
    '# comment',
    'base: quay.io/piraeusdatastore',
    'components:',
    '  linstor-controller:',
    '    tag: v1',
    '  drbd-module-loader:',
    '    tag: v2',
    '    match:',
    '      - osImage: a',
    '        image: b',
    '',
    '      - osImage: c',
    '        image: d',
  ].join('\n') + '\n';

  test('baseLine, component lines and rule lines', () => {
    const doc = decode(text).document;
    expect(doc.baseLine).toBe(2);
    expect(doc.components.get('linstor-controller')?.line).toBe(4);
    expect(doc.components.get('drbd-module-loader')?.line).toBe(6);
    expect(doc.components.get('drbd-module-loader')?.match.map((m) => m.line)).toEqual([9, 12]);
  });

  test('no baseLine without base', () => {
    expect(decode('components: {}\n').document.baseLine).toBeUndefined();
  });

  test('the document key is recorded', () => {
    expect(decodeDocument('1_override.yaml', 'base: x\n').document.key).toBe('1_override.yaml');
  });

  test('diagnostics are sorted by line', () => {
    const r = decode('tagg: 1\nBASE: x\ncomponents:\n  x: {tag: 1.10, image: yes}\n');
    expect(r.diagnostics.map((d) => d.location.line)).toEqual([1, 2, 4, 4]);
  });
});

// ---------------------------------------------------------------------------------------------
// The default documents and the upstream conformance case

describe('default image configuration', () => {
  test('0_piraeus_datastore_images.yaml decodes exactly, without diagnostics', () => {
    const r = decodeDocument('0_piraeus_datastore_images.yaml', SPEC_DEFAULTS['0_piraeus_datastore_images.yaml']);
    expect(r.diagnostics).toEqual([]);
    expect(r.document.base).toBe('quay.io/piraeusdatastore');
    expect(r.document.baseLine).toBe(5);
    const simple = Object.fromEntries([...r.document.components]
      .filter(([k]) => k !== 'drbd-module-loader')
      .map(([k, c]) => [k, `${c.image}:${c.tag}`]));
    expect(simple).toEqual({
      'linstor-controller': 'piraeus-server:v1.32.3',
      'linstor-satellite': 'piraeus-server:v1.32.3',
      'linstor-csi': 'piraeus-csi:v1.10.5',
      'nfs-server': 'piraeus-csi-nfs-server:v1.10.5',
      'drbd-reactor': 'drbd-reactor:v1.10.0',
      'ha-controller': 'piraeus-ha-controller:v1.3.2',
      'drbd-shutdown-guard': 'drbd-shutdown-guard:v1.1.2',
      'ktls-utils': 'ktls-utils:v1.2.1',
      'linstor-affinity-controller': 'linstor-affinity-controller:v1.3.0',
    });
    const loader = r.document.components.get('drbd-module-loader') as ComponentConfig;
    expect([loader.image, loader.tag, loader.digest, loader.line]).toEqual(['drbd9-noble', 'v9.2.16', '', 37]);
    expect(loader.match.map((m) => [m.osImage, m.image])).toEqual([
      ['Red Hat Enterprise Linux 8\\.', 'drbd9-almalinux8'],
      ['Red Hat Enterprise Linux 9\\.', 'drbd9-almalinux9'],
      ['Red Hat Enterprise Linux 10\\.', 'drbd9-almalinux10'],
      ['Red Hat Enterprise Linux CoreOS 41[3-9]', 'drbd9-almalinux9'],
      ['Red Hat Enterprise Linux CoreOS', 'drbd9-almalinux8'],
      ['CentOS Linux 8', 'drbd9-almalinux8'],
      ['AlmaLinux 8', 'drbd9-almalinux8'],
      ['AlmaLinux 9', 'drbd9-almalinux9'],
      ['AlmaLinux 10', 'drbd9-almalinux10'],
      ['Oracle Linux Server 8\\.', 'drbd9-almalinux8'],
      ['Oracle Linux Server 9\\.', 'drbd9-almalinux9'],
      ['Oracle Linux Server 10\\.', 'drbd9-almalinux10'],
      ['Rocky Linux 8', 'drbd9-almalinux8'],
      ['Rocky Linux 9', 'drbd9-almalinux9'],
      ['Rocky Linux 10', 'drbd9-almalinux10'],
      ['Ubuntu 22\\.04', 'drbd9-jammy'],
      ['Ubuntu 24\\.04', 'drbd9-noble'],
      ['Debian GNU/Linux 13', 'drbd9-trixie'],
      ['Debian GNU/Linux 12', 'drbd9-bookworm'],
      ['Debian GNU/Linux 11', 'drbd9-bullseye'],
    ]);
    expect(loader.match.every((m) => !m.precompiled && m.digest === '')).toBe(true);
    expect(loader.match[0].line).toBe(44);
  });

  test('0_sig_storage_images.yaml decodes exactly, without diagnostics', () => {
    const r = decodeDocument('0_sig_storage_images.yaml', SPEC_DEFAULTS['0_sig_storage_images.yaml']);
    expect(r.diagnostics).toEqual([]);
    expect(view(r)).toEqual({
      base: 'registry.k8s.io/sig-storage',
      components: Object.fromEntries([
        ['csi-attacher', 'csi-attacher', 'v4.10.0'],
        ['csi-livenessprobe', 'livenessprobe', 'v2.17.0'],
        ['csi-provisioner', 'csi-provisioner', 'v6.1.0'],
        ['csi-snapshotter', 'csi-snapshotter', 'v8.4.0'],
        ['csi-resizer', 'csi-resizer', 'v2.0.0'],
        ['csi-external-health-monitor-controller', 'csi-external-health-monitor-controller', 'v0.16.0'],
        ['csi-node-driver-registrar', 'csi-node-driver-registrar', 'v2.15.0'],
      ].map(([k, image, tag]) => [k, { tag, image, digest: '', match: [] }])),
    });
  });

  test.each(Object.keys(DEFAULT_IMAGE_CONFIG_DATA))('shipped default entry %s decodes without diagnostics', (key) => {
    const r = decodeDocument(key, DEFAULT_IMAGE_CONFIG_DATA[key]);
    expect(r.diagnostics).toEqual([]);
    expect(r.document.base).not.toBe('');
    expect(r.document.components.size).toBeGreaterThan(0);
  });

  test('conformance case from-configmap (dynamic_test.go TestFromConfigMap)', () => {
    const first = decodeDocument('0_image.yaml', [
      'base: example.com/base',
      'components:',
      '  linstor-satellite: {image: satellite-image, tag: v1.2.3}',
      '  other-image: {image: other, tag: v0.1.2}',
    ].join('\n') + '\n');
    const second = decodeDocument('1_image.yaml', [
      'base: example.com/extra',
      'components:',
      '  linstor-controller: {image: controller-image, tag: v2.0.0}',
      '  other-image: {image: another, tag: v2.1.0}',
      '  multi:',
      '    image: fallback',
      '    tag: v10.11.12',
      '    match:',
      '      - {image: abcd, osImage: efgh, precompiled: true}',
      '      - {image: "1234", osImage: "9876"}',
    ].join('\n') + '\n');
    expect(view(first)).toEqual({
      base: 'example.com/base',
      components: {
        'linstor-satellite': { image: 'satellite-image', tag: 'v1.2.3', digest: '', match: [] },
        'other-image': { image: 'other', tag: 'v0.1.2', digest: '', match: [] },
      },
    });
    expect(view(second)).toEqual({
      base: 'example.com/extra',
      components: {
        'linstor-controller': { image: 'controller-image', tag: 'v2.0.0', digest: '', match: [] },
        'other-image': { image: 'another', tag: 'v2.1.0', digest: '', match: [] },
        'multi': {
          image: 'fallback', tag: 'v10.11.12', digest: '',
          match: [
            { image: 'abcd', osImage: 'efgh', precompiled: true, digest: '' },
            { image: '1234', osImage: '9876', precompiled: false, digest: '' },
          ],
        },
      },
    });
    expect([...first.diagnostics, ...second.diagnostics]).toEqual([]);
  });

  test('docs override document with a digest', () => {
    const r = decodeDocument('1_override.yaml', [
      '---',
      'base: quay.io/piraeusdatastore',
      'components:',
      '  linstor-controller:',
      '    image: piraeus-server',
      '    tag: v1.31.1',
      '  linstor-satellite:',
      '    image: piraeus-server',
      '    digest: sha256:8bc7fd45545744864633371161e6fcd6bcaea1e7a21fb053588f970b9f912b07',
    ].join('\n') + '\n');
    expect(r.document.components.get('linstor-satellite')?.digest)
      .toBe('sha256:8bc7fd45545744864633371161e6fcd6bcaea1e7a21fb053588f970b9f912b07');
    expect(r.diagnostics).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Robustness: nothing but PiraeusError escapes

describe('robustness', () => {
  // Deep nesting is decoded as the operator decodes it (up to its limit of 10,000 levels), by the
  // same rules as shallow nesting; test/yaml-nesting.test.ts has the full tables.
  test.each([
    { name: 'deep flow nesting where a string belongs', input: `base: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, code: ErrorCodes.DECODE_TYPE, line: 1 },
    { name: 'deep compact sequences as the document', input: `${'- '.repeat(3000)}x\n`, code: ErrorCodes.DECODE_TYPE, line: 1 },
  ])('$name: the error a shallow one gives', ({ input, code, line }) => {
    const e = decodeError(input);
    expect({ code: e.code, line: e.location?.line }).toEqual({ code, line });
  });

  test('deep block nesting under an unknown key is ignored, as a shallow one', () => {
    const r = decode(Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + '\n');
    expect(r.diagnostics.map((d) => [d.code, d.location.line])).toEqual([['UNKNOWN_KEY', 1]]);
  });

  test('deep nesting through aliases meets go-yaml\'s aliasing limit', () => {
    const lines = ['a0: &a0 [x]'];
    for (let i = 1; i < 450; i++) lines.push(`a${i}: &a${i} [*a${i - 1}]`);
    const e = decodeError(lines.join('\n') + '\n');
    expect([e.code, e.detail]).toEqual([ErrorCodes.YAML_SYNTAX, 'document contains excessive aliasing']);
  });

  test('a moderately nested document still decodes', () => {
    expect(decode(`extra: ${'['.repeat(100)}${']'.repeat(100)}\n`).document.base).toBe('');
  });

  test('a non-string input is INVALID_INPUT', () => {
    expect(() => decodeDocument(KEY, 42 as unknown as string)).toThrow(PiraeusError);
  });

  const atoms = ['base', 'components', 'tag', 'image', 'match', 'osImage', 'precompiled', 'digest', ':', ': ', '\n',
    '  ', '    ', '- ', '-', '{', '}', '[', ']', ',', '"', '\'', '\\', '\t', '#', '&a ', '*a', '<<', '!!str ', '!!int ',
    '!x ', '? ', '|', '>', '---\n', '...\n', '~', 'yes', '1.10', '010', '.nan', '.inf', 'x', 'é', '\u2028', '\r\n',
    '%YAML 1.1\n', '\u0001', '\ud800', '😀', '0b-1', '12345678901234567890', '2024-01-02', 'İmage', '@', '%'];

  test('random YAML-like input yields a document or a PiraeusError', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...atoms), { maxLength: 40 }), (parts) => {
      const text = parts.join('');
      try {
        const r = decodeDocument(KEY, text);
        expect(r.document.components).toBeInstanceOf(Map);
      } catch (e) {
        if (!(e instanceof PiraeusError)) throw e;
        expect(Object.values(ErrorCodes)).toContain(e.code);
        expect(e.location?.key).toBe(KEY);
      }
    }), { numRuns: 3000, seed: 4242 });
  });

  test('arbitrary strings yield a document or a PiraeusError', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
      try {
        decodeDocument(KEY, text);
      } catch (e) {
        if (!(e instanceof PiraeusError)) throw e;
      }
    }), { numRuns: 2000, seed: 7 });
  });
});
