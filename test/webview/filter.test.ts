// The search box of the manifests view (webview/filter.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filterItems, parseQuery, type Filterable } from '../../webview/filter';

const items: Filterable[] = [
  {
    kind: 'Deployment',
    name: 'web',
    labels: { 'app.kubernetes.io/name': 'web', 'platform.example.com/tier': 'production' },
  },
  { kind: 'Service', name: 'web', labels: { 'app.kubernetes.io/name': 'web' } },
  { kind: 'ServiceAccount', name: 'web-sa', namespace: 'shop', labels: {} },
  { kind: 'ConfigMap', name: 'settings', labels: { team: 'payments' } },
];
const names = (q: string) => filterItems(items, q).map((i) => `${i.kind}/${i.name}`);

test('an empty query keeps everything', () => {
  assert.equal(filterItems(items, '   ').length, items.length);
});

test('free text matches kind, name, namespace and label keys/values, case-insensitively', () => {
  assert.deepEqual(names('WEB'), ['Deployment/web', 'Service/web', 'ServiceAccount/web-sa']);
  assert.deepEqual(names('payments'), ['ConfigMap/settings']);
  assert.deepEqual(names('shop'), ['ServiceAccount/web-sa']);
});

test('kind: and name: restrict to that field; terms combine with AND', () => {
  assert.deepEqual(names('kind:service'), ['Service/web', 'ServiceAccount/web-sa']);
  assert.deepEqual(names('kind:service name:sa'), ['ServiceAccount/web-sa']);
  assert.deepEqual(names('name:settings kind:deploy'), []);
});

test('key=value (or label:key=value) matches labels; label:key alone matches the key', () => {
  assert.deepEqual(names('tier=prod'), ['Deployment/web']);
  assert.deepEqual(names('label:app.kubernetes.io/name=web kind:service'), ['Service/web']);
  assert.deepEqual(names('label:team'), ['ConfigMap/settings']);
});

test('the parser ignores empty field terms', () => {
  assert.deepEqual(parseQuery('kind: name: label: web'), [{ field: 'any', text: 'web' }]);
});
