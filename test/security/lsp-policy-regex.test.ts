import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jmesQuery } from '../../server/policy/jmespath/jmespath';
import { evaluateCel, withRe2Matches } from '../../server/policy/cel/cel-env';
import {
  checkEvaluationBudget,
  EvaluationBudgetError,
  withEvaluationBudget,
} from '../../server/policy/jmespath/evaluation-budget';

// A backtracking engine needs ~2^40 steps for these; RE2 answers at once. The test timeout is the hang guard.
const EVIL = `${'a'.repeat(40)}!`;

test('JMESPath regex_match on a catastrophic-backtracking pattern answers (RE2)', { timeout: 10_000 }, () => {
  assert.equal(jmesQuery(`regex_match('^(a+)+$', '${EVIL}')`, {}), false);
  assert.equal(jmesQuery(`regex_match('^(a+)+$', '${'a'.repeat(40)}')`, {}), true);
  assert.equal(jmesQuery(`regex_replace_all('^(a|aa)+$', '${EVIL}', 'x')`, {}), EVIL);
});

test('CEL matches, find and findAll use RE2 too', { timeout: 10_000 }, () => {
  assert.equal(evaluateCel(`s.matches('^(a+)+$')`, { s: EVIL }), false);
  assert.equal(evaluateCel(`s.find('(a+)+!')`, { s: EVIL }), EVIL);
  assert.deepEqual(evaluateCel(`'a1b22'.findAll('[0-9]+')`, {}), ['1', '22']);
  assert.equal(evaluateCel(`'ABC'.matches('(?i)^abc$')`, {}), true);
});

test('RE2 syntax: look-ahead and back-references are errors, as in Kyverno (Go regexp)', () => {
  assert.throws(() => jmesQuery(`regex_match('(?=x)x', 'x')`, {}), /regex_match.*error parsing regexp/);
  assert.throws(() => evaluateCel(`'aa'.matches('(a)\\\\1')`, {}), /matches.*error parsing regexp/);
  assert.equal(jmesQuery(`regex_match('(?P<n>[0-9]+)', 'v12')`, {}), true);
});

test('Go replacement templates and empty-match rules', () => {
  assert.equal(jmesQuery(`regex_replace_all('([a-z])(?P<d>[0-9])', 'a1 b2', '\${d}$1$$')`, {}), '1a$ 2b$');
  // `$1x` is the (missing) group named `1x` in Go, not group 1 then `x`.
  assert.equal(jmesQuery(`regex_replace_all('(a)', 'a', '$1x')`, {}), '');
  // An empty match right after a match is skipped (Go), unlike String.prototype.replace.
  assert.equal(jmesQuery(`regex_replace_all('a*', 'baaac', 'X')`, {}), 'XbXcX');
  assert.equal(jmesQuery(`regex_replace_all_literal('a+', 'baac', '$1')`, {}), 'b$1c');
});

test('matches is rewritten only outside string literals', () => {
  assert.equal(
    withRe2Matches(`a.matches('x.matches(y)') && "b.matches(c)" == r'\\'.matches(d)`),
    `a.re2Matches('x.matches(y)') && "b.matches(c)" == r'\\'.re2Matches(d)`,
  );
  assert.equal(withRe2Matches(`'''x.matches(y)'''.size() > 0`), `'''x.matches(y)'''.size() > 0`);
});

test('an evaluation past its budget stops with a clear error', () => {
  assert.throws(
    () =>
      withEvaluationBudget(() => {
        const until = performance.now() + 20;
        while (performance.now() < until);
        checkEvaluationBudget();
      }, 5),
    (e: unknown) => e instanceof EvaluationBudgetError && /exceeded its 5 ms budget/.test(e.message),
  );
  // Nested evaluations share the outer deadline; outside any budget nothing throws.
  assert.doesNotThrow(() => checkEvaluationBudget());
  assert.equal(
    withEvaluationBudget(() => jmesQuery(`regex_match('a', 'a')`, {}), 1000),
    true,
  );
});
