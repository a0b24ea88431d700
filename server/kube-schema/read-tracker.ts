/**
 * Strict mode (unknown fields) for validators that do not enforce it.
 *
 * The packaged validators are ajv-compiled code without `additionalProperties: false`, so a typo
 * like `contianers` passes them — Kubernetes would drop it silently. But compiled code reads every
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

interface Node {
  path: ObjectPath;
  target: Record<string, unknown>;
  read: Set<string>;
}

export interface TrackedObject {
  /** Pass this to the validator instead of the object. */
  view: unknown;
  /** After validation: the keys the validator never looked at, in document order. */
  unknownFields(): UnknownField[];
}

export function trackReads(object: unknown): TrackedObject {
  const nodes: Node[] = [];
  const view = wrap(object, [], nodes);
  return {
    view,
    unknownFields() {
      const out: UnknownField[] = [];
      for (const node of nodes) {
        if (node.read.size === 0) continue;
        for (const key of Object.keys(node.target)) {
          if (!node.read.has(key)) out.push({ path: [...node.path, key], known: [...node.read].filter((k) => k !== key) });
        }
      }
      return out;
    },
  };
}

function wrap(value: unknown, path: ObjectPath, nodes: Node[]): unknown {
  if (value === null || typeof value !== 'object') return value;
  const isList = Array.isArray(value);
  const node: Node = { path, target: value as Record<string, unknown>, read: new Set() };
  if (!isList) nodes.push(node);
  // One view per child, so a value validated twice (oneOf branches) records into one node.
  const children = new Map<string, unknown>();
  const child = (key: string): unknown => {
    if (!children.has(key)) children.set(key, wrap(node.target[key], [...path, isList ? Number(key) : key], nodes));
    return children.get(key);
  };
  return new Proxy(node.target, {
    get(target, key, receiver) {
      if (typeof key !== 'string') return Reflect.get(target, key, receiver);
      if (!isList) node.read.add(key);
      if (Object.prototype.hasOwnProperty.call(target, key) && (!isList || key !== 'length')) return child(key);
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      if (typeof key === 'string' && !isList) node.read.add(key);
      return Reflect.has(target, key);
    },
  });
}
