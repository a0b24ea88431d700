/**
 * Status model benchmark (issue 5 target: a status model update for 500 pods ≤ 20 ms).
 *
 * 1. Model update: a release with a canary Rollout (400 pods), a Deployment (100 pods), a
 *    StatefulSet, an HPA, 300 Warning events and 10 release revisions; one pod changes (a watch
 *    event), the whole model is rebuilt and serialized for the change check — what the
 *    StatusWatcher does per coalesced update.
 * 2. End to end: the same objects on the local HTTPS API (test/kube/support), a pod changes there,
 *    time until the StatusWatcher emits the model with the change (coalescing window 0).
 *
 *   node --import tsx bench/status-bench.ts [--runs 100]
 */
import { mkdtempSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { buildStatusModel, emptyObjectMaps, type ObjectMaps } from '../server/kube/status-model';
import { StatusWatcher } from '../server/kube/status-watcher';
import type { StatusModel } from '../server/protocol/status-protocol';
import { FakeKubeApi } from '../test/kube/support/fake-kube-api';
import {
  NS,
  pausedCanary,
  pod,
  RELEASE,
  releaseWithWorkloads,
  warningEvent,
  writeKubeconfig,
} from '../test/kube/support/objects';
import { summarize, type Summary } from './lib/stats';

const PODS = 500;

function objects(): any[] {
  const rolloutPods = Array.from({ length: 400 }, (_, i) =>
    pod(`${RELEASE}-${i < 80 ? 'h2' : 'h1'}-${i}`, RELEASE, {
      hash: i < 80 ? 'h2' : 'h1',
      ...(i % 50 === 7 ? { restarts: 3, lastTerminated: { reason: 'OOMKilled', exitCode: 137 } } : {}),
    }),
  );
  const out = releaseWithWorkloads({
    revisions: 10,
    rollout: pausedCanary({ replicas: 400, updated: 80, available: 400 }),
    rolloutPods,
    workers: PODS - 400,
  });
  for (let i = 0; i < 300; i++)
    out.push(
      warningEvent(
        'Pod',
        `${RELEASE}-h2-${i % 80}`,
        'BackOff',
        `Back-off restarting failed container (${i})`,
        `2024-05-01T10:${String(i % 60).padStart(2, '0')}:00Z`,
      ),
    );
  return out;
}

function maps(list: any[]): ObjectMaps {
  const m = emptyObjectMaps();
  const key: Record<string, keyof ObjectMaps> = {
    Rollout: 'rollouts',
    Deployment: 'deployments',
    StatefulSet: 'statefulsets',
    HorizontalPodAutoscaler: 'hpas',
    Pod: 'pods',
    Event: 'events',
    Secret: 'secrets',
  };
  for (const o of list) m[key[o.kind]].set(o.metadata.name, o);
  return m;
}

function modelUpdate(runs: number): { summary: Summary; cpu: Summary; pods: number; bytes: number } {
  const m = maps(objects());
  const cluster = { state: 'ok' as const, namespace: NS, contexts: [], kubeconfigFiles: [] };
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  let model: StatusModel | undefined;
  let bytes = 0;
  for (let i = -30; i < runs; i++) {
    // One watch event: a pod's restart count changes.
    const name = `${RELEASE}-h1-${100 + (Math.abs(i) % 300)}`;
    const p = structuredClone(m.pods.get(name));
    p.status.containerStatuses[0].restartCount += 1;
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    m.pods.set(name, p);
    model = buildStatusModel({ cluster, namespace: NS, releaseName: RELEASE, objects: m });
    const json = JSON.stringify({ ...model, generatedAt: '' });
    const ms = performance.now() - start;
    const cpu = process.cpuUsage(cpuStart);
    bytes = json.length;
    if (i >= 0) {
      samples.push(ms);
      cpuSamples.push((cpu.user + cpu.system) / 1000);
    }
  }
  return { summary: summarize(samples), cpu: summarize(cpuSamples), pods: model!.pods.length, bytes };
}

async function endToEnd(runs: number): Promise<Summary> {
  const api = new FakeKubeApi();
  await api.start();
  for (const o of objects()) api.apply(o);
  const home = mkdtempSync(path.join(tmpdir(), 'helm-intent-bench-'));
  const kubeconfig = writeKubeconfig(api, [{ name: 'bench', namespace: NS }]);
  const watcher = new StatusWatcher({
    kubeconfig,
    release: RELEASE,
    coalesceMs: 0,
    env: { ...process.env, HOME: home, KUBECACHEDIR: path.join(home, 'cache') },
  });
  try {
    await watcher.start();
    while (api.openWatches < 9) await new Promise((r) => setTimeout(r, 20));
    const samples: number[] = [];
    for (let i = -3; i < runs; i++) {
      const name = `worker-${Math.abs(i) % 100}`;
      const restarts = 100 + i + 3;
      const seen = new Promise<void>((resolve) => {
        const off = watcher.onModel((m) => {
          if (m.pods.find((p) => p.name === name)?.restarts === restarts) {
            off();
            resolve();
          }
        });
      });
      const start = performance.now();
      api.apply(pod(name, 'worker', { restarts }));
      await seen;
      if (i >= 0) samples.push(performance.now() - start);
    }
    return summarize(samples);
  } finally {
    watcher.stop();
    await api.stop();
  }
}

const fmt = (s: Summary) =>
  `median ${s.median.toFixed(2)} ms  p95 ${s.p95.toFixed(2)} ms  (min ${s.min.toFixed(2)}, max ${s.max.toFixed(2)}, n=${s.n})`;

async function main(): Promise<void> {
  const runsArg = process.argv.indexOf('--runs');
  const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 100;
  const update = modelUpdate(runs);
  console.log(
    `status model: ${update.pods} pods, 3 workloads, HPA, 300 events, 10 revisions (model ${(update.bytes / 1024).toFixed(0)} KiB as JSON)`,
  );
  console.log(
    `  update after one pod event (rebuild + serialize): ${fmt(update.summary)}  target ≤ 20 ms: ${update.summary.median <= 20 ? 'met' : 'MISSED'}`,
  );
  // CPU time is what the update costs; wall time also counts waiting for a busy machine's cores.
  console.log(
    `  same, CPU time of this process:                   ${fmt(update.cpu)}  (load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)`,
  );
  const e2e = await endToEnd(Math.min(runs, 30));
  console.log(`  end to end over HTTPS watch (API change → model emitted): ${fmt(e2e)}`);
  if (update.summary.median > 20) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
