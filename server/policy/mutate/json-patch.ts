/**
 * RFC 6902 JSON Patch with the options Kyverno applies patchesJson6902 with (evanphx/json-patch v5:
 * SupportNegativeIndices, AllowMissingPathOnRemove, EnsurePathExistsOnAdd). No library offers
 * those three options together, so the operations are implemented here; each works on a copy.
 */
import { isMap } from '../pattern/pattern';
import { deepEqual } from '../util/deep-equal';

type Json = unknown;
type Obj = Record<string, Json>;

export interface PatchOperation {
  op: string;
  path: string;
  value?: Json;
  from?: string;
}

export class JsonPatchError extends Error {}

/** `/a/b~1c/0` → ['a', 'b/c', '0'] (RFC 6901). */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new JsonPatchError(`invalid JSON pointer "${pointer}"`);
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function arrayIndex(arr: Json[], seg: string, forAdd: boolean): number {
  if (seg === '-' && forAdd) return arr.length;
  if (!/^-?\d+$/.test(seg)) throw new JsonPatchError(`invalid array index "${seg}"`);
  let i = Number(seg);
  if (i < 0) i += arr.length; // SupportNegativeIndices
  const max = forAdd ? arr.length : arr.length - 1;
  if (i < 0 || i > max) throw new JsonPatchError(`index out of range: ${seg}`);
  return i;
}

/** The container holding the last segment; with `create`, missing parents are made (EnsurePathExistsOnAdd). */
function parentOf(doc: Json, segs: string[], create: boolean): Json {
  let node = doc;
  for (let i = 0; i < segs.length - 1; i++) {
    const seg = segs[i];
    if (Array.isArray(node)) {
      const idx = arrayIndex(node, seg, false);
      node = node[idx];
    } else if (isMap(node)) {
      let next = (node as Obj)[seg];
      if ((next === undefined || next === null) && create) {
        const following = segs[i + 1];
        next = /^-?\d+$/.test(following) || following === '-' ? [] : {};
        (node as Obj)[seg] = next;
      }
      if (next === undefined) throw new JsonPatchError(`missing path: ${segs.slice(0, i + 1).join('/')}`);
      node = next;
    } else {
      throw new JsonPatchError(`cannot traverse a scalar at ${segs.slice(0, i + 1).join('/')}`);
    }
  }
  return node;
}

function get(doc: Json, segs: string[]): Json {
  if (segs.length === 0) return doc;
  const parent = parentOf(doc, segs, false);
  const last = segs[segs.length - 1];
  if (Array.isArray(parent)) return parent[arrayIndex(parent, last, false)];
  if (isMap(parent) && Object.prototype.hasOwnProperty.call(parent, last)) return (parent as Obj)[last];
  throw new JsonPatchError(`missing value at "/${segs.join('/')}"`);
}

function add(doc: Json, segs: string[], value: Json, ensure = false): Json {
  if (segs.length === 0) return value;
  const parent = parentOf(doc, segs, ensure);
  const last = segs[segs.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, true), 0, value);
  else if (isMap(parent)) (parent as Obj)[last] = value;
  else throw new JsonPatchError(`cannot add to a scalar at "/${segs.join('/')}"`);
  return doc;
}

function remove(doc: Json, segs: string[], allowMissing: boolean): Json {
  // A missing parent, index or key is one error, which `allowMissing` turns into doing nothing.
  try {
    const parent = parentOf(doc, segs, false);
    const last = segs[segs.length - 1];
    if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, false), 1);
    else if (isMap(parent) && Object.prototype.hasOwnProperty.call(parent, last)) delete (parent as Obj)[last];
    else throw new JsonPatchError(`missing value at "/${segs.join('/')}"`);
  } catch (e) {
    if (allowMissing) return doc;
    throw e;
  }
  return doc;
}

export interface JsonPatchOptions {
  /** Create missing parents on `add` (Kyverno's patchesJson6902 does; MutatingPolicy does not). */
  ensurePathExistsOnAdd?: boolean;
  allowMissingPathOnRemove?: boolean;
}

export function applyJsonPatch(document: Json, operations: PatchOperation[], options: JsonPatchOptions = {}): Json {
  const ensure = options.ensurePathExistsOnAdd ?? true;
  const allowMissing = options.allowMissingPathOnRemove ?? true;
  let doc = structuredClone(document);
  for (const op of operations) {
    const segs = parsePointer(op.path);
    switch (op.op) {
      case 'add':
        doc = add(doc, segs, structuredClone(op.value ?? null), ensure);
        break;
      case 'remove':
        doc = remove(doc, segs, allowMissing);
        break;
      case 'replace':
        get(doc, segs);
        doc =
          segs.length === 0
            ? structuredClone(op.value)
            : add(remove(doc, segs, false), segs, structuredClone(op.value ?? null));
        break;
      case 'move': {
        const from = parsePointer(op.from ?? '');
        const value = get(doc, from);
        doc = add(remove(doc, from, false), segs, value);
        break;
      }
      case 'copy':
        doc = add(doc, segs, structuredClone(get(doc, parsePointer(op.from ?? ''))));
        break;
      case 'test':
        if (!deepEqual(get(doc, segs), op.value)) throw new JsonPatchError(`testing value /${segs.join('/')} failed`);
        break;
      default:
        throw new JsonPatchError(`unexpected operation "${op.op}"`);
    }
  }
  return doc;
}

/** Operations from a decoded YAML/JSON list, with a located message for malformed entries. */
export function toOperations(raw: Json): PatchOperation[] {
  if (!Array.isArray(raw)) throw new JsonPatchError('patchesJson6902 must be a list of operations');
  return raw.map((o, i) => {
    if (!isMap(o) || typeof (o as Obj).op !== 'string' || typeof (o as Obj).path !== 'string')
      throw new JsonPatchError(`operation ${i} needs string 'op' and 'path'`);
    return o as unknown as PatchOperation;
  });
}
