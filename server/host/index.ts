/**
 * The engine parts the VS Code extension runs in its own process — live status and cluster actions,
 * the GitOps export, intent edits, helm and chart lookup — bundled apart as dist/host-engine.js and
 * loaded on first use (client/engine.ts), so activation loads only the client and the protocol.
 * Everything else the extension needs it asks the language server for.
 */
export { KubeStatusSource } from './kube-status-source';
export { profileEdit } from './intent-profile-edit';
export { KubeClient } from '../kube/kube-client';
export { loadKubeConfig } from '../kube/kubeconfig';
export {
  exportGitOps,
  gitInfo,
  GITOPS_FORMATS,
  GitOpsExportError,
  parseGitSource,
  parseRepositoryUrl,
  readChartMeta,
} from '../gitops';
export { defaultPlatformConfig } from '../model/platform-config';
export { chartEnvironments } from '../core/environments';
export { findChartDir, intentOf, readChartSource } from '../review/chart-source';
export { lineHunks } from '../generate/line-hunks';
export { YamlChunk } from '../yaml/yaml-chunk';
export { findPlatformConfig, loadPlatformConfigFile } from '../workspace/platform-config-loader';
export { HelmNotFoundError, resolveHelmPath } from '../tools/helm';
