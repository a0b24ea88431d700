import { spawn, type ChildProcess } from 'node:child_process';
import { LspClient } from '../../test/support/lsp-client';
import type { ServerSpec } from './servers';

/**
 * LspClient.start() sends fixed client capabilities without `workspace.workspaceFolders`, and
 * yaml-language-server's `initialized` handler throws on such a client, so it never registers for
 * didChangeConfiguration nor pulls its settings. We therefore reuse LspClient for everything but the
 * handshake, which we do here with the capabilities VS Code declares, identically for both servers.
 */
const CAPABILITIES = {
  textDocument: {
    publishDiagnostics: { relatedInformation: true, versionSupport: true },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    synchronization: { dynamicRegistration: false },
  },
  workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: false } },
};

const newClient = LspClient as unknown as new (proc: ChildProcess) => LspClient;

export interface StartedServer {
  client: LspClient;
  pid: number;
  /** spawn → initialize response, in ms. */
  initializeMs: number;
}

export interface StartOptions {
  /** Extra node flags for the server process, e.g. --cpu-prof. */
  nodeFlags?: string[];
  /** Extra environment variables for the server process. */
  env?: Record<string, string>;
}

export async function startServer(spec: ServerSpec, options: StartOptions = {}): Promise<StartedServer> {
  const t0 = performance.now();
  const proc = spawn(
    process.execPath,
    [...(spec.nodeFlags ?? []), ...(options.nodeFlags ?? []), spec.entry, '--stdio'],
    { stdio: ['pipe', 'pipe', 'pipe'], cwd: spec.cwd, env: { ...process.env, ...options.env } },
  );
  const client = new newClient(proc);
  // Answer configuration pulls with this server's settings (LspClient answers null to everything).
  client.connection.onRequest('workspace/configuration', (p: { items: Array<{ section?: string }> }) =>
    p.items.map((i) => spec.configuration(i.section)),
  );
  // A server that dies before answering must fail the benchmark loudly, with its stderr.
  const exited = new Promise<never>((_, reject) =>
    proc.once('exit', (code, signal) =>
      reject(
        new Error(`${spec.name} exited (${signal ?? code}) before answering initialize: ${client.stderr.slice(-2000)}`),
      ),
    ),
  );
  client.initializeResult = await Promise.race([
    client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: spec.rootUri,
      workspaceFolders: [{ uri: spec.rootUri, name: 'bench' }],
      capabilities: CAPABILITIES,
    }),
    exited,
  ]);
  exited.catch(() => undefined); // exiting later, on shutdown, is expected
  const initializeMs = performance.now() - t0;
  client.connection.sendNotification('initialized', {});
  client.connection.sendNotification('workspace/didChangeConfiguration', { settings: spec.settings });
  if (proc.pid === undefined) throw new Error(`${spec.name}: could not spawn ${spec.entry}`);
  return { client, pid: proc.pid, initializeMs };
}
