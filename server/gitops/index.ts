/** GitOps hand-off (Flux HelmRelease / Argo CD Application); see export.ts. */
export { exportGitOps, GITOPS_FORMATS, type GitOpsExport, type GitOpsExportInput, type GitOpsFormat } from './export';
export {
  parseRepositoryUrl,
  parseGitSource,
  describeSource,
  type ChartSourceSpec,
  type GitRefKind,
} from './chart-source';
export { readChartMeta, versionProblem, ociTag, type ChartMeta } from './chart-version';
export { environmentValues, literalCredentials, isCredentialKey } from './values';
export { GitOpsExportError } from './errors';
export { gitInfo, runGit, SAFE_GIT_OPTIONS, UntrustedWorkspaceError, type GitInfo } from './git-info';
