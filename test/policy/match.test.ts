// match / exclude: kinds in every form, names, namespaces, selectors, operations, any/all.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gvkOf, kindSelectorMatches, parseKindSelector } from '../../server/policy/match/kinds';
import { ruleApplies, type MatchInput } from '../../server/policy/match/match';
import { rolloutStandsIn } from '../../server/policy/rollouts/rollouts';
import type { MatchResources, Resource } from '../../server/policy/types';

describe('kind selectors', () => {
  const deploy = gvkOf('apps/v1', 'Deployment');
  const cases: Array<[string, boolean]> = [
    ['Deployment', true],
    ['apps/v1/Deployment', true],
    ['v1/Deployment', true],
    ['apps/*/Deployment', true],
    ['extensions/v1beta1/Deployment', false],
    ['Deploy*', true],
    ['*', true],
    ['Deployment/scale', false], // subresources never match whole objects
    ['StatefulSet', false],
  ];
  for (const [selector, expected] of cases)
    test(`${selector} → ${expected}`, () => assert.equal(kindSelectorMatches(selector, deploy), expected));
  test('parsing', () => {
    assert.deepEqual(parseKindSelector('v1/Pod'), { group: '*', version: 'v1', kind: 'Pod', subresource: '' });
    assert.deepEqual(parseKindSelector('Pod/exec'), { group: '*', version: '*', kind: 'Pod', subresource: 'exec' });
    assert.deepEqual(parseKindSelector('networking.k8s.io/v1/Ingress'), {
      group: 'networking.k8s.io',
      version: 'v1',
      kind: 'Ingress',
      subresource: '',
    });
  });
  test('an Argo Rollout stands in for current pod controllers only', () => {
    const rollout = gvkOf('argoproj.io/v1alpha1', 'Rollout');
    assert.equal(rolloutStandsIn('Deployment', rollout), true);
    assert.equal(rolloutStandsIn('apps/v1/StatefulSet', rollout), true);
    assert.equal(rolloutStandsIn('extensions/v1beta1/Deployment', rollout), false);
    assert.equal(rolloutStandsIn('*', rollout), false);
    assert.equal(rolloutStandsIn('Service', rollout), false);
    assert.equal(rolloutStandsIn('Deployment', gvkOf('apps/v1', 'Deployment')), false);
  });
});

function input(resource: Resource, extra: Partial<MatchInput> = {}): MatchInput {
  return {
    resource,
    gvk: gvkOf(resource.apiVersion, resource.kind),
    namespace: resource.metadata?.namespace ?? 'default',
    operation: 'CREATE',
    ...extra,
  };
}

const web: Resource = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web-frontend',
    namespace: 'prod-eu',
    labels: { tier: 'frontend', app: 'web' },
    annotations: { 'example.com/scan': 'enabled' },
  },
};
const ns: Resource = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod-eu' } };

describe('ruleApplies', () => {
  const cases: Array<[string, MatchResources, MatchResources | undefined, Resource, string, Partial<MatchInput>?]> = [
    ['kinds', { any: [{ resources: { kinds: ['Deployment'] } }] }, undefined, web, 'yes'],
    ['other kind', { any: [{ resources: { kinds: ['Pod'] } }] }, undefined, web, 'no'],
    ['names wildcard', { any: [{ resources: { kinds: ['Deployment'], names: ['web-*'] } }] }, undefined, web, 'yes'],
    ['deprecated single name', { resources: { kinds: ['Deployment'], name: 'api-*' } }, undefined, web, 'no'],
    [
      'namespaces wildcard',
      { any: [{ resources: { kinds: ['Deployment'], namespaces: ['prod-*'] } }] },
      undefined,
      web,
      'yes',
    ],
    [
      'a Namespace matches namespaces by its own name',
      { any: [{ resources: { kinds: ['Namespace'], namespaces: ['prod-*'] } }] },
      undefined,
      ns,
      'yes',
    ],
    [
      'annotations with wildcards',
      { any: [{ resources: { kinds: ['*'], annotations: { 'example.com/*': 'enabled' } } }] },
      undefined,
      web,
      'yes',
    ],
    [
      'selector matchLabels + expressions',
      {
        any: [
          {
            resources: {
              selector: {
                matchLabels: { tier: 'front*' },
                matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }],
              },
            },
          },
        ],
      },
      undefined,
      web,
      'yes',
    ],
    [
      'selector NotIn',
      {
        any: [{ resources: { selector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] } } }],
      },
      undefined,
      web,
      'no',
    ],
    ['operations', { any: [{ resources: { kinds: ['Deployment'], operations: ['UPDATE'] } }] }, undefined, web, 'no'],
    [
      'any: one filter is enough',
      { any: [{ resources: { kinds: ['Pod'] } }, { resources: { kinds: ['Deployment'] } }] },
      undefined,
      web,
      'yes',
    ],
    [
      'all: every filter must match',
      { all: [{ resources: { kinds: ['Deployment'] } }, { resources: { namespaces: ['staging'] } }] },
      undefined,
      web,
      'no',
    ],
    [
      'exclude any',
      { any: [{ resources: { kinds: ['Deployment'] } }] },
      { any: [{ resources: { names: ['web-*'] } }] },
      web,
      'no',
    ],
    [
      'exclude all needs every filter',
      { any: [{ resources: { kinds: ['Deployment'] } }] },
      { all: [{ resources: { names: ['web-*'] } }, { resources: { namespaces: ['staging'] } }] },
      web,
      'yes',
    ],
    [
      'namespaceSelector without labels is undecided',
      { any: [{ resources: { kinds: ['Deployment'], namespaceSelector: { matchLabels: { env: 'prod' } } } }] },
      undefined,
      web,
      'undecided',
    ],
    [
      'namespaceSelector with labels',
      { any: [{ resources: { kinds: ['Deployment'], namespaceSelector: { matchLabels: { env: 'prod' } } } }] },
      undefined,
      web,
      'yes',
      { namespaceLabels: { env: 'prod' } },
    ],
    [
      'roles need an admission request',
      { any: [{ resources: { kinds: ['Deployment'] }, clusterRoles: ['cluster-admin'] }] },
      undefined,
      web,
      'undecided',
    ],
    [
      'exclude by role never excludes offline',
      { any: [{ resources: { kinds: ['Deployment'] } }] },
      { any: [{ clusterRoles: ['cluster-admin'] }] },
      web,
      'yes',
    ],
    [
      'Rollout via the option',
      { any: [{ resources: { kinds: ['Deployment'] } }] },
      undefined,
      { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'r' } },
      'yes',
      { kindMatches: rolloutStandsIn },
    ],
    [
      'Rollout without the option',
      { any: [{ resources: { kinds: ['Deployment'] } }] },
      undefined,
      { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'r' } },
      'no',
    ],
  ];
  for (const [name, match, exclude, resource, expected, extra] of cases) {
    test(`${name} → ${expected}`, () =>
      assert.equal(ruleApplies(match, exclude, input(resource, extra)).kind, expected));
  }
});
