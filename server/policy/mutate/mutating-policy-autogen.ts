/**
 * Kyverno's autogen of a Pod MutatingPolicy for pod controllers (pkg/cel/policies/mpol/autogen):
 * when the policy matches only `pods`, variants match Deployments, StatefulSets, DaemonSets,
 * ReplicaSets, ReplicationControllers and Jobs (pod template under `spec.template`) and CronJobs
 * (`spec.jobTemplate.spec.template`), narrowed by `spec.autogen.podControllers.controllers`.
 * As in Kyverno only ApplyConfiguration expressions are rewritten: `object.spec`/`Object.spec`
 * point into the template and a top-level `Object{…}` is nested under it; JSON patches, match
 * conditions and variables are left as written.
 */
import type { MutatingPolicy, ResourceRule } from '../types';

/** The pod controllers' resources, sorted, with their API groups. */
const CONTROLLER_GROUPS: Record<string, string> = {
  cronjobs: 'batch',
  daemonsets: 'apps',
  deployments: 'apps',
  jobs: 'batch',
  replicasets: 'apps',
  replicationcontrollers: '',
  statefulsets: 'apps',
};
const CONTROLLERS = Object.entries(CONTROLLER_GROUPS).map(([resource, group]) => ({ resource, group }));

const variantsCache = new WeakMap<MutatingPolicy, MutatingPolicy[]>();

const onlyPods = (r: ResourceRule) =>
  sameList(r.apiGroups, ['']) &&
  sameList(r.apiVersions, ['v1']) &&
  sameList(r.resources, ['pods']) &&
  !(r.resourceNames ?? []).length;

function sameList(a: string[] | undefined, b: string[]): boolean {
  return !!a && a.length === b.length && a.every((x, i) => x === b[i]);
}

function emptySelector(s: { matchLabels?: object; matchExpressions?: unknown[] } | undefined): boolean {
  return !s || (Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0);
}

/** The generated controller variants of a policy (none when it does not target only Pods). */
export function mutatingPolicyAutogen(policy: MutatingPolicy): MutatingPolicy[] {
  let cached = variantsCache.get(policy);
  if (cached) return cached;
  cached = [];
  const m = policy.spec.matchConstraints;
  const rules = m?.resourceRules ?? [];
  if (
    m &&
    rules.length === 1 &&
    onlyPods(rules[0]) &&
    emptySelector(m.namespaceSelector) &&
    emptySelector(m.objectSelector)
  ) {
    const wanted = (policy.spec as { autogen?: { podControllers?: { controllers?: string[] } } }).autogen
      ?.podControllers?.controllers;
    const chosen = CONTROLLERS.filter((c) => !wanted || wanted.map((w) => w.toLowerCase()).includes(c.resource));
    const operations = rules[0].operations;
    const groups = [
      { key: 'pods', controllers: chosen.filter((c) => c.resource !== 'cronjobs') },
      { key: 'cronjobs', controllers: chosen.filter((c) => c.resource === 'cronjobs') },
    ].filter((g) => g.controllers.length);
    for (const g of groups) {
      const resourceRules: ResourceRule[] = [...new Set(g.controllers.map((c) => c.group))].map((group) => ({
        apiGroups: [group],
        apiVersions: ['v1'],
        operations,
        resources: g.controllers.filter((c) => c.group === group).map((c) => c.resource),
      }));
      cached.push({
        ...policy,
        spec: {
          ...policy.spec,
          matchConstraints: { ...m, resourceRules },
          mutations: (policy.spec.mutations ?? []).map((mu) =>
            mu.applyConfiguration?.expression
              ? {
                  ...mu,
                  applyConfiguration: {
                    ...mu.applyConfiguration,
                    expression: toTemplateExpression(mu.applyConfiguration.expression, g.key),
                  },
                }
              : mu,
          ),
        },
      });
    }
  }
  variantsCache.set(policy, cached);
  return cached;
}

/** Kyverno's convertPodToTemplateExpression. */
export function toTemplateExpression(expression: string, config: string): string {
  const spec = config === 'cronjobs' ? 'spec.jobTemplate.spec.template.spec' : 'spec.template.spec';
  let out = expression.split('object.spec').join(`object.${spec}`).split('Object.spec').join(`Object.${spec}`);
  const trimmed = out.trim();
  if (!trimmed.startsWith('Object{')) return out;
  const content = trimmed.slice('Object{'.length);
  let depth = 1;
  let end = 0;
  for (let i = 0; i < content.length; i++) {
    if (content[i] === '{') depth++;
    else if (content[i] === '}' && --depth === 0) {
      end = i;
      break;
    }
  }
  if (end === 0) return out;
  const [wrapper, closing] =
    config === 'cronjobs'
      ? [
          'Object{spec: Object.spec{jobTemplate: Object.spec.jobTemplate{spec: Object.spec.jobTemplate.spec{template: Object.spec.jobTemplate.spec.template{',
          '}}}}}',
        ]
      : ['Object{spec: Object.spec{template: Object.spec.template{', '}}}'];
  out = wrapper + content.slice(0, end) + closing + content.slice(end + 1);
  return out;
}
