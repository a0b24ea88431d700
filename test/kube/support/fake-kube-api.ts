// A local Kubernetes API server for tests: HTTPS on 127.0.0.1 (port 0) with a throwaway CA and a
// bearer token, serving real API JSON — discovery (/version, /api, /apis, /apis/<g>/<v>), list
// with label/field selectors and paging, watch (?watch=true, JSON lines) with resourceVersion
// resume and 410 Gone after compaction, get, merge-patch (object and /status) and pods/log.
// Tests change objects with apply()/remove(), refuse requests with deny(), and cut the connection
// with stop()/restart() (same port).
import { once } from 'node:events';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { testTls } from './tls';

export interface ResourceType {
  group: string; // '' for core
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
  verbs?: string[];
  subresources?: string[];
}

export const CORE_TYPES: ResourceType[] = [
  { group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true, subresources: ['log', 'status'] },
  { group: '', version: 'v1', plural: 'events', kind: 'Event', namespaced: true },
  { group: '', version: 'v1', plural: 'secrets', kind: 'Secret', namespaced: true },
  { group: '', version: 'v1', plural: 'services', kind: 'Service', namespaced: true },
  { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true },
  { group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false },
  { group: '', version: 'v1', plural: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true },
  { group: 'policy', version: 'v1', plural: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', namespaced: true },
  { group: 'networking.k8s.io', version: 'v1', plural: 'networkpolicies', kind: 'NetworkPolicy', namespaced: true },
  { group: 'networking.k8s.io', version: 'v1', plural: 'ingresses', kind: 'Ingress', namespaced: true },
  {
    group: 'apps',
    version: 'v1',
    plural: 'deployments',
    kind: 'Deployment',
    namespaced: true,
    subresources: ['status', 'scale'],
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'statefulsets',
    kind: 'StatefulSet',
    namespaced: true,
    subresources: ['status', 'scale'],
  },
  { group: 'apps', version: 'v1', plural: 'daemonsets', kind: 'DaemonSet', namespaced: true, subresources: ['status'] },
  {
    group: 'apps',
    version: 'v1',
    plural: 'replicasets',
    kind: 'ReplicaSet',
    namespaced: true,
    subresources: ['status', 'scale'],
  },
  {
    group: 'autoscaling',
    version: 'v2',
    plural: 'horizontalpodautoscalers',
    kind: 'HorizontalPodAutoscaler',
    namespaced: true,
    subresources: ['status'],
  },
  {
    group: 'autoscaling',
    version: 'v1',
    plural: 'horizontalpodautoscalers',
    kind: 'HorizontalPodAutoscaler',
    namespaced: true,
    subresources: ['status'],
  },
];

export const ARGO_TYPES: ResourceType[] = [
  {
    group: 'argoproj.io',
    version: 'v1alpha1',
    plural: 'rollouts',
    kind: 'Rollout',
    namespaced: true,
    subresources: ['status', 'scale'],
  },
  { group: 'argoproj.io', version: 'v1alpha1', plural: 'analysisruns', kind: 'AnalysisRun', namespaced: true },
  {
    group: 'argoproj.io',
    version: 'v1alpha1',
    plural: 'analysistemplates',
    kind: 'AnalysisTemplate',
    namespaced: true,
  },
];

interface StoredEvent {
  rv: number;
  typeKey: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: any;
}

interface Watcher {
  typeKey: string;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  res: ServerResponse;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body?: string;
  contentType?: string;
}

export interface FakeKubeApiOptions {
  token?: string;
  /** Serve the Argo Rollouts CRDs (default true). */
  argo?: boolean;
}

export class FakeKubeApi {
  readonly token: string;
  readonly caPem: string;
  readonly requests: RecordedRequest[] = [];
  port = 0;
  private server?: https.Server;
  private readonly sockets = new Set<Socket>();
  private readonly types: ResourceType[];
  /** typeKey ("apps/v1/deployments", versions of a group share one store by group/plural) → "ns/name" → object. */
  private readonly store = new Map<string, Map<string, any>>();
  private readonly history: StoredEvent[] = [];
  private readonly watchers = new Set<Watcher>();
  private rv = 1000;
  private compactedBelow = 0;
  private readonly denials: Array<{ test: (method: string, path: string) => boolean; status: number }> = [];
  /** Pod logs by "ns/pod/container"; `previous` logs by "ns/pod/container/previous". */
  readonly logs = new Map<string, string>();

  constructor(options: FakeKubeApiOptions = {}) {
    this.token = options.token ?? 'test-token-123';
    this.caPem = testTls().caPem;
    this.types = [...CORE_TYPES, ...(options.argo === false ? [] : ARGO_TYPES)];
  }

  /** Watch streams currently open. */
  get openWatches(): number {
    return this.watchers.size;
  }

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  async start(port = 0): Promise<void> {
    const tls = testTls();
    this.server = https.createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => void this.handle(req, res));
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server.listen(port, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as { port: number }).port;
  }

  /** Closes the listener and every connection (watches end as on a network loss). */
  async stop(): Promise<void> {
    for (const w of this.watchers) w.res.destroy();
    this.watchers.clear();
    for (const s of this.sockets) s.destroy();
    if (this.server) {
      const closed = once(this.server, 'close');
      this.server.close();
      await closed;
    }
    this.server = undefined;
  }

  /** Listens again on the same port, with the same objects and history. */
  async restart(): Promise<void> {
    await this.start(this.port);
  }

  /** Ends every open watch stream without closing the server (as an API server restart would). */
  dropWatches(): void {
    for (const w of this.watchers) w.res.end();
    this.watchers.clear();
  }

  /** Forget history before now: watches from an older resourceVersion get 410 Gone. */
  compact(): void {
    this.compactedBelow = this.rv;
    this.history.length = 0;
  }

  deny(test: (method: string, path: string) => boolean, status = 403): void {
    this.denials.push({ test, status });
  }

  allowAll(): void {
    this.denials.length = 0;
  }

  /** Creates or replaces an object (kind + apiVersion pick the resource), bumping its resourceVersion and notifying watches. */
  apply(obj: any): any {
    const type = this.typeOf(obj.apiVersion, obj.kind);
    const key = storeKey(type);
    const ns = obj.metadata?.namespace ?? '';
    const id = `${ns}/${obj.metadata.name}`;
    const map = this.storeFor(key);
    const existed = map.has(id);
    const copy = structuredClone(obj);
    copy.metadata.resourceVersion = String(++this.rv);
    copy.metadata.uid ??= map.get(id)?.metadata?.uid ?? `uid-${obj.metadata.name}-${this.rv}`;
    copy.metadata.creationTimestamp ??=
      map.get(id)?.metadata?.creationTimestamp ?? new Date(Date.now() - 60_000).toISOString();
    map.set(id, copy);
    this.record({ rv: this.rv, typeKey: key, type: existed ? 'MODIFIED' : 'ADDED', object: copy });
    return copy;
  }

  remove(apiVersion: string, kind: string, namespace: string, name: string): void {
    const type = this.typeOf(apiVersion, kind);
    const key = storeKey(type);
    const map = this.storeFor(key);
    const obj = map.get(`${namespace}/${name}`);
    if (!obj) return;
    map.delete(`${namespace}/${name}`);
    const copy = structuredClone(obj);
    copy.metadata.resourceVersion = String(++this.rv);
    this.record({ rv: this.rv, typeKey: key, type: 'DELETED', object: copy });
  }

  /** Deletes every object (watches see DELETED events), lifts denials, forgets requests: a clean slate per test. */
  clear(): void {
    this.allowAll();
    this.requests.length = 0;
    this.logs.clear();
    for (const [key, map] of this.store) {
      for (const obj of [...map.values()]) {
        map.delete(`${obj.metadata.namespace ?? ''}/${obj.metadata.name}`);
        const copy = structuredClone(obj);
        copy.metadata.resourceVersion = String(++this.rv);
        this.record({ rv: this.rv, typeKey: key, type: 'DELETED', object: copy });
      }
    }
  }

  get(apiVersion: string, kind: string, namespace: string, name: string): any {
    return this.storeFor(storeKey(this.typeOf(apiVersion, kind))).get(`${namespace}/${name}`);
  }

  private typeOf(apiVersion: string, kind: string): ResourceType {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    const type =
      this.types.find((t) => t.group === group && t.kind === kind && t.version === version) ??
      this.types.find((t) => t.group === group && t.kind === kind);
    if (!type) throw new Error(`fake API does not serve ${apiVersion} ${kind}`);
    return type;
  }

  private storeFor(key: string): Map<string, any> {
    let m = this.store.get(key);
    if (!m) this.store.set(key, (m = new Map()));
    return m;
  }

  private record(e: StoredEvent): void {
    this.history.push(e);
    for (const w of this.watchers) {
      if (w.typeKey === e.typeKey && matches(e.object, w.namespace, w.labelSelector, w.fieldSelector))
        writeEvent(w.res, e.type, e.object);
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    let body = '';
    for await (const chunk of req) body += chunk;
    this.requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query,
      ...(body ? { body } : {}),
      ...(req.headers['content-type'] ? { contentType: String(req.headers['content-type']) } : {}),
    });
    if (req.headers.authorization !== `Bearer ${this.token}`) return status(res, 401, 'Unauthorized', 'Unauthorized');
    const denial = this.denials.find((d) => d.test(req.method ?? 'GET', url.pathname));
    if (denial) {
      return status(
        res,
        denial.status,
        denial.status === 403 ? 'Forbidden' : 'Error',
        `${url.pathname} is forbidden: User "test" cannot ${req.method === 'GET' ? 'list' : 'patch'} resource at this path`,
      );
    }
    const p = url.pathname.replace(/\/+$/, '');
    if (p === '/version')
      return json(res, 200, { major: '1', minor: '34', gitVersion: 'v1.34.0', platform: 'linux/amd64' });
    if (p === '/api') return json(res, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
    if (p === '/apis') return json(res, 200, this.groupList());
    const disc = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(p);
    if (disc) {
      const group = disc[1] ? '' : disc[2];
      const version = disc[1] ?? disc[3];
      const types = this.types.filter((t) => t.group === group && t.version === version);
      if (!types.length) return status(res, 404, 'NotFound', 'the server could not find the requested resource');
      return json(res, 200, {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: group ? `${group}/${version}` : version,
        resources: types.flatMap((t) => [
          {
            name: t.plural,
            singularName: t.kind.toLowerCase(),
            namespaced: t.namespaced,
            kind: t.kind,
            verbs: t.verbs ?? ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
          },
          ...(t.subresources ?? []).map((s) => ({
            name: `${t.plural}/${s}`,
            singularName: '',
            namespaced: t.namespaced,
            kind: s === 'log' ? 'Pod' : t.kind,
            verbs: ['get', 'patch'],
          })),
        ]),
      });
    }
    const m =
      /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?(?:\/([^/]+))?$/.exec(p);
    if (!m) return status(res, 404, 'NotFound', 'the server could not find the requested resource');
    const group = m[1] ? '' : m[2];
    const version = m[1] ?? m[3];
    const [namespace, plural, name, sub] = [m[4], m[5], m[6], m[7]];
    const type = this.types.find((t) => t.group === group && t.version === version && t.plural === plural);
    if (!type) return status(res, 404, 'NotFound', 'the server could not find the requested resource');
    const key = storeKey(type);
    const map = this.storeFor(key);
    if (!name) {
      if (req.method !== 'GET') return status(res, 405, 'MethodNotAllowed', 'method not allowed');
      if (query.watch === 'true' || query.watch === '1') return this.watch(res, key, namespace, query);
      return this.list(res, type, map, namespace, query);
    }
    const id = `${namespace ?? ''}/${name}`;
    const obj = map.get(id);
    if (sub === 'log') {
      if (!obj) return status(res, 404, 'NotFound', `pods "${name}" not found`);
      const container = query.container ?? obj.spec?.containers?.[0]?.name;
      const text = this.logs.get(`${namespace}/${name}/${container}${query.previous === 'true' ? '/previous' : ''}`);
      if (text === undefined)
        return status(
          res,
          400,
          'BadRequest',
          `previous terminated container "${container}" in pod "${name}" not found`,
        );
      const lines = text.split('\n');
      const tail = query.tailLines ? lines.slice(-Number(query.tailLines)) : lines;
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      return void res.end(tail.join('\n'));
    }
    if (!obj) return status(res, 404, 'NotFound', `${plural}.${group || 'core'} "${name}" not found`);
    if (sub && !(type.subresources ?? []).includes(sub))
      return status(res, 404, 'NotFound', 'the server could not find the requested resource');
    if (req.method === 'GET') return json(res, 200, withTypeMeta(obj, type));
    if (req.method === 'PATCH') {
      if (req.headers['content-type'] !== 'application/merge-patch+json')
        return status(res, 415, 'UnsupportedMediaType', 'only merge patches here');
      let patch: any;
      try {
        patch = JSON.parse(body);
      } catch {
        return status(res, 400, 'BadRequest', 'invalid JSON patch');
      }
      // A status subresource takes only status; the main resource ignores status (as with CRD subresources).
      const next = structuredClone(obj);
      if (sub === 'status') next.status = mergePatch(next.status ?? {}, patch.status ?? {});
      else {
        const { status: _ignored, ...rest } = patch;
        Object.assign(next, mergePatch(next, rest));
        if (rest.spec) next.metadata.generation = (next.metadata.generation ?? 1) + 1;
      }
      return json(res, 200, withTypeMeta(this.apply(next), type));
    }
    return status(res, 405, 'MethodNotAllowed', 'method not allowed');
  }

  private groupList(): any {
    const groups = new Map<string, string[]>();
    for (const t of this.types)
      if (t.group) groups.set(t.group, [...new Set([...(groups.get(t.group) ?? []), t.version])]);
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [...groups].map(([name, versions]) => ({
        name,
        versions: versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v })),
        preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
      })),
    };
  }

  private list(
    res: ServerResponse,
    type: ResourceType,
    map: Map<string, any>,
    namespace: string | undefined,
    query: Record<string, string>,
  ): void {
    const all = [...map.values()]
      .filter((o) => matches(o, namespace, query.labelSelector, query.fieldSelector))
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    const start = query.continue ? Number(query.continue) : 0;
    const limit = query.limit ? Number(query.limit) : all.length;
    const items = all.slice(start, start + limit);
    const more = start + limit < all.length;
    json(res, 200, {
      kind: `${type.kind}List`,
      apiVersion: type.group ? `${type.group}/${type.version}` : type.version,
      metadata: { resourceVersion: String(this.rv), ...(more ? { continue: String(start + limit) } : {}) },
      items: items.map((o) => withTypeMeta(o, type)),
    });
  }

  private watch(
    res: ServerResponse,
    typeKey: string,
    namespace: string | undefined,
    query: Record<string, string>,
  ): void {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    const from = query.resourceVersion ? Number(query.resourceVersion) : undefined;
    if (from !== undefined && from > 0 && from < this.compactedBelow) {
      writeEvent(res, 'ERROR', {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `too old resource version: ${from} (${this.compactedBelow})`,
        reason: 'Expired',
        code: 410,
      });
      return void res.end();
    }
    const w: Watcher = {
      typeKey,
      namespace,
      labelSelector: query.labelSelector,
      fieldSelector: query.fieldSelector,
      res,
    };
    if (from === undefined || from === 0) {
      for (const o of this.storeFor(typeKey).values())
        if (matches(o, namespace, w.labelSelector, w.fieldSelector)) writeEvent(res, 'ADDED', o);
    } else {
      for (const e of this.history)
        if (e.rv > from && e.typeKey === typeKey && matches(e.object, namespace, w.labelSelector, w.fieldSelector))
          writeEvent(res, e.type, e.object);
    }
    this.watchers.add(w);
    res.on('close', () => this.watchers.delete(w));
  }
}

function storeKey(t: ResourceType): string {
  return `${t.group}/${t.plural}`;
}

function withTypeMeta(o: any, t: ResourceType): any {
  return { apiVersion: t.group ? `${t.group}/${t.version}` : t.version, kind: t.kind, ...o };
}

function writeEvent(res: ServerResponse, type: string, object: any): void {
  res.write(JSON.stringify({ type, object }) + '\n');
}

function json(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function status(res: ServerResponse, code: number, reason: string, message: string): void {
  json(res, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
}

/** Equality-based selectors ("a=b,c!=d", "type=Warning", "metadata.name=x"), as the tests need. */
function matches(
  o: any,
  namespace: string | undefined,
  labelSelector: string | undefined,
  fieldSelector: string | undefined,
): boolean {
  if (namespace && o.metadata?.namespace !== namespace) return false;
  for (const term of (labelSelector ?? '').split(',').filter(Boolean)) {
    const [k, v] = term.split(/!?==?/);
    const labels = o.metadata?.labels ?? {};
    if (term.includes('!=') ? labels[k] === v : labels[k] !== v) return false;
  }
  for (const term of (fieldSelector ?? '').split(',').filter(Boolean)) {
    const [k, v] = term.split(/!?==?/);
    const value = k.split('.').reduce((x: any, part) => x?.[part], o);
    if (term.includes('!=') ? String(value) === v : String(value) !== v) return false;
  }
  return true;
}

/** RFC 7386 JSON merge patch. */
function mergePatch(target: any, patch: any): any {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out = target && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}
