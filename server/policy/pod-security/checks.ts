/**
 * The Pod Security Standards checks, as k8s.io/pod-security-admission defines them (the policy
 * package Kyverno evaluates `validate.podSecurity` with): one entry per check ID, its level and
 * its versions. Order is the package's registration order (its file names), which is the order
 * Kyverno lists failed checks in.
 */
import { forbidden, required, type BadValue, type FieldError } from './field-errors';

export type Level = 'baseline' | 'restricted';
export type Obj = Record<string, unknown>;

export interface PodView {
  metadata: Obj;
  spec: Obj;
}

export interface CheckResult {
  allowed: boolean;
  forbiddenReason?: string;
  forbiddenDetail?: string;
  errors?: FieldError[];
}

export type PodCheck = (pod: PodView) => CheckResult;

export interface VersionedCheck {
  /** Minor version of Kubernetes 1.x from which this variant applies. */
  minimum: number;
  check: PodCheck;
}

/** A variant of a check and the minor version it applies from. */
type Variant = [minimum: number, check: PodCheck];

export interface Check {
  id: string;
  level: Level;
  versions: VersionedCheck[];
}

const ALLOWED: CheckResult = { allowed: true };

/**
 * Pods with their own user namespace (`hostUsers: false`) are relaxed for the root-user and
 * procMount checks from the newest policy version on (pinned older versions stay strict).
 */
const USERNS_RELAXED_FROM = 35;
const userNamespaced = (pod: PodView) => pod.spec.hostUsers === false;

/** `check` from `minimum` on, and from USERNS_RELAXED_FROM on letting pods with their own user namespace pass. */
function exemptingUserNamespaces(minimum: number, check: PodCheck): Variant[] {
  return [
    [minimum, check],
    [USERNS_RELAXED_FROM, (pod) => (userNamespaced(pod) ? ALLOWED : check(pod))],
  ];
}

const obj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

interface ContainerVisit {
  container: Obj;
  name: string;
  path: string;
}

/** init containers, containers, ephemeral containers — the package's visiting order. */
function containers(spec: Obj): ContainerVisit[] {
  const out: ContainerVisit[] = [];
  for (const key of ['initContainers', 'containers', 'ephemeralContainers']) {
    list(spec[key]).forEach((c, i) => {
      const container = obj(c) ?? {};
      out.push({ container, name: str(container.name), path: `spec.${key}[${i}]` });
    });
  }
  return out;
}

const sc = (o: Obj | undefined): Obj | undefined => obj(o?.securityContext);
const podSc = (pod: PodView) => sc(pod.spec);
const isWindows = (pod: PodView) => str(obj(pod.spec.os)?.name) === 'windows';

/** `check` from `minimum` on, and from 1.25 on letting Windows pods pass (its fields do not apply to them). */
function exemptingWindows(minimum: number, check: PodCheck): Variant[] {
  return [
    [minimum, check],
    [25, (pod) => (isWindows(pod) ? ALLOWED : check(pod))],
  ];
}

const quote = (items: string[]) => items.map((s) => JSON.stringify(s)).join(', ');
const plural = (one: string, many: string, n: number) => (n === 1 ? one : many);
const containerWord = (names: string[]) => `${plural('container', 'containers', names.length)} ${quote(names)}`;
const uniqueSorted = (items: string[]) => [...new Set(items)].sort();

/** The AppArmor and seccomp profile types restricted pods may use. */
const confinedProfile = (t: unknown) => t === 'RuntimeDefault' || t === 'Localhost';

function fail(reason: string, detail: string, errors: FieldError[]): CheckResult {
  return { allowed: false, forbiddenReason: reason, forbiddenDetail: detail, errors };
}

/** Forbidden values one securityContext field holds: who sets them ('pod', then the containers), which, and where. */
interface Settings<V extends BadValue> {
  setters: string[];
  containers: string[];
  values: V[];
  errors: FieldError[];
}

/**
 * Reads `securityContext.<field>` on the pod (unless `podLevel` is false: the pod's securityContext
 * has no such field) and on each container; `offending` gives the forbidden value held there.
 */
function forbiddenSettings<V extends BadValue>(
  pod: PodView,
  field: string,
  offending: (securityContext: Obj | undefined) => V | undefined,
  { podLevel = true } = {},
): Settings<V> {
  const found: Settings<V> = { setters: [], containers: [], values: [], errors: [] };
  const visit = (securityContext: Obj | undefined, base: string): boolean => {
    const value = offending(securityContext);
    if (value === undefined) return false;
    found.values.push(value);
    found.errors.push(forbidden(`${base}.securityContext.${field}`, value));
    return true;
  };
  if (podLevel && visit(podSc(pod), 'spec')) found.setters.push('pod');
  for (const c of containers(pod.spec)) if (visit(sc(c.container), c.path)) found.containers.push(c.name);
  if (found.containers.length) found.setters.push(containerWord(found.containers));
  return found;
}

/** The type of a set AppArmor or seccomp profile that restricted pods may not use. */
const unconfinedType = (profile: unknown): string | undefined => {
  const p = obj(profile);
  return p && !confinedProfile(p.type) ? str(p.type) : undefined;
};

// ---- baseline ----

function allowPrivilegeEscalation(pod: PodView): CheckResult {
  const bad: string[] = [];
  const errors: FieldError[] = [];
  for (const c of containers(pod.spec)) {
    const v = sc(c.container)?.allowPrivilegeEscalation;
    const field = `${c.path}.securityContext.allowPrivilegeEscalation`;
    if (v === undefined || v === null) errors.push(required(field));
    else if (v !== false) errors.push(forbidden(field, true));
    else continue;
    bad.push(c.name);
  }
  if (!bad.length) return ALLOWED;
  return fail(
    'allowPrivilegeEscalation != false',
    `${containerWord(bad)} must set securityContext.allowPrivilegeEscalation=false`,
    errors,
  );
}

function appArmorProfile(pod: PodView): CheckResult {
  const found = forbiddenSettings(pod, 'appArmorProfile.type', (s) => unconfinedType(s?.appArmorProfile));
  const { setters, errors } = found;
  const annotations: string[] = [];
  for (const [k, v] of Object.entries(obj(pod.metadata.annotations) ?? {})) {
    const value = str(v);
    if (
      k.startsWith('container.apparmor.security.beta.kubernetes.io/') &&
      !(value === '' || value === 'runtime/default' || value.startsWith('localhost/'))
    ) {
      annotations.push(`${k}=${JSON.stringify(value)}`);
      errors.push(forbidden(`metadata.annotations[${k}]`, value));
    }
  }
  const values = uniqueSorted(found.values);
  if (annotations.length) {
    values.push(...annotations.sort());
    setters.push(plural('annotation', 'annotations', annotations.length));
  }
  if (!setters.length) return ALLOWED;
  return fail(
    plural('forbidden AppArmor profile', 'forbidden AppArmor profiles', values.length),
    `${setters.join(' and ')} must not set AppArmor profile type to ${quote(values)}`,
    errors,
  );
}

const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

function capabilitiesBaseline(pod: PodView): CheckResult {
  const found = forbiddenSettings(
    pod,
    'capabilities.add',
    (s) => {
      const added = list(obj(s?.capabilities)?.add).map(String);
      const forbiddenCaps = added.filter((cap) => !BASELINE_CAPABILITIES.has(cap));
      return forbiddenCaps.length ? uniqueSorted(forbiddenCaps) : undefined;
    },
    { podLevel: false },
  );
  if (!found.containers.length) return ALLOWED;
  return fail(
    'non-default capabilities',
    `${containerWord(found.containers)} must not include ${quote(uniqueSorted(found.values.flat()))} in securityContext.capabilities.add`,
    found.errors,
  );
}

function capabilitiesRestricted(pod: PodView): CheckResult {
  const missingDrop: string[] = [];
  const adding: string[] = [];
  const caps: string[] = [];
  const errors: FieldError[] = [];
  for (const c of containers(pod.spec)) {
    const capabilities = obj(sc(c.container)?.capabilities);
    const dropField = `${c.path}.securityContext.capabilities.drop`;
    if (!capabilities) {
      missingDrop.push(c.name);
      errors.push(required(dropField));
      continue;
    }
    const drop = list(capabilities.drop).map(String);
    if (!drop.includes('ALL')) {
      missingDrop.push(c.name);
      errors.push(drop.length ? forbidden(dropField, drop) : required(dropField));
    }
    const forbiddenCaps = list(capabilities.add)
      .map(String)
      .filter((cap) => cap !== 'NET_BIND_SERVICE');
    if (forbiddenCaps.length) {
      adding.push(c.name);
      caps.push(...forbiddenCaps);
      errors.push(forbidden(`${c.path}.securityContext.capabilities.add`, uniqueSorted(forbiddenCaps)));
    }
  }
  if (!missingDrop.length && !adding.length) return ALLOWED;
  const details: string[] = [];
  if (missingDrop.length)
    details.push(`${containerWord(missingDrop)} must set securityContext.capabilities.drop=["ALL"]`);
  if (adding.length)
    details.push(
      `${containerWord(adding)} must not include ${quote(uniqueSorted(caps))} in securityContext.capabilities.add`,
    );
  return fail('unrestricted capabilities', details.join('; '), errors);
}

function hostNamespaces(pod: PodView): CheckResult {
  const set: string[] = [];
  const errors: FieldError[] = [];
  for (const key of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (pod.spec[key] === true) {
      set.push(`${key}=true`);
      errors.push(forbidden(`spec.${key}`, true));
    }
  }
  if (!set.length) return ALLOWED;
  return fail('host namespaces', set.join(', '), errors);
}

function hostPathVolumes(pod: PodView): CheckResult {
  const names: string[] = [];
  const errors: FieldError[] = [];
  list(pod.spec.volumes).forEach((v, i) => {
    const volume = obj(v) ?? {};
    if (obj(volume.hostPath)) {
      names.push(str(volume.name));
      errors.push(forbidden(`spec.volumes[${i}].hostPath`, str(obj(volume.hostPath)?.path)));
    }
  });
  if (!names.length) return ALLOWED;
  return fail('hostPath volumes', `${plural('volume', 'volumes', names.length)} ${quote(names)}`, errors);
}

function hostPorts(pod: PodView): CheckResult {
  const bad: string[] = [];
  const ports: string[] = [];
  const errors: FieldError[] = [];
  for (const c of containers(pod.spec)) {
    let found = false;
    list(c.container.ports).forEach((p, i) => {
      const hostPort = obj(p)?.hostPort;
      if (typeof hostPort === 'number' && hostPort !== 0) {
        found = true;
        ports.push(String(hostPort));
        errors.push(forbidden(`${c.path}.ports[${i}].hostPort`, hostPort));
      }
    });
    if (found) bad.push(c.name);
  }
  if (!bad.length) return ALLOWED;
  const unique = uniqueSorted(ports);
  return fail(
    'hostPort',
    `${containerWord(bad)} ${plural('uses', 'use', bad.length)} ${plural('hostPort', 'hostPorts', unique.length)} ${unique.join(', ')}`,
    errors,
  );
}

function hostProbesAndHostLifecycle(pod: PodView): CheckResult {
  const bad: string[] = [];
  const hosts: string[] = [];
  const errors: FieldError[] = [];
  for (const c of containers(pod.spec)) {
    const handlers: Array<[string, Obj | undefined]> = [
      ['livenessProbe', obj(c.container.livenessProbe)],
      ['readinessProbe', obj(c.container.readinessProbe)],
      ['startupProbe', obj(c.container.startupProbe)],
      ['lifecycle.postStart', obj(obj(c.container.lifecycle)?.postStart)],
      ['lifecycle.preStop', obj(obj(c.container.lifecycle)?.preStop)],
    ];
    let found = false;
    for (const [name, handler] of handlers) {
      for (const kind of ['httpGet', 'tcpSocket']) {
        const host = str(obj(handler?.[kind])?.host);
        if (host === '') continue;
        found = true;
        hosts.push(host);
        errors.push(forbidden(`${c.path}.${name}.${kind}.host`, host));
      }
    }
    if (found) bad.push(c.name);
  }
  if (!bad.length) return ALLOWED;
  const unique = uniqueSorted(hosts);
  return fail(
    'probe or lifecycle host',
    `${containerWord(uniqueSorted(bad))} ${plural('uses', 'use', bad.length)} ${plural('probe or lifecycle host', 'probe or lifecycle hosts', unique.length)} ${quote(unique)}`,
    errors,
  );
}

function privileged(pod: PodView): CheckResult {
  const found = forbiddenSettings(pod, 'privileged', (s) => (s?.privileged === true ? true : undefined), {
    podLevel: false,
  });
  if (!found.containers.length) return ALLOWED;
  return fail(
    'privileged',
    `${containerWord(found.containers)} must not set securityContext.privileged=true`,
    found.errors,
  );
}

function procMount(pod: PodView): CheckResult {
  const found = forbiddenSettings(
    pod,
    'procMount',
    (s) =>
      s?.procMount === undefined || s.procMount === null || s.procMount === 'Default' ? undefined : str(s.procMount),
    { podLevel: false },
  );
  if (!found.containers.length) return ALLOWED;
  return fail(
    'procMount',
    `${containerWord(found.containers)} must not set securityContext.procMount to ${quote(uniqueSorted(found.values))}`,
    found.errors,
  );
}

const ALLOWED_VOLUME_SOURCES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

function restrictedVolumes(pod: PodView): CheckResult {
  const names: string[] = [];
  const types: string[] = [];
  const errors: FieldError[] = [];
  list(pod.spec.volumes).forEach((v, i) => {
    const volume = obj(v) ?? {};
    const sources = Object.keys(volume).filter((k) => k !== 'name' && volume[k] !== null && volume[k] !== undefined);
    if (sources.some((k) => ALLOWED_VOLUME_SOURCES.includes(k))) return;
    const type = sources[0] ?? 'unknown';
    names.push(str(volume.name));
    types.push(type);
    errors.push(forbidden(`spec.volumes[${i}]${type === 'unknown' ? '' : `.${type}`}`, type));
  });
  if (!names.length) return ALLOWED;
  const unique = uniqueSorted(types);
  return fail(
    'restricted volume types',
    `${plural('volume', 'volumes', names.length)} ${quote(names)} ${plural('uses', 'use', names.length)} restricted ${plural('volume type', 'volume types', unique.length)} ${quote(unique)}`,
    errors,
  );
}

function runAsNonRoot(pod: PodView): CheckResult {
  const { setters, errors } = forbiddenSettings(pod, 'runAsNonRoot', (s) =>
    s?.runAsNonRoot === false ? false : undefined,
  );
  // Containers that leave it unset are fine only when the pod sets it.
  const implicit =
    podSc(pod)?.runAsNonRoot === true
      ? []
      : containers(pod.spec).filter((c) => typeof sc(c.container)?.runAsNonRoot !== 'boolean');
  const details: string[] = [];
  if (setters.length) details.push(`${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`);
  if (implicit.length)
    details.push(`pod or ${containerWord(implicit.map((c) => c.name))} must set securityContext.runAsNonRoot=true`);
  if (!details.length) return ALLOWED;
  const implicitErrors = implicit.map((c) => required(`${c.path}.securityContext.runAsNonRoot`));
  return fail('runAsNonRoot != true', details.join('\n'), [...errors, ...implicitErrors]);
}

function runAsUser(pod: PodView): CheckResult {
  const { setters, errors } = forbiddenSettings(pod, 'runAsUser', (s) => (s?.runAsUser === 0 ? 0 : undefined));
  if (!setters.length) return ALLOWED;
  return fail('runAsUser=0', `${setters.join(' and ')} must not set runAsUser=0`, errors);
}

function seLinuxOptions(types: string[]) {
  return (pod: PodView): CheckResult => {
    const setters: string[] = [];
    const badTypes: string[] = [];
    let userSet = false;
    let roleSet = false;
    const errors: FieldError[] = [];
    const visit = (sec: Obj | undefined, base: string): boolean => {
      const o = obj(sec?.seLinuxOptions);
      if (!o) return false;
      let bad = false;
      const t = str(o.type);
      if (!types.includes(t)) {
        bad = true;
        badTypes.push(t);
        errors.push(forbidden(`${base}.seLinuxOptions.type`, t));
      }
      if (str(o.user) !== '') {
        bad = userSet = true;
        errors.push(forbidden(`${base}.seLinuxOptions.user`, str(o.user)));
      }
      if (str(o.role) !== '') {
        bad = roleSet = true;
        errors.push(forbidden(`${base}.seLinuxOptions.role`, str(o.role)));
      }
      return bad;
    };
    if (visit(podSc(pod), 'spec.securityContext')) setters.push('pod');
    const bad = containers(pod.spec)
      .filter((c) => visit(sc(c.container), `${c.path}.securityContext`))
      .map((c) => c.name);
    if (bad.length) setters.push(containerWord(bad));
    if (!setters.length) return ALLOWED;
    const details: string[] = [];
    const uniqueTypes = uniqueSorted(badTypes);
    if (uniqueTypes.length) details.push(`${plural('type', 'types', uniqueTypes.length)} ${quote(uniqueTypes)}`);
    if (userSet) details.push('user may not be set');
    if (roleSet) details.push('role may not be set');
    return fail(
      'seLinuxOptions',
      `${setters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${details.join('; ')}`,
      errors,
    );
  };
}

/** Before 1.19 seccomp was set by annotations; `unconfined` is what baseline forbids. */
function seccompBaselineAnnotations(pod: PodView): CheckResult {
  const found: string[] = [];
  const errors: FieldError[] = [];
  for (const [k, v] of Object.entries(obj(pod.metadata.annotations) ?? {})) {
    if (
      (k === 'seccomp.security.alpha.kubernetes.io/pod' ||
        k.startsWith('container.seccomp.security.alpha.kubernetes.io/')) &&
      v === 'unconfined'
    ) {
      found.push(`${k}=${JSON.stringify(v)}`);
      errors.push(forbidden(`metadata.annotations[${k}]`, 'unconfined'));
    }
  }
  if (!found.length) return ALLOWED;
  return fail(
    'seccompProfile',
    `forbidden ${plural('annotation', 'annotations', found.length)} ${found.sort().join(', ')}`,
    errors,
  );
}

function seccompBaseline(pod: PodView): CheckResult {
  const { setters, values, errors } = forbiddenSettings(pod, 'seccompProfile.type', (s) =>
    obj(s?.seccompProfile)?.type === 'Unconfined' ? 'Unconfined' : undefined,
  );
  if (!setters.length) return ALLOWED;
  return fail(
    'seccompProfile',
    `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${quote(uniqueSorted(values))}`,
    errors,
  );
}

function seccompRestricted(pod: PodView): CheckResult {
  const { setters, values, errors } = forbiddenSettings(pod, 'seccompProfile.type', (s) =>
    unconfinedType(s?.seccompProfile),
  );
  // Containers without a profile of their own are fine only when the pod sets an allowed one.
  const implicit = confinedProfile(obj(podSc(pod)?.seccompProfile)?.type)
    ? []
    : containers(pod.spec).filter((c) => !obj(sc(c.container)?.seccompProfile));
  const details: string[] = [];
  if (setters.length)
    details.push(
      `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${quote(uniqueSorted(values))}`,
    );
  if (implicit.length)
    details.push(
      `pod or ${containerWord(implicit.map((c) => c.name))} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
    );
  if (!details.length) return ALLOWED;
  const implicitErrors = implicit.map((c) => required(`${c.path}.securityContext.seccompProfile.type`));
  return fail('seccompProfile', details.join('; '), [...errors, ...implicitErrors]);
}

const SYSCTLS_1_0 = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
];
const SYSCTLS_1_27 = [...SYSCTLS_1_0, 'net.ipv4.ip_local_reserved_ports'];
const SYSCTLS_1_29 = [
  ...SYSCTLS_1_27,
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
const SYSCTLS_1_32 = [...SYSCTLS_1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];

function sysctls(allowed: string[]) {
  const set = new Set(allowed);
  return (pod: PodView): CheckResult => {
    const bad: string[] = [];
    const errors: FieldError[] = [];
    list(podSc(pod)?.sysctls).forEach((s, i) => {
      const name = str(obj(s)?.name);
      if (set.has(name)) return;
      bad.push(name);
      errors.push(forbidden(`spec.securityContext.sysctls[${i}].name`, name));
    });
    if (!bad.length) return ALLOWED;
    return fail('forbidden sysctls', bad.join(', '), errors);
  };
}

function windowsHostProcess(pod: PodView): CheckResult {
  const { setters, errors } = forbiddenSettings(pod, 'windowsOptions.hostProcess', (s) =>
    obj(s?.windowsOptions)?.hostProcess === true ? true : undefined,
  );
  if (!setters.length) return ALLOWED;
  return fail(
    'hostProcess',
    `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`,
    errors,
  );
}

const SELINUX_1_0 = ['', 'container_t', 'container_init_t', 'container_kvm_t'];

/** A check ID with its level and its variants, each from the minor version it starts at. */
function check(id: string, level: Level, ...versions: Variant[]): Check {
  return { id, level, versions: versions.map(([minimum, check]) => ({ minimum, check })) };
}

export const CHECKS: Check[] = [
  check('allowPrivilegeEscalation', 'restricted', ...exemptingWindows(8, allowPrivilegeEscalation)),
  check('appArmorProfile', 'baseline', [0, appArmorProfile]),
  check('capabilities_baseline', 'baseline', [0, capabilitiesBaseline]),
  check('capabilities_restricted', 'restricted', ...exemptingWindows(22, capabilitiesRestricted)),
  check('hostNamespaces', 'baseline', [0, hostNamespaces]),
  check('hostPathVolumes', 'baseline', [0, hostPathVolumes]),
  check('hostPorts', 'baseline', [0, hostPorts]),
  check('hostProbesAndHostLifecycle', 'baseline', [34, hostProbesAndHostLifecycle]),
  check('privileged', 'baseline', [0, privileged]),
  check('procMount', 'baseline', ...exemptingUserNamespaces(0, procMount)),
  check('restrictedVolumes', 'restricted', [0, restrictedVolumes]),
  check('runAsNonRoot', 'restricted', ...exemptingUserNamespaces(0, runAsNonRoot)),
  check('runAsUser', 'restricted', ...exemptingUserNamespaces(23, runAsUser)),
  check(
    'seLinuxOptions',
    'baseline',
    [0, seLinuxOptions(SELINUX_1_0)],
    [31, seLinuxOptions([...SELINUX_1_0, 'container_engine_t'])],
  ),
  check('seccompProfile_baseline', 'baseline', [0, seccompBaselineAnnotations], [19, seccompBaseline]),
  check('seccompProfile_restricted', 'restricted', ...exemptingWindows(19, seccompRestricted)),
  check(
    'sysctls',
    'baseline',
    [0, sysctls(SYSCTLS_1_0)],
    [27, sysctls(SYSCTLS_1_27)],
    [29, sysctls(SYSCTLS_1_29)],
    [32, sysctls(SYSCTLS_1_32)],
  ),
  check('windowsHostProcess', 'baseline', [0, windowsHostProcess]),
];

/** Kyverno's `exclude.controlName` → check IDs (pkg/pss/utils/mapping.go). */
export const CONTROL_CHECK_IDS: Record<string, string[]> = {
  Capabilities: ['capabilities_baseline', 'capabilities_restricted'],
  Seccomp: ['seccompProfile_baseline', 'seccompProfile_restricted'],
  'Privileged Containers': ['privileged'],
  'Host Ports': ['hostPorts'],
  '/proc Mount Type': ['procMount'],
  HostProcess: ['windowsHostProcess'],
  SELinux: ['seLinuxOptions'],
  'Host Namespaces': ['hostNamespaces'],
  'HostPath Volumes': ['hostPathVolumes'],
  Sysctls: ['sysctls'],
  AppArmor: ['appArmorProfile'],
  'Privilege Escalation': ['allowPrivilegeEscalation'],
  'Running as Non-root': ['runAsNonRoot'],
  'Running as Non-root user': ['runAsUser'],
  'Volume Types': ['restrictedVolumes'],
};
