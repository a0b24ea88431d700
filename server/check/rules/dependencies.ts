import { isPlainObject } from '../../model/effective-intent';
import type { IntentRule } from '../rule-context';

const EXACT_SEMVER = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** Dependencies: unique names, exact versions in production, environment toggles naming real dependencies. */
export const dependencyRules: IntentRule = (ctx) => {
  const spec = ctx.intent.spec;
  const deps = Array.isArray(spec?.dependencies) ? spec.dependencies : [];
  const names = new Map<string, number>();
  deps.forEach((d, i) => {
    if (!isPlainObject(d)) return;
    const key = String(d.alias ?? d.name);
    if (names.has(key))
      ctx.report(
        'duplicate-dependency',
        'error',
        ['spec', 'dependencies', i, d.alias ? 'alias' : 'name'],
        `Dependency '${key}' is declared twice; give one an 'alias'.`,
      );
    names.set(key, i);
    if (typeof d.version === 'string' && !EXACT_SEMVER.test(d.version)) {
      ctx.report(
        'dependency-version-unpinned',
        spec.tier === 'production' ? 'error' : 'warning',
        ['spec', 'dependencies', i, 'version'],
        `'${d.version}' is a range: production charts pin dependencies to an exact version (e.g. 16.7.4).`,
      );
    }
    if (typeof d.repository === 'string' && d.repository.startsWith('http://')) {
      ctx.report(
        'dependency-insecure-repository',
        'warning',
        ['spec', 'dependencies', i, 'repository'],
        'Chart repository over plain http: use https:// or oci://.',
      );
    }
  });
  for (const [env, o] of Object.entries(isPlainObject(spec?.environments) ? spec.environments : {})) {
    if (!isPlainObject(o) || !isPlainObject(o.dependencies)) continue;
    for (const dep of Object.keys(o.dependencies)) {
      if (!names.has(dep))
        ctx.report(
          'unknown-dependency',
          'error',
          ['spec', 'environments', env, 'dependencies', dep],
          `Environment '${env}' toggles '${dep}', which is not in spec.dependencies.`,
          [],
          false,
        );
    }
  }
};
