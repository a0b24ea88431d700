/**
 * Pod checks that need more than one object or a number comparison: token automount through the
 * ServiceAccount, low UIDs, digest pinning, Secrets read from env vars, and objects that pin the
 * `default` namespace.
 */
import type { Resource } from '../types';
import type { JsonPath } from '../util/json-path';
import type { BaselineCheck, CheckFinding } from './cross-object-checks';
import { namespaceOf, podTemplateOf } from './workloads';

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'];
const label = (r: Resource) => `${r.kind}/${r.metadata?.name ?? '?'}`;

type Container = { image?: unknown; securityContext?: { runAsUser?: unknown }; env?: unknown; envFrom?: unknown };

function eachContainer(spec: Record<string, unknown>, fn: (c: Container, list: string, i: number) => void): void {
  for (const l of CONTAINER_LISTS)
    if (Array.isArray(spec[l]))
      (spec[l] as unknown[]).forEach((c, i) => c && typeof c === 'object' && fn(c as Container, l, i));
}

/** One finding per workload from the paths `collect` returns (none: pass). */
function podCheck(
  id: string,
  rule: string,
  collect: (
    r: Resource,
    spec: Record<string, unknown>,
    base: JsonPath,
    all: Resource[],
    ns: string,
  ) => { paths: JsonPath[]; what: string[] },
  describe: (r: Resource, what: string[]) => string,
): BaselineCheck {
  return {
    id,
    rule,
    run({ resources, deployNamespace }) {
      const out: CheckFinding[] = [];
      resources.forEach((r, index) => {
        const t = podTemplateOf(r);
        if (!t) return;
        const { paths, what } = collect(r, t.spec, [...t.path, 'spec'], resources, namespaceOf(r, deployNamespace));
        out.push(
          paths.length
            ? { resourceIndex: index, status: 'fail', message: describe(r, what), paths }
            : { resourceIndex: index, status: 'pass', message: `${label(r)} passes.` },
        );
      });
      return out;
    },
  };
}

export const tokenAutomount = podCheck(
  'HI-K8S-035',
  'disable-token-automount',
  (r, spec, base, all, ns) => {
    const sa =
      typeof spec.serviceAccountName === 'string' && spec.serviceAccountName ? spec.serviceAccountName : 'default';
    // The default ServiceAccount is HI-K8S-021's finding; an explicit false on the pod always wins.
    if (sa === 'default' || spec.automountServiceAccountToken === false) return { paths: [], what: [] };
    const account = all.find(
      (o) => o.kind === 'ServiceAccount' && o.metadata?.name === sa && namespaceOf(o, ns) === ns,
    );
    if (
      (account as { automountServiceAccountToken?: unknown } | undefined)?.automountServiceAccountToken === false &&
      spec.automountServiceAccountToken !== true
    )
      return { paths: [], what: [] };
    return { paths: [[...base, 'serviceAccountName']], what: [sa] };
  },
  (r, [sa]) =>
    `${label(r)} mounts an API token of ServiceAccount ${sa}: neither the pod nor the ServiceAccount sets automountServiceAccountToken: false.`,
);

const lowUid = (v: unknown) => typeof v === 'number' && v > 0 && v < 10000;

export const lowUids = podCheck(
  'HI-K8S-036',
  'require-high-uid',
  (_r, spec, base) => {
    const paths: JsonPath[] = [];
    const what: string[] = [];
    const podUid = (spec.securityContext as { runAsUser?: unknown } | undefined)?.runAsUser;
    if (lowUid(podUid)) {
      paths.push([...base, 'securityContext', 'runAsUser']);
      what.push(`pod ${podUid}`);
    }
    eachContainer(spec, (c, l, i) => {
      if (lowUid(c.securityContext?.runAsUser)) {
        paths.push([...base, l, i, 'securityContext', 'runAsUser']);
        what.push(`${l}[${i}] ${c.securityContext!.runAsUser}`);
      }
    });
    return { paths, what };
  },
  (r, what) => `${label(r)} runs with a UID below 10000 (${what.join(', ')}).`,
);

export const digestPinning = podCheck(
  'HI-K8S-037',
  'require-image-digest',
  (_r, spec, base) => {
    const paths: JsonPath[] = [];
    const what: string[] = [];
    eachContainer(spec, (c, l, i) => {
      if (typeof c.image === 'string' && !/@sha256:[a-f0-9]{64}$/.test(c.image)) {
        paths.push([...base, l, i, 'image']);
        what.push(c.image);
      }
    });
    return { paths, what };
  },
  (r, what) => `${label(r)} runs images without a digest: ${what.join(', ')}.`,
);

export const secretEnv = podCheck(
  'HI-K8S-038',
  'prefer-secret-files',
  (_r, spec, base) => {
    const paths: JsonPath[] = [];
    const what: string[] = [];
    eachContainer(spec, (c, l, i) => {
      if (Array.isArray(c.env))
        c.env.forEach((e: { name?: string; valueFrom?: { secretKeyRef?: unknown } }, j) => {
          if (e?.valueFrom?.secretKeyRef) {
            paths.push([...base, l, i, 'env', j, 'valueFrom', 'secretKeyRef']);
            what.push(String(e.name));
          }
        });
      if (Array.isArray(c.envFrom))
        c.envFrom.forEach((e: { secretRef?: { name?: string } }, j) => {
          if (e?.secretRef) {
            paths.push([...base, l, i, 'envFrom', j, 'secretRef']);
            what.push(`all of Secret ${e.secretRef.name ?? '?'}`);
          }
        });
    });
    return { paths, what };
  },
  (r, what) => `${label(r)} reads Secrets through environment variables: ${what.join(', ')}.`,
);

export const defaultNamespace: BaselineCheck = {
  id: 'HI-K8S-039',
  rule: 'disallow-default-namespace',
  run({ resources }) {
    return resources.flatMap((r, index): CheckFinding[] =>
      r.metadata?.namespace === 'default'
        ? [
            {
              resourceIndex: index,
              status: 'fail',
              message: `${label(r)} names namespace "default": it ignores the namespace the release is installed into.`,
              paths: [['metadata', 'namespace']],
            },
          ]
        : [],
    );
  },
};

export const POD_ADVICE_CHECKS: BaselineCheck[] = [tokenAutomount, lowUids, digestPinning, secretEnv, defaultNamespace];
