/**
 * Helm releases read through the API, as helm's Secret storage driver stores them: Secrets
 * labelled owner=helm,name=<release> named sh.helm.release.v1.<release>.v<revision>, whose
 * `release` key holds base64(gzip(JSON)) (and Kubernetes base64-encodes Secret data once more).
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { parseAllDocuments } from 'yaml';
import type { ReleaseRevision, ReleaseStatus } from '../protocol/status-protocol';

/** The fields of helm's release JSON the status needs. */
export interface HelmReleaseRecord {
  name: string;
  namespace?: string;
  version: number;
  info?: {
    status?: string;
    description?: string;
    first_deployed?: string;
    last_deployed?: string;
    deleted?: string;
    notes?: string;
  };
  chart?: { metadata?: { name?: string; version?: string; appVersion?: string } };
  manifest?: string;
}

export const RELEASE_SECRET_TYPE = 'helm.sh/release.v1';

/** Decoded releases by Secret object: watch events replace objects, so identity is the version. */
const decoded = new WeakMap<object, HelmReleaseRecord | Error>();

/** decodeReleaseSecret, once per Secret object (the model is rebuilt on every pod event). */
function decodeCached(secret: any): HelmReleaseRecord {
  if (secret && typeof secret === 'object') {
    let found = decoded.get(secret);
    if (!found) {
      try {
        found = decodeReleaseSecret(secret);
      } catch (e) {
        found = e as Error;
      }
      decoded.set(secret, found);
    }
    if (found instanceof Error) throw found;
    return found;
  }
  return decodeReleaseSecret(secret);
}

/** Decodes one release Secret; throws an Error naming the Secret when it does not decode. */
export function decodeReleaseSecret(secret: any): HelmReleaseRecord {
  const name = String(secret?.metadata?.name ?? '(unnamed)');
  const data = secret?.data?.release;
  if (typeof data !== 'string' || !data) throw new Error(`Secret ${name} has no data.release`);
  try {
    // Kubernetes' base64 of helm's base64 text.
    const helmText = Buffer.from(data, 'base64').toString('latin1');
    let raw = Buffer.from(helmText, 'base64');
    if (raw[0] === 0x1f && raw[1] === 0x8b) raw = gunzipSync(raw);
    const record = JSON.parse(raw.toString('utf8'));
    if (typeof record?.name !== 'string' || typeof record?.version !== 'number')
      throw new Error('not a helm release (no name/version)');
    return record as HelmReleaseRecord;
  } catch (e) {
    throw new Error(`Secret ${name} does not hold a readable helm release: ${(e as Error).message}`);
  }
}

/** Encodes a release as helm stores it in Secret.data.release (for tests and fixtures). */
export function encodeReleaseData(record: HelmReleaseRecord): string {
  const helmText = gzipSync(Buffer.from(JSON.stringify(record))).toString('base64');
  return Buffer.from(helmText, 'latin1').toString('base64');
}

export function revisionOf(record: HelmReleaseRecord): ReleaseRevision {
  const meta = record.chart?.metadata ?? {};
  return {
    revision: record.version,
    status: String(record.info?.status ?? 'unknown'),
    chartName: String(meta.name ?? ''),
    chartVersion: String(meta.version ?? ''),
    ...(meta.appVersion ? { appVersion: String(meta.appVersion) } : {}),
    ...(record.info?.description ? { description: String(record.info.description) } : {}),
    ...(record.info?.last_deployed ? { updated: String(record.info.last_deployed) } : {}),
  };
}

/** The release status from its Secrets (any order; Secrets of other releases are ignored). */
export function releaseFromSecrets(
  name: string,
  namespace: string,
  secrets: any[],
): { status: ReleaseStatus; current?: HelmReleaseRecord } {
  const records: HelmReleaseRecord[] = [];
  const errors: string[] = [];
  for (const s of secrets) {
    const labels = s?.metadata?.labels ?? {};
    if (labels.owner !== 'helm' || labels.name !== name) continue;
    try {
      records.push(decodeCached(s));
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  records.sort((a, b) => b.version - a.version);
  const current = records[0];
  const status: ReleaseStatus = {
    name,
    namespace,
    found: !!current,
    source: 'secrets',
    history: records.map(revisionOf),
    ...(current ? { current: revisionOf(current) } : {}),
    ...(current?.info?.notes ? { notes: current.info.notes } : {}),
    ...(errors.length ? { error: errors.join('; ') } : {}),
  };
  return { status, current };
}

/** kind/name pairs of the objects in a release manifest (`---`-separated YAML); unparsable documents are skipped. */
let lastManifest: { text: string; objects: Array<{ kind: string; name: string; apiVersion?: string }> } | undefined;

export function manifestObjects(
  manifest: string | undefined,
): Array<{ kind: string; name: string; apiVersion?: string }> {
  if (!manifest) return [];
  if (lastManifest?.text === manifest) return lastManifest.objects;
  const objects = parseManifestObjects(manifest);
  lastManifest = { text: manifest, objects };
  return objects;
}

function parseManifestObjects(manifest: string): Array<{ kind: string; name: string; apiVersion?: string }> {
  const out: Array<{ kind: string; name: string; apiVersion?: string }> = [];
  for (const doc of parseAllDocuments(manifest)) {
    if (doc.errors.length) continue;
    const o = doc.toJS() as any;
    if (typeof o?.kind === 'string' && typeof o?.metadata?.name === 'string')
      out.push({
        kind: o.kind,
        name: o.metadata.name,
        ...(typeof o.apiVersion === 'string' ? { apiVersion: o.apiVersion } : {}),
      });
  }
  return out;
}
