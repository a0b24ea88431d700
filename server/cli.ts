import { COMMANDS } from './cli/commands';
import { UsageError, type CliIO } from './cli/cli-command';
import { VERSION } from './core/version';
import { terminalWriter } from './cli/terminal-output';
import { HELM_RESOLUTION_HELP } from './tools/helm-location';

/** node's parseArgs errors, reworded: its unknown-option text ends with an unbalanced quote. */
export function usageMessage(e: Error & { code?: string }): string {
  const unknown = e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && /^Unknown option '([^']*)'/.exec(e.message);
  if (unknown)
    return `unknown option '${unknown[1]}' (a positional argument that starts with '-' goes after '--', e.g. -- ${unknown[1]})`;
  return e.message;
}

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `helm-intent — intent files to reviewed Helm charts\n\nUsage: helm-intent <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun \`helm-intent <command> --help\` for a command's options.\n\nWhich ${HELM_RESOLUTION_HELP}.\n`;
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.out(`${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`helm-intent: unknown command '${name}'.\n\n${help()}`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.out(`${command.summary}\n\nUsage: ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string })?.code?.startsWith?.('ERR_PARSE_ARGS')) {
      io.err(`helm-intent ${name}: ${usageMessage(e as Error & { code?: string })}\nUsage: ${command.usage}\n`);
      return 2;
    }
    // Never a stack trace for the user; the message says what failed.
    io.err(`helm-intent ${name}: ${(e as Error)?.message ?? String(e)}\n`);
    if (process.env.HELM_INTENT_DEBUG) io.err(`${(e as Error)?.stack}\n`);
    return 2;
  }
}

if (require.main === module) {
  const io: CliIO = {
    out: terminalWriter(process.stdout),
    err: terminalWriter(process.stderr),
    cwd: process.cwd(),
    env: process.env,
  };
  main(process.argv.slice(2), io).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`helm-intent: ${(e as Error)?.message ?? e}\n`);
      process.exitCode = 2;
    },
  );
}
