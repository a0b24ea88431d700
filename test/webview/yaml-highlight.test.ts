// The YAML tokenizer behind the manifests' highlighting (webview/yaml-highlight.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { highlightYaml, type Token } from '../../webview/yaml-highlight';

/** A line's text put back together from its tokens. */
const joined = (tokens: Token[]) => tokens.map((t) => t.text).join('');
const line = (tokens: Token[]) => tokens.filter((t) => t.cls !== 'text').map((t) => `${t.cls}:${t.text}`);

test('keys, punctuation and typed scalars', () => {
  const [a, b, c, d] = highlightYaml('replicas: 3\nenabled: true\nname: web # the name\nratio: "0.5"\n');
  assert.deepEqual(line(a), ['key:replicas', 'punct::', 'number:3']);
  assert.deepEqual(line(b), ['key:enabled', 'punct::', 'bool:true']);
  assert.deepEqual(line(c), ['key:name', 'punct::', 'string:web', 'comment:# the name']);
  assert.deepEqual(line(d), ['key:ratio', 'punct::', 'string:"0.5"']);
});

test('list items, nested keys, quoted keys and a # inside quotes', () => {
  const [a, b, c] = highlightYaml('  - name: app\n    "app.kubernetes.io/name": x\n    url: "http://h/#frag"\n');
  assert.deepEqual(line(a), ['punct:-', 'key:name', 'punct::', 'string:app']);
  assert.deepEqual(line(b), ['key:"app.kubernetes.io/name"', 'punct::', 'string:x']);
  assert.deepEqual(line(c), ['key:url', 'punct::', 'string:"http://h/#frag"']);
});

test('a block scalar: its lines are string content until the indentation returns', () => {
  const out = highlightYaml('data:\n  script: |\n    echo a: b # not a key\n\n    exit 1\n  next: 1\n');
  assert.deepEqual(line(out[1]), ['key:script', 'punct::', 'block:|']);
  assert.deepEqual(line(out[2]), ['string:    echo a: b # not a key']);
  assert.deepEqual(out[3], []);
  assert.deepEqual(line(out[4]), ['string:    exit 1']);
  assert.deepEqual(line(out[5]), ['key:next', 'punct::', 'number:1']);
});

test('comments, document markers, anchors and values with colons', () => {
  const [a, b, c, d] = highlightYaml('# Source: chart/templates/x.yaml\n---\nbase: &b {a: 1}\nimage: "repo:1.0"\n');
  assert.deepEqual(line(a), ['comment:# Source: chart/templates/x.yaml']);
  assert.deepEqual(line(b), ['punct:---']);
  assert.deepEqual(line(c), ['key:base', 'punct::', 'anchor:&b', 'string:{a: 1}']);
  assert.deepEqual(line(d), ['key:image', 'punct::', 'string:"repo:1.0"']);
});

test('tokens put together give back every line exactly (nothing lost, nothing added)', () => {
  const text = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  annotations:',
    '    note: "<img src=x onerror=alert(1)>"',
    '  labels: {a: b}',
    'spec:',
    '  args: ["--x", "--y=1"]',
    '  - - nested',
    '  cmd: >-',
    '      folded',
    '  weird:key: x',
    '\t',
  ].join('\n');
  assert.deepEqual(highlightYaml(text).map(joined), text.split('\n'));
});
