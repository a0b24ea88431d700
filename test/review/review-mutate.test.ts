// The chart review mutates before it validates, as admission does: a mutate policy that sets
// runAsNonRoot clears the seed policy's finding and is reported as an info finding naming the change.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultPlatformConfig } from '../../server/model/platform-config';
import { seedPolicy } from '../../server/policy/baseline/pack';
import { loadPolicies } from '../../server/policy/loader/load-policies';
import { reviewChart } from '../../server/review/pipeline';
import { REFERENCE_INTENT, replaceOnce, ROOT } from '../support/fixtures';
import { helmPath } from '../support/tools';

let ws: string;
let chart: string;

before(() => {
  ws = mkdtempSync(path.join(tmpdir(), 'hi-mutate-'));
  mkdirSync(path.join(ws, 'intent'));
  writeFileSync(
    path.join(ws, 'intent', 'my-service.yaml'),
    replaceOnce(REFERENCE_INTENT, '  name: my-service\n', '  name: my-service\n  namespace: production\n'),
  );
  execFileSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'generate', 'intent/my-service.yaml', '--yes'], {
    cwd: ws,
  });
  chart = path.join(ws, 'charts', 'my-service');
  const values = path.join(chart, 'values.yaml');
  writeFileSync(
    values,
    readFileSync(values, 'utf8').replace(/(\nsecurityContext:\n(?:  .*\n)*?  runAsNonRoot: )true/, '$1false'),
  );
});
after(() => rmSync(ws, { recursive: true, force: true }));

const MUTATE = `
apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: force-non-root}
spec:
  rules:
    - name: set-run-as-non-root
      match: {any: [{resources: {kinds: [Deployment]}}]}
      mutate:
        patchStrategicMerge:
          spec:
            template:
              spec:
                containers:
                  - (name): "*"
                    securityContext:
                      runAsNonRoot: true
`;

test(
  'validation sees the mutated objects; the mutation is reported with what it changed',
  { timeout: 120_000 },
  async () => {
    // The seed policy is the organisation's (policiesDir), not in the default pack: passed like one.
    const base = { helmPath: helmPath(), config: defaultPlatformConfig(), policies: [seedPolicy()] };
    const before = await reviewChart(chart, base);
    assert.ok(
      before.findings.some((f) => f.code === 'helm-baseline/require-security-context'),
      'runAsNonRoot: false is found without the mutation',
    );

    const policies = loadPolicies(MUTATE, 'mutate.yaml');
    assert.deepEqual(policies.errors, []);
    const r = await reviewChart(chart, { ...base, policies: [seedPolicy(), ...policies.policies] });
    assert.equal(
      r.findings.filter((f) => f.code === 'helm-baseline/require-security-context').length,
      0,
      'the patched object passes',
    );
    const info = r.findings.find((f) => f.code === 'force-non-root/set-run-as-non-root');
    assert.ok(info, JSON.stringify(r.findings.map((f) => f.code)));
    assert.equal(info.severity, 'info');
    assert.match(
      info.message,
      /mutated before validation \(Rollout\/my-service\): spec\.template\.spec\.containers\[0\]\.securityContext\.runAsNonRoot/,
    );
  },
);
