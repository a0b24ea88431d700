/**
 * The platform's `helm-baseline` ClusterPolicy, verbatim from the seed facts (§2). It is
 * evaluated exactly as Kyverno would — including that `livenessProbe: "?*"` is a string
 * pattern, which an object-valued probe never satisfies (see the note in the pack docs).
 */
export const SEED_POLICY_YAML = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: helm-baseline
spec:
  validationFailureAction: Enforce
  background: true
  rules:
    - name: require-security-context
      match:
        any:
          - resources:
              kinds: [Deployment, StatefulSet, DaemonSet]
              namespaces: [production, staging]
      validate:
        message: "Containers must set securityContext.runAsNonRoot=true"
        pattern:
          spec:
            template:
              spec:
                containers:
                  - securityContext:
                      runAsNonRoot: true
    - name: require-resource-limits
      match:
        any:
          - resources:
              kinds: [Deployment, StatefulSet, DaemonSet]
      validate:
        message: "All containers must define CPU and memory limits"
        pattern:
          spec:
            template:
              spec:
                containers:
                  - resources:
                      limits:
                        memory: "?*"
                        cpu: "?*"
    - name: require-mandatory-labels
      match:
        any:
          - resources:
              kinds: [Deployment, StatefulSet, DaemonSet, Service]
      validate:
        message: "Resources must carry app.kubernetes.io/name and platform.example.com/tier labels"
        pattern:
          metadata:
            labels:
              app.kubernetes.io/name: "?*"
              platform.example.com/tier: "?*"
    - name: require-liveness-probe
      match:
        any:
          - resources:
              kinds: [Deployment, StatefulSet]
      validate:
        message: "All containers must define a livenessProbe"
        pattern:
          spec:
            template:
              spec:
                containers:
                  - livenessProbe: "?*"
    - name: disallow-privileged-containers
      match:
        any:
          - resources:
              kinds: [Deployment, StatefulSet, DaemonSet]
      validate:
        message: "Privileged containers are not allowed"
        pattern:
          spec:
            template:
              spec:
                containers:
                  - =(securityContext):
                      =(privileged): false
`;
