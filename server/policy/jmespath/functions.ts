/**
 * Kyverno's custom JMESPath functions that need no cluster. Functions Kyverno has but this engine
 * cannot offer offline are listed in UNSUPPORTED_FUNCTIONS and fail with a clear message.
 */
import type * as JmesPathModule from '@jmespath-community/jmespath' with { 'resolution-mode': 'import' };
import { posix } from 'node:path';
import { parse as parseYamlText } from 'yaml';
import { parseSemver, parseSemverRange } from '../util/semver';
import { wildcardMatch } from '../wildcards/wildcard';
import { checkEvaluationBudget } from './evaluation-budget';
import { goMatch, goReplaceAll } from './go-regexp';
import { addOrSubtract, divide, modulo, multiply, toOperand } from './arithmetic';
import { timeFunctions } from './time';

export const UNSUPPORTED_FUNCTIONS: Record<string, string> = {
  random: 'generates random values; results would not be reproducible',
  x509_decode: 'certificate parsing is not implemented offline',
};

type Fn = (...args: unknown[]) => unknown;

function str(fn: string, v: unknown, i: number): string {
  if (typeof v !== 'string') throw new Error(`JMESPath function '${fn}': argument #${i + 1} is not of type String`);
  return v;
}

function num(fn: string, v: unknown, i: number): number {
  if (typeof v !== 'number') throw new Error(`JMESPath function '${fn}': argument #${i + 1} is not of type Number`);
  return v;
}

/** Kyverno's ifaceToString: numbers, strings and booleans become text. */
function text(fn: string, v: unknown, i: number): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new Error(`JMESPath function '${fn}': argument #${i + 1} is not of type String or Real`);
}

function goTrim(s: string, cutset: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && cutset.includes(s[start])) start++;
  while (end > start && cutset.includes(s[end - 1])) end--;
  return s.slice(start, end);
}

/** regex_replace_all and its _literal twin: RE2 replace, `literal` turns off `$1` templates. */
function regexReplaceAll(name: string, literal: boolean): { args: number; fn: Fn } {
  return {
    args: 3,
    fn: (re, src, rep) =>
      goReplaceAll(`JMESPath function '${name}'`, str(name, re, 0), text(name, src, 1), text(name, rep, 2), literal),
  };
}

const FUNCTIONS: Record<string, { args: number; optional?: number; fn: Fn }> = {
  compare: {
    args: 2,
    fn: (a, b) => {
      const x = str('compare', a, 0);
      const y = str('compare', b, 1);
      return x < y ? -1 : x > y ? 1 : 0;
    },
  },
  equal_fold: {
    args: 2,
    fn: (a, b) => str('equal_fold', a, 0).toLowerCase() === str('equal_fold', b, 1).toLowerCase(),
  },
  replace: {
    args: 4,
    fn: (s, o, n, count) => {
      const [src, old, rep] = [str('replace', s, 0), str('replace', o, 1), str('replace', n, 2)];
      let times = num('replace', count, 3);
      if (times < 0) return src.split(old).join(rep);
      let out = src;
      let from = 0;
      while (times-- > 0) {
        const at = out.indexOf(old, from);
        if (at < 0) break;
        out = out.slice(0, at) + rep + out.slice(at + old.length);
        from = at + rep.length + (old === '' ? 1 : 0);
      }
      return out;
    },
  },
  replace_all: {
    args: 3,
    fn: (s, o, n) =>
      str('replace_all', s, 0)
        .split(str('replace_all', o, 1))
        .join(str('replace_all', n, 2)),
  },
  to_upper: { args: 1, fn: (s) => str('to_upper', s, 0).toUpperCase() },
  to_lower: { args: 1, fn: (s) => str('to_lower', s, 0).toLowerCase() },
  trim: { args: 2, fn: (s, c) => goTrim(str('trim', s, 0), str('trim', c, 1)) },
  trim_prefix: {
    args: 2,
    fn: (s, p) => {
      const x = str('trim_prefix', s, 0);
      const pre = str('trim_prefix', p, 1);
      return x.startsWith(pre) ? x.slice(pre.length) : x;
    },
  },
  split: { args: 2, fn: (s, sep) => str('split', s, 0).split(str('split', sep, 1)) },
  // RE2 semantics (go-regexp.ts): linear time, Go syntax and replacement templates.
  regex_replace_all: regexReplaceAll('regex_replace_all', false),
  regex_replace_all_literal: regexReplaceAll('regex_replace_all_literal', true),
  regex_match: {
    args: 2,
    fn: (re, src) => goMatch("JMESPath function 'regex_match'", str('regex_match', re, 0), text('regex_match', src, 1)),
  },
  pattern_match: { args: 2, fn: (p, src) => wildcardMatch(str('pattern_match', p, 0), text('pattern_match', src, 1)) },
  label_match: {
    args: 2,
    fn: (labels, match) => {
      if (!isObject(labels)) throw new Error(`JMESPath function 'label_match': argument #1 is not of type Object`);
      if (!isObject(match)) throw new Error(`JMESPath function 'label_match': argument #2 is not of type Object`);
      return Object.entries(labels).every(([k, v]) => k in match && match[k] === v);
    },
  },
  to_boolean: {
    args: 1,
    fn: (s) => {
      const v = str('to_boolean', s, 0).toLowerCase();
      if (v === 'true' || v === 'false') return v === 'true';
      throw new Error(
        `JMESPath function 'to_boolean': lowercase argument must be 'true' or 'false' (provided: '${String(s)}')`,
      );
    },
  },
  add: { args: 2, fn: (a, b) => addOrSubtract('add', toOperand('add', a, 0), toOperand('add', b, 1), 1) },
  subtract: {
    args: 2,
    fn: (a, b) => addOrSubtract('subtract', toOperand('subtract', a, 0), toOperand('subtract', b, 1), -1),
  },
  multiply: { args: 2, fn: (a, b) => multiply(toOperand('multiply', a, 0), toOperand('multiply', b, 1)) },
  divide: { args: 2, fn: (a, b) => divide(toOperand('divide', a, 0), toOperand('divide', b, 1)) },
  modulo: { args: 2, fn: (a, b) => modulo(toOperand('modulo', a, 0), toOperand('modulo', b, 1)) },
  sum: {
    args: 1,
    fn: (items) => {
      if (!Array.isArray(items)) throw new Error(`JMESPath function 'sum': types mismatch`);
      if (items.length === 0) throw new Error(`JMESPath function 'sum': at least one element in the array is required`);
      return items
        .slice(1)
        .reduce(
          (acc: unknown, item, i) => addOrSubtract('sum', toOperand('sum', acc, 0), toOperand('sum', item, i + 1), 1),
          items[0],
        );
    },
  },
  round: {
    args: 2,
    fn: (v, digits) => {
      const d = num('round', digits, 1);
      if (!Number.isInteger(d)) throw new Error(`JMESPath function 'round': expected integer for rounding length`);
      if (d < 0) throw new Error(`JMESPath function 'round': argument out of bounds`);
      const shift = 10 ** d;
      return Math.round(num('round', v, 0) * shift) / shift;
    },
  },
  base64_decode: {
    args: 1,
    fn: (s) => {
      const v = str('base64_decode', s, 0);
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(v) || v.length % 4 !== 0) throw new Error(`illegal base64 data in '${v}'`);
      return Buffer.from(v, 'base64').toString('utf8');
    },
  },
  base64_encode: { args: 1, fn: (s) => Buffer.from(str('base64_encode', s, 0), 'utf8').toString('base64') },
  path_canonicalize: {
    args: 1,
    fn: (s) => {
      const p = str('path_canonicalize', s, 0);
      if (p === '') return '';
      const n = posix.normalize(p);
      return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
    },
  },
  truncate: {
    args: 2,
    fn: (s, n) => [...str('truncate', s, 0)].slice(0, Math.max(0, Math.trunc(num('truncate', n, 1)))).join(''),
  },
  semver_compare: {
    args: 2,
    fn: (v, r) => {
      const version = parseSemver(str('semver_compare', v, 0)) ?? { major: 0, minor: 0, patch: 0, pre: [] };
      return parseSemverRange(str('semver_compare', r, 1))(version);
    },
  },
  parse_json: {
    args: 1,
    fn: (s) => {
      try {
        return JSON.parse(str('parse_json', s, 0));
      } catch (e) {
        throw new Error(`JMESPath function 'parse_json': ${(e as Error).message}`);
      }
    },
  },
  parse_yaml: {
    args: 1,
    fn: (s) => {
      try {
        return parseYamlText(str('parse_yaml', s, 0)) ?? null;
      } catch (e) {
        throw new Error(`JMESPath function 'parse_yaml': ${(e as Error).message}`);
      }
    },
  },
  lookup: {
    args: 2,
    fn: (input, key) => {
      if (isObject(input)) {
        if (typeof key !== 'string') throw new Error(`JMESPath function 'lookup': argument #2 is not of type String`);
        return input[key] ?? null;
      }
      if (Array.isArray(input)) {
        if (typeof key !== 'number') throw new Error(`JMESPath function 'lookup': argument #2 is not of type Number`);
        if (!Number.isInteger(key))
          throw new Error(`JMESPath function 'lookup': argument #2: expected an integer number but got: ${key}`);
        return key < 0 || key >= input.length ? null : input[key];
      }
      throw new Error(`JMESPath function 'lookup': argument #1 is not of type Object or Array`);
    },
  },
  items: {
    args: 3,
    fn: (input, k, v) => {
      const keyName = str('items', k, 1);
      const valName = str('items', v, 2);
      if (isObject(input))
        return Object.keys(input)
          .sort()
          .map((key) => ({ [keyName]: key, [valName]: input[key] }));
      if (Array.isArray(input)) return input.map((value, i) => ({ [keyName]: i, [valName]: value }));
      throw new Error(`JMESPath function 'items': argument #1 is not of type Object or Array`);
    },
  },
  object_from_lists: {
    args: 2,
    fn: (keys, values) => {
      if (!Array.isArray(keys))
        throw new Error(`JMESPath function 'object_from_lists': argument #1 is not of type Array`);
      if (!Array.isArray(values))
        throw new Error(`JMESPath function 'object_from_lists': argument #2 is not of type Array`);
      return Object.fromEntries(
        keys.map((k, i) => [text('object_from_lists', k, 0), i < values.length ? values[i] : null]),
      );
    },
  },
  image_normalize: { args: 1, fn: (s) => normalizeImage(str('image_normalize', s, 0)) },
  // Every time function takes exactly the arguments it declares.
  ...Object.fromEntries(Object.entries(timeFunctions).map(([name, fn]) => [name, { args: fn.length, fn: fn as Fn }])),
};

export const KYVERNO_FUNCTIONS = Object.keys(FUNCTIONS);

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `nginx` → `docker.io/nginx:latest`, the way Kyverno normalizes references. */
export function normalizeImage(ref: string): string {
  const at = ref.indexOf('@');
  const base = at >= 0 ? ref.slice(0, at) : ref;
  const digest = at >= 0 ? ref.slice(at) : '';
  const first = base.split('/')[0];
  const hasRegistry = base.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  const withRegistry = hasRegistry ? base : `docker.io/${base}`;
  const lastSegment = withRegistry.slice(withRegistry.lastIndexOf('/') + 1);
  const tagged = lastSegment.includes(':') || digest ? withRegistry : `${withRegistry}:latest`;
  return tagged + digest;
}

let registered = false;
export function registerKyvernoFunctions(jp: typeof JmesPathModule): void {
  if (registered) return;
  registered = true;
  for (const [name, { args, fn }] of Object.entries(FUNCTIONS)) {
    const signature = Array.from({ length: args }, () => ({ types: [jp.TYPE_ANY] }));
    jp.registerFunction(
      name,
      (resolved) => (checkEvaluationBudget(), fn(...(resolved as unknown[])) as JmesPathModule.JSONValue),
      signature,
      { override: true },
    );
  }
  for (const [name, why] of Object.entries(UNSUPPORTED_FUNCTIONS)) {
    jp.registerFunction(
      name,
      () => {
        throw new Error(`JMESPath function '${name}' is not supported offline: ${why}`);
      },
      [{ types: [jp.TYPE_ANY], variadic: true, optional: true }],
      { override: true },
    );
  }
}
