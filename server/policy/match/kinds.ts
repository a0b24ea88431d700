/** Group/version/kind handling: `Deployment`, `apps/v1/Deployment`, `v1/Pod`, `*`, `Pod/exec`. */
import { wildcardMatch } from '../wildcards/wildcard';

export interface Gvk {
  group: string;
  version: string;
  kind: string;
  /** Set when the object is a subresource (e.g. a `Scale` of a Deployment): then gvk names the parent. */
  subresource?: string;
}

export function gvkOf(apiVersion: string | undefined, kind: string | undefined): Gvk {
  const av = apiVersion ?? '';
  const slash = av.indexOf('/');
  return {
    group: slash < 0 ? '' : av.slice(0, slash),
    version: slash < 0 ? av : av.slice(slash + 1),
    kind: kind ?? '',
  };
}

export interface KindSelector {
  group: string;
  version: string;
  kind: string;
  subresource: string;
}

const startsUpper = (s: string) => s.length > 0 && s[0] !== s[0].toLowerCase();

const selectorCache = new Map<string, KindSelector>();

/** Parses a `match.resources.kinds` entry; absent parts are `*`. */
export function parseKindSelector(input: string): KindSelector {
  let s = selectorCache.get(input);
  if (!s) {
    s = parseUncached(input);
    if (selectorCache.size < 10_000) selectorCache.set(input, s);
  }
  return s;
}

function parseUncached(input: string): KindSelector {
  const p = input.split('/');
  switch (p.length) {
    case 1:
      return { group: '*', version: '*', kind: p[0], subresource: '' };
    case 2:
      return startsUpper(p[0])
        ? { group: '*', version: '*', kind: p[0], subresource: p[1] }
        : { group: '*', version: p[0], kind: p[1], subresource: '' };
    case 3:
      return startsUpper(p[1])
        ? { group: '*', version: p[0], kind: p[1], subresource: p[2] }
        : { group: p[0], version: p[1], kind: p[2], subresource: '' };
    default:
      return { group: p[0], version: p[1], kind: p[2], subresource: p.slice(3).join('/') };
  }
}

/** A selector naming a subresource matches only that subresource of its kind; plain selectors only whole objects. */
export function kindSelectorMatches(selector: string, gvk: Gvk): boolean {
  const s = parseKindSelector(selector);
  const sub = gvk.subresource ?? '';
  if (s.subresource !== '*' && s.subresource !== sub) return false;
  return wildcardMatch(s.group, gvk.group) && wildcardMatch(s.version, gvk.version) && wildcardMatch(s.kind, gvk.kind);
}

const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'ClusterRole',
  'ClusterRoleBinding',
  'StorageClass',
  'CustomResourceDefinition',
  'PriorityClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'APIService',
  'IngressClass',
  'RuntimeClass',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'PodSecurityPolicy',
  'CertificateSigningRequest',
  'ComponentStatus',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'ClusterPolicy',
  'ClusterPolicyReport',
  'ClusterIssuer',
  'ClusterCleanupPolicy',
  'FlowSchema',
  'PriorityLevelConfiguration',
]);

export function isClusterScoped(kind: string | undefined): boolean {
  return kind !== undefined && CLUSTER_SCOPED.has(kind);
}

const PLURALS: Record<string, string> = {
  Endpoints: 'endpoints',
  Ingress: 'ingresses',
  NetworkPolicy: 'networkpolicies',
  PodSecurityPolicy: 'podsecuritypolicies',
  PriorityClass: 'priorityclasses',
  StorageClass: 'storageclasses',
  IngressClass: 'ingressclasses',
  RuntimeClass: 'runtimeclasses',
};

/** The REST resource name of a kind (`Deployment` → `deployments`), for admission-style rules. */
export function resourceNameOf(kind: string): string {
  if (PLURALS[kind]) return PLURALS[kind];
  const lower = kind.toLowerCase();
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}
