/**
 * The mutate module's step in `policy test` (the runner's MutateStep seam): every mutation runs
 * on the test's objects before validation, as `kyverno test` does, and `patchedResources` rows
 * compare the object the mutations produced.
 */
import path from 'node:path';
import { readText } from '../loader/files';
import type { MutateStep } from '../test-runner/run-tests';
import { mutateResources } from './mutate-resources';
import { comparePatched } from './patched-resource';

export const mutateStep: MutateStep = {
  apply({ policies, resources, options }) {
    return mutateResources(policies.policies, resources, options);
  },
  comparePatched({ expectedFile, actual, dir }) {
    const file = path.resolve(dir, expectedFile);
    let text: string;
    try {
      text = readText(file);
    } catch {
      return { ok: false, reason: `cannot read patched resource '${expectedFile}'` };
    }
    return comparePatched(actual, text, file);
  },
};
