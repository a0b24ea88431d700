/**
 * Strict mode (unknown fields) for validators that do not enforce it.
 *
 * The packaged validators are ajv-compiled code without `additionalProperties: false`, so a typo
 * like `contianers` passes them — Kubernetes would reject or drop it. But compiled code reads every
 * property its schema declares (`data.containers === undefined || …`, also when absent) and every
 * key of a map (`for (k in data) check(data[k])`). So we hand the validator a read-recording view
 * of the object: a key present in a mapping that the validator never read is a field the schema
 * does not know. A mapping of which the validator read nothing is free-form (`RawExtension`, Helm
 * `values`, `x-kubernetes-preserve-unknown-fields`) or was rejected for its type; its keys are not
 * judged. The keys that were read are the declared ones, which gives "did you mean" for free.
 */
import type { ObjectPath } from './types';

export interface UnknownField {
  path: ObjectPath;
  /** The keys the schema declares at that level (what the validator looked up). */
  known: string[];
}

export interface TrackedObject {
  /** Pass this to the validator instead of the object. */
  view: unknown;
  /** After validation: the keys the validator never looked at, in document order. */
  unknownFields(): UnknownField[];
}

export function trackReads(object: unknown): TrackedObject {
  const mappings: TrackedNode[] = [];
  const view = viewOf(object, undefined, '', mappings);
  return {
    view,
    unknownFields() {
      const out: UnknownField[] = [];
      for (const node of mappings) {
        if (node.read.size === 0) continue;
        for (const key of Object.keys(node.target)) {
          if (!node.read.has(key))
            out.push({ path: [...node.path(), key], known: [...node.read].filter((k) => k !== key) });
        }
      }
      return out;
    },
  };
}

function viewOf(
  value: unknown,
  parent: TrackedNode | undefined,
  key: string | number,
  mappings: TrackedNode[],
): unknown {
  if (value === null || typeof value !== 'object') return value;
  const node = new TrackedNode(value as Record<string, unknown>, parent, key, mappings);
  if (!node.isList) mappings.push(node);
  return new Proxy(node.target, node);
}

/** One node of the object, and the proxy handler recording reads on it (one handler per node, shared methods). */
class TrackedNode implements ProxyHandler<Record<string, unknown>> {
  readonly isList: boolean;
  readonly read = new Set<string>();
  /** One view per child, so a value validated twice (oneOf branches) records into one node. */
  private children: Map<string, unknown> | undefined;

  constructor(
    readonly target: Record<string, unknown>,
    private readonly parent: TrackedNode | undefined,
    private readonly key: string | number,
    private readonly mappings: TrackedNode[],
  ) {
    this.isList = Array.isArray(target);
  }

  get(target: Record<string, unknown>, key: string | symbol, receiver: unknown): unknown {
    if (typeof key !== 'string') return Reflect.get(target, key, receiver);
    if (!this.isList) this.read.add(key);
    const value = target[key];
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(target, key)) return value;
    return this.child(key, this.isList ? Number(key) : key, value);
  }

  has(target: Record<string, unknown>, key: string | symbol): boolean {
    if (typeof key === 'string' && !this.isList) this.read.add(key);
    return Reflect.has(target, key);
  }

  path(): ObjectPath {
    const out: ObjectPath = [];
    for (let node: TrackedNode | undefined = this; node?.parent; node = node.parent) out.push(node.key);
    return out.reverse();
  }

  private child(key: string, pathKey: string | number, value: object): unknown {
    this.children ??= new Map();
    let view = this.children.get(key);
    if (view === undefined) {
      view = viewOf(value, this, pathKey, this.mappings);
      this.children.set(key, view);
    }
    return view;
  }
}
