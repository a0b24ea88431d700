import type { ObjectPath } from './types';

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** `spec.template.spec.containers[0].image`; odd keys as `labels["app.kubernetes.io/name"]`. */
export function formatObjectPath(path: ObjectPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (PLAIN_KEY.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/**
 * Ajv's instancePath (a JSON pointer, `/spec/containers/0`) as segments; a step into a list becomes
 * a number, so `containers[0]` and a map key `"0"` stay apart.
 */
export function pointerToPath(pointer: string, root: unknown): ObjectPath {
  if (pointer === '') return [];
  const out: ObjectPath = [];
  let node = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node) && /^\d+$/.test(key)) {
      out.push(Number(key));
      node = node[Number(key)];
    } else {
      out.push(key);
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    }
  }
  return out;
}

/** The value at a path; `undefined` when a step is missing. */
export function valueAtPath(root: unknown, path: ObjectPath): unknown {
  let node = root;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node;
}
