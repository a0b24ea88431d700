// The one owner of intent-kind recognition (file role, completion, code lenses, locator, client).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { intentKindOf, isIntentText } from '../../server/core/intent-kind';
import { fileRole } from '../../server/workspace/file-role';
import { codeLenses } from '../../server/language/code-lenses';

test('a top-level kind line names the intent kind, quoted or not, with a trailing comment', () => {
  assert.equal(intentKindOf('apiVersion: x\nkind: ServiceIntent\n'), 'ServiceIntent');
  assert.equal(intentKindOf('kind: "DeploymentIntent"  # the usual one'), 'DeploymentIntent');
  assert.equal(intentKindOf("kind: 'ServiceIntent'"), 'ServiceIntent');
});

test('other kinds, nested kinds, look-alikes and mismatched quotes are not intents', () => {
  for (const text of [
    'kind: Deployment',
    '  kind: DeploymentIntent',
    'kind: DeploymentIntentX',
    'kind: "ServiceIntent\'',
    '# kind: ServiceIntent',
    '',
  ]) {
    assert.equal(isIntentText(text), false, text);
  }
});

test('the file role and the code lenses agree with it', () => {
  const text = 'apiVersion: helm-intent.dev/v1\nkind: ServiceIntent # ok\nmetadata: {}\n';
  assert.equal(fileRole('/ws/app.yaml', text), 'intent');
  assert.equal(fileRole('/ws/app.yaml', text.replace('ServiceIntent', 'ServiceIntentX')), undefined);
  assert.deepEqual([...new Set(codeLenses('file:///ws/app.yaml', text).map((l) => l.range.start.line))], [1]);
});
