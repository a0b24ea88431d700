// JMESPath as Kyverno runs it: custom functions, strict plain paths, and what is not supported.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { jmesQuery } from '../../server/policy/jmespath/jmespath';
import { KYVERNO_FUNCTIONS, UNSUPPORTED_FUNCTIONS } from '../../server/policy/jmespath/functions';

const data = {
  request: {
    object: {
      metadata: { name: 'web', labels: { app: 'web', 'app.kubernetes.io/name': 'web' } },
      spec: { containers: [{ name: 'a', image: 'nginx:1' }, { name: 'b' }] },
    },
  },
  cm: { data: { DB_PASSWORD: 'x', user: 'y' } },
};

const cases: Array<[string, unknown]> = [
  ['to_upper(request.object.metadata.name)', 'WEB'],
  ["to_lower('ABC')", 'abc'],
  ["trim('--a--', '-')", 'a'],
  ["trim_prefix('v1.2.3', 'v')", '1.2.3'],
  ["split('a,b,c', ',')", ['a', 'b', 'c']],
  ["replace('aaa', 'a', 'b', `-1`)", 'bbb'],
  ["replace_all('a-b-c', '-', '/')", 'a/b/c'],
  ["regex_match('^nginx:', request.object.spec.containers[0].image)", true],
  ["regex_match('(?i)^NGINX', 'nginx')", true],
  ["regex_replace_all('([a-z]+):([0-9]+)', 'nginx:1', '${2}-${1}')", '1-nginx'],
  ["regex_replace_all_literal('[0-9]', 'a1b2', '$1')", 'a$1b$1'],
  ["pattern_match('nginx:*', 'nginx:1')", true],
  ['label_match(`{"app":"web"}`, request.object.metadata.labels)', true],
  ['label_match(`{"app":"api"}`, request.object.metadata.labels)', false],
  ["to_boolean('TrUe')", true],
  ["compare('a', 'b')", -1],
  ["equal_fold('Web', 'wEB')", true],
  ["add('1Gi', '512Mi')", '1536Mi'],
  ['add(`1`, `2`)', 3],
  ["add('1h', `5`)", '1h0m5s'],
  ["subtract('1', '250m')", '750m'],
  ["multiply('250m', `4`)", '1'],
  ["divide('10Mi', '5Ki')", 2048],
  ["divide('1h', '30s')", 120],
  ['modulo(`7`, `3`)', 1],
  ["sum(['1Gi', '1Gi', '512Mi'])", '2560Mi'],
  ['round(`1.2345`, `2`)', 1.23],
  ["base64_encode('hello')", 'aGVsbG8='],
  ["base64_decode('aGVsbG8=')", 'hello'],
  ["path_canonicalize('/a//b/../c/')", '/a/c'],
  ["truncate('abcdef', `3`)", 'abc'],
  ["semver_compare('1.2.3', '>=1.0.0 <2.0.0')", true],
  ['parse_json(\'{"a": [1]}\')', { a: [1] }],
  ["parse_yaml('a: [1, 2]')", { a: [1, 2] }],
  ["lookup(request.object.metadata.labels, 'app')", 'web'],
  ['lookup(request.object.spec.containers, `5`)', null],
  [
    "items(cm.data, 'key', 'value')",
    [
      { key: 'DB_PASSWORD', value: 'x' },
      { key: 'user', value: 'y' },
    ],
  ],
  ["object_from_lists(['a', 'b'], [`1`])", { a: 1, b: null }],
  ["image_normalize('nginx')", 'docker.io/nginx:latest'],
  ["time_diff('2024-01-01T00:00:00Z', '2024-01-01T01:30:00Z')", '1h30m0s'],
  ["time_add('2024-01-01T00:00:00Z', '90m')", '2024-01-01T01:30:00Z'],
  ["time_before('2024-01-01T00:00:00Z', '2024-06-01T00:00:00Z')", true],
  ["time_parse('2006-01-02', '2024-03-05')", '2024-03-05T00:00:00Z'],
  ["time_truncate('2024-01-01T10:47:00Z', '1h')", '2024-01-01T10:00:00Z'],
  ["time_to_cron('2024-03-05T02:30:00Z')", '30 2 5 3 2'],
  ['request.object.metadata.labels."app.kubernetes.io/name"', 'web'],
  ['request.object.spec.containers[].image', ['nginx:1']],
  ["request.object.metadata.labels.missing || 'default'", 'default'],
  ['`foo`', 'foo'], // legacy literal, as go-jmespath accepts
];

describe('Kyverno JMESPath functions', () => {
  for (const [expr, expected] of cases) test(expr, () => assert.deepEqual(jmesQuery(expr, data), expected));
  test('a plain path to a missing key is an error, as Kyverno reports it', () => {
    assert.throws(() => jmesQuery('request.object.metadata.annotations.x', data), /Unknown key "annotations" in path/);
  });
  test('a plain path through a non-object is null', () =>
    assert.equal(jmesQuery('request.object.metadata.name.x', data), null));
  test('unsupported functions fail with the reason', () => {
    for (const name of Object.keys(UNSUPPORTED_FUNCTIONS))
      assert.throws(() => jmesQuery(`${name}('x')`, data), /not supported offline/);
  });
  test('argument types are checked', () =>
    assert.throws(() => jmesQuery('to_upper(`1`)', data), /argument #1 is not of type String/));
  test("'30m' is thirty milli-units, not minutes, as Kyverno documents", () =>
    assert.throws(() => jmesQuery("divide('1h', '30m')", data), /types mismatch/));
  test('divide by zero is an error', () => assert.throws(() => jmesQuery('divide(`1`, `0`)', data), /Zero divisor/));
  test('every registered function is exercised above', () => {
    const used = KYVERNO_FUNCTIONS.filter((f) => !cases.some(([e]) => e.includes(`${f}(`)));
    assert.deepEqual(
      used.filter(
        (f) => !['time_now', 'time_now_utc', 'time_utc', 'time_after', 'time_between', 'time_since'].includes(f),
      ),
      [],
    );
  });
  test('clock functions return RFC 3339 times', () => {
    assert.match(String(jmesQuery('time_now_utc()', data)), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    assert.equal(jmesQuery("time_utc('2024-01-01T02:00:00+02:00')", data), '2024-01-01T00:00:00Z');
    assert.equal(jmesQuery("time_after('2024-06-01T00:00:00Z', '2024-01-01T00:00:00Z')", data), true);
    assert.equal(
      jmesQuery("time_between('2024-03-01T00:00:00Z', '2024-01-01T00:00:00Z', '2024-06-01T00:00:00Z')", data),
      true,
    );
    assert.equal(jmesQuery("time_since('', '2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z')", data), '24h0m0s');
  });
});
