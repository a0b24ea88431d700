import {
  CodeActionKind,
  createConnection,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { IntentLanguageService, uriToPath } from './language/language-service';
import { ConfigStore } from './workspace/config-store';
import { fileRole } from './workspace/file-role';
import { registerGenerateHandlers } from './lsp/generate-handlers';
import { codeLenses } from './language/code-lenses';

// Transport from argv: --stdio, --node-ipc or --socket (vscode-languageserver decides).
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const configs = new ConfigStore();
const service = new IntentLanguageService((file) => configs.configFor(file));
const pending = new Map<string, NodeJS.Immediate>();
let watchFiles = false;
let workspaceFolders: string[] = [];

connection.onInitialize((params): InitializeResult => {
  watchFiles = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  workspaceFolders = (params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : [])).map((f) => uriToPath(f.uri));
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: [':', ' ', '-'], resolveProvider: false },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      codeLensProvider: { resolveProvider: false },
    },
    serverInfo: { name: 'helm-intent-language-server', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  if (watchFiles) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/.helm-intent.{yaml,yml}' }] });
  }
});

function validate(uri: string): void {
  const doc = documents.get(uri);
  if (!doc) return;
  try {
    const diagnostics = service.diagnostics(uri, doc.getText());
    void connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
  } catch (e) {
    connection.console.error(`helm-intent: checking ${uri} failed: ${(e as Error)?.stack ?? e}`);
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
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onDidChangeWatchedFiles((e) => {
  for (const change of e.changes) {
    const file = uriToPath(change.uri);
    if (documents.get(change.uri) && change.type !== FileChangeType.Deleted) continue; // the editor's text wins
    configs.invalidate(file);
  }
  revalidateAll();
});

const guard = <T>(fallback: T, run: () => T): T => {
  try {
    return run();
  } catch (e) {
    connection.console.error(`helm-intent: ${(e as Error)?.stack ?? e}`);
    return fallback;
  }
};

connection.onCompletion((p) => guard([], () => {
  const doc = documents.get(p.textDocument.uri);
  return doc ? service.completion(doc.uri, doc.getText(), p.position) : [];
}));

connection.onHover((p) => guard(null, () => {
  const doc = documents.get(p.textDocument.uri);
  return doc ? service.hover(doc.uri, doc.getText(), p.position) : null;
}));

connection.onCodeAction((p) => guard([], () => service.codeActions(p.textDocument.uri, p.context.diagnostics)));

connection.onDocumentSymbol((p) => guard([], () => {
  const doc = documents.get(p.textDocument.uri);
  return doc ? service.symbols(doc.uri, doc.getText()) : [];
}));

connection.onFoldingRanges((p) => guard([], () => {
  const doc = documents.get(p.textDocument.uri);
  return doc ? service.folding(doc.uri, doc.getText()) : [];
}));

connection.onCodeLens((p) => guard([], () => {
  const doc = documents.get(p.textDocument.uri);
  return doc && fileRole(uriToPath(doc.uri), doc.getText()) === 'intent' ? codeLenses(doc.uri, doc.getText()) : [];
}));

registerGenerateHandlers({ connection, documents, configs, workspaceFolders: () => workspaceFolders });

documents.listen(connection);
connection.listen();
