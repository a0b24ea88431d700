/**
 * Kyverno's auto-generation of pod-controller rules: a rule written for `Pod` also yields
 * `autogen-<rule>` (DaemonSet, Deployment, Job, ReplicaSet, ReplicationController, StatefulSet;
 * patterns nested under `spec.template`) and `autogen-cronjob-<rule>` (under
 * `spec.jobTemplate.spec.template`). The `pod-policies.kyverno.io/autogen-controllers`
 * annotation narrows or disables it; name/selector/annotation filters or mixed kinds disable it.
 */
import { autogenMutation } from '../mutate/autogen-mutate';
import type { KyvernoPolicy, MatchResources, ResourceDescription, ResourceFilter, Rule } from '../types';

const ANNOTATION = 'pod-policies.kyverno.io/autogen-controllers';
const CONTROLLERS = ['DaemonSet', 'Deployment', 'Job', 'ReplicaSet', 'ReplicationController', 'StatefulSet'];
const POD_AND_CONTROLLERS = new Set(['Pod', 'CronJob', ...CONTROLLERS]);

export function rulesWithAutogen(policy: KyvernoPolicy): Array<Rule & { autogen?: boolean }> {
  const rules = policy.spec.rules ?? [];
  const controllers = controllersFor(policy);
  if (controllers.length === 0) return rules;
  const generated: Array<Rule & { autogen: boolean }> = [];
  const plain = controllers.filter((c) => c !== 'CronJob').sort();
  for (const rule of rules) {
    const forControllers = plain.length ? generateForControllers(rule, plain) : undefined;
    if (forControllers) generated.push({ ...convert(forControllers, 'pod'), autogen: true });
    if (controllers.includes('CronJob')) {
      const base = generateForControllers(rule, CONTROLLERS);
      const cron = base && generateRule(truncateName(`autogen-cronjob-${rule.name}`), base, 'jobTemplate', ['CronJob'], () => true);
      if (cron) generated.push({ ...convert(cron, 'cronjob'), autogen: true });
    }
  }
  if (generated.length === 0) return rules;
  return [...rules.filter((r) => !r.name.startsWith('autogen-')), ...generated];
}

function controllersFor(policy: KyvernoPolicy): string[] {
  const rules = policy.spec.rules ?? [];
  let needed = false;
  for (const rule of rules) {
    if (rule.generate) return [];
    if (rule.mutate && JSON.stringify(rule.mutate).includes('patchesJson6902')) return [];
    const filters = [...descriptions(rule.match), ...descriptions(rule.exclude)];
    for (const d of filters) {
      if (d.name || d.names?.length || d.selector || d.annotations) return [];
      const kinds = d.kinds ?? [];
      if (kinds.length > 1 && kinds.includes('Pod')) return [];
      if (kinds.some((k) => POD_AND_CONTROLLERS.has(k))) needed = true;
    }
  }
  if (!needed) return [];
  const annotation = policy.metadata.annotations?.[ANNOTATION];
  if (annotation === undefined) return [...CONTROLLERS, 'CronJob'];
  if (annotation === 'none') return [];
  const wanted = annotation.split(',').map((s) => s.trim());
  if (wanted.includes('all')) return [...CONTROLLERS, 'CronJob'];
  return wanted.filter((c) => c === 'CronJob' || CONTROLLERS.includes(c));
}

function descriptions(m: MatchResources | undefined): ResourceDescription[] {
  if (!m) return [];
  return [m.resources, ...(m.any ?? []).map((f) => f.resources), ...(m.all ?? []).map((f) => f.resources)].filter((d): d is ResourceDescription => !!d);
}

function kindsOf(m: MatchResources | undefined): string[] {
  return descriptions(m).flatMap((d) => d.kinds ?? []);
}

function generateForControllers(rule: Rule, controllers: string[]): Rule | undefined {
  if (rule.name.startsWith('autogen-')) return undefined;
  const excludeKinds = kindsOf(rule.exclude);
  if (!kindsOf(rule.match).includes('Pod') || (excludeKinds.length > 0 && !excludeKinds.includes('Pod'))) return undefined;
  return generateRule(truncateName(`autogen-${rule.name}`), rule, 'template', controllers, (f) => f.resources?.kinds?.includes('Pod') ?? false);
}

function generateRule(name: string, rule: Rule, templateKey: 'template' | 'jobTemplate', kinds: string[], rewrites: (f: ResourceFilter) => boolean): Rule | undefined {
  const out: Rule = structuredClone(rule);
  out.name = name;
  out.match = retarget(out.match, kinds, rewrites, true);
  if (out.exclude) out.exclude = retarget(out.exclude, kinds, rewrites, false);
  const v = out.validate;
  if (!v) return out.verifyImages ? out : autogenMutation(out, templateKey);
  const wrap = (p: unknown) => ({ spec: { [templateKey]: p } });
  if (v.pattern !== undefined) out.validate = { ...keep(v), pattern: wrap(v.pattern) };
  else if (v.deny) out.validate = { ...keep(v), deny: v.deny };
  else if (v.podSecurity) out.validate = { ...keep(v), podSecurity: v.podSecurity };
  else if (v.anyPattern) out.validate = { ...keep(v), anyPattern: v.anyPattern.map(wrap) };
  else if (v.foreach) out.validate = { ...keep(v), foreach: v.foreach };
  else if (!v.cel) return undefined;
  return out;
}

function keep(v: NonNullable<Rule['validate']>): NonNullable<Rule['validate']> {
  return { message: v.message, failureAction: v.failureAction, validationFailureAction: v.validationFailureAction };
}

function retarget(m: MatchResources | undefined, kinds: string[], rewrites: (f: ResourceFilter) => boolean, isMatch: boolean): MatchResources | undefined {
  if (!m) return m;
  if (m.any?.length) return { ...m, any: m.any.map((f) => (rewrites(f) ? { ...f, resources: { ...f.resources, kinds } } : f)) };
  if (m.all?.length) return { ...m, all: m.all.map((f) => (rewrites(f) ? { ...f, resources: { ...f.resources, kinds } } : f)) };
  if (!isMatch && !m.resources?.kinds?.length) return m;
  return { ...m, resources: { ...m.resources, kinds } };
}

const POD_REWRITES: Array<[string, string]> = [
  ['request.object.spec', 'request.object.spec.template.spec'],
  ['request.oldObject.spec', 'request.oldObject.spec.template.spec'],
  ['request.object.metadata', 'request.object.spec.template.metadata'],
  ['request.oldObject.metadata', 'request.oldObject.spec.template.metadata'],
];
const CRON_REWRITES: Array<[string, string]> = POD_REWRITES.map(([from, to]) => [from, to.replace('.spec.template.', '.spec.jobTemplate.spec.template.')]);

/** Kyverno rewrites variable paths by plain text replacement over the whole rule. */
function convert(rule: Rule, kind: 'pod' | 'cronjob'): Rule {
  const cel = !!rule.validate?.cel;
  let text = JSON.stringify(rule);
  const rewrites = kind === 'pod' ? POD_REWRITES : CRON_REWRITES;
  for (const [from, to] of cel ? rewrites.map(([f, t]) => [f.replace('request.', ''), t.replace('request.', '')]) : rewrites) {
    text = text.split(from).join(to);
  }
  return JSON.parse(text) as Rule;
}

function truncateName(name: string): string {
  return name.length > 63 ? name.slice(0, 63) : name;
}
