/**
 * StatusWatcher: reads the kubeconfig, discovers what the cluster serves, lists and watches the
 * release's resources in one namespace, and emits the whole status model on change (coalesced:
 * a burst of pod events is one model). The cluster is always in exactly one state; failures
 * retry with backoff in the background and show as that state, never as a stream of errors.
 * stop() ends every watch and timer.
 */
import type { ResourceProfile } from '../model/platform-config';
import type {
  ApiAvailability,
  ClusterConnectionState,
  ClusterInfo,
  StatusModel,
  WatchState,
} from '../protocol/status-protocol';
import type { HelmRunOptions } from '../tools/helm';
import { Discovery } from './discovery';
import { ARGO_APPLICATION_API, FLUX_HELMRELEASE_API, GITOPS_CONTROLLER_NAMESPACES } from './gitops-status';
import { describeRequest, KubeApiError, KubeClient } from './kube-client';
import { loadKubeConfig, type KubeConfigOptions } from './kubeconfig';
import {
  asApiError,
  DEFAULT_BACKOFF,
  ListWatch,
  type BackoffOptions,
  type ListWatchState,
  type ResourceDef,
} from './list-watch';
import { PodLogTails } from './pod-logs';
import { releaseViaHelm } from './release-helm';
import { buildStatusModel, emptyObjectMaps, unavailableModel, type ObjectMaps, type ResourceKey } from './status-model';

export interface StatusWatcherOptions extends KubeConfigOptions {
  /** Helm release name; without it every workload of the namespace is shown. */
  release?: string;
  /** apiVersion/kinds to check with discovery (e.g. the chart's rendered kinds). */
  apis?: Array<{ apiVersion: string; kind: string }>;
  /** Read the release through `helm status/history` instead of the Secrets. */
  helm?: HelmRunOptions;
  /** Coalescing window for model updates (default 50 ms). */
  coalesceMs?: number;
  backoff?: BackoffOptions;
  /** Keep retrying when the cluster cannot be reached at start (default true; the CLI without --watch turns it off). */
  retry?: boolean;
  logLines?: number;
  profiles?: Record<string, ResourceProfile>;
  /** Where to look for Flux HelmReleases / Argo CD Applications besides the release's namespace (default flux-system / argocd). */
  gitopsNamespaces?: { flux: string; argocd: string };
}

type Listener = (model: StatusModel) => void;

interface Loop {
  key: ResourceKey;
  lw: ListWatch;
  /** Essential resources decide the cluster state; optional ones (events, secrets, HPAs, analysis runs) degrade quietly. */
  essential: boolean;
  state: ListWatchState;
  listed: boolean;
  /** Optional resource we may not read: stopped, with this note. */
  denied?: string;
}

export class StatusWatcher {
  private listeners = new Set<Listener>();
  private loops: Loop[] = [];
  private stopped = false;
  private timer?: NodeJS.Timeout;
  private retryTimer?: NodeJS.Timeout;
  private lastJson = '';
  private current?: StatusModel;
  private cluster?: ClusterInfo;
  private client?: KubeClient;
  private apis?: ApiAvailability[];
  private logs?: PodLogTails;
  private helmRelease?: Awaited<ReturnType<typeof releaseViaHelm>>;
  private helmRefresh?: Promise<void>;
  private counters = { reconnects: 0, relists: 0 };
  private startAttempt = 0;
  /** While connect() lists, changes are not published: the first model is the complete one. */
  private connecting = false;

  constructor(private readonly options: StatusWatcherOptions = {}) {}

  /** The last model emitted (undefined before start() resolves). */
  get model(): StatusModel | undefined {
    return this.current;
  }

  onModel(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Connects and resolves with the first model (possibly an unavailable one, which then keeps retrying). */
  async start(): Promise<StatusModel> {
    const loaded = await loadKubeConfig(this.options);
    this.cluster = loaded.info;
    if (loaded.info.state !== 'ok' || !loaded.kc)
      return this.publish(unavailableModel(loaded.info, this.options.release));
    try {
      this.client = new KubeClient(loaded.kc);
    } catch (e) {
      return this.publish(
        unavailableModel(
          { ...loaded.info, state: 'config-error', message: (e as Error).message, nextStep: 'Fix the kubeconfig.' },
          this.options.release,
        ),
      );
    }
    return this.connect();
  }

  /** Waits for pending log fetches and pushes the model they complete (a snapshot shows crash logs). */
  async settle(): Promise<StatusModel | undefined> {
    await this.logs?.settled();
    await this.helmRefresh;
    if (this.stopped || !this.client || !this.current || this.current.overall.phase === 'unavailable')
      return this.current;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    return this.emitNow(false);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.timer = this.retryTimer = undefined;
    for (const l of this.loops) l.lw.stop();
    this.listeners.clear();
  }

  private get namespace(): string {
    return this.cluster?.namespace ?? 'default';
  }

  /** Discovery, then every list+watch; on failure the state model, and a retry later. */
  private async connect(): Promise<StatusModel> {
    this.connecting = true;
    try {
      return await this.connectOnce();
    } finally {
      this.connecting = false;
    }
  }

  private async connectOnce(): Promise<StatusModel> {
    const client = this.client!;
    const ns = this.namespace;
    const discovery = new Discovery(client);
    let served: { apps: boolean; rollouts: boolean; hpa?: string; helmReleases: boolean; applications: boolean };
    try {
      const [apps, argo, hpa2, hpa1, flux] = await Promise.all([
        discovery.resources('apps/v1'),
        discovery.resources(ARGO_APPLICATION_API),
        discovery.resources('autoscaling/v2'),
        discovery.resources('autoscaling/v1'),
        this.options.release ? discovery.resources(FLUX_HELMRELEASE_API) : undefined,
      ]);
      served = {
        apps: !!apps,
        rollouts: !!argo?.some((r) => r.kind === 'Rollout'),
        hpa: hpa2?.some((r) => r.kind === 'HorizontalPodAutoscaler')
          ? 'autoscaling/v2'
          : hpa1
            ? 'autoscaling/v1'
            : undefined,
        helmReleases: !!flux?.some((r) => r.kind === 'HelmRelease'),
        applications: !!argo?.some((r) => r.kind === 'Application'),
      };
      if (this.options.apis?.length) this.apis = await discovery.check(this.options.apis);
      this.startAttempt = 0;
    } catch (e) {
      return this.failedStart(asApiError(e));
    }
    if (this.stopped) return this.publish(unavailableModel(this.cluster!, this.options.release));

    const release = this.options.release;
    const defs: Array<{ key: ResourceKey; def: ResourceDef; essential: boolean }> = [];
    const nsPath = (prefix: string, plural: string) => `${prefix}/namespaces/${encodeURIComponent(ns)}/${plural}`;
    const add = (
      key: ResourceKey,
      prefix: string,
      plural: string,
      essential: boolean,
      selectors: Partial<ResourceDef> = {},
    ) =>
      defs.push({
        key,
        essential,
        def: { path: nsPath(prefix, plural), describe: describeRequest('list', plural, ns), ...selectors },
      });
    if (served.apps) {
      add('deployments', '/apis/apps/v1', 'deployments', true);
      add('statefulsets', '/apis/apps/v1', 'statefulsets', true);
      add('daemonsets', '/apis/apps/v1', 'daemonsets', false);
    }
    if (served.rollouts) {
      add('rollouts', '/apis/argoproj.io/v1alpha1', 'rollouts', true);
      add('analysisruns', '/apis/argoproj.io/v1alpha1', 'analysisruns', false);
    }
    if (served.hpa) add('hpas', `/apis/${served.hpa}`, 'horizontalpodautoscalers', false);
    add('pods', '/api/v1', 'pods', true);
    add('events', '/api/v1', 'events', false, { fieldSelector: 'type=Warning' });
    if (release) add('secrets', '/api/v1', 'secrets', false, { labelSelector: `owner=helm,name=${release}` });
    // GitOps objects live in the release's namespace or the controller's (flux-system, argocd); each list is optional.
    const gitops = this.options.gitopsNamespaces ?? GITOPS_CONTROLLER_NAMESPACES;
    const addGitOps = (
      key: 'helmreleases' | 'applications',
      apiVersion: string,
      plural: string,
      namespaces: string[],
    ) => {
      for (const n of [...new Set(namespaces)])
        defs.push({
          key,
          essential: false,
          def: {
            path: `/apis/${apiVersion}/namespaces/${encodeURIComponent(n)}/${plural}`,
            describe: describeRequest('list', plural, n),
          },
        });
    };
    if (release && served.helmReleases)
      addGitOps('helmreleases', FLUX_HELMRELEASE_API, 'helmreleases', [ns, gitops.flux]);
    if (release && served.applications)
      addGitOps('applications', ARGO_APPLICATION_API, 'applications', [gitops.argocd, ns]);

    for (const l of this.loops) l.lw.stop();
    this.loops = defs.map(({ key, def, essential }) => {
      const loop: Loop = {
        key,
        essential,
        listed: false,
        state: { connected: false, attempt: 0 },
        lw: undefined as unknown as ListWatch,
      };
      loop.lw = new ListWatch(
        client,
        def,
        {
          onChange: () => {
            loop.listed = true;
            if (key === 'secrets' && this.options.helm) this.refreshHelm();
            this.scheduleEmit();
          },
          onState: (state) => {
            loop.state = state;
            // An optional resource we may not read is left out, once, instead of retried forever.
            if (!loop.essential && state.error && (state.error.status === 403 || state.error.status === 404)) {
              loop.denied =
                state.error.status === 403 ? `not allowed to ${def.describe}` : `${def.describe}: not found`;
              loop.lw.stop();
            }
            this.scheduleEmit();
          },
          onReconnect: (kind) => {
            if (kind === 'relist') this.counters.relists++;
            else this.counters.reconnects++;
            this.scheduleEmit();
          },
        },
        this.options.backoff ?? DEFAULT_BACKOFF,
      );
      return loop;
    });
    this.logs = new PodLogTails(client, ns, this.options.logLines ?? 20);
    if (this.options.helm && release) this.refreshHelm();
    // retry: false is a snapshot: list once, no watches.
    await Promise.allSettled(this.loops.map((l) => l.lw.start(this.options.retry !== false)));
    if (this.helmRefresh) await this.helmRefresh;
    if (this.stopped) return this.current ?? this.publish(unavailableModel(this.cluster!, release));
    return this.emitNow(true);
  }

  private failedStart(error: KubeApiError): StatusModel {
    const model = unavailableModel(this.clusterWith(error), this.options.release, this.watchState());
    if (this.options.retry !== false && !this.stopped) {
      this.startAttempt++;
      const backoff = this.options.backoff ?? DEFAULT_BACKOFF;
      const delay = Math.min(backoff.maxMs, backoff.initialMs * 2 ** (this.startAttempt - 1));
      model.watch = {
        ...this.watchState(),
        connected: false,
        attempt: this.startAttempt,
        retryInMs: delay,
        lastError: error.message,
      };
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        if (!this.stopped) void this.connect();
      }, delay);
    }
    return this.publish(model);
  }

  private refreshHelm(): void {
    if (!this.options.helm || !this.options.release || this.helmRefresh) return;
    this.helmRefresh = releaseViaHelm(
      {
        release: this.options.release,
        namespace: this.namespace,
        context: this.cluster?.context,
        kubeconfig: this.options.kubeconfig,
      },
      this.options.helm,
    )
      .then((r) => {
        this.helmRelease = r;
      })
      .catch((e) => {
        this.helmRelease = {
          status: {
            name: this.options.release!,
            namespace: this.namespace,
            found: false,
            source: 'helm',
            history: [],
            error: (e as Error).message,
          },
        };
      })
      .finally(() => {
        this.helmRefresh = undefined;
        this.scheduleEmit();
      });
  }

  /** The cluster info for an API failure: one state, what it means, what to do. */
  private clusterWith(error: KubeApiError | undefined): ClusterInfo {
    const base = this.cluster!;
    if (!error) return { ...base, state: 'ok', message: undefined, nextStep: undefined, deniedRequest: undefined };
    const state: ClusterConnectionState = error.state === 'ok' ? 'unreachable' : error.state;
    const who = base.user ? `user "${base.user}"` : 'your credentials';
    const texts: Record<string, { message: string; nextStep: string }> = {
      unreachable: {
        message: `Cannot reach the API server of context "${base.context}" (${base.server}): ${error.message.replace(/^.*?: /, '')}.`,
        nextStep: 'Check the network/VPN and that the cluster is running; the status reconnects by itself.',
      },
      unauthorized: {
        message: `The API server of context "${base.context}" refused ${who} (401 Unauthorized).`,
        nextStep: 'Refresh your credentials (log in again / renew the token), then refresh.',
      },
      forbidden: {
        message: `${who[0].toUpperCase()}${who.slice(1)} may not ${error.request ?? "read the release's resources"} (403 Forbidden).`,
        nextStep: `Ask for read access (get/list/watch) in namespace "${base.namespace}", or choose a namespace or context you can read.`,
      },
    };
    const t = texts[state] ?? texts.unreachable;
    return {
      ...base,
      state,
      message: t.message,
      nextStep: t.nextStep,
      ...(state === 'forbidden' && error.request ? { deniedRequest: error.request } : {}),
    };
  }

  private watchState(): WatchState {
    const active = this.loops.filter((l) => !l.denied);
    const failing = active.filter((l) => !l.state.connected);
    const lastError = failing.find((l) => l.state.error)?.state.error?.message;
    const retries = failing.map((l) => l.state.retryInMs).filter((n): n is number => typeof n === 'number');
    return {
      connected: active.length > 0 && failing.length === 0,
      attempt: Math.max(0, ...failing.map((l) => l.state.attempt)),
      ...(retries.length ? { retryInMs: Math.min(...retries) } : {}),
      ...(lastError ? { lastError } : {}),
      reconnects: this.counters.reconnects,
      relists: this.counters.relists,
    };
  }

  private scheduleEmit(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.connecting) return;
      this.emitNow(false);
    }, this.options.coalesceMs ?? 50);
  }

  /** Builds the model from the loops' objects and publishes it when it changed. */
  private emitNow(force: boolean): StatusModel {
    // Essential resources decide the state; a network failure on any resource is the cluster's.
    const failing = this.loops.filter((l) => !l.denied && l.state.error && !l.state.connected);
    const essentialError = (
      failing.find((l) => l.essential) ?? failing.find((l) => l.state.error!.state === 'unreachable')
    )?.state.error;
    // An essential resource never listed: nothing meaningful to show but the state.
    const blind = this.loops.some((l) => l.essential && !l.listed);
    const cluster = this.clusterWith(essentialError ?? (blind ? new KubeApiError('not listed yet', 0) : undefined));
    const watch = this.watchState();
    if (blind) return this.publish(unavailableModel(cluster, this.options.release, watch), force);
    const objects: ObjectMaps = emptyObjectMaps();
    for (const l of this.loops) {
      // GitOps kinds come from several namespaces: merged by namespace/name.
      if (l.key === 'helmreleases' || l.key === 'applications')
        for (const o of l.lw.objects.values()) objects[l.key].set(`${o?.metadata?.namespace}/${o?.metadata?.name}`, o);
      else (objects as unknown as Record<string, Map<string, any>>)[l.key] = l.lw.objects;
    }
    const model = buildStatusModel({
      cluster,
      namespace: this.namespace,
      ...(this.options.release ? { releaseName: this.options.release } : {}),
      objects,
      ...(this.helmRelease ? { release: this.helmRelease } : {}),
      logs: this.logs?.tails,
      ...(this.apis ? { apis: this.apis } : {}),
      watch,
      ...(this.options.profiles ? { profiles: this.options.profiles } : {}),
    });
    const secretsDenied = this.loops.find((l) => l.key === 'secrets' && l.denied);
    if (secretsDenied && model.release && !this.helmRelease)
      model.release.error = `${secretsDenied.denied}: the release history is not readable (use helm, or ask for read access to Secrets)`;
    if (essentialError && model.cluster.state === 'unreachable')
      model.cluster.message = `${model.cluster.message} Showing the last known state.`;
    const published = this.publish(model, force);
    const podNames = new Set(model.pods.map((p) => p.name));
    const pods = this.loops.find((l) => l.key === 'pods')?.lw.objects;
    if (pods && this.logs)
      this.logs.refresh(
        [...pods.values()].filter((p) => podNames.has(p?.metadata?.name)),
        () => this.scheduleEmit(),
      );
    return published;
  }

  private publish(model: StatusModel, force = true): StatusModel {
    const json = JSON.stringify({ ...model, generatedAt: '' });
    if (!force && json === this.lastJson) return this.current ?? model;
    this.lastJson = json;
    this.current = model;
    for (const l of [...this.listeners]) l(model);
    return model;
  }
}

/** One snapshot of the status (no watching, no retries). */
export async function statusSnapshot(options: StatusWatcherOptions): Promise<StatusModel> {
  const watcher = new StatusWatcher({ ...options, retry: false });
  try {
    await watcher.start();
    return (await watcher.settle())!;
  } finally {
    watcher.stop();
  }
}
