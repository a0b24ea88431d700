/**
 * The JSON document `{{ }}` variables are resolved against, shaped like Kyverno's admission
 * context: `request.object`, `request.operation`, `request.namespace`, `images`, `element`, …
 */
import { jmesQuery, jmesQueryOptional } from '../jmespath/jmespath';
import type { Resource } from '../types';
import { imagesOf } from './images';

export type JsonObject = Record<string, unknown>;

export interface RequestInfo {
  resource: Resource;
  namespace: string;
  operation: string;
  oldObject?: Resource | null;
  /** Variable values from a Kyverno CLI values file, keyed by dotted name (`request.operation`). */
  values?: Record<string, unknown>;
  /** The requesting user, when known (`kyverno test` userinfo). */
  user?: { roles: string[]; clusterRoles: string[]; userInfo: { username: string; groups: string[] } };
}

export class EvalContext {
  /** Children share their parent's document until they write (copy-on-write). */
  private shared = false;

  private constructor(private data: JsonObject) {}

  private own(): JsonObject {
    if (this.shared) {
      this.data = { ...this.data };
      this.shared = false;
    }
    return this.data;
  }

  static forRequest(info: RequestInfo): EvalContext {
    const r = info.resource;
    const [group, version] = splitApiVersion(r.apiVersion ?? '');
    const data: JsonObject = {
      request: {
        operation: info.operation,
        namespace: info.namespace,
        name: r.metadata?.name ?? '',
        kind: { group, version, kind: r.kind ?? '' },
        // A DELETE request carries only the old object.
        object: info.operation === 'DELETE' ? null : r,
        oldObject: info.oldObject ?? null,
        userInfo: info.user?.userInfo ?? { username: '', groups: [] },
        roles: info.user?.roles ?? [],
        clusterRoles: info.user?.clusterRoles ?? [],
        dryRun: false,
      },
      serviceAccountName: '',
      serviceAccountNamespace: '',
      images: imagesOf(r),
    };
    const ctx = new EvalContext(data);
    for (const [k, v] of Object.entries(info.values ?? {})) ctx.setVariable(k, v);
    return ctx;
  }

  /** A child context: writes (context entries, foreach elements) do not leak to the parent. */
  child(): EvalContext {
    const c = new EvalContext(this.data);
    c.shared = true;
    return c;
  }

  /** DELETE requests read `request.oldObject` where policies say `request.object`. */
  isDelete(): boolean {
    return (this.data.request as { operation?: unknown } | undefined)?.operation === 'DELETE';
  }

  query(expression: string): unknown {
    return jmesQuery(expression, this.data);
  }

  /** `undefined` when a plain path names a missing key (no error). */
  queryOptional(expression: string): unknown {
    return jmesQueryOptional(expression, this.data);
  }

  has(name: string): boolean {
    return name in this.data;
  }

  /** Sets `a.b.c` as nested objects, merging with what is there (values-file semantics). */
  setVariable(dotted: string, value: unknown): void {
    const parts = dotted.split('.');
    let node = this.own();
    for (let i = 0; i < parts.length - 1; i++) {
      const existing = node[parts[i]];
      const copy: JsonObject =
        existing && typeof existing === 'object' && !Array.isArray(existing) ? { ...(existing as JsonObject) } : {};
      node[parts[i]] = copy;
      node = copy;
    }
    node[parts[parts.length - 1]] = value;
  }

  /** Kyverno's foreach variables: `element`, `elementIndex` and their nested `elementN` forms. */
  addElement(element: unknown, index: number, nesting: number): void {
    const data = this.own();
    data.element = element;
    data[`element${nesting}`] = element;
    data.elementIndex = index;
    data[`elementIndex${nesting}`] = index;
  }
}

export function splitApiVersion(apiVersion: string): [string, string] {
  const i = apiVersion.indexOf('/');
  return i < 0 ? ['', apiVersion] : [apiVersion.slice(0, i), apiVersion.slice(i + 1)];
}
