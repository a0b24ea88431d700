import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
  type RequestType,
} from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { REVIEW_STATUS, type ReviewStatus } from '../../server/protocol/review-protocol';

export const SERVER = path.resolve(__dirname, '../../dist/server.js');

/** A real JSON-RPC LSP client talking to `node <server> --stdio`; used by protocol tests and benchmarks. */
export class LspClient {
  readonly connection: MessageConnection;
  private readonly waiters = new Map<string, Array<{ version?: number; resolve: (d: Diagnostic[]) => void }>>();
  readonly latest = new Map<string, PublishDiagnosticsParams>();
  private versions = new Map<string, number>();
  stderr = '';
  initializeResult: unknown;

  private constructor(readonly proc: ChildProcess) {
    this.connection = createMessageConnection(
      new StreamMessageReader(proc.stdout!),
      new StreamMessageWriter(proc.stdin!),
    );
    proc.stderr!.on('data', (d) => (this.stderr += d));
    proc.stdin!.on('error', () => undefined); // the server may exit first on shutdown
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.latest.set(p.uri, p);
      const list = this.waiters.get(p.uri) ?? [];
      const keep = list.filter((w) => {
        if (w.version === undefined || p.version === undefined || p.version >= w.version) {
          w.resolve(p.diagnostics);
          return false;
        }
        return true;
      });
      this.waiters.set(p.uri, keep);
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.listen();
  }

  static async start(
    options: {
      command?: string[];
      rootDir?: string;
      initializationOptions?: unknown;
      settings?: unknown;
      cwd?: string;
    } = {},
  ): Promise<LspClient> {
    const [cmd, ...args] = options.command ?? [process.execPath, SERVER, '--stdio'];
    const proc = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], cwd: options.cwd });
    const client = new LspClient(proc);
    const root = options.rootDir ? pathToFileURL(options.rootDir).href : null;
    client.initializeResult = await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: root,
      workspaceFolders: root ? [{ uri: root, name: 'ws' }] : null,
      capabilities: {
        textDocument: {
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
          synchronization: { dynamicRegistration: false },
        },
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
      },
      initializationOptions: options.initializationOptions,
    });
    client.connection.sendNotification('initialized', {});
    if (options.settings)
      client.connection.sendNotification('workspace/didChangeConfiguration', { settings: options.settings });
    return client;
  }

  /** Resolves with the next diagnostics for `uri` at or after `version`. */
  nextDiagnostics(uri: string, version?: number, timeoutMs = 10_000): Promise<Diagnostic[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no diagnostics for ${uri} v${version} within ${timeoutMs} ms; server stderr: ${this.stderr.slice(-2000)}`,
            ),
          ),
        timeoutMs,
      );
      const list = this.waiters.get(uri) ?? [];
      list.push({ version, resolve: (d) => (clearTimeout(timer), resolve(d)) });
      this.waiters.set(uri, list);
    });
  }

  open(uri: string, text: string, languageId = 'intent-yaml'): Promise<Diagnostic[]> {
    this.versions.set(uri, 1);
    const wait = this.nextDiagnostics(uri, 1);
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return wait;
  }

  /** Replaces the whole text (full sync is always allowed by incremental servers). */
  change(uri: string, text: string): Promise<Diagnostic[]> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    const wait = this.nextDiagnostics(uri, version);
    this.notify('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
    return wait;
  }

  /** An incremental edit of one range. */
  edit(
    uri: string,
    range: { start: { line: number; character: number }; end: { line: number; character: number } },
    text: string,
  ): Promise<Diagnostic[]> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    const wait = this.nextDiagnostics(uri, version);
    this.notify('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range, text }],
    });
    return wait;
  }

  close(uri: string): void {
    this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /**
   * A document notification. A server that has died cannot take it (EPIPE): the wait for its
   * diagnostics or answers then fails, which is what tests and benchmarks count, not a crash.
   */
  private notify(method: string, params: unknown): void {
    this.connection.sendNotification(method, params).catch(() => undefined);
  }

  /** A typed request (server/protocol), or a standard one by method name. */
  request<P, R>(type: RequestType<P, R, unknown>, params: P): Promise<R>;
  request<R>(method: string, params: unknown): Promise<R>;
  request(method: string | RequestType<unknown, unknown, unknown>, params: unknown): Promise<unknown> {
    return typeof method === 'string'
      ? this.connection.sendRequest(method, params)
      : this.connection.sendRequest(method, params);
  }

  /** The next chart review's end (done, failed, untrusted); diagnostics published meanwhile are in `latest`. */
  reviewDone(): Promise<ReviewStatus> {
    return new Promise((resolve) => {
      const d = this.connection.onNotification(REVIEW_STATUS, (s: ReviewStatus) => {
        if (s.state !== 'running') {
          d.dispose();
          resolve(s);
        }
      });
    });
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit').catch(() => undefined);
      await new Promise((r) =>
        this.proc.exitCode !== null ? r(null) : (this.proc.once('exit', r), setTimeout(r, 2000)),
      );
    } catch {
      /* already gone */
    }
    this.connection.dispose();
    if (this.proc.exitCode === null) this.proc.kill();
  }
}

/** Applies LSP text edits to a text (edits must not overlap). */
export function applyEdits(
  text: string,
  edits: Array<{
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    newText: string;
  }>,
): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const off = (p: { line: number; character: number }) =>
    p.line >= starts.length ? text.length : Math.min(starts[p.line] + p.character, text.length);
  const sorted = [...edits].sort((a, b) => off(b.range.start) - off(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  return out;
}
