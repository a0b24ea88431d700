import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { parse } from 'yaml';
import { helmChartValidator } from '../../../server/llm/helm-validator';
import type { AiDeps, AiProgress, AiRequest, ChartValidator } from '../../../server/llm/types';
import type { AnyIntent } from '../../../server/model/effective-intent';
import { defaultPlatformConfig } from '../../../server/model/platform-config';
import { REFERENCE_INTENT, ROOT } from '../../support/fixtures';
import { helmPath } from '../../support/tools';
import { startFakeOpenAI, type FakeOpenAI, type Script } from './fake-openai';

/** A key shaped like a real one, so redaction of both the exact key and key-like text is tested. */
export const TEST_KEY = 'sk-test-SECRET-4f9c2a7e1b8d4c6fa0e3';

export const referenceIntent = (): AnyIntent => parse(REFERENCE_INTENT) as AnyIntent;
export const exampleIntent = (rel: string): AnyIntent => parse(readFileSync(path.join(ROOT, rel), 'utf8')) as AnyIntent;

let validator: ChartValidator | undefined;
/** The real helm-backed validator (lint --strict + template per environment). */
export function realValidator(): ChartValidator {
  validator ??= helmChartValidator({ helmPath: helmPath(), kubeVersion: '1.34' });
  return validator;
}

/** A validator that accepts everything and counts its calls (for tests about the transport). */
export function acceptingValidator(): ChartValidator & { calls: number } {
  const v = {
    calls: 0,
    async validate() {
      v.calls++;
      return { problems: [] };
    },
  };
  return v;
}

export function request(baseURL: string, extra: Partial<AiRequest> = {}): AiRequest {
  return { intent: referenceIntent(), config: defaultPlatformConfig(), llm: { baseURL }, ...extra };
}

export interface Harness {
  deps: AiDeps;
  progress: AiProgress[];
  tempDir: string;
  cleanup(): void;
}

/** Deps with the test key, a progress recorder and a fresh temp folder (cache goes there). */
export function harness(overrides: Partial<AiDeps> = {}): Harness {
  const tempDir = mkdtempSync(path.join(tmpdir(), 'helm-intent-llm-test-'));
  const progress: AiProgress[] = [];
  const deps: AiDeps = {
    apiKey: TEST_KEY,
    keySource: 'vscode',
    validator: realValidator(),
    onProgress: (p) => progress.push(p),
    maxRetryDelayMs: 5_000,
    timeoutMs: 20_000,
    ...overrides,
  };
  return { deps, progress, tempDir, cleanup: () => rmSync(tempDir, { recursive: true, force: true }) };
}

/**
 * A fake endpoint answering from `script` and a harness with `overrides` for test `t`; the server is
 * closed and the temp folder removed when the test ends, whether it passed or failed.
 */
export async function fakeOpenAI(
  t: TestContext,
  script: Script,
  overrides: Partial<AiDeps> = {},
): Promise<{ server: FakeOpenAI; h: Harness }> {
  const server = await startFakeOpenAI(script);
  const h = harness(overrides);
  t.after(async () => {
    await server.close();
    h.cleanup();
  });
  return { server, h };
}

/** A ConfigMap template that passes helm lint --strict on the reference chart. */
export const GOOD_TEMPLATE = {
  path: 'templates/audit-configmap.yaml',
  content: [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: {{ include "my-service.fullname" . }}-audit',
    '  labels:',
    '    {{- include "my-service.labels" . | nindent 4 }}',
    'data:',
    '  retention: "30d"',
    '',
  ].join('\n'),
};

/** The same template reading a value that does not exist: helm fails with a nil pointer. */
export const BROKEN_TEMPLATE = {
  path: GOOD_TEMPLATE.path,
  content: GOOD_TEMPLATE.content.replace('"30d"', '{{ .Values.audit.retention | quote }}'),
};
