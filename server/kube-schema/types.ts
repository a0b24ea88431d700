/**
 * Shapes of the Kubernetes schema check: what goes in (rendered objects, as helm template prints
 * them) and what comes out (findings located by a JSON path inside each object, for the source
 * mapper to place on template lines).
 */
import type { Severity } from '../check/finding';
import type { JsonPath } from '../policy/util/json-path';

/** A location inside an object: map keys and list indexes, root first (the policy engine's notation). */
export type ObjectPath = JsonPath;

export interface KubeSchemaInput {
  /** One parsed YAML document of `helm template` output (null/undefined documents are skipped). */
  object: unknown;
  /** Helm's `# Source:` template path, passed through to the findings. */
  source?: string;
  /** The document's position in the rendered stream, passed through to the findings. */
  index?: number;
}

export interface KubeSchemaOptions {
  /** Target cluster version, `1.34` (also accepts `v1.34`, `1.34.2`). */
  kubernetesVersion: string;
}

/** Stable finding codes (documented in server/kube-schema/README.md). */
export type KubeSchemaCode =
  | 'k8s-schema-type'
  | 'k8s-schema-required'
  | 'k8s-schema-unknown-field'
  | 'k8s-schema-enum'
  | 'k8s-schema-format'
  | 'k8s-schema-constraint'
  | 'k8s-not-an-object'
  | 'k8s-unknown-kind'
  | 'k8s-api-removed'
  | 'k8s-api-deprecated'
  | 'k8s-api-unavailable'
  | 'k8s-version-invalid'
  | 'k8s-schema-unavailable';

export interface KubeSchemaFinding {
  severity: Exclude<Severity, 'hint'>;
  code: KubeSchemaCode;
  /** Names the field, what the schema expects and what was found. */
  message: string;
  apiVersion?: string;
  kind?: string;
  /** `metadata.name` of the object, when it has one. */
  name?: string;
  source?: string;
  index?: number;
  /**
   * Where in the object: `spec.template.spec.containers[0].resources.limits.cpu`; keys that are not
   * plain identifiers are quoted (`metadata.labels["app.kubernetes.io/name"]`); `''` is the object
   * itself. For `k8s-schema-required` it names the missing field (its parent exists).
   */
  path: string;
  /** The same location as keys and indexes, for exact lookups. */
  segments: ObjectPath;
  /** For `k8s-unknown-kind`: how many objects of that apiVersion/kind were seen. */
  count?: number;
}
