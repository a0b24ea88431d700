// Mutate before validate: what the mutation pass costs on 1,000 Pods, next to the validation of
// the same objects in the same process, and what the hook costs a validate-only policy set.
// Usage: node --import tsx bench/mutate-bench.ts [objects=1000] [runs=20]
import { evaluatePolicies } from '../server/policy/engine/engine';
import { loadPolicies } from '../server/policy/loader/load-policies';
import { mutateResources } from '../server/policy/mutate/mutate-resources';
import type { Resource } from '../server/policy/types';

const objects = Number(process.argv[2] ?? 1000);
const runs = Number(process.argv[3] ?? 20);

/** A ClusterPolicy called `name` with `rules` (YAML list items, indented for spec.rules). */
const clusterPolicy = (name: string, rules: string) =>
  loadPolicies(
    `apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: ${name}}\nspec:\n  rules:\n${rules}`,
    `${name}.yaml`,
  ).policies;

const MUTATE = clusterPolicy(
  'defaults',
  `    - name: pull-policy
      match: {any: [{resources: {kinds: [Pod]}}]}
      mutate:
        patchStrategicMerge:
          spec:
            containers:
              - (name): "*"
                +(imagePullPolicy): IfNotPresent
    - name: drop-all
      match: {any: [{resources: {kinds: [Pod]}}]}
      mutate:
        foreach:
          - list: request.object.spec.containers
            patchStrategicMerge:
              spec:
                containers:
                  - name: "{{ element.name }}"
                    securityContext: {capabilities: {drop: [ALL]}}
`,
);
const VALIDATE = clusterPolicy(
  'checks',
  `    - name: pull-policy
      match: {any: [{resources: {kinds: [Pod]}}]}
      validate:
        pattern: {spec: {containers: [{imagePullPolicy: "IfNotPresent | Always"}]}}
    - name: psa
      match: {any: [{resources: {kinds: [Pod]}}]}
      validate: {podSecurity: {level: restricted, version: latest}}
`,
);

const pods: Resource[] = Array.from({ length: objects }, (_, i) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: `pod-${i}`, labels: { app: `a${i % 10}` } },
  spec: {
    containers: [
      { name: 'app', image: `registry.example.com/app:${i}` },
      { name: 'sidecar', image: 'envoy:1.30', imagePullPolicy: 'Always' },
    ],
  },
}));

function median(fn: () => void): number {
  for (let i = 0; i < 3; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

const mutateMs = median(() => mutateResources(MUTATE, pods));
const validateMs = median(() => evaluatePolicies(VALIDATE, pods, { mutate: false }));
const bothMs = median(() => evaluatePolicies([...MUTATE, ...VALIDATE], pods));
const hookMs = median(() => evaluatePolicies(VALIDATE, pods));
console.log(`${objects} Pods, ${runs} runs (medians)`);
console.log(`mutation pass (2 mutate rules, one foreach): ${mutateMs.toFixed(1)} ms`);
console.log(`validation only (pattern + podSecurity restricted): ${validateMs.toFixed(1)} ms`);
console.log(`mutate then validate: ${bothMs.toFixed(1)} ms (${(bothMs / validateMs).toFixed(2)}x validation alone)`);
console.log(
  `validate-only policies through the mutation hook: ${hookMs.toFixed(1)} ms (${(hookMs / validateMs).toFixed(2)}x without the hook)`,
);
