// Every bundled example compiles to a chart that passes `helm lint --strict` and `helm template`
// for values.yaml and each values-<env>.yaml, with the invariants every generated chart keeps.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { compileChart } from '../../server/compiler/index';
import { defaultPlatformConfig, labelDomainFor } from '../../server/model/platform-config';
import { REPO_ROOT } from '../support/tools';
import {
  compileToDir,
  exampleIntentFiles,
  lint,
  readIntent,
  render,
  workload,
  type CompiledChart,
} from './chart-harness';

const config = defaultPlatformConfig();
const examples = exampleIntentFiles();

test('the bundled examples are all found', () => {
  const names = examples.map((f) => path.relative(REPO_ROOT, f));
  for (const expected of [
    'examples/reference/intent/my-service.yaml',
    'examples/ai-agent/ai-agent.intent.yaml',
    'examples/service-intent/user-auth.intent.yaml',
    'examples/minimal/hello.intent.yaml',
  ]) {
    assert.ok(names.includes(expected), `${expected} missing from ${names.join(', ')}`);
  }
});

for (const file of examples) {
  describe(path.relative(REPO_ROOT, file), () => {
    const intent = readIntent(file);
    const chart: CompiledChart = compileToDir(intent);
    after(() => chart.cleanup());
    const domain = labelDomainFor(config, intent.apiVersion);
    const mandatory = config.mandatoryLabels.map((l) => l.replace('{domain}', domain));

    test('compiles deterministically (byte-identical twice, sorted paths)', () => {
      const again = compileChart(readIntent(file), defaultPlatformConfig());
      assert.deepEqual(again, chart.files);
      const paths = chart.files.map((f) => f.path);
      assert.deepEqual(paths, [...paths].sort());
    });

    for (const env of [undefined, ...chart.envs]) {
      const label = env ? `values-${env}.yaml` : 'values.yaml';
      test(`helm lint --strict passes with ${label}`, async () => {
        const result = await lint(chart, env);
        assert.ok(result.ok, `lint failed: ${result.error}\n${result.result.stdout}`);
        assert.deepEqual(
          result.messages.filter((m) => m.severity !== 'INFO'),
          [],
        );
      });

      test(`helm template with ${label}: labels, no namespace, secure pods`, async () => {
        const objects = await render(chart, env);
        assert.ok(objects.length >= 3, `only ${objects.length} objects rendered`);
        for (const o of objects) {
          const where = `${o.kind}/${o.metadata.name}`;
          assert.equal(o.metadata.namespace, undefined, `${where} hard-codes a namespace`);
          for (const l of mandatory) assert.ok(o.metadata.labels?.[l], `${where} lacks label ${l}`);
        }
        const w = workload(objects);
        const pod = w.spec.template.spec;
        for (const l of mandatory) assert.ok(w.spec.template.metadata.labels[l], `pod template lacks label ${l}`);
        assert.equal(pod.securityContext.runAsNonRoot, true);
        assert.equal(pod.securityContext.seccompProfile.type, 'RuntimeDefault');
        assert.equal(pod.automountServiceAccountToken, false);
        for (const c of pod.containers) {
          assert.equal(c.securityContext.runAsNonRoot, true);
          assert.equal(c.securityContext.readOnlyRootFilesystem, true);
          assert.equal(c.securityContext.allowPrivilegeEscalation, false);
          assert.deepEqual(c.securityContext.capabilities.drop, ['ALL']);
          assert.ok(
            c.resources.requests.cpu &&
              c.resources.requests.memory &&
              c.resources.limits.cpu &&
              c.resources.limits.memory,
            'requests and limits',
          );
          assert.ok(c.livenessProbe && c.readinessProbe, 'liveness and readiness probes');
          assert.ok(
            c.volumeMounts.some((m: { mountPath: string }) => m.mountPath === '/tmp'),
            'writable /tmp',
          );
          assert.ok(!c.image.endsWith(':latest') && !c.image.endsWith(':'), `pinned image, got ${c.image}`);
        }
        assert.match(w.spec.template.metadata.annotations['checksum/config'], /^[a-f0-9]{64}$/);
        assert.match(w.spec.template.metadata.annotations['checksum/secret'], /^[a-f0-9]{64}$/);
        assert.ok(!objects.some((o) => o.kind === 'Secret'), 'the chart never renders a Secret (references only)');
      });
    }
  });
}
