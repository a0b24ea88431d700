/**
 * Every helm argument that comes from a file (Chart.yaml name, a namespace from the intent or the
 * platform config, a dependency name, a Kubernetes version) is checked here before it reaches argv.
 * A value that fails is a refusal with a one-line reason, never a helm run: helm must not read a
 * chart's `name: --output-dir=x` as an option.
 */
import path from 'node:path';

/** helm's own release-name rule (pkg/chartutil ValidateReleaseName): DNS-1123 subdomain, ≤ 53 chars. */
const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Kubernetes namespace: DNS-1123 label, ≤ 63 chars. */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** `1.34`, `v1.34.0`, `1.34.2`. */
const KUBE_VERSION = /^v?\d{1,3}\.\d{1,4}(\.\d{1,6})?$/;
/** `apps/v1`, `monitoring.coreos.com/v1/ServiceMonitor`. */
const API_VERSION = /^[A-Za-z0-9][A-Za-z0-9./-]{0,252}$/;
/** Chart (dependency) names as helm stores them under charts/: one path segment, no `..`. */
const CHART_NAME = /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,250}[A-Za-z0-9])?$/;

/** Why `name` cannot be a helm release name, or undefined when it can. */
export function releaseNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name === '') return 'the release name is empty';
  if (name.length > 53) return `release name '${shown(name)}' is longer than 53 characters`;
  if (!RELEASE_NAME.test(name))
    return `release name '${shown(name)}' is not a DNS-1123 name (lowercase letters, digits, '-' and '.'; starts and ends alphanumeric)`;
  return undefined;
}

export function namespaceProblem(namespace: unknown): string | undefined {
  if (typeof namespace !== 'string' || namespace === '') return 'the namespace is empty';
  if (namespace.length > 63 || !NAMESPACE.test(namespace))
    return `namespace '${shown(namespace)}' is not a DNS-1123 label (lowercase letters, digits and '-', at most 63)`;
  return undefined;
}

export function kubeVersionProblem(version: unknown): string | undefined {
  return typeof version === 'string' && KUBE_VERSION.test(version)
    ? undefined
    : `Kubernetes version '${shown(String(version))}' is not like 1.34 or 1.34.0`;
}

export function apiVersionProblem(apiVersion: unknown): string | undefined {
  return typeof apiVersion === 'string' && API_VERSION.test(apiVersion) && !apiVersion.includes('..')
    ? undefined
    : `API version '${shown(String(apiVersion))}' is not like apps/v1`;
}

/** A dependency name that is safe as one folder under charts/ (no separators, no `..`, no leading '-'). */
export function chartNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || !CHART_NAME.test(name) || name.includes('..'))
    return `dependency name '${shown(String(name))}' is not a plain chart name (letters, digits, '-', '_', '.'; no '/' or '..')`;
  return undefined;
}

/** A path helm receives (chart folder, values file): absolute, so it can never start with '-'. */
export function pathArgProblem(p: unknown): string | undefined {
  return typeof p === 'string' && path.isAbsolute(p) && !p.startsWith('-') && !/[\0\r\n]/.test(p)
    ? undefined
    : `path '${shown(String(p))}' is not an absolute path`;
}

/** `--set` key: helm's dotted path syntax only. Values are attached (`--set=k=v`), never a separate argv item. */
export function setKeyProblem(key: string): string | undefined {
  return /^[A-Za-z0-9_][A-Za-z0-9_.\-[\]]*$/.test(key) ? undefined : `--set key '${shown(key)}' is not a values path`;
}

/** The value as it may appear in a one-line message: control characters escaped, length capped. */
function shown(s: string): string {
  const clean = s.replace(
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped
    /[\u0000-\u001f\u007f-\u009f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return clean.length > 80 ? `${clean.slice(0, 77)}...` : clean;
}
