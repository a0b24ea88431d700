import { appendItem, removeEntry, setKey } from '../../yaml/yaml-edits';
import { isPlainObject } from '../../model/effective-intent';
import type { IntentRule } from '../rule-context';
import type { YamlPath } from '../../yaml/yaml-chunk';

const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL|ACCESS_?KEY|AUTH_?KEY)/i;
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^@\s/]+@/i;

export function looksSecret(name: string, value: unknown): boolean {
  if (typeof value === 'string' && URL_WITH_PASSWORD.test(value)) return true;
  return SECRET_NAME.test(name) && value !== '' && value !== null && value !== undefined && typeof value !== 'boolean';
}

function secretKeyName(env: string): string {
  return env.toLowerCase().replace(/_/g, '-');
}

/** Literal secrets are refused: they would land in Git and in a ConfigMap. The fix moves them to a reference. */
export const secretRules: IntentRule = (ctx) => {
  const spec = ctx.intent.spec;
  if (!isPlainObject(spec)) return;
  const name = typeof ctx.intent.metadata?.name === 'string' ? ctx.intent.metadata.name : 'app';
  const secretName = `${name}-secrets`;
  const envSources: Array<{ env: Record<string, unknown>; path: YamlPath }> = [];
  if (isPlainObject(spec.env)) envSources.push({ env: spec.env, path: ['spec', 'env'] });
  for (const [envName, o] of Object.entries(isPlainObject(spec.environments) ? spec.environments : {})) {
    if (isPlainObject(o) && isPlainObject(o.env))
      envSources.push({ env: o.env, path: ['spec', 'environments', envName, 'env'] });
  }
  for (const { env, path } of envSources) {
    for (const [key, value] of Object.entries(env)) {
      if (!looksSecret(key, value)) continue;
      const ref = { env: key, secretRef: { name: secretName, key: secretKeyName(key) } };
      const move = ctx.fix(
        `Move '${key}' to a secret reference (${secretName}/${secretKeyName(key)})`,
        [removeEntry(ctx.chunk, [...path, key]), appendItem(ctx.chunk, ['spec', 'secrets'], ref)],
        true,
      );
      ctx.report(
        'literal-secret',
        'error',
        [...path, key],
        `'${key}' looks like a credential written in plain text: reference an existing Secret (secrets[].secretRef) or an External Secret instead.`,
        [move],
      );
    }
  }
  const secrets = Array.isArray(spec.secrets) ? spec.secrets : [];
  const plainEnv = new Set(Object.keys(isPlainObject(spec.env) ? spec.env : {}));
  secrets.forEach((s, i) => {
    if (!isPlainObject(s)) return;
    const path: YamlPath = ['spec', 'secrets', i];
    if (s.value !== undefined) {
      const key = typeof s.env === 'string' ? secretKeyName(s.env) : 'value';
      const edits = [
        removeEntry(ctx.chunk, [...path, 'value']),
        s.secretRef ? undefined : setKey(ctx.chunk, path, 'secretRef', { name: secretName, key }),
      ];
      ctx.report(
        'literal-secret',
        'error',
        [...path, 'value'],
        `A literal secret value would be stored in Git: use 'secretRef' (an existing Secret) or 'externalSecret'.`,
        [ctx.fix(`Replace with secretRef ${secretName}/${key}`, edits.filter(Boolean), true)],
        false,
      );
    } else if (!s.secretRef && !s.externalSecret) {
      ctx.report(
        'secret-source-missing',
        'error',
        path,
        `Secret '${String(s.env)}' needs 'secretRef' or 'externalSecret'.`,
        [
          ctx.fix(
            'Add secretRef',
            [setKey(ctx.chunk, path, 'secretRef', { name: secretName, key: secretKeyName(String(s.env)) })],
            true,
          ),
        ],
        false,
      );
    } else if (s.secretRef && s.externalSecret) {
      ctx.report(
        'secret-source-ambiguous',
        'error',
        path,
        `Secret '${String(s.env)}' has both 'secretRef' and 'externalSecret': keep one.`,
        [],
        false,
      );
    }
    if (typeof s.env === 'string' && plainEnv.has(s.env)) {
      ctx.report(
        'duplicate-env',
        'error',
        [...path, 'env'],
        `'${s.env}' is set both in env and in secrets: the container would get two values.`,
      );
    }
  });
};
