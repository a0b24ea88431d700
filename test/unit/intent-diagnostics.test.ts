import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from '../../server/check/check-text';
import { severityName, type Finding } from '../../server/check/finding';
import { defaultPlatformConfig, resolvePlatformConfig } from '../../server/model/platform-config';
import { locate, REFERENCE_INTENT, replaceOnce } from '../support/fixtures';
import { applyEdits } from '../support/lsp-client';

const config = defaultPlatformConfig();
const check = (text: string, cfg = config) => checkText(text, 'intent', cfg);
const only = (fs: Finding[], code: string) => {
  const hits = fs.filter((f) => f.code === code);
  assert.equal(
    hits.length,
    1,
    `expected one ${code}, got: ${JSON.stringify(fs.map((f) => `${f.code}@${f.range.start.line}:${f.range.start.character}`))}`,
  );
  return hits[0];
};
/** Asserts a finding spans exactly `needle` at its occurrence in `text`. */
function assertSpan(f: Finding, text: string, needle: string, after = '') {
  const start = locate(text, needle, after);
  assert.deepEqual(f.range, { start, end: { line: start.line, character: start.character + needle.length } });
}
/** The one `code` finding of `text`, asserted to span exactly `needle` (its first occurrence after `after`). */
function locatedFinding(text: string, code: string, needle: string, after = '', cfg = config): Finding {
  const f = only(check(text, cfg), code);
  assertSpan(f, text, needle, after);
  return f;
}
/** The reference intent with `lines` added to its spec, just before `probe:`. */
const withSpecLines = (lines: string) => replaceOnce(REFERENCE_INTENT, '  probe:\n', `${lines}  probe:\n`);
const codes = (text: string) => check(text).map((f) => f.code);
const fix = (text: string, f: Finding, title?: string) => {
  const chosen = title
    ? f.data?.fixes?.find((x) => x.title === title)
    : (f.data?.fixes?.find((x) => x.preferred) ?? f.data?.fixes?.[0]);
  assert.ok(chosen, `no fix ${title ?? '(preferred)'} among ${JSON.stringify(f.data?.fixes?.map((x) => x.title))}`);
  return applyEdits(text, chosen.edits);
};

test('the reference intent has zero diagnostics', () => {
  assert.deepEqual(check(REFERENCE_INTENT), []);
});

test('wrong enum value is located on the value with a ranked fix', () => {
  const text = replaceOnce(REFERENCE_INTENT, 'tier: production', 'tier: prodution');
  const f = locatedFinding(text, 'schema-enum', 'prodution');
  assert.equal(severityName(f.severity), 'error');
  assert.equal(f.data?.fixes?.[0].title, "Change to 'production'");
  assert.deepEqual(check(fix(text, f)), []);
});

test('unknown key is located on the key with a rename suggestion', () => {
  const text = replaceOnce(REFERENCE_INTENT, '    readOnlyRootFilesystem: true', '    readOnlyRootFileSystem: true');
  const f = locatedFinding(text, 'unknown-key', 'readOnlyRootFileSystem');
  assert.match(f.message, /Did you mean 'readOnlyRootFilesystem'/);
  assert.deepEqual(check(fix(text, f)), []);
});

test('missing required field: finding on the parent key, fix inserts a placeholder block', () => {
  const text = REFERENCE_INTENT.replace(/  image:\n    repository: .*\n    tag: v2.3.1\n/, '');
  const f = locatedFinding(text, 'schema-required', 'spec');
  const fixed = fix(text, f);
  assert.match(fixed, /\n  image:\n    repository: TODO-repository\n/);
  // The placeholder keeps the document valid YAML and is flagged again only by policy (no tag).
  assert.deepEqual(codes(fixed), ['image-tag-missing']);
});

test('wrong type is located on the value', () => {
  const text = replaceOnce(REFERENCE_INTENT, 'maxReplicas: 10', 'maxReplicas: ten');
  locatedFinding(text, 'schema-type', 'ten', 'maxReplicas');
});

test('minReplicas greater than maxReplicas', () => {
  const text = replaceOnce(REFERENCE_INTENT, 'minReplicas: 2', 'minReplicas: 12');
  const f = locatedFinding(text, 'autoscaling-min-gt-max', '12', 'minReplicas');
  assert.deepEqual(check(fix(text, f)), []);
});

test('canary weights: strictly increasing, and ending at 100', () => {
  const text = replaceOnce(
    replaceOnce(REFERENCE_INTENT, 'setWeight: 50', 'setWeight: 10'),
    'setWeight: 100',
    'setWeight: 90',
  );
  const fs = check(text);
  assertSpan(only(fs, 'canary-weight-order'), text, '10', 'setWeight: 10');
  const final = only(fs, 'canary-final-weight');
  assertSpan(final, text, '90', 'setWeight: 90');
  const fixed = fix(text, final);
  assert.match(fixed, /setWeight: 100\n/);
  assert.deepEqual(codes(fixed), ['canary-weight-order']);
});

test('canary weights above 100 are a range error on the value', () => {
  const text = replaceOnce(REFERENCE_INTENT, 'setWeight: 100', 'setWeight: 120');
  locatedFinding(text, 'schema-range', '120');
});

test('durations must look like 30s, 2m, 1h', () => {
  const text = replaceOnce(
    REFERENCE_INTENT,
    '- pause: {duration: 2m}\n      - setWeight: 50',
    '- pause: {duration: 2 minutes}\n      - setWeight: 50',
  );
  locatedFinding(text, 'invalid-duration', '2 minutes');
});

test('latest tag in production is an error with a pin fix; in development a warning', () => {
  const text = replaceOnce(REFERENCE_INTENT, 'tag: v2.3.1', 'tag: latest');
  const f = locatedFinding(text, 'image-tag-latest', 'latest');
  assert.equal(severityName(f.severity), 'error');
  const fixed = fix(text, f);
  assert.match(fixed, /tag: TODO-pin-tag/);
  assert.deepEqual(
    check(fixed).map((x) => [x.code, severityName(x.severity)]),
    [['placeholder-value', 'warning']],
  );
  const dev = replaceOnce(
    replaceOnce(text, 'tier: production', 'tier: development'),
    'strategy: canary',
    'strategy: canary',
  );
  assert.equal(severityName(only(check(dev), 'image-tag-latest').severity), 'warning');
});

test('missing tag in production is reported on the image key', () => {
  const text = replaceOnce(REFERENCE_INTENT, '    tag: v2.3.1\n', '');
  const f = locatedFinding(text, 'image-tag-missing', 'image');
  assert.match(fix(text, f), /    tag: TODO-pin-tag\n  tier: production/);
});

test('probe port must be the container port', () => {
  const text = replaceOnce(REFERENCE_INTENT, 'port: 8080', 'port: 9090');
  const f = locatedFinding(text, 'probe-port-mismatch', '9090');
  assert.deepEqual(check(fix(text, f)), []);
});

test('tier minimum replicas from the platform config', () => {
  const cfg = resolvePlatformConfig({ tiers: { production: { minReplicas: 3 } } }, 'test config');
  const f = locatedFinding(REFERENCE_INTENT, 'tier-min-replicas', '2', 'minReplicas: ', cfg);
  assert.match(f.message, /at least 3 replicas/);
  assert.deepEqual(check(fix(REFERENCE_INTENT, f), cfg), []);
});

test('tier policy can require canary; rolling is then an error with a fix', () => {
  const cfg = resolvePlatformConfig({ tiers: { production: { requireCanary: true } } }, 'test config');
  const text = replaceOnce(REFERENCE_INTENT, 'strategy: canary', 'strategy: rolling');
  const f = locatedFinding(text, 'tier-canary-required', 'rolling', '', cfg);
  assert.deepEqual(check(fix(text, f), cfg), []);
});

test('allowed registries from the platform config', () => {
  const cfg = resolvePlatformConfig({ allowedRegistries: ['registry.example.com'] }, 'test config');
  locatedFinding(
    REFERENCE_INTENT,
    'registry-not-allowed',
    '123456789.dkr.ecr.us-east-1.amazonaws.com/my-service',
    '',
    cfg,
  );
  const ecr = resolvePlatformConfig({ allowedRegistries: ['*.dkr.ecr.*.amazonaws.com'] }, 'test config');
  assert.deepEqual(check(REFERENCE_INTENT, ecr), []);
});

test('a literal secret in env is moved to a secret reference by its fix', () => {
  const text = withSpecLines('  env:\n    LOG_LEVEL: info\n    DB_PASSWORD: hunter2\n');
  const f = locatedFinding(text, 'literal-secret', 'hunter2');
  const fixed = fix(text, f);
  assert.doesNotMatch(fixed, /hunter2/);
  assert.match(
    fixed,
    /secrets:\n    - env: DB_PASSWORD\n      secretRef:\n        name: my-service-secrets\n        key: db-password\n/,
  );
  assert.deepEqual(check(fixed), []);
});

test('a literal secrets[].value is replaced by a secretRef', () => {
  const text = withSpecLines('  secrets:\n    - env: API_TOKEN\n      value: abc\n');
  const f = locatedFinding(text, 'literal-secret', 'value');
  const fixed = fix(text, f);
  assert.deepEqual(check(fixed), []);
  assert.doesNotMatch(fixed, /abc/);
});

test('runAsNonRoot: false in production, and its fix', () => {
  const text = replaceOnce(REFERENCE_INTENT, 'runAsNonRoot: true', 'runAsNonRoot: false');
  const f = locatedFinding(text, 'run-as-root', 'false');
  assert.equal(severityName(f.severity), 'error');
  assert.deepEqual(check(fix(text, f)), []);
});

test('unknown profile lists the profiles of the config and offers them', () => {
  const text = replaceOnce(REFERENCE_INTENT, 'profile: medium', 'profile: meduim');
  const f = locatedFinding(text, 'unknown-profile', 'meduim');
  assert.equal(f.data?.fixes?.[0].title, "Use profile 'medium'");
  assert.deepEqual(check(fix(text, f)), []);
});

test('environment overrides are checked with their own tier, on the override line', () => {
  const text =
    REFERENCE_INTENT +
    '  environments:\n    dev:\n      tier: development\n      replicas: 1\n    prod:\n      autoscaling:\n        minReplicas: 1\n';
  const f = locatedFinding(text, 'tier-min-replicas', '1', 'prod:\n      autoscaling:\n        minReplicas: ');
  assert.match(f.message, /environment 'prod'/);
});

test('multi-document files: each document checked on its own lines', () => {
  const second = replaceOnce(REFERENCE_INTENT, 'tier: production', 'tier: prodution');
  const text = REFERENCE_INTENT + '---\n' + second;
  const f = only(check(text), 'schema-enum');
  const offset = REFERENCE_INTENT.split('\n').length; // lines of doc 1 + the marker line
  assert.equal(f.range.start.line, locate(second, 'prodution').line + offset);
});

test('YAML syntax errors are located, and other documents still checked', () => {
  const text = 'spec: [1, 2\n---\n' + replaceOnce(REFERENCE_INTENT, 'tier: production', 'tier: nope');
  const fs = check(text);
  assert.ok(fs.some((f) => f.code === 'yaml-syntax' && f.range.start.line <= 1));
  assert.ok(fs.some((f) => f.code === 'schema-enum'));
});

test('duplicate keys are a syntax error on the second key', () => {
  const text = replaceOnce(REFERENCE_INTENT, '  tier: production', '  tier: production\n  tier: staging');
  const f = only(check(text), 'yaml-syntax');
  assert.equal(f.range.start.line, locate(text, 'tier: staging').line);
});

test('unknown kind in an intent file', () => {
  const text = replaceOnce(REFERENCE_INTENT, 'kind: DeploymentIntent', 'kind: Deployment');
  const f = locatedFinding(text, 'unknown-kind', 'Deployment');
  assert.deepEqual(check(fix(text, f)), []);
});

test('ServiceIntent keywords must exist in the platform config', () => {
  const text =
    'apiVersion: synthesis.platform/v1alpha1\nkind: ServiceIntent\nmetadata:\n  name: a\nspec:\n  workload:\n    containerImage: registry.corp/auth-svc:2.2.0\n    resources: high-priority-compte\n';
  const f = locatedFinding(text, 'unknown-keyword', 'high-priority-compte');
  assert.deepEqual(check(fix(text, f)), []);
});

test('huge and binary inputs get one clear diagnostic', () => {
  const huge = 'a: ' + 'x'.repeat(6 * 1024 * 1024);
  assert.deepEqual(codes(huge), ['file-too-large']);
  assert.deepEqual(codes('kind: DeploymentIntent\u0000'), ['binary-file']);
});

test('deep nesting does not crash', () => {
  const deep = 'kind: DeploymentIntent\nspec: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n';
  const fs = check(deep);
  assert.ok(fs.length > 0);
  assert.ok(fs.every((f) => typeof f.message === 'string'));
});

test('an empty enum value is one type error, not two', () => {
  const text = replaceOnce(REFERENCE_INTENT, 'tier: production # maps to resource preset and replica policy', 'tier:');
  const fs = check(text);
  assert.deepEqual(
    fs.filter((f) => f.range.start.line === locate(text, 'tier:').line).map((f) => f.code),
    ['schema-type'],
  );
});
