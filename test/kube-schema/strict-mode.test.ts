/**
 * Strictness everywhere, not only where a test thought to look: a key injected into every mapping
 * of every valid fixture object must be reported as an unknown field at exactly that path — except
 * in the mappings Kubernetes defines as maps or free-form (listed below), which must accept it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateObjects } from '../../server/kube-schema';
import { allGoodInputs } from './support';

type Path = Array<string | number>;

/** Map-typed fields (any key, typed values) by their last key. */
const MAP_FIELDS = new Set(['labels', 'annotations', 'matchLabels', 'data', 'limits', 'requests']);
/** Free-form subtrees: Helm values handed to Flux and Argo CD. */
const FREE_FORM = new Set(['values', 'valuesObject']);

function isMapOrFreeForm(kind: string, path: Path): boolean {
  if (path.some((seg) => typeof seg === 'string' && FREE_FORM.has(seg))) return true;
  if (kind === 'Service' && path.join('.') === 'spec.selector') return true;
  return MAP_FIELDS.has(String(path[path.length - 1]));
}

function mappingPaths(value: unknown, path: Path, out: Path[]): Path[] {
  if (Array.isArray(value)) value.forEach((item, i) => mappingPaths(item, [...path, i], out));
  else if (value !== null && typeof value === 'object') {
    out.push(path);
    for (const [key, child] of Object.entries(value)) mappingPaths(child, [...path, key], out);
  }
  return out;
}

test('a key injected into any declared mapping is an unknown field at that exact path', async () => {
  let strict = 0;
  let maps = 0;
  for (const input of allGoodInputs()) {
    const object = input.object as { kind: string };
    for (const at of mappingPaths(object, [], [])) {
      const copy = structuredClone(object) as Record<string, any>;
      const target = at.reduce((node: any, seg) => node[seg], copy);
      target.zzInjected = 'value';
      const findings = await validateObjects([{ object: copy }], { kubernetesVersion: '1.34' });
      const unknown = findings.filter((f) => f.code === 'k8s-schema-unknown-field');
      const where = `${object.kind} ${[...at, 'zzInjected'].join('.')}`;
      if (isMapOrFreeForm(object.kind, at)) {
        maps++;
        assert.deepEqual(unknown, [], `${where}: a map/free-form field must accept any key`);
      } else {
        strict++;
        assert.deepEqual(
          findings.map((f) => [f.code, f.segments]),
          [['k8s-schema-unknown-field', [...at, 'zzInjected']]],
          where,
        );
      }
    }
  }
  // The fixtures really exercise both sides.
  assert.ok(strict > 200, `strict mappings checked: ${strict}`);
  assert.ok(maps > 30, `map mappings checked: ${maps}`);
});
