/** A location inside a resource: map keys and list indexes, root first. */
export type JsonPath = Array<string | number>;

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;
const plainKeys = new Map<string, boolean>();

function isPlainKey(key: string): boolean {
  let plain = plainKeys.get(key);
  if (plain === undefined) {
    plain = PLAIN_KEY.test(key);
    if (plainKeys.size < 10_000) plainKeys.set(key, plain);
  }
  return plain;
}

/** `spec.template.spec.containers[0].securityContext`; odd keys as `labels["app.kubernetes.io/name"]`. */
export function formatJsonPath(path: JsonPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (isPlainKey(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Kyverno's own notation: `/spec/containers/0/image/`. */
export function kyvernoPath(path: JsonPath): string {
  return path.length === 0 ? '/' : `/${path.join('/')}/`;
}

/** Reads a value at a path; `undefined` when any step is missing. */
export function valueAt(root: unknown, path: JsonPath): unknown {
  let node = root;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node;
}
