/**
 * Kyverno's auto-generation of pod-controller rules: a rule written for `Pod` also yields
 * `autogen-<rule>` (DaemonSet, Deployment, Job, ReplicaSet, ReplicationController, StatefulSet;
 * patterns nested under `spec.template`) and `autogen-cronjob-<rule>` (under
 * `spec.jobTemplate.spec.template`). The `pod-policies.kyverno.io/autogen-controllers`
 * annotation narrows or disables it; name/selector/annotation filters, mixed kinds, generate and
 * JSON-patch mutate rules disable it. Mirrors pkg/autogen/v1 (CanAutoGen, generateRule,
 * updateFields), including its quirks: the annotation is split on "," without trimming, and a
 * list naming no known controller is used as given.
 */
import { parseKindSelector } from '../match/kinds';
import type { KyvernoPolicy, MatchResources, ResourceDescription, ResourceFilter, Rule } from '../types';

const ANNOTATION = 'pod-policies.kyverno.io/autogen-controllers';
const CONTROLLERS = ['DaemonSet', 'Deployment', 'Job', 'ReplicaSet', 'ReplicationController', 'StatefulSet'];
const POD_AND_CONTROLLERS = new Set(['Pod', 'CronJob', ...CONTROLLERS]);

/** Kyverno's `kubeutils.ContainsKind`: the kind part of `Pod`, `v1/Pod`, `Pod/exec` … */
function containsKind(kinds: string[], kind: string): boolean {
  return kinds.some((k) => parseKindSelector(k).kind === kind);
}

export function rulesWithAutogen(policy: KyvernoPolicy): Array<Rule & { autogen?: boolean }> {
  const rules = policy.spec.rules ?? [];
  const controllers = controllersFor(policy);
  if (controllers === undefined) return rules;
  const generated: Array<Rule & { autogen: boolean }> = [];
  const plain = controllers.filter((c) => c !== 'CronJob').join(',');
  const hasCronJob = controllers.join(',').includes('CronJob') || controllers.join(',').includes('all');
  for (const rule of rules) {
    const forControllers = generateForControllers(rule, plain);
    if (forControllers) generated.push({ ...convert(forControllers, 'pod'), autogen: true });
    if (hasCronJob) {
      const base = generateForControllers(rule, controllers.join(','));
      const cron =
        base &&
        generateRule(truncateName(`autogen-cronjob-${rule.name}`), base, 'jobTemplate', ['CronJob'], () => true);
      if (cron) generated.push({ ...convert(cron, 'cronjob'), autogen: true });
    }
  }
  if (generated.length === 0) return rules;
  return [...rules.filter((r) => !r.name.startsWith('autogen-')), ...generated];
}

/** Kyverno's CanAutoGen plus the annotation: the requested controller list, or undefined for none. */
function controllersFor(policy: KyvernoPolicy): string[] | undefined {
  const rules = policy.spec.rules ?? [];
  let needed = false;
  for (const rule of rules) {
    if (rule.generate) return undefined;
    const mutate = rule.mutate as
      { patchesJson6902?: unknown; foreach?: Array<{ patchesJson6902?: unknown }> } | undefined;
    if (mutate && (mutate.patchesJson6902 || (mutate.foreach ?? []).some((f) => f.patchesJson6902))) return undefined;
    const filters = [...descriptions(rule.match), ...descriptions(rule.exclude)];
    for (const d of filters) {
      const kinds = d.kinds ?? [];
      if (d.name || d.names?.length || d.selector || d.annotations || (kinds.length > 1 && containsKind(kinds, 'Pod')))
        return undefined;
      if (kinds.some((k) => POD_AND_CONTROLLERS.has(k))) needed = true;
    }
  }
  if (!needed) return undefined;
  const annotation = policy.metadata.annotations?.[ANNOTATION];
  if (annotation === undefined) return [...CONTROLLERS, 'CronJob'];
  if (annotation === 'none') return undefined;
  // Kyverno splits on "," without trimming: "Deployment, Job" requests "Deployment" and " Job".
  return annotation.split(',');
}

function descriptions(m: MatchResources | undefined): ResourceDescription[] {
  if (!m) return [];
  return [m.resources, ...(m.any ?? []).map((f) => f.resources), ...(m.all ?? []).map((f) => f.resources)].filter(
    (d): d is ResourceDescription => !!d,
  );
}

function kindsOf(m: MatchResources | undefined): string[] {
  return descriptions(m).flatMap((d) => d.kinds ?? []);
}

function kindsOfMatch(m: MatchResources | undefined): string[] {
  return kindsOf(m);
}

/** `autogen-<rule>` for the given controllers (Kyverno's generateRuleForControllers). */
function generateForControllers(rule: Rule, controllers: string): Rule | undefined {
  if (rule.name.startsWith('autogen-') || controllers === '') return undefined;
  const excludeKinds = kindsOf(rule.exclude);
  if (!containsKind(kindsOfMatch(rule.match), 'Pod') || (excludeKinds.length > 0 && !containsKind(excludeKinds, 'Pod')))
    return undefined;
  let kinds: string[];
  if (controllers === 'all') kinds = [...CONTROLLERS];
  else {
    const requested = controllers.split(',').sort();
    const valid = requested.filter((c) => CONTROLLERS.includes(c));
    // Kyverno keeps the raw list when none is a known controller (e.g. a custom kind).
    kinds = valid.length ? valid : requested;
  }
  return generateRule(truncateName(`autogen-${rule.name}`), rule, 'template', kinds.sort(), (f) =>
    containsKind(f.resources?.kinds ?? [], 'Pod'),
  );
}

function generateRule(
  name: string,
  rule: Rule,
  templateKey: 'template' | 'jobTemplate',
  kinds: string[],
  rewrites: (f: ResourceFilter) => boolean,
): Rule | undefined {
  const out: Rule = structuredClone(rule);
  out.name = name;
  out.match = retarget(out.match, kinds, rewrites, true);
  if (out.exclude) out.exclude = retarget(out.exclude, kinds, rewrites, false);
  const wrap = (p: unknown) => ({ spec: { [templateKey]: p } });
  const m = out.mutate as { patchStrategicMerge?: unknown; foreach?: Array<Record<string, unknown>> } | undefined;
  if (m?.patchStrategicMerge !== undefined) {
    out.mutate = { patchStrategicMerge: wrap(m.patchStrategicMerge) };
    return out;
  }
  if (m?.foreach?.length) {
    out.mutate = {
      foreach: m.foreach.map((f) => ({
        list: f.list,
        context: f.context,
        preconditions: f.preconditions,
        patchStrategicMerge: wrap(f.patchStrategicMerge),
      })),
    };
    return out;
  }
  const v = out.validate;
  if (!v) return out.verifyImages ? out : undefined;
  if (v.pattern !== undefined) out.validate = { ...keep(v), pattern: wrap(v.pattern) };
  else if (v.deny) out.validate = { ...keep(v), deny: v.deny };
  else if (v.podSecurity) out.validate = { ...keep(v), podSecurity: v.podSecurity };
  else if (v.anyPattern) out.validate = { ...keep(v), anyPattern: v.anyPattern.map(wrap) };
  else if (v.foreach) out.validate = { ...keep(v), foreach: v.foreach };
  else if (v.assert && typeof v.assert === 'object')
    out.validate = { ...v, assert: autogenAssertion(v.assert as Record<string, unknown>, templateKey) };
  else if (!v.cel) return out.verifyImages ? out : undefined;
  return out;
}

/** Assertion trees: `object` / `oldObject` nodes move under `spec.<template key>`. */
function autogenAssertion(tree: Record<string, unknown>, templateKey: string): Record<string, unknown> {
  const out = { ...tree };
  for (const n of ['object', 'oldObject']) {
    const node = tree[n];
    if (node && typeof node === 'object' && !Array.isArray(node)) out[n] = { spec: { [templateKey]: { ...node } } };
  }
  return out;
}

function keep(v: NonNullable<Rule['validate']>): NonNullable<Rule['validate']> {
  const out: NonNullable<Rule['validate']> & Record<string, unknown> = {
    message: v.message,
    failureAction: v.failureAction,
    validationFailureAction: v.validationFailureAction,
  };
  const extra = v as Record<string, unknown>;
  if (extra.failureActionOverrides !== undefined) out.failureActionOverrides = extra.failureActionOverrides;
  if (extra.allowExistingViolations !== undefined) out.allowExistingViolations = extra.allowExistingViolations;
  return out;
}

function retarget(
  m: MatchResources | undefined,
  kinds: string[],
  rewrites: (f: ResourceFilter) => boolean,
  isMatch: boolean,
): MatchResources | undefined {
  if (!m) return m;
  if (m.any?.length)
    return { ...m, any: m.any.map((f) => (rewrites(f) ? { ...f, resources: { ...f.resources, kinds } } : f)) };
  if (m.all?.length)
    return { ...m, all: m.all.map((f) => (rewrites(f) ? { ...f, resources: { ...f.resources, kinds } } : f)) };
  if (!isMatch && !m.resources?.kinds?.length) return m;
  return { ...m, resources: { ...m.resources, kinds } };
}

const POD_REWRITES: Array<[string, string]> = [
  ['request.object.spec', 'request.object.spec.template.spec'],
  ['request.oldObject.spec', 'request.oldObject.spec.template.spec'],
  ['request.object.metadata', 'request.object.spec.template.metadata'],
  ['request.oldObject.metadata', 'request.oldObject.spec.template.metadata'],
];
const CRON_REWRITES: Array<[string, string]> = POD_REWRITES.map(([from, to]) => [
  from,
  to.replace('.spec.template.', '.spec.jobTemplate.spec.template.'),
]);

/** Kyverno rewrites variable paths by plain text replacement over the whole rule. */
function convert(rule: Rule, kind: 'pod' | 'cronjob'): Rule {
  const cel = !!rule.validate?.cel;
  let text = JSON.stringify(rule);
  const rewrites = kind === 'pod' ? POD_REWRITES : CRON_REWRITES;
  for (const [from, to] of cel
    ? rewrites.map(([f, t]) => [f.replace('request.', ''), t.replace('request.', '')])
    : rewrites) {
    text = text.split(from).join(to);
  }
  return JSON.parse(text) as Rule;
}

function truncateName(name: string): string {
  return name.length > 63 ? name.slice(0, 63) : name;
}

const withAutogen = new WeakMap<KyvernoPolicy, Array<Rule & { autogen?: boolean }>>();

/**
 * The rules the engine and the mutation pass run for a policy: with Kyverno's pod-controller rules
 * (computed once per policy object), or as written when autogen is off.
 */
export function rulesToRun(policy: KyvernoPolicy, autogen = true): Array<Rule & { autogen?: boolean }> {
  if (!autogen) return policy.spec.rules ?? [];
  let rules = withAutogen.get(policy);
  if (!rules) withAutogen.set(policy, (rules = rulesWithAutogen(policy)));
  return rules;
}
