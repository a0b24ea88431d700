// The pattern walk (Kyverno's validate.MatchPattern): anchors, arrays, and where failures point.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { matchPattern } from '../../server/policy/validate/validate';
import { formatJsonPath } from '../../server/policy/util/json-path';

const pod = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'p' }) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata,
  spec,
});

interface Case {
  name: string;
  resource: unknown;
  pattern: unknown;
  status: 'pass' | 'fail' | 'skip' | 'error';
  kyvernoPath?: string;
  path?: string;
}

const latestIfNotPresent = { containers: [{ '(image)': '*:latest', imagePullPolicy: '!IfNotPresent' }] };
const noDockerSock = { '=(volumes)': [{ '=(hostPath)': { path: '!/var/run/docker.sock' } }] };

const cases: Case[] = [
  // conditional ()
  {
    name: 'conditional holds, then-part fails',
    resource: pod({ containers: [{ image: 'nginx:latest', imagePullPolicy: 'IfNotPresent' }] }),
    pattern: { spec: latestIfNotPresent },
    status: 'fail',
    kyvernoPath: '/spec/containers/0/imagePullPolicy/',
  },
  {
    name: 'conditional holds, then-part passes',
    resource: pod({ containers: [{ image: 'nginx:latest', imagePullPolicy: 'Always' }] }),
    pattern: { spec: latestIfNotPresent },
    status: 'pass',
  },
  {
    name: 'conditional false for every item: skip',
    resource: pod({ containers: [{ image: 'nginx:1' }, { image: 'redis:7' }] }),
    pattern: { spec: latestIfNotPresent },
    status: 'skip',
  },
  {
    name: 'conditional false for some items only',
    resource: pod({ containers: [{ image: 'nginx:1' }, { image: 'x:latest', imagePullPolicy: 'Always' }] }),
    pattern: { spec: latestIfNotPresent },
    status: 'pass',
  },
  {
    name: 'conditional key absent: skip',
    resource: pod({}),
    pattern: { spec: { '(hostNetwork)': true, dnsPolicy: 'ClusterFirstWithHostNet' } },
    status: 'skip',
  },
  {
    name: 'conditional on a sibling object',
    resource: pod({ hostNetwork: true }),
    pattern: { spec: { '(hostNetwork)': true, dnsPolicy: 'ClusterFirstWithHostNet' } },
    status: 'fail',
    kyvernoPath: '/spec/dnsPolicy/',
  },
  // equality =()
  {
    name: 'equality: absent is fine',
    resource: pod({ containers: [{ image: 'x:1' }] }),
    pattern: { spec: noDockerSock },
    status: 'pass',
  },
  {
    name: 'equality: present and violating',
    resource: pod({ volumes: [{ name: 'a', hostPath: { path: '/var/run/docker.sock' } }] }),
    pattern: { spec: noDockerSock },
    status: 'fail',
    kyvernoPath: '/spec/volumes/0/hostPath/path/',
    path: 'spec.volumes[0].hostPath.path',
  },
  {
    name: 'equality: present and fine',
    resource: pod({ volumes: [{ name: 'a', hostPath: { path: '/data' } }] }),
    pattern: { spec: noDockerSock },
    status: 'pass',
  },
  {
    name: 'equality on a scalar',
    resource: pod({ containers: [{ securityContext: { privileged: true } }] }),
    pattern: { spec: { containers: [{ '=(securityContext)': { '=(privileged)': false } }] } },
    status: 'fail',
    path: 'spec.containers[0].securityContext.privileged',
  },
  // existence ^()
  {
    name: 'existence: one item matches',
    resource: pod({ containers: [{ image: 'redis:7' }, { image: 'nginx:latest' }] }),
    pattern: { spec: { '^(containers)': [{ image: 'nginx:latest' }] } },
    status: 'pass',
  },
  {
    name: 'existence: none matches',
    resource: pod({ containers: [{ image: 'redis:7' }] }),
    pattern: { spec: { '^(containers)': [{ image: 'nginx:latest' }] } },
    status: 'fail',
    kyvernoPath: '/spec/containers/',
  },
  {
    name: 'existence: key absent passes',
    resource: pod({}),
    pattern: { spec: { '^(initContainers)': [{ image: 'nginx:latest' }] } },
    status: 'pass',
  },
  // negation X()
  {
    name: 'negation: key present fails',
    resource: pod({ hostNetwork: false }),
    pattern: { spec: { 'X(hostNetwork)': 'null' } },
    status: 'fail',
    kyvernoPath: '/spec/hostNetwork/',
    path: 'spec.hostNetwork',
  },
  {
    name: 'negation: key absent passes',
    resource: pod({}),
    pattern: { spec: { 'X(hostNetwork)': 'null' } },
    status: 'pass',
  },
  // global <()
  {
    name: 'global: condition false skips the rule',
    resource: pod({ containers: [{ name: 'a', image: 'nginx' }], imagePullSecrets: [{ name: 'x' }] }),
    pattern: {
      spec: { containers: [{ name: '*', '<(image)': 'corp.reg.com/*' }], imagePullSecrets: [{ name: 'my-secret' }] },
    },
    status: 'skip',
  },
  {
    name: 'global: condition true enforces the rest',
    resource: pod({ containers: [{ name: 'a', image: 'corp.reg.com/nginx' }], imagePullSecrets: [{ name: 'x' }] }),
    pattern: {
      spec: { containers: [{ name: '*', '<(image)': 'corp.reg.com/*' }], imagePullSecrets: [{ name: 'my-secret' }] },
    },
    status: 'fail',
    kyvernoPath: '/spec/imagePullSecrets/0/name/',
  },
  // add-if-not-present +() is ignored by validation
  {
    name: 'add anchor ignored',
    resource: pod({ containers: [{ name: 'a' }] }),
    pattern: { spec: { containers: [{ name: '?*', '+(imagePullPolicy)': 'Always' }] } },
    status: 'pass',
  },
  // plain structure
  {
    name: 'missing object: path names the expected leaf',
    resource: pod({ containers: [{ name: 'a' }] }),
    pattern: { spec: { containers: [{ securityContext: { runAsNonRoot: true } }] } },
    status: 'fail',
    kyvernoPath: '/spec/containers/0/securityContext/',
    path: 'spec.containers[0].securityContext.runAsNonRoot',
  },
  {
    name: 'missing object with two required keys: path stops at the object',
    resource: pod({ containers: [{ resources: {} }] }),
    pattern: { spec: { containers: [{ resources: { limits: { cpu: '?*', memory: '?*' } } }] } },
    status: 'fail',
    path: 'spec.containers[0].resources.limits',
  },
  {
    name: 'empty list passes (nothing to check)',
    resource: pod({ containers: [] }),
    pattern: { spec: { containers: [{ image: 'x' }] } },
    status: 'pass',
  },
  {
    name: '"*" requires presence',
    resource: pod({ containers: [{ name: 'a' }] }),
    pattern: { spec: { containers: [{ livenessProbe: '*' }] } },
    status: 'fail',
    kyvernoPath: '/spec/containers/0/',
    path: 'spec.containers[0].livenessProbe',
  },
  {
    name: '"*" accepts an object',
    resource: pod({ containers: [{ livenessProbe: { httpGet: { path: '/' } } }] }),
    pattern: { spec: { containers: [{ livenessProbe: '*' }] } },
    status: 'pass',
  },
  {
    name: 'scalar pattern against a list checks every item',
    resource: pod({ containers: [{ args: ['--a', '--b', 'x'] }] }),
    pattern: { spec: { containers: [{ args: '--*' }] } },
    status: 'fail',
  },
  {
    name: 'wildcard label keys are expanded',
    resource: pod({}, { name: 'p', labels: { 'app.kubernetes.io/name': 'web' } }),
    pattern: { metadata: { labels: { 'app.kubernetes.io/*': '?*' } } },
    status: 'pass',
  },
  {
    name: 'wildcard label key with no match fails',
    resource: pod({}, { name: 'p', labels: { team: 'a' } }),
    pattern: { metadata: { labels: { 'app.kubernetes.io/*': '?*' } } },
    status: 'fail',
  },
  // Kyverno's quirk: a failure while a negation/conditional key was never found is an execution error.
  {
    name: 'failure beside an absent negation key is an error',
    resource: pod({ containers: [{ image: 'nginx:latest' }] }),
    pattern: { spec: { 'X(hostPID)': 'null', containers: [{ image: '!*:latest' }] } },
    status: 'error',
    path: 'spec.containers[0].image',
  },
];

describe('matchPattern', () => {
  for (const c of cases) {
    test(`${c.name} → ${c.status}`, () => {
      const r = matchPattern(c.resource, c.pattern);
      assert.equal(r.status, c.status, r.message);
      if (c.kyvernoPath) assert.equal(r.kyvernoPath, c.kyvernoPath);
      if (c.path) assert.equal(formatJsonPath(r.path ?? []), c.path);
    });
  }
});
