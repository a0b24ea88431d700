import { setKey } from '../../yaml/yaml-edits';
import type { IntentRule } from '../rule-context';

/** Security posture: root, privilege escalation and seccomp, strict in production. */
export const securityRules: IntentRule = (ctx) => {
  const spec = ctx.intent.spec;
  const sec = spec?.security;
  if (!sec || typeof sec !== 'object') return;
  const production = spec.tier === 'production';
  const base = ['spec', 'security'];
  if (sec.runAsNonRoot === false) {
    ctx.report(
      'run-as-root',
      production ? 'error' : 'warning',
      [...base, 'runAsNonRoot'],
      `Containers may run as root${production ? " in tier 'production'" : ''}: set runAsNonRoot: true and run as a non-zero UID.`,
      [ctx.fix('Set runAsNonRoot: true', [setKey(ctx.chunk, base, 'runAsNonRoot', true)], true)],
    );
  }
  if (sec.runAsUser === 0 && sec.runAsNonRoot !== false) {
    ctx.report(
      'run-as-user-root',
      'error',
      [...base, 'runAsUser'],
      'runAsUser 0 is root, which runAsNonRoot forbids: the pod would not start. Use a non-zero UID such as 10001.',
      [ctx.fix('Set runAsUser: 10001', [setKey(ctx.chunk, base, 'runAsUser', 10001)], true)],
    );
  }
  if (sec.allowPrivilegeEscalation === true) {
    ctx.report(
      'privilege-escalation',
      production ? 'error' : 'warning',
      [...base, 'allowPrivilegeEscalation'],
      'allowPrivilegeEscalation lets a process gain more privileges than its parent (setuid binaries).',
      [
        ctx.fix(
          'Set allowPrivilegeEscalation: false',
          [setKey(ctx.chunk, base, 'allowPrivilegeEscalation', false)],
          true,
        ),
      ],
    );
  }
  if (sec.seccompProfile === 'Unconfined') {
    ctx.report(
      'seccomp-unconfined',
      'warning',
      [...base, 'seccompProfile'],
      'An unconfined seccomp profile allows every system call.',
      [ctx.fix('Use RuntimeDefault', [setKey(ctx.chunk, base, 'seccompProfile', 'RuntimeDefault')], true)],
    );
  }
  if (sec.dropAllCapabilities === false && production) {
    ctx.report(
      'capabilities-kept',
      'warning',
      [...base, 'dropAllCapabilities'],
      'Production containers should drop all Linux capabilities.',
      [ctx.fix('Set dropAllCapabilities: true', [setKey(ctx.chunk, base, 'dropAllCapabilities', true)], true)],
    );
  }
};
