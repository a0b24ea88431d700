import type { ObjectPath } from './types';

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
