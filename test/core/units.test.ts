// One owner each for durations, quantities and label selectors (policy engine, helm, live status, compiler).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { durationMs, durationSeconds, formatGoDuration, parseDuration } from '../../server/core/duration';
import { quantityValue } from '../../server/core/quantity';
import { selectorMatches, workloadSelects } from '../../server/core/label-selector';
import { selectorMatches as policySelectorMatches } from '../../server/policy/match/label-selector';

test('one Go duration parser serves nanoseconds, helm milliseconds and compiler seconds', () => {
  assert.equal(parseDuration('1h30m'), 5400e9);
  assert.equal(durationMs('1h30m'), 5_400_000);
  assert.equal(durationMs('90'), 90_000, 'a bare number is seconds for helm/kubectl');
  assert.equal(durationMs('-5s'), undefined, 'a negative timeout is no timeout');
  assert.equal(durationSeconds('1m30s'), 90);
  assert.equal(durationSeconds('500ms'), 1, 'rounded up to a whole second');
  assert.equal(durationSeconds('1.5m'), 90, 'fractions as Go reads them');
  assert.equal(formatGoDuration(300_000), '5m0s');
});

test('quantities as numbers: cores and bytes, exact suffixes, junk refused', () => {
  assert.equal(quantityValue('500m'), 0.5);
  assert.equal(quantityValue('1Gi'), 2 ** 30);
  assert.equal(quantityValue('2e3'), 2000);
  assert.equal(quantityValue(3), 3);
  for (const junk of ['1GB', '', 'Gi', {}, Number.NaN]) assert.equal(quantityValue(junk), undefined, String(junk));
});

test('selectors see own label keys only, not Object.prototype', () => {
  const exists = { matchExpressions: [{ key: 'constructor', operator: 'Exists' as const }] };
  const absent = { matchExpressions: [{ key: 'toString', operator: 'DoesNotExist' as const }] };
  assert.equal(selectorMatches(exists, { app: 'a' }), false);
  assert.equal(policySelectorMatches(exists, { app: 'a' }), false, 'the policy engine, which used `key in labels`');
  assert.equal(policySelectorMatches(absent, { app: 'a' }), true);
  assert.equal(policySelectorMatches({ matchLabels: { hasOwnProperty: 'x' } }, {}), false);
  assert.equal(selectorMatches(exists, { constructor: 'yes' }), true);
});

test('an empty selector matches every object in a policy, but a workload with one selects no pods', () => {
  assert.equal(selectorMatches({}, { app: 'a' }), true);
  assert.equal(workloadSelects({}, { app: 'a' }), false);
  assert.equal(workloadSelects(undefined, { app: 'a' }), false);
  assert.equal(workloadSelects({ matchLabels: { app: 'a' } }, { app: 'a', pod: '1' }), true);
});
