/**
 * Why a node gets no satellite (cluster selection, taints, satellite pods made unschedulable by a
 * configuration), the toleration that admits a taint, how an image entry was chosen (rule,
 * fallback with rules, fallback without rules), the OS-family hints and the row compaction.
 */
import { ImageConfigDocument, Provenance } from '../src/resolver/types';
import {
  clusterExclusionReasons, formatTaint, formatToleration, loaderOsFamily, matchKind, noOsRuleMatched, NodeInfo,
  partitionSatelliteNodes, satellitePodReasons, splitSharedRows, tolerationFor, untoleratedTaints,
} from '../src/workloads';
import { why } from '../src/workloads/report-format';

const node = (name: string, labels: Record<string, string> = {}, taints?: NodeInfo['taints']): NodeInfo =>
  (taints ? { name, osImage: 'Ubuntu 22.04.4 LTS', labels, taints } : { name, osImage: 'Ubuntu 22.04.4 LTS', labels });

describe('taint -> toleration', () => {
  test.each([
    [{ key: 'dedicated', value: 'storage', effect: 'NoSchedule' }, 'dedicated=storage:NoSchedule', '{key: dedicated, operator: Equal, value: storage, effect: NoSchedule}'],
    [{ key: 'example.com/gpu', effect: 'NoExecute' }, 'example.com/gpu:NoExecute', '{key: example.com/gpu, operator: Exists, effect: NoExecute}'],
    // Values a YAML reader would turn into something else are quoted.
    [{ key: 'flag', value: 'true', effect: 'NoSchedule' }, 'flag=true:NoSchedule', '{key: flag, operator: Equal, value: "true", effect: NoSchedule}'],
    [{ key: 'zone', value: '2', effect: 'NoSchedule' }, 'zone=2:NoSchedule', '{key: zone, operator: Equal, value: "2", effect: NoSchedule}'],
  ])('%j', (taint, text, toleration) => {
    expect(formatTaint(taint)).toBe(text);
    expect(formatToleration(tolerationFor(taint))).toBe(toleration);
    // The toleration offered admits the taint it was made for.
    expect(untoleratedTaints([taint], [tolerationFor(taint)])).toEqual([]);
  });

  test('every untolerated NoSchedule/NoExecute taint, in node order; PreferNoSchedule never counts', () => {
    const taints = [
      { key: 'a', effect: 'PreferNoSchedule' }, { key: 'b', value: 'x', effect: 'NoExecute' }, { key: 'c', effect: 'NoSchedule' },
    ];
    expect(untoleratedTaints(taints, []).map((t) => t.key)).toEqual(['b', 'c']);
    expect(untoleratedTaints(taints, [{ key: 'c', operator: 'Exists' }]).map((t) => t.key)).toEqual(['b']);
  });
});

describe('clusterExclusionReasons', () => {
  test.each<[string, NodeInfo, Record<string, unknown>, string[]]>([
    ['selected: no selector, no taint', node('n'), {}, []],
    ['label missing', node('n'), { nodeSelector: { role: 'storage' } },
      ['node-selector: LinstorCluster nodeSelector wants role=storage (the node has no such label)']],
    ['label with another value', node('n', { role: 'compute' }), { nodeSelector: { role: 'storage' } },
      ['node-selector: LinstorCluster nodeSelector wants role=storage (the node has role=compute)']],
    ['affinity', node('n'), { nodeAffinity: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'role', operator: 'Exists' }] }] } },
      ['node-affinity: no term of the LinstorCluster nodeAffinity matches the node']],
    ['a taint', node('n', {}, [{ key: 'dedicated', value: 'storage', effect: 'NoSchedule' }]), {},
      ['taint: untolerated taint dedicated=storage:NoSchedule']],
    ['the taint tolerated by the cluster', node('n', {}, [{ key: 'dedicated', value: 'storage', effect: 'NoSchedule' }]),
      { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'storage', effect: 'NoSchedule' }] }, []],
    // The HA controller's own taints and the DaemonSet defaults are tolerated without a word.
    ['HA controller taint', node('n', {}, [{ key: 'drbd.linbit.com/lost-quorum', effect: 'NoSchedule' }]), {}, []],
    ['every reason, in check order', node('n', {}, [{ key: 'x', effect: 'NoExecute' }]),
      { nodeSelector: { role: 'storage' }, nodeAffinity: { nodeSelectorTerms: [] } },
      ['node-selector: LinstorCluster nodeSelector wants role=storage (the node has no such label)',
        'node-affinity: no term of the LinstorCluster nodeAffinity matches the node', 'taint: untolerated taint x:NoExecute']],
  ])('%s', (_name, n, cluster, expected) => {
    expect(clusterExclusionReasons(n, cluster).map((r) => `${r.kind}: ${r.detail}`)).toEqual(expected);
  });

  test('the taint reason names the toleration and where it goes', () => {
    const [reason] = clusterExclusionReasons(node('n', {}, [{ key: 'dedicated', value: 'storage', effect: 'NoSchedule' }]), {});
    expect(reason.toleration).toEqual({ key: 'dedicated', operator: 'Equal', value: 'storage', effect: 'NoSchedule' });
    expect(reason.fix).toBe('add the toleration {key: dedicated, operator: Equal, value: storage, effect: NoSchedule} to the LinstorCluster '
      + 'tolerations (spec.tolerations; the operator also gives it to the satellite pods)');
  });

  test('partition: selected and excluded, both by name', () => {
    const { selected, excluded } = partitionSatelliteNodes(
      [node('b', { role: 'storage' }), node('c'), node('a', { role: 'storage' }, [{ key: 'k', effect: 'NoSchedule' }])],
      { nodeSelector: { role: 'storage' } });
    expect(selected.map((n) => n.name)).toEqual(['b']);
    expect(excluded.map((n) => [n.node, n.reasons.map((r) => r.kind)])).toEqual([['a', ['taint']], ['c', ['node-selector']]]);
  });
});

describe('satellitePodReasons: a pod the satellite configurations made unschedulable', () => {
  const tainted = node('n', { role: 'storage' }, [{ key: 'dedicated', value: 'storage', effect: 'NoSchedule' }]);
  test('a configuration\'s tolerations replace the operator\'s list: the taint is no longer tolerated', () => {
    const podSpec = { tolerations: [{ key: 'other', operator: 'Exists' }] };
    const reasons = satellitePodReasons(tainted, podSpec, [{ name: 'my-tolerations', podSpec }, { name: 'unrelated' }]);
    expect(reasons.map((r) => [r.kind, r.detail, r.configurations])).toEqual([[
      'satellite-configuration',
      'the satellite pod\'s tolerations (from satellite configuration "my-tolerations") do not tolerate dedicated=storage:NoSchedule',
      ['my-tolerations'],
    ]]);
  });
  test('the operator\'s tolerations (every NoSchedule taint) admit the node', () => {
    expect(satellitePodReasons(tainted, { tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }] }, [])).toEqual([]);
  });
  test('a nodeSelector from a configuration that the node does not carry', () => {
    const podSpec = { nodeSelector: { disk: 'nvme' } };
    expect(satellitePodReasons(node('n'), podSpec, [{ name: 'nvme', podSpec }]).map((r) => r.detail)).toEqual([
      'the satellite pod\'s nodeSelector (from satellite configuration "nvme") wants disk=nvme (the node has no such label)',
    ]);
  });
});

describe('match kinds and the no-OS-rule note', () => {
  const doc: ImageConfigDocument = {
    key: '0_a.yaml', base: 'quay.io/p', components: new Map([
      ['drbd-module-loader', { tag: 'v9', image: 'drbd9-noble', digest: '', match: [{ osImage: 'Ubuntu', image: 'drbd9-jammy', precompiled: false, digest: '' }] }],
      ['linstor-satellite', { tag: 'v1', image: 'piraeus-server', digest: '', match: [] }],
    ]),
  };
  const prov = (component: string, rule?: Provenance['rule']): Provenance => ({
    document: '0_a.yaml', component, variant: 'x', base: 'quay.io/p', baseSource: 'document', externalVersion: false, precompiled: false,
    ...(rule ? { rule } : {}),
  });
  test.each([
    ['a rule decided', prov('drbd-module-loader', { index: 0, pattern: 'Ubuntu' }), 'rule', '0_a.yaml, rule 0 /Ubuntu/'],
    ['rules, none matched', prov('drbd-module-loader'), 'fallback-no-rule-matched', '0_a.yaml, fallback (no OS rule matched)'],
    ['no rules at all', prov('linstor-satellite'), 'fallback-no-rules', '0_a.yaml, fallback'],
  ])('%s', (_name, p, kind, text) => {
    const k = matchKind(p, [doc]);
    expect(k).toBe(kind);
    expect(why(p, k)).toBe(text);
  });

  test.each([
    ['Talos (v1.8.3)', 'Talos Linux'],
    ['Flatcar Container Linux by Kinvolk 4081.2.0 (Oklo)', 'Flatcar Container Linux'],
    ['SUSE Linux Enterprise Server 15 SP6', 'SUSE Linux'],
    ['Bottlerocket OS 1.20.0 (aws-k8s-1.30)', 'Bottlerocket'],
    ['Fedora CoreOS 40.20240504.3.0', 'Fedora CoreOS'],
    ['Arch Linux', undefined],
    ['Ubuntu 24.04.1 LTS', undefined],
  ])('OS family of %j', (os, family) => {
    expect(loaderOsFamily(os)?.family).toBe(family);
  });

  test('the family hint comes only with the loader; a component without rules is never noted', () => {
    expect(noOsRuleMatched('Talos (v1.8.3)', [
      { component: 'drbd-module-loader', match: 'fallback-no-rule-matched' }, { component: 'linstor-satellite', match: 'fallback-no-rules' },
    ])).toMatchObject({ components: ['drbd-module-loader'], family: 'Talos Linux' });
    expect(noOsRuleMatched('Talos (v1.8.3)', [{ component: 'custom', match: 'fallback-no-rule-matched' }])).toEqual({ components: ['custom'] });
    expect(noOsRuleMatched('Arch Linux', [{ component: 'drbd-module-loader', match: 'fallback-no-rule-matched' }])).toEqual({ components: ['drbd-module-loader'] });
    expect(noOsRuleMatched('Talos (v1.8.3)', [{ component: 'drbd-module-loader', match: 'rule' }])).toBeUndefined();
  });
});

describe('splitSharedRows', () => {
  const key = (r: string) => r.split(':')[0];
  test.each<[string, string[][], string[], string[][]]>([
    ['one group: nothing shared', [['a', 'b']], [], [['a', 'b']]],
    ['rows common to all groups once, the rest per group', [['a', 'b', 'c'], ['a', 'x', 'c']], ['a', 'c'], [['b'], ['x']]],
    ['a row in two of three groups stays with its groups', [['a', 'b'], ['a', 'b'], ['a']], ['a'], [['b'], ['b'], []]],
    ['shared rows keep the first group\'s order', [['c', 'a'], ['a', 'c']], ['c', 'a'], [[], []]],
    ['no groups', [], [], []],
  ])('%s', (_name, groups, shared, own) => {
    expect(splitSharedRows(groups, key)).toEqual({ shared, own });
  });
});
