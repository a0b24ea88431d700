/** Kubernetes schema validation of rendered chart objects (transport-free; see README.md here). */
export { validateObjects } from './validate-objects';
export { API_LIFECYCLE, parseRelease } from './api-lifecycle';
export { SCHEMA_KUBERNETES_VERSION, bundledKinds } from './registry';
export type { KubeSchemaCode, KubeSchemaFinding, KubeSchemaInput, KubeSchemaOptions, ObjectPath } from './types';
