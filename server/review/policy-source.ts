import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { emptyPolicySet, loadPolicies, type PolicySet } from '../policy/loader/load-policies';
import { isInside } from '../tools/confined-fs';
import type { AnyPolicy } from '../policy/types';
import type { PlatformConfig } from '../model/platform-config';
import { policiesFolder } from '../core/policies-folder';

/** Largest policy file read (a policy folder comes from the repository under review). */
const MAX_POLICY_BYTES = 2 * 1024 * 1024;

/**
 * What a chart review (or the AI validator) takes from the workspace's policies folder besides the
 * policies: the PolicyExceptions and ValidatingAdmissionPolicyBindings beside them, applied as a
 * cluster would, and what could not be read, so a broken policy file is a finding, not a silent gap.
 */
export type PolicyContext = Partial<Pick<PolicySet, 'exceptions' | 'bindings' | 'errors' | 'warnings'>>;

/**
 * The workspace's policies folder (the platform config's, or the CLI's `--policies`) as review options:
 * what the editor review, the CLI review and both AI validators take.
 */
export function workspacePolicies(
  config: Pick<PlatformConfig, 'source' | 'policiesDir'>,
  flag?: { dir: string; cwd: string },
): { policies: AnyPolicy[]; policyContext: PolicyContext } {
  const { policies, exceptions, bindings, errors, warnings } = loadPolicyFolder(policiesFolder(config, flag));
  return { policies, policyContext: { exceptions, bindings, errors, warnings } };
}

/**
 * Kyverno/CEL policies of a folder (the platform config's policiesDir); missing folder → none.
 * A dangling symlink, a link out of the folder, an unreadable or oversized file is a located
 * error in the set, never an exception. File names in errors are absolute.
 */
export function loadPolicyFolder(dir: string | undefined): PolicySet {
  const set = emptyPolicySet();
  if (!dir) return set;
  const absolute = (f: string) => path.resolve(f);
  const problem = (file: string, message: string) =>
    set.errors.push({ file: absolute(file), line: 1, column: 1, message });
  let root: string;
  try {
    if (!statSync(dir).isDirectory()) {
      loadFile(dir, set, absolute, problem);
      return set;
    }
    root = realpathSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
      problem(dir, `cannot read the policies folder: ${(e as Error).message}`);
    return set;
  }
  const walk = (folder: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(folder).sort();
    } catch (e) {
      problem(folder, `cannot read: ${(e as Error).message}`);
      return;
    }
    for (const name of names) {
      const full = path.join(folder, name);
      let real: string;
      try {
        real = realpathSync(full);
      } catch {
        if (lstatSync(full).isSymbolicLink())
          problem(full, 'dangling symlink: it points at nothing; remove it or fix its target');
        else problem(full, 'cannot be read');
        continue;
      }
      if (!isInside(root, real)) {
        problem(full, 'symlink leads outside the policies folder; it was not read');
        continue;
      }
      const st = statSync(real);
      if (st.isDirectory()) {
        if (depth < 16) walk(full, depth + 1);
      } else if (/\.ya?ml$/.test(name)) loadFile(full, set, absolute, problem);
    }
  };
  walk(dir, 0);
  return set;
}

function loadFile(
  file: string,
  set: PolicySet,
  absolute: (f: string) => string,
  problem: (file: string, message: string) => void,
): void {
  try {
    const size = statSync(file).size;
    if (size > MAX_POLICY_BYTES)
      return void problem(
        file,
        `is ${(size / 1048576).toFixed(1)} MB; policy files are read up to ${MAX_POLICY_BYTES / 1048576} MB`,
      );
    loadPolicies(readFileSync(file, 'utf8'), absolute(file), set);
  } catch (e) {
    problem(file, `cannot be read: ${(e as Error).message}`);
  }
}
