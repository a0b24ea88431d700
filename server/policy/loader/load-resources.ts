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
      into.errors.push({ file, line: d.line, column: 1, message: 'not a Kubernetes object: apiVersion and kind are required' });
      continue;
    }
    into.resources.push(d.value as Resource);
    into.origins.push({ file, line: d.line });
  }
  return into;
}
