/**
 * Runtime API discovery: which apiVersion/kinds the cluster serves (GET /api/v1 and
 * /apis/<group>/<version>, as kubectl's discovery does), so a chart that renders a Rollout on a
 * cluster without the Argo Rollouts CRD is flagged before it is installed.
 */
import type { ApiAvailability } from '../protocol/status-protocol';
import { KubeApiError, type KubeClient } from './kube-client';

export interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
}

/** Notes for kinds whose absence has a well-known cause. */
const MISSING_NOTES: Record<string, string> = {
  'argoproj.io/Rollout':
    'the Argo Rollouts CRDs are not installed (install Argo Rollouts, or use the rolling strategy)',
  'argoproj.io/AnalysisTemplate': 'the Argo Rollouts CRDs are not installed',
  'argoproj.io/AnalysisRun': 'the Argo Rollouts CRDs are not installed',
  'argoproj.io/Application': 'Argo CD is not installed',
  'helm.toolkit.fluxcd.io/HelmRelease': 'Flux is not installed',
  'external-secrets.io/ExternalSecret': 'External Secrets Operator is not installed',
  'bitnami.com/SealedSecret': 'the Sealed Secrets controller is not installed',
  'monitoring.coreos.com/ServiceMonitor': 'the Prometheus Operator CRDs are not installed',
};

export class Discovery {
  private readonly groupVersions = new Map<string, Promise<ApiResource[] | undefined>>();

  constructor(private readonly client: KubeClient) {}

  /** The resources of one group version; undefined when the cluster does not serve it (404). */
  resources(apiVersion: string): Promise<ApiResource[] | undefined> {
    let found = this.groupVersions.get(apiVersion);
    if (!found) {
      const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      found = this.client.get(path, { describe: `discover ${apiVersion}` }).then(
        (list: any) =>
          (Array.isArray(list?.resources) ? list.resources : [])
            .filter((r: any) => typeof r?.name === 'string' && !r.name.includes('/'))
            .map((r: any) => ({
              name: r.name,
              kind: String(r.kind ?? ''),
              namespaced: !!r.namespaced,
              verbs: Array.isArray(r.verbs) ? r.verbs : [],
            })),
        (e) => {
          if (e instanceof KubeApiError && e.status === 404) return undefined;
          this.groupVersions.delete(apiVersion); // retry next time: it was not an answer
          throw e;
        },
      );
      this.groupVersions.set(apiVersion, found);
    }
    return found;
  }

  /** The plural resource serving apiVersion/kind, or undefined when not served. */
  async resourceFor(apiVersion: string, kind: string): Promise<ApiResource | undefined> {
    return (await this.resources(apiVersion))?.find((r) => r.kind === kind);
  }

  /** Which of the given apiVersion/kinds the cluster serves. Network/auth failures propagate. */
  async check(wanted: Array<{ apiVersion: string; kind: string }>): Promise<ApiAvailability[]> {
    const unique = new Map<string, { apiVersion: string; kind: string }>();
    for (const w of wanted)
      if (w?.apiVersion && w?.kind) unique.set(`${w.apiVersion} ${w.kind}`, { apiVersion: w.apiVersion, kind: w.kind });
    const out: ApiAvailability[] = [];
    for (const { apiVersion, kind } of unique.values()) {
      const resource = await this.resourceFor(apiVersion, kind);
      if (resource) {
        out.push({ apiVersion, kind, served: true, resource: resource.name });
        continue;
      }
      const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
      const servedVersions = group ? await this.otherVersionsOf(group, kind, apiVersion) : [];
      const known = MISSING_NOTES[`${group}/${kind}`];
      const note = servedVersions.length
        ? `the cluster serves ${kind} only as ${servedVersions.join(', ')}`
        : (known ??
          (group
            ? `the cluster does not serve ${apiVersion} (CRD not installed or API removed)`
            : `the cluster does not serve ${apiVersion}`));
      out.push({ apiVersion, kind, served: false, note });
    }
    return out;
  }

  /** Other versions of the group that serve the kind (e.g. autoscaling/v2 when v2beta2 is gone). */
  private async otherVersionsOf(group: string, kind: string, except: string): Promise<string[]> {
    let groups: any;
    try {
      groups = await this.client.get('/apis', { describe: 'discover API groups' });
    } catch (e) {
      if (e instanceof KubeApiError && e.status === 404) return [];
      throw e;
    }
    const entry = (groups?.groups ?? []).find((g: any) => g?.name === group);
    const versions: string[] = (entry?.versions ?? [])
      .map((v: any) => String(v?.groupVersion ?? ''))
      .filter((gv: string) => gv && gv !== except);
    const out: string[] = [];
    for (const gv of versions) if (await this.resourceFor(gv, kind)) out.push(gv);
    return out;
  }
}
