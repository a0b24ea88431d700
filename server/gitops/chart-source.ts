/**
 * Where the GitOps controller fetches the chart from: a Helm repository (`https://…`), an OCI
 * registry (`oci://…`), or the Git repository holding the chart (a path in it, at a pinned ref).
 * parseChartSource() turns what the user typed into one of these, or says exactly what is wrong.
 */
import { GitOpsExportError } from './errors';

export type GitRefKind = 'commit' | 'tag' | 'branch';

export type ChartSourceSpec =
  /** A Helm repository serving index.yaml, e.g. https://charts.example.com. */
  | { type: 'helm-repository'; url: string }
  /** The chart's OCI artifact: registry/path/<chart> (the chart name is appended when it is not last). */
  | { type: 'oci'; url: string; registry: string; repository: string }
  /** The chart directory in a Git repository, at a ref; `path` is relative to the repository root. */
  | { type: 'git'; url: string; path: string; ref: { kind: GitRefKind; value: string } };

/** A Helm repository or OCI URL; `chartName` completes an OCI reference that ends at the registry path. */
export function parseRepositoryUrl(input: string, chartName: string): ChartSourceSpec {
  const text = input.trim();
  if (!text) throw new GitOpsExportError('give a Helm repository (https://…) or OCI (oci://…) URL', 'source');
  if (/^oci:\/\//i.test(text)) {
    const rest = text.slice('oci://'.length).replace(/\/+$/, '');
    const [host, ...segments] = rest.split('/');
    if (!host || !/^[A-Za-z0-9.-]+(:\d+)?$/.test(host))
      throw new GitOpsExportError(
        `"${text}" has no registry host (expected oci://registry.example.com/charts/${chartName})`,
        'source',
      );
    if (text.includes('@') || /:[^/]*$/.test(segments.at(-1) ?? ''))
      throw new GitOpsExportError(
        `"${text}" carries a tag or digest: give the repository only; the version comes from Chart.yaml`,
        'source',
      );
    if (segments.some((s) => !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/.test(s))) {
      throw new GitOpsExportError(
        `"${text}" is not an OCI repository path: path components are lowercase letters, digits and . _ - separators`,
        'source',
      );
    }
    const artifact = segments.at(-1) === chartName ? segments : [...segments, chartName];
    const repository = artifact.join('/');
    return { type: 'oci', url: `oci://${host}/${repository}`, registry: host, repository };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new GitOpsExportError(
      `"${text}" is not a URL: give https://… (Helm repository) or oci://… (OCI registry)`,
      'source',
    );
  }
  if (url.protocol === 'http:')
    throw new GitOpsExportError(
      `"${text}" is plain http: use https:// so the chart cannot be changed in transit`,
      'source',
    );
  if (url.protocol !== 'https:')
    throw new GitOpsExportError(
      `"${text}": a chart source is https://… (Helm repository) or oci://… (OCI registry), got ${url.protocol}//`,
      'source',
    );
  if (url.username || url.password)
    throw new GitOpsExportError(
      'the URL carries credentials: remove them (the controller reads them from a Secret)',
      'source',
    );
  if (/\.tgz$/i.test(url.pathname) || /index\.ya?ml$/i.test(url.pathname))
    throw new GitOpsExportError(
      `"${text}" points at a file: give the repository URL (the one with index.yaml, without the file name)`,
      'source',
    );
  return { type: 'helm-repository', url: text.replace(/\/+$/, '') };
}

const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** A Git source: the repository URL, the chart's path in it and the ref to pin. */
export function parseGitSource(input: {
  url: string;
  path: string;
  ref: { kind: GitRefKind; value: string };
}): ChartSourceSpec {
  const url = input.url.trim();
  const scpLike = /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^/].*$/.test(url);
  if (!scpLike) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      /* reported below */
    }
    if (!parsed || !['https:', 'ssh:'].includes(parsed.protocol))
      throw new GitOpsExportError(
        `"${url}" is not a Git repository URL (https://…, ssh://… or git@host:org/repo.git)`,
        'source',
      );
    if (parsed.password || (parsed.protocol === 'https:' && parsed.username))
      throw new GitOpsExportError(
        'the Git URL carries a password or token: remove it (the controller reads credentials from a Secret)',
        'source',
      );
  }
  const chartPath = input.path.trim().replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  if (chartPath.startsWith('/') || chartPath.split('/').includes('..'))
    throw new GitOpsExportError(
      `chart path "${input.path}" must be relative to the repository root, inside it`,
      'source.path',
    );
  const value = input.ref.value.trim();
  if (!value) throw new GitOpsExportError(`give the ${input.ref.kind} to pin`, 'source.ref');
  if (input.ref.kind === 'commit' && !FULL_SHA.test(value))
    throw new GitOpsExportError(
      `commit "${value}" is not a full SHA (40 hex characters): a short SHA can become ambiguous`,
      'source.ref',
    );
  if (
    input.ref.kind !== 'commit' &&
    (/\s|\.\.|[~^:?*[\\]/.test(value) || value.startsWith('-') || value.endsWith('.lock'))
  )
    throw new GitOpsExportError(`"${value}" is not a valid Git ${input.ref.kind} name`, 'source.ref');
  return { type: 'git', url, path: chartPath || '.', ref: { kind: input.ref.kind, value } };
}

/** The source in one line, for logs and the manifest's header comment. */
export function describeSource(s: ChartSourceSpec): string {
  if (s.type === 'git') return `Git ${s.url} path ${s.path} at ${s.ref.kind} ${s.ref.value}`;
  return s.type === 'oci' ? `OCI ${s.url}` : `Helm repository ${s.url}`;
}
