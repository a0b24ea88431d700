/**
 * The policy shapes the engine reads (Kyverno `kyverno.io/v1`, Kyverno `ValidatingPolicy`,
 * Kubernetes `ValidatingAdmissionPolicy`) and the results it reports. These mirror the upstream
 * CRDs; only the fields the engine uses are typed, the rest stay `unknown`.
 */
import type { JsonPath } from './util/json-path';

export type Resource = Record<string, unknown> & {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [k: string]: unknown;
  };
};

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }>;
}

export interface ResourceDescription {
  kinds?: string[];
  name?: string;
  names?: string[];
  namespaces?: string[];
  annotations?: Record<string, string>;
  selector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  operations?: string[];
}

export interface ResourceFilter {
  resources?: ResourceDescription;
  subjects?: unknown[];
  roles?: string[];
  clusterRoles?: string[];
}

export interface MatchResources extends ResourceFilter {
  any?: ResourceFilter[];
  all?: ResourceFilter[];
}

export interface Condition {
  key?: unknown;
  operator?: string;
  value?: unknown;
  message?: string;
}

export type Conditions = Condition[] | { any?: Condition[]; all?: Condition[] };

export interface ContextEntry {
  name: string;
  variable?: { value?: unknown; jmesPath?: string; default?: unknown };
  configMap?: unknown;
  apiCall?: unknown;
  imageRegistry?: unknown;
  globalReference?: unknown;
}

export interface ForEachValidation {
  list?: string;
  elementScope?: boolean;
  context?: ContextEntry[];
  preconditions?: Conditions;
  pattern?: unknown;
  anyPattern?: unknown[];
  deny?: { conditions?: Conditions };
  foreach?: ForEachValidation[];
}

export interface CelExpression {
  expression: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
}

export interface CelVariable {
  name: string;
  expression: string;
}

export interface Validation {
  message?: string;
  failureAction?: string;
  validationFailureAction?: string;
  pattern?: unknown;
  anyPattern?: unknown[];
  deny?: { conditions?: Conditions };
  foreach?: ForEachValidation[];
  cel?: {
    expressions?: CelExpression[];
    variables?: CelVariable[];
    paramKind?: unknown;
    paramRef?: unknown;
    auditAnnotations?: unknown[];
  };
  podSecurity?: unknown;
  manifests?: unknown;
  assert?: unknown;
}

export interface Rule {
  name: string;
  match?: MatchResources;
  exclude?: MatchResources;
  context?: ContextEntry[];
  preconditions?: Conditions;
  celPreconditions?: Array<{ name?: string; expression: string }>;
  validate?: Validation;
  mutate?: unknown;
  generate?: unknown;
  verifyImages?: unknown;
}

export interface KyvernoPolicy {
  apiVersion: string;
  kind: 'ClusterPolicy' | 'Policy';
  metadata: { name: string; namespace?: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  spec: {
    validationFailureAction?: string;
    validationFailureActionOverrides?: Array<{ action: string; namespaces?: string[] }>;
    background?: boolean;
    rules?: Rule[];
    [k: string]: unknown;
  };
}

export interface ResourceRule {
  apiGroups?: string[];
  apiVersions?: string[];
  operations?: string[];
  resources?: string[];
  resourceNames?: string[];
  scope?: string;
}

/** The shared shape of `ValidatingAdmissionPolicy` and Kyverno's `ValidatingPolicy`. */
export interface CelPolicy {
  apiVersion: string;
  kind: 'ValidatingAdmissionPolicy' | 'ValidatingPolicy';
  metadata: { name: string; annotations?: Record<string, string> };
  spec: {
    paramKind?: unknown;
    matchConstraints?: {
      resourceRules?: ResourceRule[];
      excludeResourceRules?: ResourceRule[];
      namespaceSelector?: LabelSelector;
      objectSelector?: LabelSelector;
    };
    matchConditions?: Array<{ name: string; expression: string }>;
    variables?: CelVariable[];
    validations?: CelExpression[];
    validationActions?: string[];
    failurePolicy?: string;
    auditAnnotations?: unknown[];
  };
}

export interface PolicyBinding {
  apiVersion: string;
  kind: 'ValidatingAdmissionPolicyBinding';
  metadata: { name: string };
  spec: {
    policyName?: string;
    validationActions?: string[];
    paramRef?: unknown;
    matchResources?: CelPolicy['spec']['matchConstraints'];
  };
}

/** Kyverno's CEL `MutatingPolicy` (policies.kyverno.io); evaluated by the mutate/ module. */
export interface MutatingPolicy {
  apiVersion: string;
  kind: 'MutatingPolicy';
  metadata: { name: string; annotations?: Record<string, string> };
  spec: {
    matchConstraints?: CelPolicy['spec']['matchConstraints'];
    matchConditions?: Array<{ name: string; expression: string }>;
    variables?: CelVariable[];
    mutations?: Array<{
      patchType?: string;
      applyConfiguration?: { expression?: string };
      jsonPatch?: { expression?: string };
    }>;
    failurePolicy?: string;
  };
}

export type AnyPolicy = KyvernoPolicy | CelPolicy | MutatingPolicy;

export type ResultStatus = 'pass' | 'fail' | 'warn' | 'error' | 'skip';

export interface ResourceRef {
  apiVersion: string;
  kind: string;
  /** Namespace as admission would see it: the object's own, else the deploy namespace. */
  namespace: string;
  name: string;
}

export interface PolicyResult {
  policy: string;
  /** Rule name; empty for CEL policies, which have no rules. */
  rule: string;
  policyKind: AnyPolicy['kind'] | 'Baseline';
  resource: ResourceRef;
  result: ResultStatus;
  message: string;
  /** Where in the resource the violation is (fail/warn/error with a location). */
  paths?: string[];
  /** Same locations as segments, for source mapping. */
  jsonPaths?: JsonPath[];
  /** Enforce blocks admission, Audit only reports (admission sees a warning). */
  failureAction?: 'Enforce' | 'Audit';
  /** The admission outcome a fail would have: `deny` (Enforce) or `warn` (Audit, or scored=false). */
  admission?: 'deny' | 'warn';
  severity?: string;
  category?: string;
  /** Stable catalogue ID for built-in checks (HI-K8S-…). */
  ruleId?: string;
  remediation?: string;
  /** Position of the resource in the input list, for mapping back to sources. */
  resourceIndex?: number;
  /** Present when the rule was generated for pod controllers from a Pod rule. */
  autogen?: boolean;
  /** A skip because this engine does not evaluate the feature (the message says which). */
  unsupported?: boolean;
}
