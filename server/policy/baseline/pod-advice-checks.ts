/**
 * Pod checks that need more than one object or a number comparison: token automount through the
 * ServiceAccount, low UIDs, digest pinning, Secrets read from env vars, and objects that pin the
 * `default` namespace.
 */
import type { Resource } from '../types';
import type { JsonPath } from '../util/json-path';
import { failed, passed, type BaselineCheck, type CheckFinding } from './cross-object-checks';
import { namespaceOf, podTemplateOf } from './workloads';

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'];
const label = (r: Resource) => `${r.kind}/${r.metadata?.name ?? '?'}`;

type Container = { image?: unknown; securityContext?: { runAsUser?: unknown }; env?: unknown; envFrom?: unknown };

function eachContainer(spec: Record<string, unknown>, fn: (c: Container, list: string, i: number) => void): void {
  for (const l of CONTAINER_LISTS)
    if (Array.isArray(spec[l]))
      (spec[l] as unknown[]).forEach((c, i) => c && typeof c === 'object' && fn(c as Container, l, i));
}

/** What a check reports about one workload: the field to change and what is wrong there. */
type Report = (path: JsonPath, what: string) => void;

/** One finding per workload from what `inspect` reports (nothing: pass). */
function podCheck(
  id: string,
  rule: string,
  inspect: (spec: Record<string, unknown>, base: JsonPath, report: Report, all: Resource[], ns: string) => void,
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
        const paths: JsonPath[] = [];
        const what: string[] = [];
        const report: Report = (path, w) => {
          paths.push(path);
          what.push(w);
        };
        inspect(t.spec, [...t.path, 'spec'], report, resources, namespaceOf(r, deployNamespace));
        out.push(paths.length ? failed(index, describe(r, what), paths) : passed(index, `${label(r)} passes.`));
      });
      return out;
    },
  };
}

export const tokenAutomount = podCheck(
  'HI-K8S-035',
  'disable-token-automount',
  (spec, base, report, all, ns) => {
    const sa =
      typeof spec.serviceAccountName === 'string' && spec.serviceAccountName ? spec.serviceAccountName : 'default';
    // The default ServiceAccount is HI-K8S-021's finding; an explicit false on the pod always wins.
    if (sa === 'default' || spec.automountServiceAccountToken === false) return;
    const account = all.find(
      (o) => o.kind === 'ServiceAccount' && o.metadata?.name === sa && namespaceOf(o, ns) === ns,
    );
    if (
      (account as { automountServiceAccountToken?: unknown } | undefined)?.automountServiceAccountToken === false &&
      spec.automountServiceAccountToken !== true
    )
      return;
    report([...base, 'serviceAccountName'], sa);
  },
  (r, [sa]) =>
    `${label(r)} mounts an API token of ServiceAccount ${sa}: neither the pod nor the ServiceAccount sets automountServiceAccountToken: false.`,
);

const lowUid = (v: unknown) => typeof v === 'number' && v > 0 && v < 10000;

export const lowUids = podCheck(
  'HI-K8S-036',
  'require-high-uid',
  (spec, base, report) => {
    const podUid = (spec.securityContext as { runAsUser?: unknown } | undefined)?.runAsUser;
    if (lowUid(podUid)) report([...base, 'securityContext', 'runAsUser'], `pod ${podUid}`);
    eachContainer(spec, (c, l, i) => {
      if (lowUid(c.securityContext?.runAsUser))
        report([...base, l, i, 'securityContext', 'runAsUser'], `${l}[${i}] ${c.securityContext!.runAsUser}`);
    });
  },
  (r, what) => `${label(r)} runs with a UID below 10000 (${what.join(', ')}).`,
);

export const digestPinning = podCheck(
  'HI-K8S-037',
  'require-image-digest',
  (spec, base, report) =>
    eachContainer(spec, (c, l, i) => {
      if (typeof c.image === 'string' && !/@sha256:[a-f0-9]{64}$/.test(c.image))
        report([...base, l, i, 'image'], c.image);
    }),
  (r, what) => `${label(r)} runs images without a digest: ${what.join(', ')}.`,
);

export const secretEnv = podCheck(
  'HI-K8S-038',
  'prefer-secret-files',
  (spec, base, report) =>
    eachContainer(spec, (c, l, i) => {
      if (Array.isArray(c.env))
        c.env.forEach((e: { name?: string; valueFrom?: { secretKeyRef?: unknown } }, j) => {
          if (e?.valueFrom?.secretKeyRef)
            report([...base, l, i, 'env', j, 'valueFrom', 'secretKeyRef'], String(e.name));
        });
      if (Array.isArray(c.envFrom))
        c.envFrom.forEach((e: { secretRef?: { name?: string } }, j) => {
          if (e?.secretRef)
            report([...base, l, i, 'envFrom', j, 'secretRef'], `all of Secret ${e.secretRef.name ?? '?'}`);
        });
    }),
  (r, what) => `${label(r)} reads Secrets through environment variables: ${what.join(', ')}.`,
);

export const defaultNamespace: BaselineCheck = {
  id: 'HI-K8S-039',
  rule: 'disallow-default-namespace',
  run({ resources }) {
    return resources.flatMap((r, index): CheckFinding[] =>
      r.metadata?.namespace === 'default'
        ? [
            failed(
              index,
              `${label(r)} names namespace "default": it ignores the namespace the release is installed into.`,
              [['metadata', 'namespace']],
            ),
          ]
        : [],
    );
  },
};

export const POD_ADVICE_CHECKS: BaselineCheck[] = [tokenAutomount, lowUids, digestPinning, secretEnv, defaultNamespace];
