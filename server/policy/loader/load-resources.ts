/** Reads Kubernetes objects (rendered manifests) from YAML text. */
import type { Resource } from '../types';
import { readYamlDocuments, type LocatedError } from './yaml-documents';

export interface ResourceSet {
  resources: Resource[];
  /** Where each resource came from, same order. */
  origins: Array<{ file: string; line: number }>;
  errors: LocatedError[];
}

export function emptyResourceSet(): ResourceSet {
  return { resources: [], origins: [], errors: [] };
}

export function loadResources(text: string, file: string, into: ResourceSet = emptyResourceSet()): ResourceSet {
  const { documents, errors } = readYamlDocuments(text, file);
  into.errors.push(...errors);
  for (const d of documents) {
    if (typeof d.value.kind !== 'string' || typeof d.value.apiVersion !== 'string') {
      into.errors.push({
        file,
        line: d.line,
        column: 1,
        message: 'not a Kubernetes object: apiVersion and kind are required',
      });
      continue;
    }
    const problem = metadataProblem(d.value.metadata);
    if (problem) {
      into.errors.push({ file, line: d.line, column: 1, message: `${d.value.kind}: ${problem}` });
      continue;
    }
    into.resources.push(d.value as Resource);
    into.origins.push({ file, line: d.line });
  }
  return into;
}

const isMapping = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Matching reads names, labels and annotations: they must have the shapes Kubernetes gives them. */
function metadataProblem(metadata: unknown): string | undefined {
  if (metadata === undefined) return undefined;
  if (!isMapping(metadata)) return 'metadata must be a mapping';
  if (metadata.name !== undefined && typeof metadata.name !== 'string') return 'metadata.name must be a string';
  if (metadata.namespace !== undefined && typeof metadata.namespace !== 'string')
    return 'metadata.namespace must be a string';
  for (const field of ['labels', 'annotations']) {
    const v = metadata[field];
    if (v === undefined || v === null) continue;
    if (!isMapping(v)) return `metadata.${field} must be a mapping`;
    const bad = Object.entries(v).find(([, x]) => typeof x !== 'string');
    if (bad) return `metadata.${field}.${bad[0]} must be a string (quote it in YAML)`;
  }
  return undefined;
}
