import { toDeploymentIntent, type AnyIntent } from '../model/effective-intent';
import { labelDomainFor, type PlatformConfig } from '../model/platform-config';
import type { Tier } from '../model/schema-types.generated';

/** The platform rules the model must keep, as prompt text (deterministic for a given input). */
export function platformStandardsText(intent: AnyIntent, config: PlatformConfig): string {
  const domain = labelDomainFor(config, intent.apiVersion);
  const labels = config.mandatoryLabels.map((l) => l.replace('{domain}', domain));
  const lines: string[] = [];
  lines.push(`- Kubernetes version: ${config.kubernetesVersion}. Helm chart apiVersion v2.`);
  lines.push(`- Mandatory labels on every workload, its pod template, and every Service: ${labels.join(', ')}.`);
  lines.push(
    '- Security defaults for every pod and container: runAsNonRoot true, readOnlyRootFilesystem true, capabilities drop [ALL], ' +
      'allowPrivilegeEscalation false, seccompProfile RuntimeDefault, never privileged.',
  );
  lines.push(
    '- Every container has CPU and memory requests and limits, and a livenessProbe and readinessProbe when the intent has a probe.',
  );
  lines.push(
    '- An Argo Rollout (argoproj.io/v1alpha1) replaces the Deployment for canary or blueGreen rollouts and must meet the same standards ' +
      '(labels, security context, limits, probes).',
  );
  lines.push(
    '- No hard-coded namespace in any template; optional resources behind `.enabled` values; secrets only as references to existing Secrets / External Secrets, never literal values.',
  );
  lines.push(
    '- Every `.Values.*` a template reads has a key in values.yaml, and values.schema.json still accepts values.yaml and every values-<env>.yaml.',
  );
  lines.push(
    `- Allowed image registries: ${config.allowedRegistries.length ? config.allowedRegistries.join(', ') : 'any'}.`,
  );
  lines.push('- Resource profiles (requests → limits):');
  for (const [name, p] of Object.entries(config.profiles).sort(([a], [b]) => (a < b ? -1 : 1))) {
    lines.push(
      `  - ${name}: cpu ${p.requests.cpu ?? '-'} / memory ${p.requests.memory ?? '-'} → cpu ${p.limits.cpu ?? '-'} / memory ${p.limits.memory ?? '-'}`,
    );
  }
  lines.push('- Tier policy:');
  for (const tier of tiersOf(intent, config)) {
    const t = config.tiers[tier];
    const rules = [
      `at least ${t.minReplicas} replica(s)`,
      t.requirePinnedTag ? 'pinned image tag (never latest)' : '',
      t.requireDigest ? 'image digest' : '',
      t.requireCanary ? 'canary or blueGreen rollout' : '',
      t.requireProbes ? 'health probes' : '',
      t.requireNetworkPolicy ? 'a NetworkPolicy' : '',
      t.requirePdb ? 'a PodDisruptionBudget when more than one replica runs' : '',
    ].filter(Boolean);
    lines.push(`  - ${tier}: ${rules.join('; ')}.`);
  }
  return lines.join('\n');
}

/** Tiers the intent's base spec and environments use, in a stable order. */
function tiersOf(intent: AnyIntent, config: PlatformConfig): Tier[] {
  const spec = toDeploymentIntent(intent, config).spec;
  const used = new Set<Tier>([spec.tier]);
  for (const env of Object.values(spec.environments ?? {})) if (env?.tier) used.add(env.tier);
  return (['development', 'staging', 'production'] as Tier[]).filter((t) => used.has(t));
}
