// Every `.Values.*` path a generated template reads has a key in the generated values.yaml.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { compileChart, type ChartFile } from '../../server/compiler/index';
import { defaultPlatformConfig } from '../../server/model/platform-config';
import { REPO_ROOT } from '../support/tools';
import { exampleIntentFiles, fixture, readIntent } from './chart-harness';

/** `.Values.a.b.c` (also `$.Values…`) references in template text, as dotted paths. */
function valuesReferences(template: string): string[] {
  return [...template.matchAll(/\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)].map((m) => m[1].slice(1));
}

function hasPath(values: unknown, dotted: string): boolean {
  let node = values;
  for (const key of dotted.split('.')) {
    if (!node || typeof node !== 'object' || Array.isArray(node) || !(key in node)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}

/** References without a values.yaml key, as `file: path`. */
function missingKeys(files: ChartFile[]): string[] {
  const values = parse(files.find((f) => f.path === 'values.yaml')!.content);
  const missing: string[] = [];
  for (const f of files.filter((f) => f.path.startsWith('templates/'))) {
    for (const ref of new Set(valuesReferences(f.content)))
      if (!hasPath(values, ref)) missing.push(`${f.path}: .Values.${ref}`);
  }
  return missing;
}

const intents = [...exampleIntentFiles(), fixture('everything.intent.yaml'), fixture('stateful.intent.yaml')];

describe('every .Values reference has a values.yaml key', () => {
  for (const file of intents) {
    test(path.relative(REPO_ROOT, file), () => {
      const files = compileChart(readIntent(file), defaultPlatformConfig());
      const refs = files.filter((f) => f.path.startsWith('templates/')).flatMap((f) => valuesReferences(f.content));
      assert.ok(refs.length > 50, `scanner found only ${refs.length} references`);
      assert.deepEqual(missingKeys(files), []);
    });
  }

  test('the scan catches a missing key (negative control)', () => {
    const files = compileChart(readIntent(fixture('everything.intent.yaml')), defaultPlatformConfig());
    const values = parse(files.find((f) => f.path === 'values.yaml')!.content);
    delete values.pdb.maxUnavailable;
    delete values.rollout.analysis;
    const broken = files.map((f) => (f.path === 'values.yaml' ? { ...f, content: JSON.stringify(values) } : f));
    const missing = missingKeys(broken);
    assert.ok(missing.includes('templates/pdb.yaml: .Values.pdb.maxUnavailable'), missing.join('\n'));
    assert.ok(
      missing.some((m) => m.startsWith('templates/analysistemplate.yaml: .Values.rollout.analysis.')),
      missing.join('\n'),
    );
  });

  test('no template names a namespace', () => {
    for (const file of intents) {
      for (const f of compileChart(readIntent(file), defaultPlatformConfig())) {
        if (f.path.startsWith('templates/'))
          assert.doesNotMatch(f.content, /^\s*namespace:/m, `${f.path} of ${path.basename(file)}`);
      }
    }
  });
});
