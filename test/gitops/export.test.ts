// GitOps export (server/gitops): the manifests parse back with `yaml`, carry the pinned version, the
// environment's values and the atomic/wait/timeout semantics, and are schema-valid for the bundled
// Flux and Argo CD schemas (server/kube-schema).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { validateObjects } from '../../server/kube-schema';
import {
  exportGitOps,
  GitOpsExportError,
  parseGitSource,
  parseRepositoryUrl,
  type GitOpsExportInput,
  type GitOpsFormat,
} from '../../server/gitops';

const CHART_YAML = 'apiVersion: v2\nname: my-service\ndescription: test\nversion: 1.4.2\nappVersion: "v2.3.1"\n';
const BASE = [
  'replicaCount: 2',
  'image:',
  '  repository: 123456789.dkr.ecr.us-east-1.amazonaws.com/my-service',
  '  tag: v2.3.1',
  'resources:',
  '  requests: {cpu: 250m, memory: 256Mi}',
  '  limits: {cpu: 500m, memory: 512Mi}',
  'podAnnotations:',
  '  team: shop',
  'postgresql:',
  '  enabled: true',
  '  auth:',
  '    existingSecret: my-service-db',
  '',
].join('\n');
const PROD = ['replicaCount: 3', 'resources:', '  requests: {cpu: 500m, memory: 1Gi}', 'podAnnotations: null', ''].join(
  '\n',
);
const COMMIT = '0123456789abcdef0123456789abcdef01234567';

const helmRepo = () => parseRepositoryUrl('https://charts.example.com/stable/', 'my-service');
const oci = () => parseRepositoryUrl('oci://ghcr.io/acme/charts', 'my-service');
const git = () =>
  parseGitSource({
    url: 'https://github.com/acme/platform.git',
    path: './deploy/charts/my-service/',
    ref: { kind: 'commit', value: COMMIT },
  });

function run(format: GitOpsFormat, source: GitOpsExportInput['source'], extra: Partial<GitOpsExportInput> = {}) {
  const out = exportGitOps({
    format,
    chartYaml: CHART_YAML,
    values: { base: BASE, environment: PROD },
    environment: { name: 'prod', namespace: 'shop', valuesFile: 'values-prod.yaml' },
    source,
    ...extra,
  });
  const docs = parseAllDocuments(out.yaml).map((d) => {
    assert.deepEqual(d.errors, []);
    return d.toJS();
  });
  return { out, docs, byKind: (kind: string) => docs.find((d: any) => d.kind === kind) };
}

async function schemaProblems(objects: unknown[]): Promise<string[]> {
  const findings = await validateObjects(
    objects.map((object, index) => ({ object, index })),
    { kubernetesVersion: '1.34' },
  );
  return findings.filter((f) => f.severity !== 'info').map((f) => `${f.kind}/${f.name} ${f.path}: ${f.message}`);
}

/** What the prod environment must deploy with: values.yaml, values-prod.yaml over it; null kept so helm deletes the default. */
const EXPECTED_VALUES = {
  replicaCount: 3,
  image: { repository: '123456789.dkr.ecr.us-east-1.amazonaws.com/my-service', tag: 'v2.3.1' },
  resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '500m', memory: '512Mi' } },
  podAnnotations: null,
  postgresql: { enabled: true, auth: { existingSecret: 'my-service-db' } },
};

describe('Flux HelmRelease', () => {
  test('Helm repository: HelmRepository + HelmRelease, exact version, inlined values, remediation and timeout; schema-valid', async () => {
    const { out, docs, byKind } = run('flux', helmRepo());
    assert.deepEqual(
      docs.map((d: any) => `${d.apiVersion} ${d.kind}`),
      ['source.toolkit.fluxcd.io/v1 HelmRepository', 'helm.toolkit.fluxcd.io/v2 HelmRelease'],
    );
    const repo = byKind('HelmRepository');
    assert.equal(repo.spec.url, 'https://charts.example.com/stable');
    const hr = byKind('HelmRelease');
    assert.deepEqual(hr.metadata.name, 'my-service-prod');
    assert.equal(hr.metadata.namespace, 'flux-system');
    assert.equal(hr.spec.releaseName, 'my-service');
    assert.equal(hr.spec.targetNamespace, 'shop');
    assert.equal(hr.spec.storageNamespace, 'shop');
    assert.equal(hr.spec.chart.spec.chart, 'my-service');
    assert.equal(hr.spec.chart.spec.version, '1.4.2');
    assert.deepEqual(hr.spec.chart.spec.sourceRef, { kind: 'HelmRepository', name: repo.metadata.name });
    assert.equal(hr.spec.timeout, '5m0s');
    assert.deepEqual(hr.spec.install, {
      createNamespace: true,
      remediation: { retries: 3, remediateLastFailure: true },
    });
    assert.deepEqual(hr.spec.upgrade, {
      cleanupOnFail: true,
      remediation: { retries: 3, strategy: 'rollback', remediateLastFailure: true },
    });
    assert.deepEqual(hr.spec.values, EXPECTED_VALUES);
    assert.equal(out.fileName, 'my-service-prod.helmrelease.yaml');
    assert.match(out.yaml, /^# Flux HelmRelease for my-service 1\.4\.2, environment prod \(namespace shop\)/);
    assert.deepEqual(out.warnings, []);
    assert.deepEqual(await schemaProblems(docs), []);
  });

  test('OCI: OCIRepository pinned by tag (helm writes + as _), chartRef, Helm layer selector; schema-valid', async () => {
    const chartYaml = CHART_YAML.replace('1.4.2', '1.4.2+build.7');
    const { docs, byKind } = run('flux', oci(), { chartYaml, timeout: '10m', retries: 5 });
    const repo = byKind('OCIRepository');
    assert.equal(repo.apiVersion, 'source.toolkit.fluxcd.io/v1');
    assert.equal(repo.spec.url, 'oci://ghcr.io/acme/charts/my-service');
    assert.deepEqual(repo.spec.ref, { tag: '1.4.2_build.7' });
    assert.equal(repo.spec.layerSelector.mediaType, 'application/vnd.cncf.helm.chart.content.v1.tar+gzip');
    const hr = byKind('HelmRelease');
    assert.deepEqual(hr.spec.chartRef, { kind: 'OCIRepository', name: repo.metadata.name });
    assert.equal(hr.spec.chart, undefined);
    assert.equal(hr.spec.timeout, '10m');
    assert.equal(hr.spec.upgrade.remediation.retries, 5);
    assert.deepEqual(await schemaProblems(docs), []);
  });

  test('Git: GitRepository pinned to the commit, the chart path, values files from the repository (not inlined)', async () => {
    const { docs, byKind } = run('flux', git());
    const repo = byKind('GitRepository');
    assert.deepEqual(repo.spec.ref, { commit: COMMIT });
    assert.equal(repo.spec.url, 'https://github.com/acme/platform.git');
    const hr = byKind('HelmRelease');
    assert.equal(hr.spec.chart.spec.chart, './deploy/charts/my-service');
    assert.deepEqual(hr.spec.chart.spec.valuesFiles, [
      './deploy/charts/my-service/values.yaml',
      './deploy/charts/my-service/values-prod.yaml',
    ]);
    assert.equal(hr.spec.chart.spec.reconcileStrategy, 'Revision');
    assert.equal(hr.spec.values, undefined);
    // GitRepository has no bundled schema (reported as info); the HelmRelease is checked.
    assert.deepEqual(await schemaProblems(docs), []);
  });
});

describe('Argo CD Application', () => {
  test('Helm repository: chart + exact targetRevision, valuesObject, automated prune/selfHeal, retry, CreateNamespace; schema-valid', async () => {
    const { out, docs } = run('argocd', helmRepo());
    assert.equal(docs.length, 1);
    const app: any = docs[0];
    assert.equal(app.apiVersion, 'argoproj.io/v1alpha1');
    assert.equal(app.kind, 'Application');
    assert.equal(app.metadata.namespace, 'argocd');
    assert.equal(app.metadata.name, 'my-service-prod');
    assert.deepEqual(app.spec.source.repoURL, 'https://charts.example.com/stable');
    assert.equal(app.spec.source.chart, 'my-service');
    assert.equal(app.spec.source.targetRevision, '1.4.2');
    assert.equal(app.spec.source.helm.releaseName, 'my-service');
    assert.deepEqual(app.spec.source.helm.valuesObject, EXPECTED_VALUES);
    assert.deepEqual(app.spec.destination, { server: 'https://kubernetes.default.svc', namespace: 'shop' });
    assert.deepEqual(app.spec.syncPolicy.automated, { prune: true, selfHeal: true });
    assert.deepEqual(app.spec.syncPolicy.syncOptions, ['CreateNamespace=true']);
    assert.deepEqual(app.spec.syncPolicy.retry, {
      limit: 3,
      backoff: { duration: '10s', factor: 2, maxDuration: '5m0s' },
    });
    assert.equal(out.fileName, 'my-service-prod.application.yaml');
    assert.match(out.yaml, /There is no automatic rollback/);
    assert.deepEqual(await schemaProblems(docs), []);
  });

  test('OCI: registry path without scheme and chart name (Helm-type OCI source), with a note to enable OCI', async () => {
    const { out, docs } = run(
      'argocd',
      parseRepositoryUrl('oci://registry.example.com:5000/team/charts/my-service', 'my-service'),
    );
    const app: any = docs[0];
    assert.equal(app.spec.source.repoURL, 'registry.example.com:5000/team/charts');
    assert.equal(app.spec.source.chart, 'my-service');
    assert.equal(app.spec.source.targetRevision, '1.4.2');
    assert.match(out.warnings.join('\n'), /registry\.example\.com:5000 in Argo CD .*enableOCI: true/);
    assert.deepEqual(await schemaProblems(docs), []);
  });

  test('Git: path and commit as targetRevision, the environment values file by name', async () => {
    const { docs } = run('argocd', git());
    const app: any = docs[0];
    assert.equal(app.spec.source.repoURL, 'https://github.com/acme/platform.git');
    assert.equal(app.spec.source.path, 'deploy/charts/my-service');
    assert.equal(app.spec.source.targetRevision, COMMIT);
    assert.deepEqual(app.spec.source.helm.valueFiles, ['values-prod.yaml']);
    assert.equal(app.spec.source.helm.valuesObject, undefined);
    assert.deepEqual(await schemaProblems(docs), []);
  });

  test('values.yaml alone (no environment file) inlines just values.yaml', () => {
    const out = exportGitOps({
      format: 'argocd',
      chartYaml: CHART_YAML,
      values: { base: BASE },
      environment: { name: 'default', namespace: 'default' },
      source: helmRepo(),
    });
    const app: any = parseAllDocuments(out.yaml)[0].toJS();
    assert.equal(app.spec.source.helm.valuesObject.replicaCount, 2);
    assert.deepEqual(app.spec.source.helm.valuesObject.podAnnotations, { team: 'shop' });
  });
});

describe('refusals and warnings', () => {
  const attempt = (patch: Partial<GitOpsExportInput>) => () =>
    exportGitOps({
      format: 'flux',
      chartYaml: CHART_YAML,
      values: { base: BASE, environment: PROD },
      environment: { name: 'prod', namespace: 'shop', valuesFile: 'values-prod.yaml' },
      source: helmRepo(),
      ...patch,
    });

  for (const [version, pattern] of [
    ['^1.4.0', /Chart\.yaml:4: version "\^1\.4\.0" is a range/],
    ['~1.4', /is a range or incomplete/],
    ['">= 1.0.0"', /is a range/],
    ['1.x', /is a range/],
    ['1.4', /is a range or incomplete/],
    ['v1.4.2', /leading "v": write 1\.4\.2/],
    ['latest', /not SemVer 2\.0\.0/],
  ] as const) {
    test(`Chart.yaml version ${version} is refused with the line`, () => {
      assert.throws(
        attempt({ chartYaml: CHART_YAML.replace('1.4.2', version) }),
        (e: unknown) => e instanceof GitOpsExportError && pattern.test(e.message),
      );
    });
  }

  test('a Chart.yaml without version, or broken values, is a located error', () => {
    assert.throws(attempt({ chartYaml: 'apiVersion: v2\nname: x\n' }), /Chart\.yaml:1: the chart has no version/);
    assert.throws(
      attempt({ values: { base: BASE, environment: 'replicaCount: 3\n  bad: [\n' } }),
      /^GitOpsExportError: values-prod\.yaml:1: not valid YAML: Nested mappings are not allowed in compact mappings$/,
    );
    assert.throws(
      attempt({ values: { base: '- a\n- b\n' } }),
      /values\.yaml:1: a values file is a mapping of keys, got a list/,
    );
  });

  test('bad sources say what to give instead', () => {
    assert.throws(() => parseRepositoryUrl('http://charts.example.com', 'x'), /plain http: use https/);
    assert.throws(() => parseRepositoryUrl('ftp://charts.example.com', 'x'), /got ftp:/);
    assert.throws(() => parseRepositoryUrl('https://charts.example.com/x-1.0.0.tgz', 'x'), /points at a file/);
    assert.throws(() => parseRepositoryUrl('https://user:pw@charts.example.com', 'x'), /carries credentials/);
    assert.throws(() => parseRepositoryUrl('oci://ghcr.io/acme/x:1.0.0', 'x'), /tag or digest/);
    assert.throws(() => parseRepositoryUrl('oci://ghcr.io/Acme/x', 'x'), /lowercase/);
    assert.throws(() => parseRepositoryUrl('charts.example.com', 'x'), /not a URL/);
    assert.throws(
      () => parseGitSource({ url: 'https://github.com/a/b.git', path: '../x', ref: { kind: 'branch', value: 'main' } }),
      /inside it/,
    );
    assert.throws(
      () => parseGitSource({ url: 'https://github.com/a/b.git', path: 'x', ref: { kind: 'commit', value: 'abc1234' } }),
      /not a full SHA/,
    );
    assert.throws(
      () => parseGitSource({ url: 'https://github.com/a/b.git', path: 'x', ref: { kind: 'branch', value: 'a..b' } }),
      /not a valid Git branch/,
    );
    assert.throws(
      () =>
        parseGitSource({ url: 'https://tok:x-oauth@github.com/a/b.git', path: 'x', ref: { kind: 'tag', value: 'v1' } }),
      /password or token/,
    );
    assert.deepEqual(
      parseGitSource({
        url: 'git@github.com:acme/platform.git',
        path: 'charts/x',
        ref: { kind: 'tag', value: 'my-service-1.4.2' },
      }).type,
      'git',
    );
    assert.throws(
      () =>
        parseGitSource({ url: 'https://ghp_token@github.com/a/b.git', path: 'x', ref: { kind: 'tag', value: 'v1' } }),
      /password or token/,
    );
    assert.equal(
      parseGitSource({ url: 'ssh://git@github.com/acme/platform.git', path: 'x', ref: { kind: 'tag', value: 'v1' } })
        .type,
      'git',
    );
    assert.deepEqual(parseRepositoryUrl('oci://ghcr.io/acme/charts/x/', 'x'), {
      type: 'oci',
      url: 'oci://ghcr.io/acme/charts/x',
      registry: 'ghcr.io',
      repository: 'acme/charts/x',
    });
  });

  test('bad names and durations are refused', () => {
    assert.throws(
      attempt({ environment: { name: 'prod', namespace: 'Shop_1' } }),
      /namespace "Shop_1" is not a valid namespace name/,
    );
    assert.throws(attempt({ release: 'My_Service' }), /release name "My_Service"/);
    assert.throws(attempt({ timeout: 'five minutes' }), /timeout "five minutes" is not a duration/);
    assert.throws(attempt({ retries: -1 }), /retries must be an integer/);
  });

  test('literal credentials in inlined values are warned about; references to Secrets are not', () => {
    const base =
      BASE +
      'auth:\n  adminPassword: hunter2\n  jwtSecret: s3cr3t\n  apiKey: abc\n  passwordKey: password\n  existingSecret: creds\n  tokenFile: /var/run/token\n  secretName: x\nredis:\n  password: ""\n';
    const { out } = run('flux', helmRepo(), { values: { base, environment: PROD } });
    assert.equal(out.warnings.length, 1);
    assert.match(out.warnings[0], /\(auth\.adminPassword, auth\.jwtSecret, auth\.apiKey\)/);
    // From Git the values are not copied into the manifest: nothing to warn about.
    assert.deepEqual(run('flux', git(), { values: { base, environment: PROD } }).out.warnings, []);
  });

  test('environment names become DNS-safe object names; the release name stays', () => {
    const { byKind } = run('flux', helmRepo(), {
      environment: { name: 'EU_Prod', namespace: 'shop', valuesFile: 'values-EU_Prod.yaml' },
    });
    assert.equal(byKind('HelmRelease').metadata.name, 'my-service-eu-prod');
    assert.equal(byKind('HelmRelease').spec.releaseName, 'my-service');
  });
});
