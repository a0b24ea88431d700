import { existsSync } from 'node:fs';
import path from 'node:path';
import { emptyPolicySet, loadPolicies, type PolicySet } from '../policy/loader/load-policies';
import { readText, yamlFilesUnder } from '../policy/loader/files';

/** Kyverno/CEL policies of a folder (the platform config's policiesDir); missing folder → none. */
export function loadPolicyFolder(dir: string | undefined): PolicySet {
  const set = emptyPolicySet();
  if (!dir || !existsSync(dir)) return set;
  for (const file of yamlFilesUnder(dir)) loadPolicies(readText(file), path.relative(process.cwd(), file) || file, set);
  return set;
}
