/**
 * A small Kubernetes API client over the kubeconfig's credentials: GET/PATCH returning plain
 * JSON, and watches through @kubernetes/client-node's Watch. Plain JSON (not the generated
 * model classes) keeps list/watch of hundreds of pods cheap and the objects as the API sends them.
 */
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from './client-types';
import type { ClusterConnectionState } from '../protocol/status-protocol';

/** Any failure talking to the API server, classified once for the state model. */
export class KubeApiError extends Error {
  constructor(
    message: string,
    /** HTTP status, 0 for network/TLS failures. */
    readonly status: number,
    readonly reason?: string,
    /** What was asked, e.g. "list pods in namespace shop". */
    readonly request?: string,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
  get state(): ClusterConnectionState {
    return connectionStateOf(this.status);
  }
}

export function connectionStateOf(status: number): ClusterConnectionState {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 0 || status >= 500 || status === 429) return 'unreachable';
  return 'ok';
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Human description for errors ("list pods in namespace shop"). */
  describe?: string;
  /** Return the body as text (pod logs). */
  text?: boolean;
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: any;
}

export interface WatchHandle {
  abort(): void;
}

export class KubeClient {
  readonly server: string;
  private readonly insecureHttp: boolean;

  constructor(readonly kc: KubeConfig) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig has no current cluster');
    this.server = cluster.server.replace(/\/+$/, '');
    this.insecureHttp = this.server.startsWith('http://');
  }

  async get<T = any>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('GET', path, options);
  }

  async patch<T = any>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('PATCH', path, { contentType: 'application/merge-patch+json', ...options, body });
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const url = new URL(this.server + path);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const opts: https.RequestOptions = {
      method,
      headers: { Accept: options.text ? 'text/plain' : 'application/json' },
    };
    await this.kc.applyToHTTPSOptions(opts);
    const body = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    if (body)
      opts.headers = {
        ...opts.headers,
        'Content-Type': options.contentType ?? 'application/json',
        'Content-Length': body.length,
      };
    const describe = options.describe ?? `${method} ${path}`;
    const timeoutMs = options.timeoutMs ?? 15_000;
    const transport = this.insecureHttp ? http : https;
    if (this.insecureHttp) delete opts.agent;
    return new Promise<T>((resolve, reject) => {
      const req = transport.request(url, { ...opts, signal: options.signal }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => reject(networkError(e, describe, this.server)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            if (options.text) return resolve(text as T);
            try {
              resolve(text ? JSON.parse(text) : ({} as T));
            } catch {
              reject(
                new KubeApiError(`${describe}: the API server sent invalid JSON`, 502, 'InvalidResponse', describe),
              );
            }
            return;
          }
          reject(statusError(status, text, describe));
        });
      });
      req.setTimeout(timeoutMs, () =>
        req.destroy(Object.assign(new Error(`timed out after ${timeoutMs} ms`), { code: 'ETIMEDOUT' })),
      );
      req.on('error', (e) => reject(networkError(e, describe, this.server)));
      if (body) req.write(body);
      req.end();
    });
  }

  /**
   * Starts a watch (`?watch=true`, one JSON event per line) from the query's resourceVersion; events
   * go to `onEvent`, the end of the stream (normal close, network error, HTTP error) to `onDone`
   * exactly once. abort() destroys the connection at once. (client-node's Watch goes through
   * node-fetch, whose abort leaves the connection of a streaming response open: a stopped status
   * panel would keep its watches on the API server.)
   */
  async watch(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    onEvent: (e: WatchEvent) => void,
    onDone: (err: KubeApiError | null) => void,
    describe?: string,
  ): Promise<WatchHandle> {
    const what = describe ?? `watch ${path}`;
    const url = new URL(this.server + path);
    url.searchParams.set('watch', 'true');
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    const opts: https.RequestOptions = { method: 'GET', headers: { Accept: 'application/json' } };
    await this.kc.applyToHTTPSOptions(opts);
    if (this.insecureHttp) delete opts.agent;
    let finished = false;
    const done = (err: KubeApiError | null) => {
      if (finished) return;
      finished = true;
      onDone(err);
    };
    const req = (this.insecureHttp ? http : https).request(url, opts, (res) => {
      const status = res.statusCode ?? 0;
      if (status !== 200) {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(statusError(status, Buffer.concat(chunks).toString('utf8'), what)));
        res.on('error', (e) => done(networkError(e, what, this.server)));
        return;
      }
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let nl: number;
        while (!finished && (nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl).trim();
          buffer = buffer.slice(nl + 1);
          if (!line) continue;
          let event: any;
          try {
            event = JSON.parse(line);
          } catch {
            continue; // a torn line: the next list/watch repairs any gap
          }
          if (event && typeof event.type === 'string') onEvent({ type: event.type, object: event.object });
        }
      });
      res.on('end', () => done(null));
      res.on('close', () => done(null));
      res.on('error', (e) => done(networkError(e, what, this.server)));
    });
    // Dead peers (no FIN) are found by TCP keep-alive rather than waiting for the server timeout.
    req.on('socket', (socket) => socket.setKeepAlive(true, 30_000));
    req.on('error', (e) => done(networkError(e, what, this.server)));
    req.end();
    return {
      abort: () => {
        finished = true;
        req.destroy();
      },
    };
  }
}

function statusError(status: number, text: string, describe: string): KubeApiError {
  let message = '';
  let reason: string | undefined;
  try {
    const s = JSON.parse(text);
    message = typeof s?.message === 'string' ? s.message : '';
    reason = typeof s?.reason === 'string' ? s.reason : undefined;
  } catch {
    message = text.trim().slice(0, 200);
  }
  return new KubeApiError(
    `${describe}: ${message || `HTTP ${status}`}`,
    status,
    reason ?? http.STATUS_CODES[status],
    describe,
  );
}

function networkError(e: Error, describe: string, server: string): KubeApiError {
  if (e instanceof KubeApiError) return e;
  const code = (e as { code?: string }).code;
  const why =
    code === 'ECONNREFUSED'
      ? 'connection refused'
      : code === 'ENOTFOUND'
        ? 'host not found'
        : code === 'ETIMEDOUT'
          ? 'timed out'
          : code === 'ECONNRESET'
            ? 'connection reset'
            : e.message;
  return new KubeApiError(`${describe}: cannot reach ${server} (${why})`, 0, code, describe);
}

/** kubectl-style "list pods in namespace shop". */
export function describeRequest(verb: string, resource: string, namespace?: string): string {
  return namespace ? `${verb} ${resource} in namespace ${namespace}` : `${verb} ${resource}`;
}
