// Kyverno's wildcards, Kubernetes quantities, Go durations and semver ranges, as table cases.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatDuration, parseDuration } from '../../server/policy/util/duration';
import { compareQuantities, formatQuantity, parseQuantity } from '../../server/policy/util/quantity';
import { parseSemver, parseSemverRange } from '../../server/policy/util/semver';
import { wildcardMatch } from '../../server/policy/wildcards/wildcard';

describe('wildcards: * is any run (also empty), ? exactly one character', () => {
  const cases: Array<[string, string, boolean]> = [
    ['*', '', true],
    ['?*', '', false],
    ['?*', 'a', true],
    ['?', 'ab', false],
    ['nginx:*', 'nginx:1.25', true],
    ['*:latest', 'nginx:latest', true],
    ['*:latest', 'nginx:1.25', false],
    ['prod-*', 'prod-eu', true],
    ['prod-*', 'staging', false],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXbYY', false],
    ['app.kubernetes.io/*', 'app.kubernetes.io/name', true],
    ['literal', 'literal', true],
    ['[abc]', 'a', false], // no character classes
  ];
  for (const [pattern, value, expected] of cases) {
    test(`'${pattern}' vs '${value}' → ${expected}`, () => assert.equal(wildcardMatch(pattern, value), expected));
  }
});

describe('quantities compare across units and formats', () => {
  const cmp: Array<[string, string, -1 | 0 | 1]> = [
    ['500m', '1', -1],
    ['1000m', '1', 0],
    ['1Gi', '1024Mi', 0],
    ['1G', '1Gi', -1],
    ['2e3', '2k', 0],
    ['0.5', '500m', 0],
    ['1.5Gi', '1536Mi', 0],
    ['128974848', '129e6', -1],
    ['1n', '0.1n', 0], // below nano precision rounds up
  ];
  for (const [a, b, expected] of cmp) {
    test(`${a} vs ${b} → ${expected}`, () =>
      assert.equal(compareQuantities(parseQuantity(a)!, parseQuantity(b)!), expected));
  }
  for (const bad of ['', '1h', 'Gi', '1.2.3', '1 Gi', 'abc', '10K']) {
    test(`'${bad}' is not a quantity`, () => assert.equal(parseQuantity(bad), undefined));
  }
  const canonical: Array<[string, string]> = [
    ['1536Mi', '1536Mi'],
    ['2048Mi', '2Gi'],
    ['1500m', '1500m'],
    ['2000m', '2'],
    ['1000', '1k'],
    ['512', '512'],
  ];
  for (const [input, expected] of canonical)
    test(`${input} prints as ${expected}`, () => assert.equal(formatQuantity(parseQuantity(input)!), expected));
});

describe('Go durations', () => {
  const parse: Array<[string, number | undefined]> = [
    ['1h30m', 5400e9],
    ['90s', 90e9],
    ['1.5h', 5400e9],
    ['300ms', 300e6],
    ['-2m', -120e9],
    ['0', 0],
    ['1', undefined], // a bare number needs a unit
    ['1d', undefined],
    ['', undefined],
  ];
  for (const [input, ns] of parse) test(`'${input}' → ${ns}`, () => assert.equal(parseDuration(input), ns));
  const print: Array<[number, string]> = [
    [3605e9, '1h0m5s'],
    [90e9, '1m30s'],
    [500e6, '500ms'],
    [0, '0s'],
  ];
  for (const [ns, text] of print) test(`${ns}ns prints as ${text}`, () => assert.equal(formatDuration(ns), text));
});

describe('semantic versions and ranges', () => {
  const cases: Array<[string, string, boolean]> = [
    ['1.2.3', '>=1.0.0 <2.0.0', true],
    ['2.0.0', '>=1.0.0 <2.0.0', false],
    ['1.2.3', '1.2.x', true],
    ['1.3.0', '1.2.x', false],
    ['1.0.0-rc.1', '<1.0.0', true],
    ['3.1.0', '<2.0.0 || >=3.0.0', true],
    ['1.2.3', '!=1.2.3', false],
  ];
  for (const [v, r, expected] of cases)
    test(`${v} in '${r}' → ${expected}`, () => assert.equal(parseSemverRange(r)(parseSemver(v)!), expected));
  test('strict parsing rejects a leading v and missing parts', () => {
    assert.equal(parseSemver('v1.2.3'), undefined);
    assert.equal(parseSemver('1.2'), undefined);
    assert.throws(() => parseSemverRange('>=banana'), /invalid semver range/);
  });
});
