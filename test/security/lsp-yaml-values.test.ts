import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { YamlChunk } from '../../server/yaml/yaml-chunk';

// YamlChunk.toJS replaced yaml's doc.toJS() (quadratic alias lookup, circular values): same values
// for ordinary documents, an error at the alias for recursive ones.

const SAME = [
  'a: 1\nb: [x, {c: null}]\nd: ~\ne: "1"\nf: 1.5\ng: true\n',
  'base: &b {cpu: 1, mem: 2}\nprod: *b\nlist: [*b, *b]\n',
  '%YAML 1.1\n---\nbase: &b {x: 1, z: 3}\nprod:\n  <<: *b\n  x: 2\n',
  '%YAML 1.1\n---\na: &a {x: 1}\nc: &c {x: 9, w: 1}\nb: {<<: [*a, *c]}\n',
  'a: 1\n<<: {b: 2}\n',
  '? [a, b]\n: 1\n',
  '- [k: v]\n',
];

for (const text of SAME) {
  test(`same value as yaml's toJS: ${JSON.stringify(text.slice(0, 40))}`, () => {
    const expected = parseAllDocuments(text)[0].toJS();
    const { value, error } = new YamlChunk(text).toJS();
    assert.equal(error, undefined);
    assert.deepEqual(value, expected);
  });
}

test('a recursive alias is an error at the alias, never a circular value', () => {
  for (const text of ['r: &r [*r]\n', 'a: &a {b: *a}\n', 'a: &a\n  b:\n    c: [1, *a]\n']) {
    const chunk = new YamlChunk(text);
    const r = chunk.toJS();
    assert.equal(r.value, null);
    assert.match(r.error ?? '', /refers to a node that contains it/);
    assert.equal(text.slice(r.errorRange![0], r.errorRange![1]).trim(), text.match(/\*[a-z]/)![0]);
  }
});

test('an alias to an anchor redefined later resolves to the definition before it', () => {
  assert.deepEqual(new YamlChunk('a: &x 1\nb: *x\nc: &x 2\nd: *x\n').toJS().value, { a: 1, b: 1, c: 2, d: 2 });
});

test('`__proto__` is a key like any other', () => {
  const { value } = new YamlChunk('__proto__: {polluted: true}\n').toJS();
  assert.equal(Object.getPrototypeOf(value), Object.prototype);
  assert.deepEqual(Object.keys(value as object), ['__proto__']);
  assert.equal(({} as { polluted?: boolean }).polluted, undefined);
});

test('duplicate keys are found without the parser check, on the repeated key, flow and block', () => {
  const chunk = new YamlChunk('a: 1\nb:\n  c: 1\n  c: 2\nd: {e: 1, e: 2}\n1: x\n"1": y\n');
  const dups = chunk.docs[0].errors.filter((e) => e.code === 'DUPLICATE_KEY');
  assert.deepEqual(
    dups.map((e) => e.pos[0]),
    [chunk.text.indexOf('c: 2'), chunk.text.indexOf('e: 2')],
  );
  assert.equal(dups[0].message, 'Map keys must be unique');
});
