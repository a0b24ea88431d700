// Leaf pattern matching (Kyverno's pattern.Validate) and pattern operators, as table cases.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { operatorOf } from '../../server/policy/operator/operator';
import { validateValue } from '../../server/policy/pattern/pattern';

describe('pattern operators', () => {
  const cases: Array<[string, string]> = [
    ['>=2', '>='],
    ['<=1Gi', '<='],
    ['>0', '>'],
    ['<10', '<'],
    ['!latest', '!'],
    ['1-10', '-'],
    ['0Mi-1024Mi', '-'],
    ['0!-1', '!-'],
    ['128Mi!-256Mi', '!-'],
    ['test-value', ''],
    ['value-*', ''],
    ['text1024Mi-2048Mi', ''],
    ['>', ''], // one character: a plain value
    ['!', ''],
  ];
  for (const [pattern, op] of cases) test(`'${pattern}' → '${op}'`, () => assert.equal(operatorOf(pattern), op));
});

describe('validateValue', () => {
  const cases: Array<[string, unknown, unknown, boolean]> = [
    ['bool equal', true, true, true],
    ['bool differs', false, true, false],
    ['bool vs string', 'true', true, false],
    ['number equal', 3, 3, true],
    ['number vs numeric string', '3', 3, true],
    ['float', 1.5, 1.5, true],
    ['null pattern: missing', undefined, null, true],
    ['null pattern: empty string', '', null, true],
    ['null pattern: zero', 0, null, true],
    ['null pattern: false', false, null, true],
    ['null pattern: value present', 'x', null, false],
    ['"?*" needs a non-empty string', '', '?*', false],
    ['"?*" on a string', 'a', '?*', true],
    ['"?*" on a number', 5, '?*', true],
    ['"?*" on an object is a mismatch', { httpGet: {} }, '?*', false],
    ['"*" on an empty string', '', '*', true],
    ['"*" on a missing value', undefined, '*', false],
    ['negated wildcard', 'nginx:latest', '!*:latest', false],
    ['negated wildcard passes', 'nginx:1.25', '!*:latest', true],
    ['alternatives', 'IfNotPresent', 'Always | IfNotPresent', true],
    ['alternatives miss', 'Never', 'Always | IfNotPresent', false],
    ['and', 'nginx:1.25', '*:* & !*:latest', true],
    ['and fails one side', 'nginx', '*:* & !*:latest', false],
    ['>= number', 2, '>=2', true],
    ['> number', 2, '>2', false],
    ['< with spaces', 1, '< 2', true],
    ['range inclusive low', 1, '1-5', true],
    ['range inclusive high', 5, '1-5', true],
    ['range outside', 6, '1-5', false],
    ['not-in-range below', 64, '128!-256', true],
    ['not-in-range inside', 200, '128!-256', false],
    ['quantity less', '500m', '<1', true],
    ['quantity equal across units', '1Gi', '1024Mi', true],
    ['quantity greater', '2Gi', '>1Gi', true],
    ['quantity range', '192Mi', '128Mi-256Mi', true],
    ['quantity vs missing value counts as 0', undefined, '<1', true],
    ['duration less', '5m', '<=10m0s', true],
    ['duration greater', '1h', '<=10m', false],
    ['duration in seconds', '600s', '10m', true],
    ['ordering operators do not apply to words', 'b', '>a', false],
    ['numbers match string patterns as text', 8080, '80*', true],
  ];
  for (const [name, value, pattern, expected] of cases) {
    test(`${name}: ${JSON.stringify(value)} vs ${JSON.stringify(pattern)} → ${expected}`, () =>
      assert.equal(validateValue(value, pattern), expected));
  }
});
