/** Test fixtures as the pipeline will pass them: helm template output split into documents. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { KubeSchemaInput } from '../../server/kube-schema';
import { splitDocuments } from '../../server/yaml/split-documents';

export const FIXTURES = path.join(__dirname, 'fixtures');

export function renderedInputs(file: string): KubeSchemaInput[] {
  const text = readFileSync(path.join(FIXTURES, file), 'utf8');
  return splitDocuments(text)
    .map((chunk, index) => ({
      object: parse(chunk.text) as unknown,
      source: /^# Source: (.+)$/m.exec(chunk.text)?.[1],
      index,
    }))
    .filter((input) => input.object !== null && input.object !== undefined);
}

export function allGoodInputs(): KubeSchemaInput[] {
  return ['rendered-my-service.yaml', 'rendered-ai-agent.yaml', 'gitops-and-crds.yaml'].flatMap(renderedInputs);
}

/** A deep copy of the first fixture object of that kind, to break on purpose. */
export function fixtureObject(kind: string): Record<string, any> {
  const found = allGoodInputs().find((i) => (i.object as { kind?: string }).kind === kind);
  if (!found) throw new Error(`no ${kind} in the fixtures`);
  return structuredClone(found.object) as Record<string, any>;
}
