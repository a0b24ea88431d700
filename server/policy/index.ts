/**
 * The policy engine's public surface: load policies and manifests, evaluate them as admission
 * would, run the built-in baseline pack, run kyverno-test suites, format results.
 * Transport-free: no LSP, no VS Code; only the test runner and file helpers touch the disk.
 */
export { evaluatePolicies, admissionRef, type EngineOptions } from './engine/engine';
export type { PolicyValues } from './engine/values';
export { loadPolicies, emptyPolicySet, type PolicySet } from './loader/load-policies';
export { loadResources, emptyResourceSet, type ResourceSet } from './loader/load-resources';
export { formatLocated, type LocatedError } from './loader/yaml-documents';
export {
  runBaseline,
  buildBaseline,
  BaselineConfigError,
  type BaselineOptions,
  type BaselineReport,
  type DisabledRule,
} from './baseline/pack';
export { CATALOG, catalogEntry, type CatalogEntry } from './baseline/catalog';
export { formatText, formatJson, summarize, type Summary } from './report/format';
export { UNSUPPORTED_FUNCTIONS, KYVERNO_FUNCTIONS } from './jmespath/functions';
export type {
  AnyPolicy,
  KyvernoPolicy,
  CelPolicy,
  PolicyBinding,
  PolicyResult,
  Resource,
  ResourceRef,
  ResultStatus,
} from './types';
