import type { CliCommand } from './cli-command';
import { checkCommand } from './check-command';
import { generateCommand } from './generate-command';
import { policyCommand } from './policy-command';
import { statusCommand } from './status-command';
import { validateCommand } from './validate-command';

/** Every sub-command of `helm-intent`. Add a line per command module. */
export const COMMANDS: Record<string, CliCommand> = {
  check: checkCommand,
  generate: generateCommand,
  policy: policyCommand,
  status: statusCommand,
  validate: validateCommand,
};
