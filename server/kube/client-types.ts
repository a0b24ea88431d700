/**
 * Types of @kubernetes/client-node (an ES module) for this CommonJS code base; the module itself is
 * loaded lazily with import() (kubeClientModule), so these imports are types only.
 */
export type { Cluster, Context, KubeConfig, User } from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
export type KubeClientModule = typeof import('@kubernetes/client-node', { with: { 'resolution-mode': 'import' } });
