import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerSettings } from '../protocol/review-protocol';
import { kubeSchemaValidator } from '../review/kube-schema-validator';
import type { ConfigStore } from '../workspace/config-store';
import { registerAiHandlers } from './ai-handlers';
import type { DiagnosticsHub } from './diagnostics-hub';
import { registerGenerateHandlers } from './generate-handlers';
import { ReviewScheduler } from './review-handlers';

export interface EngineDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  configs: ConfigStore;
  hub: DiagnosticsHub;
  settings: () => ServerSettings;
  workspaceFolders: () => string[];
}

/**
 * Generation, AI and chart review: the heavy half of the server (compiler, policy engine, openai,
 * execa). server.ts loads this module right after `initialize`, so the handshake does not wait for it.
 */
export function registerEngine(deps: EngineDeps): ReviewScheduler {
  const { connection, documents, configs, workspaceFolders } = deps;
  registerGenerateHandlers({ connection, documents, configs, workspaceFolders });
  registerAiHandlers({ connection, documents, configs, workspaceFolders, trusted: () => deps.settings().trusted });
  return new ReviewScheduler({
    connection,
    hub: deps.hub,
    configs,
    settings: deps.settings,
    workspaceFolders,
    objectValidator: kubeSchemaValidator,
  });
}
