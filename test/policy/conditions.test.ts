// Condition operators, any/all logic and {{ }} substitution, as table cases from Kyverno's docs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EvalContext } from '../../server/policy/context/context';
import { evaluateConditions } from '../../server/policy/variables/conditions';
import { operatorFor } from '../../server/policy/variables/operators';
import { substituteAll } from '../../server/policy/variables/substitute';

type Row = [string, unknown, unknown, boolean];

const table: Record<string, Row[]> = {
  Equals: [
    ['strings', 'eng', 'eng', true],
    ['wildcard in the value', 'prod-eu', 'prod-*', true],
    ['numbers', 3, 3, true],
    ['number vs numeric string', 3, '3', true],
    ['bools', true, true, true],
    ['quantities across units', '1Gi', '1024Mi', true],
    ['durations across units', '1h', '60m', true],
    ['duration vs seconds', '90s', 90, true],
    ['maps deep-equal', { a: 1 }, { a: 1 }, true],
    ['lists deep-equal', ['a', 'b'], ['a', 'b'], true],
    ['type mismatch', 'true', true, false],
    ['null key', null, 'x', false],
  ],
  NotEquals: [
    ['strings differ', 'a', 'b', true],
    ['wildcard match', 'host.mycompany.com', '*.mycompany.com', false],
    ['null key is neither', null, 'x', false],
  ],
  AnyIn: [
    ['scalar in list', 'busybox', ['nginx', 'busybox'], true],
    ['wildcard value', 'prod-eu', ['prod-*'], true],
    ['wildcard key', 'prod-*', ['prod-eu'], true],
    ['list overlaps', ['a', 'z'], ['a', 'b'], true],
    ['list disjoint', ['y', 'z'], ['a', 'b'], false],
    ['numbers as text', [80, 443], ['443'], true],
    ['JSON list in a string', 'b', '["a", "b"]', true],
    ['range string', '8080', '1-1024', false],
    ['range string hit', ['80'], '1-1024', true],
    ['bool key', true, [true], true],
  ],
  AllIn: [
    ['all present', ['a', 'b'], ['a', 'b', 'c'], true],
    ['one missing', ['a', 'd'], ['a', 'b', 'c'], false],
    ['scalar', 'a', ['a'], true],
    ['empty key list', [], ['a'], true],
  ],
  AnyNotIn: [
    ['one outside', ['a', 'd'], ['a', 'b'], true],
    ['all inside', ['a', 'b'], ['a', 'b', 'c'], false],
    ['scalar outside', 'qa', ['dev', 'prod-*'], true],
    ['capability ALL missing from []', 'ALL', [], true],
  ],
  AllNotIn: [
    ['none inside', ['x', 'y'], ['a', 'b'], true],
    ['one inside', ['x', 'a'], ['a', 'b'], false],
    ['scalar outside', 'x', ['a'], true],
  ],
  In: [
    ['deprecated: scalar in list', 'CREATE', ['CREATE', 'UPDATE'], true],
    ['deprecated: wildcard', 'debug-shell', ['debug-*'], true],
    ['deprecated: subset', ['a', 'b'], ['a', 'b', 'c'], true],
    ['deprecated: not a subset', ['a', 'z'], ['a', 'b'], false],
  ],
  NotIn: [
    ['deprecated: absent', 'DELETE', ['CREATE', 'UPDATE'], true],
    ['deprecated: present', 'CREATE', ['CREATE'], false],
  ],
  GreaterThan: [
    ['numbers', 5, 3, true],
    ['number vs numeric string', 5, '10', false],
    ['quantities', '2Gi', '1Gi', true],
    ['milli vs cores', '1500m', '1', true],
    ['durations', '3m', '2m', true],
    ['duration vs seconds', '3m', 200, false],
    ['semver', '1.10.0', '1.9.0', true],
    ['words', 'b', 'a', false],
  ],
  GreaterThanOrEquals: [
    ['equal numbers', 4, 4, true],
    ['equal quantities', '1Gi', '1024Mi', true],
  ],
  LessThan: [
    ['numbers', 1, 2, true],
    ['quantities', '500m', '1', true],
    ['durations', '30s', '1m', true],
  ],
  LessThanOrEquals: [
    ['equal durations', '60s', '1m', true],
    ['greater', 3, 2, false],
  ],
  DurationGreaterThan: [
    ['seconds vs duration', 600, '5m', true],
    ['durations', '1m', '2m', false],
  ],
  DurationGreaterThanOrEquals: [['equal', '60s', '1m', true]],
  DurationLessThan: [['durations', '30s', '1m', true]],
  DurationLessThanOrEquals: [['seconds', 60, '1m', true]],
};

describe('condition operators', () => {
  for (const [op, rows] of Object.entries(table)) {
    for (const [name, key, value, expected] of rows) {
      test(`${op}: ${name} (${JSON.stringify(key)} vs ${JSON.stringify(value)}) → ${expected}`, () =>
        assert.equal(operatorFor(op)!(key, value), expected));
    }
  }
  test('operator names are case-insensitive', () => assert.equal(operatorFor('anyin')!('a', ['a']), true));
  test('unknown operators are not found', () => assert.equal(operatorFor('Contains'), undefined));
});

const ctx = () =>
  EvalContext.forRequest({
    resource: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cm', labels: { team: 'eng' } },
      data: { unit: 'green', n: '3' },
    },
    namespace: 'production',
    operation: 'CREATE',
  });

describe('any / all', () => {
  const eq = (key: string, value: string, message?: string) => ({ key, operator: 'Equals', value, message });
  test('any: one true is enough, and its message is reported', () => {
    const r = evaluateConditions(ctx(), {
      any: [
        eq('{{ request.object.data.unit }}', 'red', 'not red'),
        eq('{{ request.object.data.unit }}', 'green', 'is green'),
      ],
    });
    assert.deepEqual(r, { result: true, message: 'is green' });
  });
  test('all: the first false stops and reports its message', () => {
    const r = evaluateConditions(ctx(), {
      all: [
        eq('{{ request.namespace }}', 'production', 'ns'),
        eq('{{ request.operation }}', 'DELETE', 'not a delete'),
        eq('x', 'x', 'unreached'),
      ],
    });
    assert.deepEqual(r, { result: false, message: 'not a delete' });
  });
  test('any and all together must both hold', () => {
    assert.equal(evaluateConditions(ctx(), { any: [eq('a', 'a')], all: [eq('a', 'b')] }).result, false);
    assert.equal(evaluateConditions(ctx(), { any: [eq('a', 'a')], all: [eq('b', 'b')] }).result, true);
  });
  test('the legacy list form means all', () => {
    assert.equal(evaluateConditions(ctx(), [eq('a', 'a'), eq('a', 'b')]).result, false);
  });
  test('no conditions hold (deny: {} always denies)', () =>
    assert.equal(evaluateConditions(ctx(), undefined).result, true));
  test('a missing key on a plain path is an error, not false', () => {
    assert.throws(
      () => evaluateConditions(ctx(), { all: [eq('{{ request.object.data.missing }}', 'x')] }),
      /failed to substitute variables in condition key: .*Unknown key "missing"/,
    );
  });
  test('|| gives a default instead', () => {
    assert.equal(
      evaluateConditions(ctx(), { all: [eq("{{ request.object.data.missing || 'none' }}", 'none')] }).result,
      true,
    );
  });
  test('an unknown operator is an error', () => {
    assert.throws(
      () => evaluateConditions(ctx(), { all: [{ key: 'a', operator: 'Contains', value: 'a' }] }),
      /unknown operator 'Contains'/,
    );
  });
});

describe('variable substitution', () => {
  const cases: Array<[string, unknown, unknown]> = [
    ['a whole-string variable keeps its type', '{{ request.object.data }}', { unit: 'green', n: '3' }],
    ['inside text it becomes text', 'team {{ request.object.metadata.labels.team }}!', 'team eng!'],
    ['non-strings are spliced as JSON', 'labels={{ request.object.metadata.labels }}', 'labels={"team":"eng"}'],
    ['nested variables resolve inside out', "{{ to_upper('{{ request.object.data.unit }}') }}", 'GREEN'],
    ['escaped variables stay literal', '\\{{ request.namespace }}', '{{ request.namespace }}'],
    ['numbers via functions', '{{ to_number(request.object.data.n) }}', 3],
    ['predefined variables', '{{ request.operation }}/{{ request.namespace }}', 'CREATE/production'],
    ['map keys are substituted too', { '{{ request.object.data.unit }}': 1 }, { green: 1 }],
  ];
  for (const [name, input, expected] of cases)
    test(name, () => assert.deepEqual(substituteAll(ctx(), input), expected));
  test('references resolve against the pattern itself', () => {
    const pattern = { spec: { requests: { memory: '$(<=./../../limits/memory)' }, limits: { memory: '2Gi' } } };
    assert.deepEqual(substituteAll(ctx(), pattern), {
      spec: { requests: { memory: '<=2Gi' }, limits: { memory: '2Gi' } },
    });
  });
  test('{{@}} is reported as unsupported', () => assert.throws(() => substituteAll(ctx(), '{{@}}'), /not supported/));
});
