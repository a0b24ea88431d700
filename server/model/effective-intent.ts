import type { DeploymentIntent, Environment, ServiceIntent, Spec } from './schema-types.generated';
import type { PlatformConfig } from './platform-config';

export type AnyIntent = DeploymentIntent | ServiceIntent;

/** Deep merge for plain objects; arrays and scalars of `over` replace those of `base`. */
export function deepMerge<T>(base: T, over: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(over)) return (over === undefined ? base : over) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in out ? deepMerge(out[k], v) : v;
  return out as T;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Names of the environments an intent declares (in file order). */
export function environmentNames(spec: { environments?: Record<string, unknown> } | undefined): string[] {
  return Object.keys(spec?.environments ?? {});
}

/**
 * The spec as one environment sees it: the base spec with `environments.<env>` merged over it.
 * `namespace` and per-environment dependency toggles stay out of the spec.
 */
export function specForEnvironment(spec: Spec, env: string | undefined): Spec {
  if (!env) return spec;
  const override = (spec.environments?.[env] ?? {}) as Environment;
  const { namespace: _ns, dependencies: _deps, ...fields } = override;
  return deepMerge(spec, fields);
}

/** Splits `registry/repo:tag@sha256:…` into its parts. */
export function parseImageReference(ref: string): { repository: string; tag?: string; digest?: string } {
  let rest = ref.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  let tag: string | undefined;
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { repository: rest, tag, digest };
}

/**
 * Expands a ServiceIntent into the equivalent DeploymentIntent through the platform keywords.
 * Unknown keywords are left out here; the checks report them.
 */
export function expandServiceIntent(intent: ServiceIntent, config: PlatformConfig): DeploymentIntent {
  const s = intent.spec;
  let spec: Spec = {
    image: parseImageReference(s.workload.containerImage),
    tier: s.tier ?? 'production',
    ...(s.workload.replicas !== undefined ? { replicas: s.workload.replicas } : {}),
    ...(s.workload.port !== undefined ? { port: s.workload.port } : {}),
  };
  const apply = (keyword: string | undefined) => {
    if (!keyword) return;
    if (config.keywords[keyword]) spec = deepMerge(spec, config.keywords[keyword].sets);
    else if (config.profiles[keyword]) spec = deepMerge(spec, { resources: { profile: keyword } });
  };
  apply(s.workload.resources);
  apply(s.networking?.exposure);
  apply(s.networking?.authPolicy);
  apply(s.observability?.metrics);
  if (s.networking?.host) spec = deepMerge(spec, { exposure: { host: s.networking.host } });
  if (s.environments) spec.environments = s.environments;
  return { apiVersion: intent.apiVersion, kind: 'DeploymentIntent', metadata: intent.metadata, spec };
}

/** A DeploymentIntent for any intent kind. */
export function toDeploymentIntent(intent: AnyIntent, config: PlatformConfig): DeploymentIntent {
  return intent.kind === 'ServiceIntent' ? expandServiceIntent(intent, config) : intent;
}
