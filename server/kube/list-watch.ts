/**
 * List + watch of one resource in one namespace, as client-go's reflector does it: list (paged),
 * then watch from the list's resourceVersion; when the stream ends, watch again from the last
 * resourceVersion seen (events or bookmarks); "410 Gone" (the version was compacted) means list
 * again; failures back off exponentially with jitter, up to a cap, and never stop the loop until
 * stop(). The objects live in a Map by name that the status model reads.
 */
import { KubeApiError, type KubeClient, type WatchHandle } from './kube-client';

export interface ResourceDef {
  /** Path of the namespaced collection, e.g. /apis/apps/v1/namespaces/shop/deployments. */
  path: string;
  /** kubectl-style description for errors: "list pods in namespace shop". */
  describe: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 800, maxMs: 30_000 };

export interface ListWatchState {
  connected: boolean;
  attempt: number;
  retryInMs?: number;
  error?: KubeApiError;
}

export interface ListWatchCallbacks {
  /** The map changed (after a list or an event). */
  onChange(): void;
  /** Connection state changed (connected, or failing with an error and a retry planned). */
  onState(state: ListWatchState): void;
  /** A watch reconnected (resume) or relisted (after 410 or a failure). */
  onReconnect?(kind: 'resume' | 'relist'): void;
}

/** Page size of lists: big namespaces come in several requests, as kubectl does. */
const PAGE = 500;
/** A watch stream that ends sooner than this without events counts as a failure (no hot loop). */
const MIN_HEALTHY_WATCH_MS = 1000;

export class ListWatch {
  readonly objects = new Map<string, any>();
  private resourceVersion = '';
  private handle?: WatchHandle;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private attempt = 0;
  private hadConnection = false;

  constructor(
    private readonly client: KubeClient,
    private readonly def: ResourceDef,
    private readonly callbacks: ListWatchCallbacks,
    private readonly backoff: BackoffOptions = DEFAULT_BACKOFF,
  ) {}

  /**
   * Lists once and starts watching (unless `watch` is false: a one-shot list, no retries).
   * Rejects with the list's KubeApiError; when watching, the loop keeps retrying in the background.
   */
  async start(watch = true): Promise<void> {
    try {
      await this.list();
    } catch (e) {
      const err = asApiError(e);
      if (watch) this.fail(err, 'relist');
      else this.callbacks.onState({ connected: false, attempt: 1, error: err });
      throw err;
    }
    this.connected();
    if (watch) void this.watch();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.handle?.abort();
    this.handle = undefined;
  }

  private async list(): Promise<void> {
    const items: any[] = [];
    let cont: string | undefined;
    let rv = '';
    do {
      const page: any = await this.client.get(this.def.path, {
        query: {
          labelSelector: this.def.labelSelector,
          fieldSelector: this.def.fieldSelector,
          limit: PAGE,
          continue: cont,
        },
        describe: this.def.describe,
      });
      if (this.stopped) return;
      items.push(...(Array.isArray(page?.items) ? page.items : []));
      cont = page?.metadata?.continue || undefined;
      rv = String(page?.metadata?.resourceVersion ?? '');
    } while (cont);
    this.objects.clear();
    for (const o of items) if (o?.metadata?.name) this.objects.set(o.metadata.name, o);
    this.resourceVersion = rv;
    this.callbacks.onChange();
  }

  private async watch(): Promise<void> {
    if (this.stopped) return;
    const started = Date.now();
    let sawEvent = false;
    let gone = false;
    try {
      this.handle = await this.client.watch(
        this.def.path,
        {
          labelSelector: this.def.labelSelector,
          fieldSelector: this.def.fieldSelector,
          resourceVersion: this.resourceVersion || undefined,
          allowWatchBookmarks: true,
          // The server ends the stream after this; it is then resumed (as client-go's 5–10 min).
          timeoutSeconds: 300 + Math.floor(Math.random() * 300),
        },
        (event) => {
          if (this.stopped) return;
          const o = event.object;
          if (event.type === 'ERROR') {
            if (o?.code === 410) gone = true;
            return;
          }
          const rv = o?.metadata?.resourceVersion;
          if (rv) this.resourceVersion = String(rv);
          sawEvent = true;
          if (event.type === 'BOOKMARK') return;
          const name = o?.metadata?.name;
          if (!name) return;
          if (event.type === 'DELETED') this.objects.delete(name);
          else this.objects.set(name, o);
          this.callbacks.onChange();
        },
        (err) => {
          this.handle = undefined;
          if (this.stopped) return;
          if (gone || err?.status === 410) return void this.relistSoon(0);
          if (err) return this.fail(err, 'resume');
          if (!sawEvent && Date.now() - started < MIN_HEALTHY_WATCH_MS) {
            return this.fail(
              new KubeApiError(`${this.def.describe}: the watch ended at once`, 0, 'WatchClosed', this.def.describe),
              'resume',
            );
          }
          // A normal end (server timeout, or the connection dropped): resume from the last version.
          this.callbacks.onReconnect?.('resume');
          void this.watch();
        },
        `watch ${this.def.describe.replace(/^list /, '')}`,
      );
      if (this.stopped) this.handle?.abort();
    } catch (e) {
      this.fail(asApiError(e), 'resume');
    }
  }

  /** Marks the failure and schedules the next try: resume the watch, or list again. */
  private fail(error: KubeApiError, next: 'resume' | 'relist'): void {
    if (this.stopped) return;
    this.attempt++;
    const base = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** (this.attempt - 1));
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.callbacks.onState({ connected: false, attempt: this.attempt, retryInMs: delay, error });
    if (next === 'relist' || !this.resourceVersion) this.relistSoon(delay);
    else this.timer = setTimeout(() => void this.resume(), delay);
  }

  /** Reconnects the watch from the last version; a refused connection counts as another failure. */
  private async resume(): Promise<void> {
    this.timer = undefined;
    if (this.stopped) return;
    // A cheap probe first, so "still down" is a clear failure, not a watch that ends at once.
    try {
      await this.client.get(this.def.path, {
        query: { labelSelector: this.def.labelSelector, fieldSelector: this.def.fieldSelector, limit: 1 },
        describe: this.def.describe,
        timeoutMs: 10_000,
      });
    } catch (e) {
      const err = asApiError(e);
      if (err.status === 410) return this.relistSoon(0);
      return this.fail(err, 'resume');
    }
    this.callbacks.onReconnect?.('resume');
    this.connected();
    void this.watch();
  }

  private relistSoon(delay: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(async () => {
      this.timer = undefined;
      if (this.stopped) return;
      try {
        await this.list();
      } catch (e) {
        return this.fail(asApiError(e), 'relist');
      }
      this.callbacks.onReconnect?.('relist');
      this.connected();
      void this.watch();
    }, delay);
  }

  private connected(): void {
    const was = this.hadConnection && this.attempt === 0;
    this.attempt = 0;
    this.hadConnection = true;
    if (!was) this.callbacks.onState({ connected: true, attempt: 0 });
  }
}

export function asApiError(e: unknown): KubeApiError {
  return e instanceof KubeApiError ? e : new KubeApiError(String((e as Error)?.message ?? e), 0);
}
