/**
 * The values an environment deploys with: values.yaml with values-<env>.yaml merged over it, as
 * helm merges `--values` files (maps merge key by key; lists and scalars replace; an explicit null
 * is kept, so helm still deletes that default). Also finds literal credentials, which must not go
 * to Git in plain text (seed §5: reference an existing Secret instead).
 */
import { parseDocument } from 'yaml';
import { deepMerge, isPlainObject } from '../model/effective-intent';
import { GitOpsExportError, throwOnYamlError } from './errors';

export type Values = Record<string, unknown>;

/** Parses one values file; a located GitOpsExportError when it is not a YAML mapping. */
export function parseValues(text: string | undefined, file: string): Values {
  if (text === undefined || !text.trim()) return {};
  const doc = parseDocument(text, { uniqueKeys: true });
  throwOnYamlError(doc, file);
  const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (data === null || data === undefined) return {};
  if (!isPlainObject(data))
    throw new GitOpsExportError(
      `a values file is a mapping of keys, got ${Array.isArray(data) ? 'a list' : typeof data}`,
      file,
      1,
    );
  return data;
}

/** values.yaml, then the environment's file over it. */
export function environmentValues(
  base: { text?: string; file: string },
  env?: { text?: string; file: string },
): Values {
  const merged = deepMerge(parseValues(base.text, base.file), env ? parseValues(env.text, env.file) : {});
  return isPlainObject(merged) ? merged : {};
}

/** Words that name a credential when they end a key (`adminPassword`, `jwt.secret`, `clientSecret`). */
const CREDENTIAL_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'secret',
  'token',
  'credential',
  'credentials',
  'apikey',
]);
/** `<word> key` names a credential too (`apiKey`, `private_key`, `accessKey`). */
const KEY_QUALIFIERS = new Set(['api', 'private', 'access', 'secret']);
/** Words that make the key name where a credential is, not the credential (`existingSecret`, `passwordSecretRef`, `tokenFile`). */
const REFERENCE_WORDS = new Set([
  'existing',
  'name',
  'ref',
  'file',
  'path',
  'env',
  'keys',
  'enabled',
  'create',
  'mount',
  'length',
]);

function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

export function isCredentialKey(key: string): boolean {
  const words = keyWords(key);
  if (!words.length || words.some((w) => REFERENCE_WORDS.has(w))) return false;
  const last = words[words.length - 1];
  if (last === 'key') return words.length >= 2 && KEY_QUALIFIERS.has(words[words.length - 2]);
  return CREDENTIAL_WORDS.has(last);
}

/** Dotted paths of non-empty literal strings under credential-like keys. */
export function literalCredentials(values: unknown, prefix = ''): string[] {
  const out: string[] = [];
  const visit = (v: unknown, at: string, key: string | undefined) => {
    if (isPlainObject(v)) {
      for (const [k, child] of Object.entries(v)) visit(child, at ? `${at}.${k}` : k, k);
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, `${at}[${i}]`, key));
    } else if (
      key &&
      typeof v === 'string' &&
      v.trim() &&
      !/^\$\{.*\}$|^\{\{.*\}\}$/.test(v.trim()) &&
      isCredentialKey(key)
    ) {
      out.push(at);
    }
  };
  visit(values, prefix, undefined);
  return out;
}
