// The demo's finding lines: the message wraps at word boundaries (never cut), each names its object.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findingLines, objectName, wrap } from '../../scripts/finding-lines.mjs';

const long =
  'validation error: All containers must define a livenessProbe. rule require-liveness-probe failed at path /spec/template/spec/containers/0/livenessProbe/ because the seed pattern is a string pattern and Kyverno fails it for object-valued probes too';

describe('demo finding lines', () => {
  test('wrap keeps every word, in order, and no line is longer than the width', () => {
    const lines = wrap(long, 60);
    assert.ok(lines.length > 2);
    assert.equal(lines.join(' '), long.replace(/\s+/g, ' '));
    for (const l of lines) assert.ok(l.length <= 60 || !l.includes(' '), `too long: ${l}`);
  });

  test('a word longer than the width gets its own line, uncut', () => {
    const word = 'x'.repeat(80);
    assert.deepEqual(wrap(`a ${word} b`, 20), ['a', word, 'b']);
  });

  test('two findings with the same rule and message on different objects print differently', () => {
    const base = {
      severity: 'error',
      code: 'helm-baseline/require-liveness-probe',
      message: long,
      environments: ['default'],
    };
    const a = findingLines({ ...base, object: { kind: 'Rollout', name: 'my-service' } });
    const b = findingLines({ ...base, object: { kind: 'Job', name: 'my-service-migrate' } });
    assert.notEqual(a[0], b[0]);
    assert.match(a[0], /Rollout\/my-service/);
    assert.match(b[0], /Job\/my-service-migrate/);
    assert.equal(
      a
        .slice(1)
        .map((l) => l.trim())
        .join(' '),
      long,
    );
  });

  test('chart-wide findings (helm lint) are named as the chart', () => {
    assert.equal(objectName({}), 'chart');
    assert.equal(objectName({ object: { kind: 'Service', name: 'web' } }), 'Service/web');
  });
});
