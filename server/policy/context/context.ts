/**
 * The JSON document `{{ }}` variables are resolved against, shaped like Kyverno's admission
 * context: `request.object`, `request.operation`, `request.namespace`, `images`, `element`, …
 */
import { jmesQuery } from '../jmespath/jmespath';
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
}

export class EvalContext {
  private constructor(readonly data: JsonObject) {}

  static forRequest(info: RequestInfo): EvalContext {
    const r = info.resource;
    const [group, version] = splitApiVersion(r.apiVersion ?? '');
    const data: JsonObject = {
      request: {
        operation: info.operation,
        namespace: info.namespace,
        name: r.metadata?.name ?? '',
        kind: { group, version, kind: r.kind ?? '' },
        object: r,
        oldObject: info.oldObject ?? null,
        userInfo: { username: '', groups: [] },
        roles: [],
        clusterRoles: [],
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
    return new EvalContext({ ...this.data });
  }

  query(expression: string): unknown {
    return jmesQuery(expression, this.data);
  }

  has(name: string): boolean {
    return name in this.data;
  }

  /** Sets `a.b.c` as nested objects, merging with what is there (values-file semantics). */
  setVariable(dotted: string, value: unknown): void {
    const parts = dotted.split('.');
    let node = this.data;
    for (let i = 0; i < parts.length - 1; i++) {
      const existing = node[parts[i]];
      const copy: JsonObject = existing && typeof existing === 'object' && !Array.isArray(existing) ? { ...(existing as JsonObject) } : {};
      node[parts[i]] = copy;
      node = copy;
    }
    node[parts[parts.length - 1]] = value;
  }

  /** Kyverno's foreach variables: `element`, `elementIndex` and their nested `elementN` forms. */
  addElement(element: unknown, index: number, nesting: number): void {
    this.data.element = element;
    this.data[`element${nesting}`] = element;
    this.data.elementIndex = index;
    this.data[`elementIndex${nesting}`] = index;
  }
}

export function splitApiVersion(apiVersion: string): [string, string] {
  const i = apiVersion.indexOf('/');
  return i < 0 ? ['', apiVersion] : [apiVersion.slice(0, i), apiVersion.slice(i + 1)];
}
