/**
 * Rule `match` / `exclude`: `any` (one filter), `all` (every filter) or the legacy single block,
 * each filter checking kinds, names, namespaces, annotations, label selector, namespace
 * selector and operations. Checks that need the cluster (namespace labels not supplied, user
 * roles) give an undecided outcome with the reason, so the engine can report a skip.
 */
import type { MatchResources, Resource, ResourceDescription, ResourceFilter } from '../types';
import { wildcardMatch } from '../wildcards/wildcard';
import { kindSelectorMatches, type Gvk } from './kinds';
import { selectorMatches } from './label-selector';

export interface MatchInput {
  resource: Resource;
  gvk: Gvk;
  /** The namespace admission would see (the object's own or the deploy namespace). */
  namespace: string;
  operation: string;
  /** Labels of that namespace, when known; needed by `namespaceSelector`. */
  namespaceLabels?: Record<string, string>;
  /** Extra kind equivalence (the Argo Rollouts option). */
  kindMatches?: (selector: string, gvk: Gvk) => boolean;
  /** The requesting user, when known (`kyverno test` always has one, possibly empty). */
  user?: RequestUser;
}

export interface RequestUser {
  roles: string[];
  clusterRoles: string[];
  userInfo: { username: string; groups: string[] };
}

export type Decision = { kind: 'yes' } | { kind: 'no'; reason: string } | { kind: 'undecided'; reason: string };

const YES: Decision = { kind: 'yes' };
const no = (reason: string): Decision => ({ kind: 'no', reason });

/** Whether the rule applies: matched and not excluded. */
export function ruleApplies(
  match: MatchResources | undefined,
  exclude: MatchResources | undefined,
  input: MatchInput,
): Decision {
  const m = matchResources(match, input, 'match');
  if (m.kind !== 'yes') return m;
  if (!exclude) return YES;
  const x = matchResources(exclude, input, 'exclude');
  if (x.kind === 'yes') return no('resource is excluded');
  if (x.kind === 'undecided')
    return { kind: 'undecided', reason: `cannot tell whether the exclude block applies: ${x.reason}` };
  return YES;
}

function matchResources(m: MatchResources | undefined, input: MatchInput, mode: 'match' | 'exclude'): Decision {
  if (!m) return mode === 'match' ? no('rule has no match block') : no('');
  const blocks: Decision[] = [];
  if (m.any?.length)
    blocks.push(
      combine(
        m.any.map((f) => filterMatches(f, input, mode)),
        'any',
      ),
    );
  if (m.all?.length)
    blocks.push(
      combine(
        m.all.map((f) => filterMatches(f, input, mode)),
        'all',
      ),
    );
  if (m.resources || m.subjects || m.roles || m.clusterRoles) blocks.push(filterMatches(m, input, mode));
  if (blocks.length === 0) return mode === 'match' ? no('match block is empty') : no('');
  return combine(blocks, 'all');
}

function combine(decisions: Decision[], mode: 'any' | 'all'): Decision {
  if (mode === 'any') {
    if (decisions.some((d) => d.kind === 'yes')) return YES;
    const undecided = decisions.find((d) => d.kind === 'undecided');
    return undecided ?? decisions[0] ?? no('');
  }
  const firstNo = decisions.find((d) => d.kind === 'no');
  if (firstNo) return firstNo;
  return decisions.find((d) => d.kind === 'undecided') ?? YES;
}

function filterMatches(f: ResourceFilter, input: MatchInput, mode: 'match' | 'exclude'): Decision {
  const resources = f.resources ? describe(f.resources, input) : YES;
  if (resources.kind === 'no') return resources;
  const needsUser = (f.subjects?.length ?? 0) > 0 || (f.roles?.length ?? 0) > 0 || (f.clusterRoles?.length ?? 0) > 0;
  if (needsUser && input.user) {
    const u = userMatches(f, input.user);
    return u ? resources : no(u === false ? 'requesting user does not match subjects/roles/clusterRoles' : '');
  }
  if (needsUser) {
    // Rendered manifests carry no requesting user: such a filter matches no one.
    if (mode === 'exclude') return no('exclude names users, and there is no requesting user');
    return {
      kind: 'undecided',
      reason: 'match names subjects/roles/clusterRoles, which need the requesting user of an admission request',
    };
  }
  return resources;
}

function describe(d: ResourceDescription, input: MatchInput): Decision {
  const { resource, gvk, namespace } = input;
  const name = resource.metadata?.name ?? '';
  if (d.kinds?.length) {
    const kindOk = d.kinds.some((k) => kindSelectorMatches(k, gvk) || input.kindMatches?.(k, gvk));
    if (!kindOk) return no(`kind ${gvk.kind} is not one of ${d.kinds.join(', ')}`);
  }
  if (d.name && !wildcardMatch(d.name, name)) return no(`name ${name} does not match ${d.name}`);
  if (d.names?.length && !d.names.some((n) => wildcardMatch(n, name)))
    return no(`name ${name} is not one of ${d.names.join(', ')}`);
  if (d.namespaces?.length) {
    const ns = gvk.kind === 'Namespace' ? name : namespace;
    if (!d.namespaces.some((n) => wildcardMatch(n, ns)))
      return no(`namespace '${ns}' is not one of ${d.namespaces.join(', ')}`);
  }
  if (d.annotations) {
    const have = resource.metadata?.annotations ?? {};
    for (const [k, v] of Object.entries(d.annotations)) {
      if (!Object.entries(have).some(([hk, hv]) => wildcardMatch(k, hk) && wildcardMatch(v, String(hv))))
        return no(`annotation ${k} does not match`);
    }
  }
  if (d.selector && !selectorMatches(d.selector, resource.metadata?.labels))
    return no('labels do not match the selector');
  if (d.operations?.length && !d.operations.includes(input.operation))
    return no(`operation ${input.operation} is not one of ${d.operations.join(', ')}`);
  if (d.namespaceSelector) {
    if (gvk.kind === 'Namespace' || namespace === '')
      return no('namespaceSelector applies to namespaced resources only');
    if (!input.namespaceLabels) {
      return {
        kind: 'undecided',
        reason: `namespaceSelector needs the labels of namespace '${namespace}', which were not given`,
      };
    }
    if (!selectorMatches(d.namespaceSelector, input.namespaceLabels))
      return no(`namespace '${namespace}' labels do not match the namespaceSelector`);
  }
  return YES;
}

const SA_PREFIX = 'system:serviceaccount:';

/** Kyverno's user-info check: every given list (roles, clusterRoles, subjects) must have a hit. */
function userMatches(f: ResourceFilter, user: RequestUser): boolean {
  if (f.roles?.length && !f.roles.some((r) => user.roles.includes(r))) return false;
  if (f.clusterRoles?.length && !f.clusterRoles.some((r) => user.clusterRoles.includes(r))) return false;
  if (f.subjects?.length) {
    const name = user.userInfo.username;
    const groups = [...user.userInfo.groups, name];
    const hit = (f.subjects as Array<{ kind?: string; name?: string; namespace?: string }>).some((s) => {
      if (s.kind === 'ServiceAccount')
        return (
          name.length > SA_PREFIX.length && name.slice(SA_PREFIX.length) === `${s.namespace ?? ''}:${s.name ?? ''}`
        );
      if (s.kind === 'User' || s.kind === 'Group') return groups.includes(s.name ?? '');
      return false;
    });
    if (!hit) return false;
  }
  return true;
}
