import { ErrorCodes, PiraeusError } from '../src/errors';
import { validateClusterSpec } from '../src/manifests/validate-specs';
import {
  labelsMatch,
  matchNodeSelectorTerms,
  NodeInfo,
  nodeMatchesSelector,
  NodeSelector,
  nodeSelectorIssues,
  nodeSelectorProblems,
  NodeSelectorRequirement,
  parseNodeList,
} from '../src/workloads/nodes';

const SOURCE = 'nodes.json';

function kubectlNode(name: string, labels: Record<string, string>, osImage?: string, taints?: unknown[]): object {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels, creationTimestamp: '2024-01-02T03:04:05Z', uid: `uid-${name}` },
    spec: taints ? { podCIDR: '10.0.0.0/24', taints } : { podCIDR: '10.0.0.0/24' },
    status: {
      nodeInfo: osImage === undefined
        ? { architecture: 'amd64', kernelVersion: '6.1.0' }
        : { architecture: 'amd64', kernelVersion: '6.1.0', osImage },
    },
  };
}

function parseError(text: string): PiraeusError {
  try {
    parseNodeList(text, SOURCE);
  } catch (e) {
    if (e instanceof PiraeusError) return e;
    throw e;
  }
  throw new Error('expected parseNodeList to throw');
}

describe('parseNodeList', () => {
  const list = {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      kubectlNode('worker-2', { 'kubernetes.io/hostname': 'worker-2', storage: 'yes' }, 'Ubuntu 24.04.1 LTS'),
      kubectlNode('control-1', { 'node-role.kubernetes.io/control-plane': '' }, 'Debian GNU/Linux 12 (bookworm)', [
        { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
      ]),
      kubectlNode('worker-1', { storage: 'yes' }, 'AlmaLinux 9.4 (Seafoam Ocelot)'),
    ],
    metadata: { resourceVersion: '' },
  };

  it('reads kubectl -o json output (List), sorted by name', () => {
    const nodes = parseNodeList(JSON.stringify(list, null, 2), SOURCE);
    expect(nodes.map((n) => n.name)).toEqual(['control-1', 'worker-1', 'worker-2']);
    expect(nodes[0]).toEqual({
      name: 'control-1',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
      labels: { 'node-role.kubernetes.io/control-plane': '' },
      taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
    });
    expect(nodes[2]).toEqual({
      name: 'worker-2',
      osImage: 'Ubuntu 24.04.1 LTS',
      labels: { 'kubernetes.io/hostname': 'worker-2', storage: 'yes' },
    });
  });

  it('reads kubectl -o yaml output (List)', () => {
    const yaml = [
      'apiVersion: v1',
      'items:',
      '- apiVersion: v1',
      '  kind: Node',
      '  metadata:',
      '    labels:',
      '      storage: "yes"',
      '      zone: "1"',
      '    name: b-node',
      '  spec:',
      '    taints:',
      '    - effect: NoExecute',
      '      key: dedicated',
      '      value: db',
      '  status:',
      '    nodeInfo:',
      '      osImage: Rocky Linux 9.3 (Blue Onyx)',
      '- apiVersion: v1',
      '  kind: Node',
      '  metadata:',
      '    name: a-node',
      'kind: List',
      'metadata:',
      '  resourceVersion: ""',
    ].join('\n');
    expect(parseNodeList(yaml, 'nodes.yaml')).toEqual([
      { name: 'a-node', osImage: '', labels: {} },
      {
        name: 'b-node',
        osImage: 'Rocky Linux 9.3 (Blue Onyx)',
        labels: { storage: 'yes', zone: '1' },
        taints: [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }],
      },
    ]);
  });

  it.each([
    ['single Node (JSON)', JSON.stringify(kubectlNode('solo', { a: 'b' }, 'Fedora Linux 40'))],
    ['single Node (YAML)', 'kind: Node\napiVersion: v1\nmetadata:\n  name: solo\n  labels:\n    a: b\nstatus:\n  nodeInfo:\n    osImage: Fedora Linux 40\n'],
    ['NodeList', JSON.stringify({ kind: 'NodeList', apiVersion: 'v1', items: [kubectlNode('solo', { a: 'b' }, 'Fedora Linux 40')] })],
    ['several YAML documents', '---\nkind: Node\nmetadata:\n  name: solo\n  labels: {a: b}\nstatus: {nodeInfo: {osImage: Fedora Linux 40}}\n---\n'],
  ])('reads a %s', (_label, text) => {
    expect(parseNodeList(text, SOURCE)).toEqual([{ name: 'solo', osImage: 'Fedora Linux 40', labels: { a: 'b' } }]);
  });

  it('reads nodes from several YAML documents together', () => {
    const text = 'kind: Node\nmetadata: {name: n2}\n---\nkind: List\nitems:\n- kind: Node\n  metadata: {name: n1}\n';
    expect(parseNodeList(text, SOURCE).map((n) => n.name)).toEqual(['n1', 'n2']);
  });

  it('accepts an empty list', () => {
    expect(parseNodeList('{"apiVersion":"v1","kind":"List","items":[]}', SOURCE)).toEqual([]);
  });

  it('reads a missing status.nodeInfo.osImage as the empty string', () => {
    const nodes = parseNodeList(JSON.stringify({ kind: 'List', items: [kubectlNode('x', {})] }), SOURCE);
    expect(nodes[0].osImage).toBe('');
  });

  it('keeps a __proto__ label as a plain label', () => {
    const nodes = parseNodeList('{"kind":"Node","metadata":{"name":"x","labels":{"__proto__":"v"}}}', SOURCE);
    expect(Object.keys(nodes[0].labels)).toEqual(['__proto__']);
    expect(nodes[0].labels.__proto__).toBe('v');
    expect(labelsMatch(nodes[0], { toString: 'x' })).toBe(false);
  });

  const malformed: [string, string, RegExp][] = [
    ['empty text', '   \n', /empty/],
    ['YAML syntax error', 'kind: List\nitems: [\n', /not valid YAML/],
    ['JSON syntax error', '{"kind": "List", ', /not valid JSON/],
    ['a scalar', 'hello', /got a string/],
    ['another kind', 'kind: Pod\nmetadata: {name: p}\n', /kind "Pod"/],
    ['a list without items', 'kind: List\napiVersion: v1\n', /without items/],
    ['items that are not a list', '{"kind":"List","items":{"a":1}}', /items must be a list/],
    ['an item of another kind', '{"kind":"List","items":[{"kind":"Pod","metadata":{"name":"p"}}]}', /items\[0\] has kind "Pod"/],
    ['a node without name', '{"kind":"List","items":[{"kind":"Node","metadata":{}}]}', /no metadata.name/],
    ['a node without metadata', '{"kind":"Node"}', /no metadata/],
    ['a numeric label', 'kind: Node\nmetadata:\n  name: n\n  labels:\n    zone: 1\n', /label "zone" must be a string/],
    ['a numeric osImage', '{"kind":"Node","metadata":{"name":"n"},"status":{"nodeInfo":{"osImage":9}}}', /osImage must be a string/],
    ['a taint without effect', '{"kind":"Node","metadata":{"name":"n"},"spec":{"taints":[{"key":"k"}]}}', /effect/],
    ['the same node twice', '{"kind":"List","items":[{"metadata":{"name":"n"}},{"metadata":{"name":"n"}}]}', /appears more than once/],
    ['only empty documents', '---\n---\n', /no object/],
  ];
  it.each(malformed)('rejects %s', (_label, text, message) => {
    const err = parseError(text);
    expect(err.code).toBe(ErrorCodes.INVALID_NODES);
    expect(err.location?.path).toBe(SOURCE);
    expect(err.message).toMatch(message);
    expect(err.message).toContain(SOURCE);
  });

  it('reports the YAML line of a syntax error', () => {
    const err = parseError('kind: List\nitems:\n- metadata: {name: a}\n  bad: [\n');
    expect(err.location?.line).toBeGreaterThanOrEqual(4);
  });
});

describe('nodeMatchesSelector', () => {
  const node: NodeInfo = {
    name: 'node-a',
    osImage: 'Ubuntu 24.04 LTS',
    labels: {
      zone: 'eu-1',
      storage: 'yes',
      cores: '8',
      big: '9223372036854775807',
      huge: '9223372036854775808',
      word: 'abc',
      padded: '007',
      empty: '',
    },
  };

  const term = (...matchExpressions: NodeSelectorRequirement[]): NodeSelector => ({
    nodeSelectorTerms: [{ matchExpressions }],
  });

  const selectorCases: [string, Record<string, string> | undefined, boolean][] = [
    ['no selector', undefined, true],
    ['empty selector', {}, true],
    ['one matching pair', { zone: 'eu-1' }, true],
    ['two matching pairs', { zone: 'eu-1', storage: 'yes' }, true],
    ['a different value', { zone: 'eu-2' }, false],
    ['a missing key', { rack: 'r1' }, false],
    ['an empty value matches an empty label', { empty: '' }, true],
    ['an empty value does not match a missing label', { missing: '' }, false],
  ];
  it.each(selectorCases)('nodeSelector: %s', (_label, selector, expected) => {
    expect(nodeMatchesSelector(node, selector)).toBe(expected);
  });

  const affinityCases: [string, NodeSelector | undefined, boolean][] = [
    ['nil affinity matches every node', undefined, true],
    ['empty NodeSelector matches nothing', {}, false],
    ['empty nodeSelectorTerms matches nothing', { nodeSelectorTerms: [] }, false],
    ['an empty term matches nothing', { nodeSelectorTerms: [{}] }, false],
    ['an empty term with empty lists matches nothing', { nodeSelectorTerms: [{ matchExpressions: [], matchFields: [] }] }, false],
    // In
    ['In: value listed', term({ key: 'zone', operator: 'In', values: ['eu-2', 'eu-1'] }), true],
    ['In: value not listed', term({ key: 'zone', operator: 'In', values: ['eu-2'] }), false],
    ['In: label missing', term({ key: 'rack', operator: 'In', values: ['r1'] }), false],
    ['In: no values is invalid', term({ key: 'zone', operator: 'In', values: [] }), false],
    ['In: empty string value matches an empty label', term({ key: 'empty', operator: 'In', values: [''] }), true],
    // NotIn
    ['NotIn: value not listed', term({ key: 'zone', operator: 'NotIn', values: ['eu-2'] }), true],
    ['NotIn: value listed', term({ key: 'zone', operator: 'NotIn', values: ['eu-1'] }), false],
    ['NotIn: label missing matches', term({ key: 'rack', operator: 'NotIn', values: ['r1'] }), true],
    ['NotIn: no values is invalid', term({ key: 'rack', operator: 'NotIn' }), false],
    // Exists / DoesNotExist
    ['Exists: present', term({ key: 'storage', operator: 'Exists' }), true],
    ['Exists: present with empty value', term({ key: 'empty', operator: 'Exists' }), true],
    ['Exists: missing', term({ key: 'rack', operator: 'Exists' }), false],
    ['Exists: values are invalid', term({ key: 'storage', operator: 'Exists', values: ['yes'] }), false],
    ['DoesNotExist: missing', term({ key: 'rack', operator: 'DoesNotExist' }), true],
    ['DoesNotExist: present', term({ key: 'storage', operator: 'DoesNotExist' }), false],
    ['DoesNotExist: values are invalid', term({ key: 'rack', operator: 'DoesNotExist', values: ['x'] }), false],
    // Gt / Lt
    ['Gt: 8 > 4', term({ key: 'cores', operator: 'Gt', values: ['4'] }), true],
    ['Gt: 8 > 8 is false', term({ key: 'cores', operator: 'Gt', values: ['8'] }), false],
    ['Gt: leading zeros are decimal', term({ key: 'padded', operator: 'Gt', values: ['6'] }), true],
    ['Gt: int64 precision', term({ key: 'big', operator: 'Gt', values: ['9223372036854775806'] }), true],
    ['Gt: label beyond int64 never matches', term({ key: 'huge', operator: 'Gt', values: ['1'] }), false],
    ['Gt: non-integer label never matches', term({ key: 'word', operator: 'Gt', values: ['1'] }), false],
    ['Gt: missing label never matches', term({ key: 'rack', operator: 'Gt', values: ['1'] }), false],
    ['Gt: non-integer value is invalid', term({ key: 'cores', operator: 'Gt', values: ['four'] }), false],
    ['Gt: two values are invalid', term({ key: 'cores', operator: 'Gt', values: ['1', '2'] }), false],
    ['Gt: negative value is not a valid label value', term({ key: 'cores', operator: 'Gt', values: ['-1'] }), false],
    ['Lt: 8 < 16', term({ key: 'cores', operator: 'Lt', values: ['16'] }), true],
    ['Lt: 8 < 8 is false', term({ key: 'cores', operator: 'Lt', values: ['8'] }), false],
    ['Lt: non-integer label never matches', term({ key: 'word', operator: 'Lt', values: ['100'] }), false],
    // validation
    ['unknown operator', term({ key: 'zone', operator: 'Equals', values: ['eu-1'] }), false],
    ['lower-case operator', term({ key: 'zone', operator: 'in', values: ['eu-1'] }), false],
    ['invalid label key', term({ key: 'bad key', operator: 'Exists' }), false],
    ['invalid label value', term({ key: 'zone', operator: 'In', values: ['eu 1'] }), false],
    // AND / OR
    [
      'expressions in a term are ANDed (all match)',
      term({ key: 'zone', operator: 'In', values: ['eu-1'] }, { key: 'storage', operator: 'Exists' }),
      true,
    ],
    [
      'expressions in a term are ANDed (one fails)',
      term({ key: 'zone', operator: 'In', values: ['eu-1'] }, { key: 'rack', operator: 'Exists' }),
      false,
    ],
    [
      'terms are ORed',
      {
        nodeSelectorTerms: [
          { matchExpressions: [{ key: 'rack', operator: 'Exists' }] },
          { matchExpressions: [{ key: 'storage', operator: 'In', values: ['yes'] }] },
        ],
      },
      true,
    ],
    [
      'an invalid term does not hide a valid one',
      {
        nodeSelectorTerms: [
          { matchExpressions: [{ key: 'zone', operator: 'Bogus' }] },
          { matchExpressions: [{ key: 'zone', operator: 'Exists' }] },
        ],
      },
      true,
    ],
    [
      'an invalid expression spoils its whole term',
      { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'Exists' }, { key: 'zone', operator: 'Bogus' }] }] },
      false,
    ],
    // matchFields
    ['matchFields metadata.name In', { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-a'] }] }] }, true],
    ['matchFields metadata.name In other', { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-b'] }] }] }, false],
    ['matchFields metadata.name NotIn other', { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node-b'] }] }] }, true],
    ['matchFields metadata.name NotIn self', { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node-a'] }] }] }, false],
    [
      'matchFields In needs exactly one value',
      { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-a', 'node-b'] }] }] },
      false,
    ],
    ['matchFields other field is invalid', { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.uid', operator: 'In', values: ['node-a'] }] }] }, false],
    ['matchFields Exists is invalid', { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'Exists' }] }] }, false],
    [
      'matchExpressions and matchFields are ANDed',
      {
        nodeSelectorTerms: [{
          matchExpressions: [{ key: 'zone', operator: 'In', values: ['eu-1'] }],
          matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-b'] }],
        }],
      },
      false,
    ],
  ];
  it.each(affinityCases)('nodeAffinity: %s', (_label, affinity, expected) => {
    expect(nodeMatchesSelector(node, undefined, affinity)).toBe(expected);
  });

  it('needs both nodeSelector and nodeAffinity to match', () => {
    const affinity: NodeSelector = { nodeSelectorTerms: [{ matchExpressions: [{ key: 'storage', operator: 'Exists' }] }] };
    expect(nodeMatchesSelector(node, { zone: 'eu-1' }, affinity)).toBe(true);
    expect(nodeMatchesSelector(node, { zone: 'eu-2' }, affinity)).toBe(false);
    expect(nodeMatchesSelector(node, { zone: 'eu-1' }, { nodeSelectorTerms: [] })).toBe(false);
  });

  it('lists the problems that make terms match nothing', () => {
    expect(nodeSelectorProblems({ nodeSelectorTerms: [{ matchExpressions: [{ key: 'a', operator: 'Exists' }] }] })).toEqual([]);
    expect(nodeSelectorProblems({})).toEqual(['nodeSelectorTerms: needs at least one term (an empty list selects no node)']);
    expect(nodeSelectorProblems({
      nodeSelectorTerms: [
        {},
        { matchExpressions: [{ key: 'a', operator: 'Gt', values: ['x'] }], matchFields: [{ key: 'spec.x', operator: 'In', values: ['y'] }] },
      ],
    })).toEqual([
      'nodeSelectorTerms[0]: an empty term selects no node',
      'nodeSelectorTerms[1].matchExpressions[0].values[0]: Gt needs an integer value, got "x"',
      'nodeSelectorTerms[1].matchFields[0].key: field "spec.x" is not supported (only metadata.name)',
    ]);
  });
});

describe('nodeSelectorIssues: one set of node affinity rules for selection and for the constructs', () => {
  const term = (matchExpressions: unknown[], matchFields?: unknown[]) =>
    ({ nodeSelectorTerms: [{ matchExpressions, ...(matchFields ? { matchFields } : {}) }] }) as unknown as NodeSelector;
  const expr = (key: unknown, operator: unknown, values?: unknown[]) => ({ key, operator, ...(values ? { values } : {}) });
  const E = 'nodeSelectorTerms[0].matchExpressions[0]';
  const F = 'nodeSelectorTerms[0].matchFields[0]';
  test.each<[string, NodeSelector, Array<[string, RegExp]>]>([
    ['a valid selector', term([expr('kubernetes.io/os', 'In', ['linux']), expr('cores', 'Gt', ['8'])], [expr('metadata.name', 'NotIn', ['n1'])]), []],
    ['no terms', { nodeSelectorTerms: [] }, [['nodeSelectorTerms', /needs at least one term/]]],
    ['terms not a list', { nodeSelectorTerms: 'x' } as unknown as NodeSelector, [['nodeSelectorTerms', /must be a list/]]],
    ['an unknown operator', term([expr('a', 'Equals')]), [[`${E}.operator`, /must be one of In, NotIn, Exists, DoesNotExist, Gt, Lt \(got "Equals"\)/]]],
    ['no key', term([expr('', 'Exists')]), [[`${E}.key`, /needs a label key/]]],
    ['a key that is no label key', term([expr('a b', 'Exists')]), [[`${E}.key`, /invalid label key "a b"/]]],
    ['In without values', term([expr('a', 'In')]), [[`${E}.values`, /In needs at least one value/]]],
    ['Exists with values', term([expr('a', 'Exists', ['x'])]), [[`${E}.values`, /Exists takes no values/]]],
    ['Lt with two values', term([expr('a', 'Lt', ['1', '2'])]), [[`${E}.values`, /Lt needs exactly one value/]]],
    ['Gt beyond int64', term([expr('a', 'Gt', ['9223372036854775808'])]), [[`${E}.values[0]`, /Gt needs an integer value/]]],
    // An integer, but values must also be label values, which start with a letter or digit.
    ['Gt with a sign', term([expr('a', 'Gt', ['+8'])]), [[`${E}.values[0]`, /invalid label value "\+8"/]]],
    ['a value that is no label value', term([expr('a', 'In', ['ok', 'not ok'])]), [[`${E}.values[1]`, /invalid label value "not ok"/]]],
    ['a field other than metadata.name', term([], [expr('spec.x', 'In', ['y'])]), [[`${F}.key`, /field "spec.x" is not supported/]]],
    ['a field operator other than In/NotIn', term([], [expr('metadata.name', 'Exists')]), [[`${F}.operator`, /only In, NotIn/]]],
    ['a field with two values', term([], [expr('metadata.name', 'In', ['a', 'b'])]), [[`${F}.values`, /needs exactly one value/]]],
  ])('%s', (_name, selector, expected) => {
    const issues = nodeSelectorIssues(selector);
    expect(issues.map((i) => i.path)).toEqual(expected.map(([path]) => path));
    issues.forEach((i, n) => expect(i.detail).toMatch(expected[n][1]));
    // The constructs reject the first issue, at the field under `nodeAffinity`.
    const check = () => validateClusterSpec({ nodeAffinity: selector }, 'test/cluster');
    if (expected.length === 0) expect(check).not.toThrow();
    else expect(check).toThrow(`nodeAffinity.${expected[0][0]}: `);
  });

  test('a selector with an invalid term still selects by its other terms', () => {
    const selector = { nodeSelectorTerms: [{}, { matchExpressions: [{ key: 'zone', operator: 'In', values: ['eu-1'] }] }] };
    expect(nodeSelectorIssues(selector).map((i) => i.path)).toEqual(['nodeSelectorTerms[0]']);
    const node: NodeInfo = { name: 'n', osImage: '', labels: { zone: 'eu-1' } };
    expect(matchNodeSelectorTerms(node, selector)).toBe(true);
  });
});
