/**
 * Kyverno's pod-controller generation for `ValidatingPolicy` (pkg/cel/autogen): a policy matching
 * exactly `pods` (core v1, no names, selectors or exclusions) also runs, rewritten, on
 * Deployments, DaemonSets, ReplicaSets, StatefulSets and Jobs (`object.spec` →
 * `object.spec.template.spec`, `object.metadata` → `object.spec.template.metadata`) and on
 * CronJobs (under `spec.jobTemplate.spec.template`). `object.metadata.name` / `.namespace` stay
 * the controller's own. `spec.autogen.podControllers.controllers` narrows the set.
 */
import type { CelPolicy, ResourceRule } from '../types';

interface Target {
  group: string;
  version: string;
  resource: string;
  kind: string;
  replacements: 'defaults' | 'cronjobs';
}

const TARGETS: Record<string, Target> = {
  daemonsets: { group: 'apps', version: 'v1', resource: 'daemonsets', kind: 'DaemonSet', replacements: 'defaults' },
  deployments: { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', replacements: 'defaults' },
  replicasets: { group: 'apps', version: 'v1', resource: 'replicasets', kind: 'ReplicaSet', replacements: 'defaults' },
  statefulsets: {
    group: 'apps',
    version: 'v1',
    resource: 'statefulsets',
    kind: 'StatefulSet',
    replacements: 'defaults',
  },
  jobs: { group: 'batch', version: 'v1', resource: 'jobs', kind: 'Job', replacements: 'defaults' },
  cronjobs: { group: 'batch', version: 'v1', resource: 'cronjobs', kind: 'CronJob', replacements: 'cronjobs' },
};

const REPLACEMENTS: Record<Target['replacements'], Array<[string, string]>> = {
  defaults: [
    ['spec', 'spec.template.spec'],
    ['metadata', 'spec.template.metadata'],
  ],
  cronjobs: [
    ['spec', 'spec.jobTemplate.spec.template.spec'],
    ['metadata', 'spec.jobTemplate.spec.template.metadata'],
  ],
};

const variants = new WeakMap<CelPolicy, CelPolicy[]>();

/** The policy itself followed by its generated controller variants (same name). */
export function celPolicyWithAutogen(policy: CelPolicy): CelPolicy[] {
  let out = variants.get(policy);
  if (!out) {
    out = [policy, ...(policy.kind === 'ValidatingPolicy' ? generate(policy) : [])];
    variants.set(policy, out);
  }
  return out;
}

function isEmptySelector(s: { matchLabels?: object; matchExpressions?: unknown[] } | undefined): boolean {
  return !s || (Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0);
}

export function canAutogen(policy: CelPolicy): boolean {
  const m = policy.spec.matchConstraints;
  if (!m || !isEmptySelector(m.namespaceSelector) || !isEmptySelector(m.objectSelector)) return false;
  if ((m.excludeResourceRules ?? []).length) return false;
  const rules = m.resourceRules ?? [];
  if (rules.length !== 1) return false;
  const r = rules[0];
  const one = (l: string[] | undefined, v: string) => l?.length === 1 && l[0] === v;
  return (
    !(r.resourceNames ?? []).length && one(r.apiGroups, '') && one(r.apiVersions, 'v1') && one(r.resources, 'pods')
  );
}

function controllersOf(policy: CelPolicy): string[] {
  const configured = (policy.spec as { autogen?: { podControllers?: { controllers?: unknown } } }).autogen
    ?.podControllers?.controllers;
  return Array.isArray(configured) ? configured.map(String) : Object.keys(TARGETS);
}

function generate(policy: CelPolicy): CelPolicy[] {
  if (!canAutogen(policy)) return [];
  const groups = new Map<Target['replacements'], Target[]>();
  for (const c of controllersOf(policy)) {
    const t = TARGETS[c];
    if (!t) continue;
    groups.set(t.replacements, [...(groups.get(t.replacements) ?? []), t]);
  }
  const operations = policy.spec.matchConstraints?.resourceRules?.[0]?.operations;
  const out: CelPolicy[] = [];
  for (const key of [...groups.keys()].sort()) {
    const targets = groups.get(key)!;
    const spec = structuredClone(policy.spec);
    spec.matchConstraints = { resourceRules: resourceRules(targets, operations) };
    spec.matchConditions = matchConditions(key, targets, policy.spec.matchConditions ?? []);
    const rewritten = JSON.parse(rewrite(JSON.stringify(spec), REPLACEMENTS[key])) as CelPolicy['spec'];
    out.push({ ...policy, spec: rewritten });
  }
  return out;
}

function resourceRules(targets: Target[], operations: string[] | undefined): ResourceRule[] {
  const byGv = new Map<string, Set<string>>();
  for (const t of targets)
    byGv.set(`${t.group}/${t.version}`, (byGv.get(`${t.group}/${t.version}`) ?? new Set()).add(t.resource));
  return [...byGv.keys()].sort().map((gv) => {
    const [group, version] = gv.split('/');
    return { apiGroups: [group], apiVersions: [version], resources: [...byGv.get(gv)!].sort(), operations };
  });
}

/** Each match condition is guarded so it only applies to the generated kinds. */
function matchConditions(
  key: string,
  targets: Target[],
  conditions: Array<{ name: string; expression: string }>,
): Array<{ name: string; expression: string }> {
  const guard = [
    ...new Set(
      targets.map(
        (t) => `(object.apiVersion == '${t.group ? `${t.group}/` : ''}${t.version}' && object.kind =='${t.kind}')`,
      ),
    ),
  ]
    .sort()
    .join('||');
  const prefix = key ? `autogen-${key}` : 'autogen';
  return conditions.map((c) => ({ name: `${prefix}-${c.name}`, expression: `!(${guard}) || (${c.expression})` }));
}

/** Text replacement as Kyverno does it, leaving `….metadata.name` / `.namespace` untouched. */
function rewrite(text: string, replacements: Array<[string, string]>): string {
  let out = text;
  for (const [from, to] of replacements) {
    for (const root of ['object.', 'oldObject.']) out = replaceUnprotected(out, root + from, root + to);
  }
  return out;
}

function replaceUnprotected(text: string, from: string, to: string): string {
  let result = '';
  let rest = text;
  let i = rest.indexOf(from);
  while (i >= 0) {
    result += rest.slice(0, i);
    // `object.spec` inside `oldObject.spec` or `namespaceObject.spec` differs in case, so indexOf is exact.
    const after = rest.slice(i + from.length);
    result += /^\.(name|namespace)(?![A-Za-z0-9_])/.test(after) ? from : to;
    rest = after;
    i = rest.indexOf(from);
  }
  return result + rest;
}
