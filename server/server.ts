import {
  type CancellationToken,
  CodeActionKind,
  type Connection,
  ErrorCodes,
  ResponseError,
  createConnection,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
  LSPErrorCodes,
  type RequestMessage,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { IntentLanguageService, uriToPath } from './language/language-service';
import { deadlineIn, REQUEST_BUDGET_MS } from './language/deadline';
import { finding } from './check/finding';
import { ConfigStore } from './workspace/config-store';
import { fileRole } from './workspace/file-role';
import { codeLenses } from './language/code-lenses';
import { DiagnosticsHub } from './lsp/diagnostics-hub';
import type { ReviewScheduler } from './lsp/review-handlers';
import { chartForFile } from './lsp/chart-lookup';
import {
  DISABLE_RULE_EDIT,
  SETTINGS_CHANGED,
  type DisableRuleEditParams,
  type ServerSettings,
} from './protocol/review-protocol';
import { VERSION } from './core/version';

// Transport from argv: --stdio, --node-ipc or --socket (vscode-languageserver decides).
// A request cancelled while still queued (the server was busy) is answered at once, not run.
const connection = createConnection(ProposedFeatures.all, {
  cancelUndispatched: (message) => ({
    jsonrpc: '2.0',
    id: (message as RequestMessage).id,
    error: new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled').toJson(),
  }),
});
const documents = new TextDocuments(TextDocument);
const configs = new ConfigStore();
const service = new IntentLanguageService((file) => configs.configFor(file));
const pending = new Map<string, NodeJS.Immediate>();
let watchFiles = false;
let workspaceFolders: string[] = [];
const hub = new DiagnosticsHub(connection);
// Until the client says otherwise the workspace is untrusted: nothing is executed.
let settings: ServerSettings = { trusted: false };

connection.onInitialize((params): InitializeResult => {
  watchFiles = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  settings = { ...settings, ...((params.initializationOptions ?? {}) as Partial<ServerSettings>) };
  workspaceFolders = (params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : [])).map((f) =>
    uriToPath(f.uri),
  );
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      completionProvider: { triggerCharacters: [':', ' ', '-'], resolveProvider: false },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      codeLensProvider: { resolveProvider: false },
    },
    serverInfo: { name: 'helm-intent-language-server', version: VERSION },
  };
});

let reviews: ReviewScheduler | undefined;
let engine: Promise<ReviewScheduler> | undefined;
type EngineHandler = (params: unknown, token: CancellationToken) => unknown;
const engineHandlers = new Map<string, EngineHandler>();

/**
 * The heavy half (generation, AI, review: compiler, policy engine, openai) loads after the
 * handshake (lsp/engine-handlers.ts). Its request handlers are collected here and served by the
 * catch-all handler below, so a request that arrives while it loads waits instead of failing.
 */
function loadEngine(): Promise<ReviewScheduler> {
  engine ??= import('./lsp/engine-handlers.js').then((m) => {
    // Handlers register with a typed RequestType (server/protocol) or a method name.
    const methodOf = (type: string | { method: string }) => (typeof type === 'string' ? type : type.method);
    const collecting = {
      ...connection,
      onRequest: (type: string | { method: string }, handler: EngineHandler) => (
        engineHandlers.set(methodOf(type), handler),
        { dispose: () => engineHandlers.delete(methodOf(type)) }
      ),
    } as unknown as Connection;
    const scheduler = m.registerEngine({
      connection: collecting,
      documents,
      configs,
      hub,
      settings: () => settings,
      workspaceFolders: () => workspaceFolders,
    });
    reviews = scheduler;
    return scheduler;
  });
  return engine;
}

connection.onRequest(async (method, params, token) => {
  await loadEngine();
  const handler = engineHandlers.get(method);
  if (!handler) throw new ResponseError(ErrorCodes.MethodNotFound, `Unhandled method ${method}`);
  return handler(params, token);
});

connection.onInitialized(() => {
  if (watchFiles) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: '**/.helm-intent.{yaml,yml}' }],
    });
  }
});

/**
 * Checks a document for at most REQUEST_BUDGET_MS, then publishes: when documents of the file are
 * left, what was found so far plus a note, and the rest is checked on the next turn of the event
 * loop (requests and cancellations are served in between; finished documents are cached).
 */
function validate(uri: string): void {
  const doc = documents.get(uri);
  if (!doc) return;
  try {
    const r = service.diagnosticsWithin(uri, doc.getText(), deadlineIn(REQUEST_BUDGET_MS));
    const note = r.complete
      ? []
      : [
          finding(
            'checking',
            'info',
            { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            `Checking… ${r.checked} of ${r.total} documents checked so far.`,
          ),
        ];
    hub.set('intent', uri, [...r.findings, ...note], doc.version);
    if (!r.complete) schedule(uri);
  } catch (e) {
    connection.console.error(`helm-intent: checking ${uri} failed: ${(e as Error)?.stack ?? e}`);
    const message = `Checking this file failed: ${(e as Error)?.message ?? e}`;
    hub.set(
      'intent',
      uri,
      [
        finding(
          'internal-error',
          'warning',
          { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          message,
        ),
      ],
      doc.version,
    );
  }
}

/** Coalesces bursts of edits into one check per document, without a fixed delay. */
function schedule(uri: string): void {
  const prev = pending.get(uri);
  if (prev) clearImmediate(prev);
  pending.set(
    uri,
    setImmediate(() => {
      pending.delete(uri);
      validate(uri);
    }),
  );
}

function revalidateAll(): void {
  for (const doc of documents.all()) schedule(doc.uri);
}

function isConfigDoc(uri: string, text: string): boolean {
  return fileRole(uriToPath(uri), text) === 'platform-config';
}

documents.onDidChangeContent((e) => {
  const { uri } = e.document;
  if (isConfigDoc(uri, '')) {
    configs.setText(uriToPath(uri), e.document.getText());
    revalidateAll();
    return;
  }
  schedule(uri);
});

documents.onDidClose((e) => {
  const pendingCheck = pending.get(e.document.uri);
  if (pendingCheck) clearImmediate(pendingCheck);
  pending.delete(e.document.uri);
  if (isConfigDoc(e.document.uri, '')) {
    configs.invalidate(uriToPath(e.document.uri));
    revalidateAll();
  }
  hub.set('intent', e.document.uri, []);
  service.release(e.document.getText());
});

connection.onDidChangeWatchedFiles((e) => {
  for (const change of e.changes) {
    const file = uriToPath(change.uri);
    if (documents.get(change.uri) && change.type !== FileChangeType.Deleted) continue; // the editor's text wins
    configs.invalidate(file);
  }
  revalidateAll();
});

const guard = <T>(fallback: T, run: () => T, token?: CancellationToken): T => {
  // Cancelled before it ran (the server was busy): the client no longer wants the answer.
  if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
  try {
    return run();
  } catch (e) {
    connection.console.error(`helm-intent: ${(e as Error)?.stack ?? e}`);
    return fallback;
  }
};

/** A request about one open document: `fallback` when it is not open (or the handler throws). */
const forDocument = <T>(
  params: { textDocument: { uri: string } },
  fallback: T,
  run: (doc: TextDocument) => T,
  token: CancellationToken,
): T =>
  guard(
    fallback,
    () => {
      const doc = documents.get(params.textDocument.uri);
      return doc ? run(doc) : fallback;
    },
    token,
  );

connection.onCompletion((p, token) =>
  forDocument(p, [], (doc) => service.completion(doc.uri, doc.getText(), p.position), token),
);

connection.onHover((p, token) =>
  forDocument(p, null, (doc) => service.hover(doc.uri, doc.getText(), p.position), token),
);

connection.onCodeAction((p, token) =>
  guard(
    [],
    () => [
      ...service.codeActions(p.textDocument.uri, p.context.diagnostics),
      ...(reviews?.codeActions(p.context.diagnostics) ?? []),
    ],
    token,
  ),
);

connection.onDocumentSymbol((p, token) =>
  forDocument(p, [], (doc) => service.symbols(doc.uri, doc.getText(), deadlineIn(REQUEST_BUDGET_MS)), token),
);

connection.onFoldingRanges((p, token) =>
  forDocument(p, [], (doc) => service.folding(doc.uri, doc.getText(), deadlineIn(REQUEST_BUDGET_MS)), token),
);

connection.onCodeLens((p, token) =>
  forDocument(
    p,
    [],
    (doc) => (fileRole(uriToPath(doc.uri), doc.getText()) === 'intent' ? codeLenses(doc.uri, doc.getText()) : []),
    token,
  ),
);

/** Opening or saving a chart file (or an intent with a generated chart) reviews that chart. */
function reviewFor(uri: string, text: string | undefined): void {
  if (!uri.startsWith('file:') || settings.reviewOnSave === false) return;
  const file = uriToPath(uri);
  if (!/\.(ya?ml|tpl|txt|json)$/.test(file)) return;
  // After this edit's diagnostics: finding the chart must not delay them. The engine loads only
  // when there is a chart to review.
  setImmediate(() => {
    const chart = chartForFile(
      file,
      fileRole(file, text ?? '') === 'intent' ? text : undefined,
      configs,
      workspaceFolders,
    );
    if (chart) void loadEngine().then((r) => r.schedule(chart));
    // A policy file is no chart's file: the charts reviewed with it (engine already loaded) go again.
    else reviews?.policyFileTouched(file);
  });
}
documents.onDidOpen((e) => reviewFor(e.document.uri, e.document.getText()));
documents.onDidSave((e) => reviewFor(e.document.uri, e.document.getText()));

connection.onRequest(DISABLE_RULE_EDIT, async (p: DisableRuleEditParams) => {
  const r = await loadEngine();
  return guard(null, () => {
    const edit = r.disableRuleEdit(p.chartYamlUri, p.rule, p.reason);
    return edit ? { changes: { [p.chartYamlUri]: [edit] } } : null;
  });
});

connection.onNotification(SETTINGS_CHANGED, (next: Partial<ServerSettings>) => {
  const wasTrusted = settings.trusted;
  settings = { ...settings, ...next };
  if (settings.trusted && !wasTrusted) for (const d of documents.all()) reviewFor(d.uri, d.getText());
});

documents.listen(connection);
connection.listen();
