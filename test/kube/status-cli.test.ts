// `helm-intent status` end to end: the built CLI (dist/cli.js, `npm run build` first) against the
// local HTTPS API, with kubeconfig from KUBECONFIG; exit codes like `kubectl rollout status`.
// Also real helm (`helm status/history -o json`) pointed at the same API server.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { releaseViaHelm } from '../../server/kube/release-helm';
import { helmPath, REPO_ROOT } from '../support/tools';
import { FakeKubeApi } from './support/fake-kube-api';
import { until } from './support/waiting';
import { deployment, NS, pausedCanary, pod, RELEASE, releaseSecret, rollout, writeKubeconfig } from './support/objects';
import { tempDir } from '../support/temp';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A running CLI, as the `during` step of a test sees it. */
interface RunningCli {
  /** Resolves once stdout matches `line`; fails at once if the CLI exits first, or after a generous deadline. */
  printed(line: RegExp, what: string): Promise<void>;
}

/** A wait on the CLI's output: a child process on a busy machine, and its reconnect backoff (up to 30 s). */
const OUTPUT_DEADLINE_MS = 60_000;
/** The last resort against a CLI that never exits: beyond every wait and every --timeout below. */
const KILL_AFTER_MS = 180_000;

/** Each run: its own HOME and KUBECACHEDIR. Async spawn: the API server lives in this process. */
function cli(
  args: string[],
  env: Record<string, string> = {},
  during?: (child: RunningCli) => Promise<void>,
): Promise<Run> {
  const home = tempDir('helm-intent-cli-');
  const child = spawn(process.execPath, [CLI, 'status', ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: home, KUBECACHEDIR: path.join(home, 'kubecache'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let closed = false;
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      closed = true;
      resolve(code);
    }),
  );
  const killer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
  const running: RunningCli = {
    printed: (line, what) =>
      until(
        () => {
          if (line.test(stdout)) return true;
          if (closed) throw new Error(`the CLI exited before ${what}:\n${stdout}${stderr}`);
          return false;
        },
        () => `${what}; output so far:\n${stdout}${stderr}`,
        OUTPUT_DEADLINE_MS,
      ),
  };
  return (async () => {
    try {
      if (during) await during(running);
      return { code: await exited, stdout, stderr };
    } finally {
      // A failed step leaves no CLI running behind the test.
      if (!closed) child.kill('SIGKILL');
      await exited;
      clearTimeout(killer);
    }
  })();
}

let api: FakeKubeApi;
let kubeconfig: string;

before(async () => {
  assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first');
  api = new FakeKubeApi();
  await api.start();
  kubeconfig = writeKubeconfig(
    api,
    [
      { name: 'prod', namespace: NS },
      { name: 'stage', namespace: 'staging' },
    ],
    'prod',
  );
});
after(() => api.stop());
beforeEach(() => api.clear());

const paused = () => pausedCanary();
const healthy = () => rollout(RELEASE, { stableHash: 'h2', currentHash: 'h2' });

describe('helm-intent status', () => {
  test('healthy rollout: exit 0, text with release, workloads and status', async () => {
    api.apply(releaseSecret(1, 'superseded'));
    api.apply(releaseSecret(2, 'deployed'));
    api.apply(healthy());
    api.apply(deployment('worker'));
    const r = await cli(['--release', RELEASE, '--watch=false'], { KUBECONFIG: kubeconfig });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /Context   prod \(cluster prod-cluster, namespace shop\)/);
    assert.match(r.stdout, /Release   my-service: revision 2 deployed — chart my-service-0\.1\.2, app v2\.3\.1/);
    assert.match(r.stdout, /Deployment\/worker  deployment "worker" successfully rolled out/);
    assert.match(r.stdout, /steps ✓ setWeight: 20  ✓ pause: 2m/);
    assert.match(r.stdout, /Status    complete/);
  });

  test('canary paused at step 2: exit 3 (not complete), json model with the current step', async () => {
    api.apply(paused());
    const r = await cli(['--release', RELEASE, '--format', 'json', '--watch=false'], { KUBECONFIG: kubeconfig });
    assert.equal(r.code, 3, r.stderr);
    const m = JSON.parse(r.stdout);
    assert.equal(m.overall.phase, 'paused');
    assert.equal(m.workloads[0].rollout.currentStepIndex, 1);
    assert.deepEqual(
      m.workloads[0].rollout.steps.map((s: any) => s.state),
      ['done', 'current', 'pending', 'pending', 'pending'],
    );
  });

  test('progress deadline exceeded: exit 1', async () => {
    api.apply(
      deployment('web', {
        updated: 1,
        conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
      }),
    );
    const r = await cli(['--release', RELEASE, '--watch=false'], { KUBECONFIG: kubeconfig });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /deployment "web" exceeded its progress deadline/);
  });

  test('OOMKilled and CrashLoopBackOff: hints with the log lines', async () => {
    api.apply(deployment('web', { updated: 2, available: 0, ready: 0, replicas: 2 }));
    api.apply(
      pod('web-0', 'web', { ready: false, restarts: 3, lastTerminated: { reason: 'OOMKilled', exitCode: 137 } }),
    );
    api.apply(
      pod('web-1', 'web', {
        waiting: { reason: 'CrashLoopBackOff' },
        restarts: 7,
        lastTerminated: { reason: 'Error', exitCode: 2 },
      }),
    );
    api.logs.set(`${NS}/web-1/app/previous`, 'boot\nError: connect ECONNREFUSED 10.0.0.7:5432');
    const r = await cli(['--release', RELEASE, '--watch=false'], { KUBECONFIG: kubeconfig });
    assert.equal(r.code, 3);
    assert.match(r.stdout, /✗ Container app of Deployment\/web was OOMKilled \(memory limit 512Mi\)/);
    assert.match(r.stdout, /spec\.resources\.profile to medium/);
    assert.match(r.stdout, /    \| Error: connect ECONNREFUSED 10\.0\.0\.7:5432/);
  });

  test('API 403: exit 4 with one forbidden state and the next step', async () => {
    api.deny((_m, p) => p.includes('/deployments'));
    const r = await cli(['--release', RELEASE, '--watch=false'], { KUBECONFIG: kubeconfig });
    assert.equal(r.code, 4);
    assert.match(
      r.stdout,
      /State     forbidden: User "prod-user" may not list deployments in namespace shop \(403 Forbidden\)/,
    );
    assert.match(r.stdout, /Next      Ask for read access/);
    assert.equal(r.stdout.trim().split('\n').length, 3, `one state, not an error per resource:\n${r.stdout}`);
    assert.equal(r.stderr, '');
  });

  test('context switch: --context stage reads the staging namespace', async () => {
    api.apply(deployment('web', {}, 'shop'));
    api.apply(deployment('web', { updated: 0 }, 'staging'));
    const prod = await cli(['--release', RELEASE, '--watch=false'], { KUBECONFIG: kubeconfig });
    assert.equal(prod.code, 0);
    const stage = await cli(['--release', RELEASE, '--context', 'stage', '--no-watch'], { KUBECONFIG: kubeconfig });
    assert.equal(stage.code, 3);
    assert.match(stage.stdout, /Context   stage \(cluster stage-cluster, namespace staging\)/);
    assert.match(stage.stdout, /0 out of 3 new replicas have been updated/);
  });

  test('watches by default (like kubectl rollout status): waits while paused, exits 0 once the canary completes', async () => {
    api.apply(paused());
    const r = await cli(['--release', RELEASE, '--timeout', '2m'], { KUBECONFIG: kubeconfig }, async (child) => {
      await child.printed(/Rollout\/my-service: Paused - CanaryPauseStep/, 'the paused line');
      api.apply(
        rollout(RELEASE, {
          stepIndex: 3,
          stableHash: 'h1',
          currentHash: 'h2',
          phase: 'Progressing',
          message: 'more replicas need to be updated',
          updated: 3,
        }),
      );
      await child.printed(/Progressing - more replicas/, 'the progressing line');
      api.apply(healthy());
    });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /Rollout\/my-service: Healthy/);
    assert.match(r.stdout, /Status    complete/);
  });

  test('--timeout alone while progressing: watches, then exit 3, timed out', async () => {
    api.apply(deployment('web', { updated: 1 }));
    const started = Date.now();
    // 10s: ample for the first answer on a loaded machine (else the CLI says it timed out before the cluster answered).
    const r = await cli(['--release', RELEASE, '--timeout', '10s'], { KUBECONFIG: kubeconfig }, (child) =>
      child.printed(/1 out of 3 new replicas/, 'the progress line of the watch'),
    );
    assert.equal(r.code, 3, r.stderr);
    // Only the --timeout timer prints this and ends the watch (a CLI that ignored it would be killed: code null).
    assert.match(r.stderr, /timed out after 10s waiting for the rollout \(progressing/);
    assert.ok(Date.now() - started >= 10_000, 'watched until the timeout, not less');
  });

  test('--watch: connection lost then restored, the change made after is seen', async () => {
    api.apply(deployment('web', { updated: 1 }));
    const r = await cli(
      ['--release', RELEASE, '--watch', '--timeout', '2m'],
      { KUBECONFIG: kubeconfig },
      async (child) => {
        await child.printed(/1 out of 3 new replicas/, 'the first progress line');
        await until(() => api.openWatches >= 8, 'watches open');
        await api.stop();
        await child.printed(/unreachable: /, 'the unreachable line');
        await api.restart();
        await child.printed(/connected to prod/, 'reconnected');
        api.apply(deployment('web'));
      },
    );
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /Deployment\/web: deployment "web" successfully rolled out/);
  });

  test('bad arguments: exit 2 with usage', async () => {
    const r = await cli(['--format', 'xml'], { KUBECONFIG: kubeconfig });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--format must be text or json/);
    const t = await cli(['--timeout', '5m', '--watch=false'], { KUBECONFIG: kubeconfig });
    assert.equal(t.code, 2);
    assert.match(t.stderr, /--timeout limits the watch/);
    const w = await cli(['--watch=maybe'], { KUBECONFIG: kubeconfig });
    assert.equal(w.code, 2);
    assert.match(w.stderr, /--watch takes true or false, not 'maybe'/);
  });
});

describe('release through real helm', () => {
  test('helm status/history -o json against the same API server (KUBECONFIG, https + token)', async () => {
    api.apply(releaseSecret(1, 'superseded'));
    api.apply(
      releaseSecret(2, 'failed', {
        description: 'Upgrade "my-service" failed: timed out waiting for the condition',
        chartVersion: '0.2.0',
      }),
    );
    const home = tempDir('helm-intent-helm-');
    const env = { KUBECONFIG: kubeconfig, KUBECACHEDIR: path.join(home, 'kubecache'), HOME: home };
    const { status } = await releaseViaHelm({ release: RELEASE, namespace: NS }, { helmPath: helmPath(), env });
    assert.equal(status.source, 'helm');
    assert.equal(status.found, true, status.error);
    assert.deepEqual(status.current, {
      revision: 2,
      status: 'failed',
      chartName: 'my-service',
      chartVersion: '0.2.0',
      appVersion: 'v2.3.1',
      description: 'Upgrade "my-service" failed: timed out waiting for the condition',
      updated: '2024-05-01T11:00:00Z',
    });
    assert.deepEqual(
      status.history.map((h) => h.revision),
      [2, 1],
    );
    assert.ok(
      api.requests.some(
        (r) => r.path === `/api/v1/namespaces/${NS}/secrets` && r.query.labelSelector === 'name=my-service,owner=helm',
      ),
    );
    const missing = await releaseViaHelm({ release: 'nope', namespace: NS }, { helmPath: helmPath(), env });
    assert.equal(missing.status.found, false);
    assert.equal(missing.status.error, undefined);
  });

  test('helm-intent status --helm: the CLI reads the release with helm; a failed release exits 1', async () => {
    api.apply(releaseSecret(3, 'failed', { description: 'Upgrade failed' }));
    api.apply(deployment('web'));
    const r = await cli(['--release', RELEASE, '--helm'], { KUBECONFIG: kubeconfig, HELM_INTENT_HELM: helmPath() });
    assert.equal(r.code, 1, r.stderr + r.stdout);
    assert.match(r.stdout, /Release   my-service: revision 3 failed — chart my-service-0\.1\.3/);
    assert.match(r.stdout, /Status    degraded: Release my-service revision 3 failed: Upgrade failed/);
  });
});
