/**
 * The chart version a GitOps manifest pins. Production pins exact SemVer (seed §5): a range
 * (`^1.2.0`, `~1.2`, `>=1.0.0`, `1.x`, `*`) would let the controller pick a different chart than
 * the one reviewed, so it is refused with what to write instead.
 */
import { parseDocument } from 'yaml';
import { GitOpsExportError, throwOnYamlError } from './errors';

/** SemVer 2.0.0 (semver.org's regular expression), no leading `v`. */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
const RANGE = /[\^~*<>=|, ]|(^|\.)[xX](\.|$)|^\d+(\.\d+)?$/;

export interface ChartMeta {
  name: string;
  /** Exact SemVer. */
  version: string;
  appVersion?: string;
}

/** Why `version` is not an exact SemVer, or undefined when it is. */
export function versionProblem(version: string): string | undefined {
  if (SEMVER.test(version)) return undefined;
  if (/^v\d/.test(version) && SEMVER.test(version.slice(1)))
    return `version "${version}" has a leading "v": write ${version.slice(1)} (exact SemVer 2.0.0)`;
  if (RANGE.test(version))
    return `version "${version}" is a range or incomplete, not an exact version: pin it (e.g. 1.2.3) so the controller installs exactly the chart that was reviewed`;
  return `version "${version}" is not SemVer 2.0.0 (MAJOR.MINOR.PATCH[-pre][+build], e.g. 1.2.3)`;
}

/** Name and exact version from Chart.yaml; a located GitOpsExportError when either is unusable. */
export function readChartMeta(chartYaml: string, file = 'Chart.yaml'): ChartMeta {
  const doc = parseDocument(chartYaml);
  throwOnYamlError(doc, file);
  const lineOf = (key: string): number | undefined => {
    const node = doc.get(key, true) as { range?: [number, number, number] } | undefined;
    return node?.range ? chartYaml.slice(0, node.range[0]).split('\n').length : undefined;
  };
  const data = doc.toJS() as Record<string, unknown> | null;
  if (!data || typeof data !== 'object')
    throw new GitOpsExportError('expected a mapping with name and version', file, 1);
  const name = data.name;
  if (typeof name !== 'string' || !name)
    throw new GitOpsExportError('the chart has no name', file, lineOf('name') ?? 1);
  const raw = data.version;
  if (raw === undefined || raw === null || raw === '')
    throw new GitOpsExportError('the chart has no version: set an exact SemVer version (e.g. 1.0.0) to pin', file, 1);
  // YAML reads `1.2` as a number: still not an exact version.
  const version = String(raw);
  const problem = versionProblem(version);
  if (problem) throw new GitOpsExportError(problem, file, lineOf('version'));
  const appVersion = data.appVersion;
  return {
    name,
    version,
    ...(appVersion !== undefined && appVersion !== null ? { appVersion: String(appVersion) } : {}),
  };
}

/** The OCI tag helm pushes a version under (`+` is not allowed in tags: helm writes `_`). */
export function ociTag(version: string): string {
  return version.replace(/\+/g, '_');
}
