/**
 * Last log lines of crash-looping containers (pods/log of the previous run), fetched once per
 * restart: the model is rebuilt on every pod change, the log is not re-read each time.
 */
import type { KubeClient } from './kube-client';

export class PodLogTails {
  /** "pod/container" → lines. */
  readonly tails = new Map<string, string[]>();
  private readonly fetched = new Map<string, number>();
  private inFlight = 0;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly client: KubeClient,
    private readonly namespace: string,
    private readonly lines = 20,
    /** At most this many log requests at once (a crash-looping fleet must not flood the API). */
    private readonly maxConcurrent = 3,
  ) {}

  /** Starts fetches for crash-looping containers not fetched at this restart count; calls onUpdate when one arrives. */
  refresh(pods: Iterable<any>, onUpdate: () => void): void {
    const live = new Set<string>();
    for (const pod of pods) {
      const name = pod?.metadata?.name;
      for (const c of pod?.status?.containerStatuses ?? []) {
        if (c?.state?.waiting?.reason !== 'CrashLoopBackOff') continue;
        const key = `${name}/${c.name}`;
        live.add(key);
        const restarts = typeof c.restartCount === 'number' ? c.restartCount : 0;
        if (this.fetched.get(key) === restarts || this.inFlight >= this.maxConcurrent) continue;
        this.fetched.set(key, restarts);
        this.inFlight++;
        const p: Promise<void> = this.fetch(name, c.name)
          .then((lines) => {
            if (lines) {
              this.tails.set(key, lines);
              onUpdate();
            }
          })
          .finally(() => {
            this.inFlight--;
            this.pending.delete(p);
          });
        this.pending.add(p);
      }
    }
    for (const key of [...this.tails.keys()]) if (!live.has(key)) this.tails.delete(key);
  }

  /** Resolves when every log request started so far has finished. */
  async settled(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  private async fetch(pod: string, container: string): Promise<string[] | undefined> {
    const path = `/api/v1/namespaces/${encodeURIComponent(this.namespace)}/pods/${encodeURIComponent(pod)}/log`;
    for (const previous of [true, false]) {
      try {
        const text: string = await this.client.get(path, {
          query: { container, previous: previous || undefined, tailLines: this.lines },
          text: true,
          describe: `get logs of pod ${pod}`,
          timeoutMs: 10_000,
        });
        return text
          .split('\n')
          .filter((l, i, all) => l !== '' || i < all.length - 1)
          .slice(-this.lines);
      } catch {
        /* no previous run yet: try the current one */
      }
    }
    return undefined;
  }
}
