import type { ChartContext, ChartFile } from './types';

type Schema = Record<string, unknown>;

const cpu: Schema = {
  type: ['string', 'number'],
  pattern: '^([0-9]+(\\.[0-9]+)?m?)$',
  description: 'CPU: cores (1, 0.5) or millicores (500m).',
};
const memory: Schema = {
  type: 'string',
  pattern: '^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$',
  description: 'Memory, e.g. 512Mi.',
};
const amounts = (what: string): Schema => ({
  type: 'object',
  description: what,
  required: ['cpu', 'memory'],
  properties: { cpu, memory },
});
const intOrPercent: Schema = { type: ['integer', 'string'], pattern: '^[0-9]+%?$' };
const bool: Schema = { type: 'boolean' };
const toggle = (extra: Record<string, Schema> = {}): Schema => ({
  type: 'object',
  required: ['enabled'],
  properties: { enabled: bool, ...extra },
});

/**
 * values.schema.json: Helm validates every install, upgrade, lint and template against it, so a
 * bad override (no limits, 50 replicas, a mistyped strategy) fails before reaching the cluster.
 * Unknown keys stay allowed: subcharts and user additions live next to ours.
 */
export function valuesSchemaJson(ctx: ChartContext): ChartFile {
  const v = ctx.values;
  const replicaCounts = [
    v.replicaCount,
    ...ctx.environments.flatMap((e) =>
      typeof e.overrides.replicaCount === 'number' ? [e.overrides.replicaCount] : [],
    ),
  ];
  const strategies = [
    'rolling',
    ...(ctx.features.canary ? ['canary'] : []),
    ...(ctx.features.blueGreen ? ['blueGreen'] : []),
  ];
  const deps = Object.fromEntries((ctx.intent.spec.dependencies ?? []).map((d) => [d.alias ?? d.name, toggle()]));
  const schema: Schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `${ctx.name} values`,
    type: 'object',
    required: ['image', 'replicaCount', 'resources', 'tier', 'securityContext'],
    properties: {
      tier: { type: 'string', enum: ['development', 'staging', 'production'] },
      image: {
        type: 'object',
        required: ['repository'],
        properties: {
          repository: { type: 'string', minLength: 1 },
          tag: { type: 'string', pattern: '^([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$' },
          digest: { type: 'string', pattern: '^(sha256:[a-f0-9]{64})?$' },
          pullPolicy: { type: 'string', enum: ['IfNotPresent', 'Always', 'Never'] },
        },
      },
      replicaCount: {
        type: 'integer',
        minimum: Math.min(1, ...replicaCounts),
        maximum: Math.max(10, ...replicaCounts),
        description: 'Replicas when autoscaling is off.',
      },
      containerPort: { type: 'integer', minimum: 1, maximum: 65535 },
      resources: {
        type: 'object',
        required: ['requests', 'limits'],
        properties: {
          requests: amounts('Requests (cpu and memory required).'),
          limits: amounts('Limits (cpu and memory required).'),
        },
      },
      autoscaling: {
        ...toggle({
          minReplicas: { type: 'integer', minimum: 1, maximum: 1000 },
          maxReplicas: { type: 'integer', minimum: 1, maximum: 1000 },
          targetCPUUtilizationPercentage: { type: 'integer', minimum: 0, maximum: 100 },
          targetMemoryUtilizationPercentage: { type: 'integer', minimum: 0, maximum: 100 },
        }),
      },
      rollout: {
        type: 'object',
        required: ['strategy'],
        properties: {
          strategy: { type: 'string', enum: strategies },
          maxSurge: intOrPercent,
          maxUnavailable: intOrPercent,
          ...(ctx.features.canary
            ? {
                canary: {
                  type: 'object',
                  required: ['steps'],
                  properties: {
                    steps: {
                      type: 'array',
                      minItems: 1,
                      items: { type: 'object', minProperties: 1, maxProperties: 1 },
                    },
                  },
                },
              }
            : {}),
          ...(ctx.features.analysis
            ? {
                analysis: toggle({
                  successRate: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
                  prometheusAddress: { type: 'string' },
                  failureLimit: { type: 'integer', minimum: 0 },
                }),
              }
            : {}),
        },
      },
      podSecurityContext: { type: 'object' },
      securityContext: {
        type: 'object',
        properties: {
          runAsNonRoot: bool,
          readOnlyRootFilesystem: bool,
          allowPrivilegeEscalation: bool,
          privileged: bool,
        },
      },
      livenessProbe: toggle(),
      readinessProbe: toggle(),
      startupProbe: toggle(),
      service: toggle({
        type: { type: 'string', enum: ['ClusterIP', 'NodePort', 'LoadBalancer'] },
        port: { type: 'integer', minimum: 1, maximum: 65535 },
      }),
      ingress: toggle({ host: { type: 'string' }, path: { type: 'string', pattern: '^/' } }),
      networkPolicy: toggle(),
      config: toggle({ env: { type: 'object', additionalProperties: { type: 'string' } } }),
      secrets: {
        type: 'array',
        description: 'References only: a literal `value` is refused.',
        items: {
          type: 'object',
          required: ['env'],
          properties: { env: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' } },
          not: { required: ['value'] },
          oneOf: [{ required: ['secretRef'] }, { required: ['externalSecret'] }],
        },
      },
      serviceAccount: { type: 'object', properties: { create: bool, automountToken: bool, name: { type: 'string' } } },
      pdb: toggle({
        minAvailable: intOrPercent,
        maxUnavailable: { type: ['integer', 'string'], pattern: '^([0-9]+%?)?$' },
      }),
      metrics: toggle({
        port: { type: 'integer', minimum: 1, maximum: 65535 },
        path: { type: 'string', pattern: '^/' },
      }),
      ...(v.migrations
        ? {
            migrations: toggle({
              hook: {
                type: 'string',
                enum: ['pre-install,pre-upgrade', 'pre-upgrade', 'pre-install', 'post-install,post-upgrade'],
              },
              command: { type: 'array', minItems: 1, items: { type: 'string' } },
              backoffLimit: { type: 'integer', minimum: 0 },
              activeDeadlineSeconds: { type: 'integer', minimum: 1 },
              hookWeight: { type: 'integer', maximum: -1 },
            }),
          }
        : {}),
      tests: { type: 'object', properties: { connection: toggle() } },
      ...deps,
    },
  };
  return { path: 'values.schema.json', content: JSON.stringify(schema, null, 2) + '\n' };
}
