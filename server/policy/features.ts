/**
 * The engine's own list of Kyverno policy features: what it evaluates, and what it reports as
 * `skip` (with the reason given here) instead. The engine takes its skip reasons from this list
 * and the README's feature table is generated from it (`npm run gen:policy-features`), so the
 * two cannot drift apart; a unit test checks the README is current.
 */
export type FeatureStatus = 'supported' | 'skipped';

export interface PolicyFeature {
  id: string;
  area: string;
  feature: string;
  status: FeatureStatus;
  /** What is evaluated (supported) or why it is skipped — the skip reason results carry. */
  note: string;
}

export const POLICY_FEATURES: PolicyFeature[] = [
  // kyverno.io ClusterPolicy / Policy
  {
    id: 'validate.pattern',
    area: 'ClusterPolicy / Policy',
    feature: '`validate.pattern`, `anyPattern`, anchors, operators',
    status: 'supported',
    note: "Kyverno's paths and messages",
  },
  {
    id: 'validate.deny',
    area: 'ClusterPolicy / Policy',
    feature: '`validate.deny`, `preconditions` (any/all, every operator)',
    status: 'supported',
    note: 'deprecated operators are warned about',
  },
  {
    id: 'validate.foreach',
    area: 'ClusterPolicy / Policy',
    feature: '`validate.foreach` (nested, `elementScope`)',
    status: 'supported',
    note: '',
  },
  {
    id: 'validate.cel',
    area: 'ClusterPolicy / Policy',
    feature: '`validate.cel`, `celPreconditions`, `paramKind`/`paramRef`',
    status: 'supported',
    note: 'parameters from the given objects',
  },
  {
    id: 'autogen',
    area: 'ClusterPolicy / Policy',
    feature: 'pod-controller autogen (`autogen-*`, `autogen-cronjob-*`)',
    status: 'supported',
    note: '`pod-policies.kyverno.io/autogen-controllers` as pkg/autogen reads it',
  },
  {
    id: 'match',
    area: 'ClusterPolicy / Policy',
    feature: '`match`/`exclude`: kinds, names, namespaces, selectors, annotations, operations',
    status: 'supported',
    note: '`Kind/subresource` with values-file `subresources`',
  },
  {
    id: 'match.namespaceSelector',
    area: 'ClusterPolicy / Policy',
    feature: '`namespaceSelector`',
    status: 'supported',
    note: 'labels from a values file; skipped when they are unknown',
  },
  {
    id: 'match.user',
    area: 'ClusterPolicy / Policy',
    feature: '`subjects`, `roles`, `clusterRoles`',
    status: 'supported',
    note: 'with a `userinfo` file (`policy test`); skipped for rendered charts, which have no requesting user',
  },
  {
    id: 'context.variable',
    area: 'ClusterPolicy / Policy',
    feature: 'context `variable` (value, jmesPath, default)',
    status: 'supported',
    note: '',
  },
  {
    id: 'context.cluster',
    area: 'ClusterPolicy / Policy',
    feature: 'context `configMap`, `apiCall` (GET)',
    status: 'supported',
    note: 'from `clusterResources` or values-file variables; otherwise skipped (needs a cluster)',
  },
  {
    id: 'context.external',
    area: 'ClusterPolicy / Policy',
    feature: 'context `imageRegistry`, `globalReference`, `apiCall` to a service or POST',
    status: 'skipped',
    note: 'needs a registry, a cluster or a service; supply the variable in a values file',
  },
  {
    id: 'operations',
    area: 'ClusterPolicy / Policy',
    feature: '`request.operation` CREATE / UPDATE (`oldObject`) / DELETE',
    status: 'supported',
    note: 'set per resource in a values file, as `kyverno test` does',
  },
  {
    id: 'exceptions',
    area: 'ClusterPolicy / Policy',
    feature: 'PolicyException (`kyverno.io/v2`, `v2beta1`) with `match` and `conditions`',
    status: 'supported',
    note: 'validate and mutate rules; excluded results are `skip` (an exempted object is not mutated)',
  },
  {
    id: 'exceptions.finegrained',
    area: 'ClusterPolicy / Policy',
    feature: 'PolicyException `images` / `values` (fine-grained)',
    status: 'skipped',
    note: 'image/value-level exceptions are not implemented',
  },
  {
    id: 'validate.podSecurity',
    area: 'ClusterPolicy / Policy',
    feature: '`validate.podSecurity` (baseline, restricted; `version` latest or v1.N)',
    status: 'supported',
    note: '`exclude` by `controlName`, `images`, `restrictedField`, `values`, as pkg/pss',
  },
  {
    id: 'validate.manifests',
    area: 'ClusterPolicy / Policy',
    feature: '`validate.manifests`',
    status: 'skipped',
    note: 'validate.manifests (signature verification) needs keys and signatures from a registry',
  },
  {
    id: 'validate.assert',
    area: 'ClusterPolicy / Policy',
    feature: '`validate.assert`',
    status: 'skipped',
    note: 'validate.assert (assertion trees) is not implemented',
  },
  {
    id: 'mutate',
    area: 'ClusterPolicy / Policy',
    feature: '`mutate`: `patchStrategicMerge` (anchors), `patchesJson6902`, `foreach`',
    status: 'supported',
    note: 'run before validation, which sees the patched objects',
  },
  {
    id: 'mutate.targets',
    area: 'ClusterPolicy / Policy',
    feature: '`mutate.targets` (mutate existing resources)',
    status: 'skipped',
    note: 'mutate.targets (mutating existing resources) needs a cluster',
  },
  {
    id: 'generate',
    area: 'ClusterPolicy / Policy',
    feature: '`generate` rules',
    status: 'skipped',
    note: 'generate rules are not evaluated: out of scope for an offline review',
  },
  {
    id: 'verifyImages',
    area: 'ClusterPolicy / Policy',
    feature: '`verifyImages` rules',
    status: 'skipped',
    note: 'verifyImages rules are not evaluated: they need image signatures from a registry',
  },
  {
    id: 'jmespath.nondeterministic',
    area: 'ClusterPolicy / Policy',
    feature: 'JMESPath `random`, `x509_decode`',
    status: 'skipped',
    note: 'not reproducible / not implemented',
  },
  // CEL policies
  {
    id: 'vpol',
    area: 'CEL policies',
    feature: '`ValidatingPolicy` (`policies.kyverno.io`): match constraints, conditions, variables, validations',
    status: 'supported',
    note: '`namespaceObject` from values-file namespace labels',
  },
  {
    id: 'vpol.autogen',
    area: 'CEL policies',
    feature: '`ValidatingPolicy` pod-controller autogen',
    status: 'supported',
    note: '`spec.autogen.podControllers.controllers` narrows it',
  },
  {
    id: 'vap',
    area: 'CEL policies',
    feature: '`ValidatingAdmissionPolicy` + bindings (`matchResources`, `paramRef`, actions)',
    status: 'supported',
    note: 'parameters from `paramResources` or the given objects',
  },
  {
    id: 'cel.exceptions',
    area: 'CEL policies',
    feature: 'CEL PolicyException (`policies.kyverno.io`, `policyRefs`, `matchConditions`)',
    status: 'supported',
    note: 'excluded results are `skip`',
  },
  {
    id: 'cel.extensions',
    area: 'CEL policies',
    feature:
      'Kubernetes CEL extensions: strings, lists, `sets`, `math`, `base64`, `quantity`, optionals, regex `find`/`findAll`',
    status: 'supported',
    note: '',
  },
  {
    id: 'cel.unimplemented',
    area: 'CEL policies',
    feature: 'Kubernetes CEL libraries `url`, `ip`, `cidr`, `semver`, `format`',
    status: 'skipped',
    note: 'uses a Kubernetes CEL library (url, ip, cidr, semver, format) this engine does not implement',
  },
  {
    id: 'cel.libraries',
    area: 'CEL policies',
    feature:
      'Kyverno CEL libraries `resource`, `http`, `image`, `imagedata`, `globalContext`, `authorizer`, `generator`',
    status: 'skipped',
    note: 'uses a library that needs a cluster or registry (resource, http, image, globalContext, authorizer)',
  },
  {
    id: 'mpol',
    area: 'CEL policies',
    feature: '`MutatingPolicy`: `ApplyConfiguration`, `JSONPatch`, pod-controller autogen',
    status: 'supported',
    note: 'run before validation',
  },
  {
    id: 'kind.MutatingPolicy',
    area: 'CEL policies',
    feature: '`MutatingAdmissionPolicy`',
    status: 'skipped',
    note: 'policies are not supported by this engine',
  },
  {
    id: 'kind.other',
    area: 'CEL policies',
    feature: '`GeneratingPolicy`, `ImageValidatingPolicy`, `DeletingPolicy`',
    status: 'skipped',
    note: 'policies are not supported by this engine',
  },
  // kyverno-test.yaml
  {
    id: 'test.results',
    area: '`policy test` (kyverno-test.yaml)',
    feature: 'results rows: `autogen-` rule names, `is…Policy` flags, Excluded / Not found',
    status: 'supported',
    note: 'as `kyverno test` compares them',
  },
  {
    id: 'test.inputs',
    area: '`policy test` (kyverno-test.yaml)',
    feature: '`variables`, `userinfo`, `exceptions`, `clusterResources`, `paramResources`',
    status: 'supported',
    note: '',
  },
  {
    id: 'test.patched',
    area: '`policy test` (kyverno-test.yaml)',
    feature: '`patchedResources` / `patchedResource`',
    status: 'supported',
    note: 'compared tidied, as the Kyverno CLI does',
  },
  {
    id: 'test.other',
    area: '`policy test` (kyverno-test.yaml)',
    feature: '`targetResources`, `checks`, `context`, `jsonPayload`',
    status: 'skipped',
    note: 'listed as ignored notes',
  },
];

const byId = new Map(POLICY_FEATURES.map((f) => [f.id, f]));

/** The skip reason of an unsupported feature (throws on an unknown id: a programming error). */
export function skipReason(id: string): string {
  const f = byId.get(id);
  if (!f) throw new Error(`unknown policy feature '${id}'`);
  return f.note;
}

/** The README table: one row per feature, grouped by area. */
export function featureTable(): string {
  const lines = ['| area | feature | status | notes |', '|---|---|---|---|'];
  for (const f of POLICY_FEATURES) {
    lines.push(
      `| ${f.area} | ${f.feature} | ${f.status === 'supported' ? 'supported' : 'skip (reported per result)'} | ${f.note} |`,
    );
  }
  return lines.join('\n');
}

export const FEATURES_START = '<!-- policy-features:start (generated by npm run gen:policy-features) -->';
export const FEATURES_END = '<!-- policy-features:end -->';

/** README text with the table between the markers replaced; undefined when the markers are missing. */
export function withFeatureTable(readme: string): string | undefined {
  const a = readme.indexOf(FEATURES_START);
  const b = readme.indexOf(FEATURES_END);
  if (a < 0 || b < a) return undefined;
  return `${readme.slice(0, a + FEATURES_START.length)}\n${featureTable()}\n${readme.slice(b)}`;
}
