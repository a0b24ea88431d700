// The "Add default canary steps" quick fix writes the steps the compiler renders for a canary intent
// without steps: fixing the warning makes the intent explicit and leaves the generated chart unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { checkText } from '../../server/check/check-text';
import { compileChart } from '../../server/compiler';
import type { AnyIntent } from '../../server/model/effective-intent';
import { defaultPlatformConfig, resolvePlatformConfig } from '../../server/model/platform-config';
import { REFERENCE_INTENT, replaceOnce } from '../support/fixtures';
import { applyEdits } from '../support/lsp-client';

const config = defaultPlatformConfig();
const STEPS = REFERENCE_INTENT.slice(
  REFERENCE_INTENT.indexOf('    steps:\n'),
  REFERENCE_INTENT.indexOf('  security:\n'),
);
const chartOf = (text: string, cfg = config) =>
  Object.fromEntries(compileChart(parse(text) as AnyIntent, cfg).map((f) => [f.path, f.content]));

test('the canary-steps quick fix leaves the compiled chart as it was without steps', () => {
  const withoutSteps = replaceOnce(REFERENCE_INTENT, STEPS, '');
  const finding = checkText(withoutSteps, 'intent', config).find((f) => f.code === 'canary-steps-missing');
  assert.ok(finding, 'a canary intent without steps is warned about');
  const fix = finding.data?.fixes?.find((f) => f.title === 'Add default canary steps');
  assert.ok(fix);
  const fixed = applyEdits(withoutSteps, fix.edits);
  assert.match(fixed, /steps:/);
  assert.ok(!checkText(fixed, 'intent', config).some((f) => f.code === 'canary-steps-missing'));
  assert.deepEqual(chartOf(fixed), chartOf(withoutSteps));
});

test('the tier quick fix that turns a rolling update into a canary renders the default steps too', () => {
  const requiresCanary = resolvePlatformConfig({ tiers: { production: { requireCanary: true } } }, '.helm-intent.yaml');
  const rolling = replaceOnce(REFERENCE_INTENT, `    strategy: canary\n${STEPS}`, '    strategy: rolling\n');
  const canaryWithoutSteps = replaceOnce(rolling, '    strategy: rolling\n', '    strategy: canary\n');
  const finding = checkText(rolling, 'intent', requiresCanary).find((f) => f.code === 'tier-canary-required');
  assert.ok(finding, JSON.stringify(checkText(rolling, 'intent', requiresCanary).map((f) => f.code)));
  const fix = finding.data?.fixes?.find((x) => x.title === 'Use a canary rollout');
  assert.ok(fix);
  const fixed = applyEdits(rolling, fix.edits);
  assert.ok(!checkText(fixed, 'intent', requiresCanary).some((f) => f.code === 'tier-canary-required'));
  assert.deepEqual(chartOf(fixed, requiresCanary), chartOf(canaryWithoutSteps, requiresCanary));
});
