import type { PlatformConfigFile, ResourceAmounts, Tier, TierPolicy } from './schema-types.generated';

export interface ResourceProfile {
  description?: string;
  requests: ResourceAmounts;
  limits: ResourceAmounts;
}

export type ResolvedTierPolicy = Required<Omit<TierPolicy, 'defaultProfile'>> & { defaultProfile?: string };

export interface KeywordMapping {
  description?: string;
  sets: Record<string, unknown>;
}

/** The platform config with every default filled in: what the checks and the compiler read. */
export interface PlatformConfig {
  labelDomain?: string;
  mandatoryLabels: string[];
  profiles: Record<string, ResourceProfile>;
  tiers: Record<Tier, ResolvedTierPolicy>;
  allowedRegistries: string[];
  keywords: Record<string, KeywordMapping>;
  policiesDir: string;
  chartOutputDir: string;
  kubernetesVersion: string;
  llm: { model: string; baseURL?: string; temperature: number };
  /** Where it came from: a file path, or `built-in defaults`. */
  source: string;
}

export const TIERS: Tier[] = ['development', 'staging', 'production'];

export const BUILT_IN_PROFILES: Record<string, ResourceProfile> = {
  small: {
    description: 'Light services and workers',
    requests: { cpu: '250m', memory: '256Mi' },
    limits: { cpu: '500m', memory: '512Mi' },
  },
  medium: {
    description: 'Typical API services',
    requests: { cpu: '500m', memory: '512Mi' },
    limits: { cpu: '1000m', memory: '1Gi' },
  },
  large: {
    description: 'CPU or memory heavy services',
    requests: { cpu: '1', memory: '1Gi' },
    limits: { cpu: '2', memory: '2Gi' },
  },
};

const BUILT_IN_TIERS: Record<Tier, ResolvedTierPolicy> = {
  development: {
    minReplicas: 1,
    requirePinnedTag: false,
    requireDigest: false,
    requireCanary: false,
    requireProbes: false,
    requireNetworkPolicy: false,
    requirePdb: false,
    defaultProfile: 'small',
  },
  staging: {
    minReplicas: 1,
    requirePinnedTag: true,
    requireDigest: false,
    requireCanary: false,
    requireProbes: true,
    requireNetworkPolicy: false,
    requirePdb: false,
    defaultProfile: 'small',
  },
  production: {
    minReplicas: 2,
    requirePinnedTag: true,
    requireDigest: false,
    requireCanary: false,
    requireProbes: true,
    requireNetworkPolicy: false,
    requirePdb: true,
    defaultProfile: 'medium',
  },
};

/** Example keywords for ServiceIntent (seed dialect); a platform config adds or replaces them. */
const BUILT_IN_KEYWORDS: Record<string, KeywordMapping> = {
  'low-priority-compute': {
    description: 'Small profile, fixed single replica.',
    sets: { resources: { profile: 'small' } },
  },
  'standard-compute': {
    description: 'Medium profile with autoscaling 2–5.',
    sets: {
      resources: { profile: 'medium' },
      autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 70 },
    },
  },
  'high-priority-compute': {
    description: 'Large profile with autoscaling 3–10 at 60% CPU.',
    sets: {
      resources: { profile: 'large' },
      autoscaling: { enabled: true, minReplicas: 3, maxReplicas: 10, targetCPUUtilizationPercentage: 60 },
    },
  },
  internal: { description: 'Reachable inside the cluster only.', sets: { exposure: { type: 'internal' } } },
  'public-ingress': {
    description: 'Public Ingress (nginx class) for the host.',
    sets: { exposure: { type: 'public-ingress', ingressClass: 'nginx' } },
  },
  'jwt-validated': {
    description: 'Ingress requests are checked by the platform JWT validator before they reach the service.',
    sets: {
      exposure: {
        annotations: { 'nginx.ingress.kubernetes.io/auth-url': 'http://jwt-validator.auth.svc.cluster.local/validate' },
      },
    },
  },
  'prometheus-standard': {
    description: 'Metrics on /metrics scraped through a ServiceMonitor.',
    sets: { observability: { metrics: { enabled: true, path: '/metrics', serviceMonitor: true } } },
  },
};

export const DEFAULT_MANDATORY_LABELS = ['app.kubernetes.io/name', 'app.kubernetes.io/version', '{domain}/tier'];

export function defaultPlatformConfig(): PlatformConfig {
  return resolvePlatformConfig(undefined, 'built-in defaults');
}

/** Fills a (schema-valid) config file with the built-in defaults. */
export function resolvePlatformConfig(file: PlatformConfigFile | undefined, source: string): PlatformConfig {
  const tiers = {} as Record<Tier, ResolvedTierPolicy>;
  for (const t of TIERS) tiers[t] = { ...BUILT_IN_TIERS[t], ...stripUndefined(file?.tiers?.[t] ?? {}) };
  return {
    labelDomain: file?.labelDomain,
    mandatoryLabels: file?.mandatoryLabels ?? DEFAULT_MANDATORY_LABELS,
    profiles: { ...BUILT_IN_PROFILES, ...((file?.profiles ?? {}) as Record<string, ResourceProfile>) },
    tiers,
    allowedRegistries: file?.allowedRegistries ?? [],
    keywords: { ...BUILT_IN_KEYWORDS, ...((file?.keywords ?? {}) as Record<string, KeywordMapping>) },
    policiesDir: file?.policiesDir ?? 'policies',
    chartOutputDir: file?.chartOutputDir ?? 'charts',
    kubernetesVersion: file?.kubernetesVersion ?? '1.34',
    llm: {
      model: file?.llm?.model ?? 'gpt-4.1-mini',
      baseURL: file?.llm?.baseURL,
      temperature: file?.llm?.temperature ?? 0.1,
    },
    source,
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Label domain for an intent: the config's, else the intent's API group. */
export function labelDomainFor(config: PlatformConfig, apiVersion: unknown): string {
  if (config.labelDomain) return config.labelDomain;
  const group = typeof apiVersion === 'string' ? apiVersion.split('/')[0] : '';
  return group.includes('.') ? group : 'helm-intent.dev';
}

/** Registry host of an image repository (`docker.io` when the first segment is not a host). */
export function registryOf(repository: string): string {
  const first = repository.split('/')[0];
  return repository.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')
    ? first
    : 'docker.io';
}

/** `*` matches one DNS label; otherwise an exact registry or a path prefix of the repository. */
export function registryAllowed(repository: string, allowed: string[]): boolean {
  if (allowed.length === 0) return true;
  const registry = registryOf(repository);
  const full =
    registry === 'docker.io' && !repository.startsWith('docker.io/') ? `docker.io/${repository}` : repository;
  return allowed.some((pattern) => {
    const re = new RegExp('^' + pattern.split('*').map(escapeRegExp).join('[^./]+') + '(/.*)?$');
    return re.test(full) || re.test(registry);
  });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
