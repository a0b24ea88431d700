import type { ObjectValidator } from './pipeline';

/**
 * Kubernetes schema checks of rendered objects. `helm-intent-kube-schema` is server/kube-schema
 * (tsconfig paths); in the bundles it is a separate file loaded on first use (scripts/build.mjs).
 */
export const kubeSchemaValidator: ObjectValidator = async (manifests, kubernetesVersion) => {
  const { validateObjects } = await import('helm-intent-kube-schema');
  const findings = await validateObjects(
    manifests.map((m, index) => ({ object: m.object, source: m.source, index })),
    { kubernetesVersion },
  );
  return findings.map((f) => ({
    index: f.index ?? -1,
    severity: f.severity,
    code: f.code,
    message: f.message,
    path: f.segments,
  }));
};
