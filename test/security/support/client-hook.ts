// For client commands that import vscode-languageclient/node: `vscode` → the stand-in of
// test/gitops, `vscode-languageclient/node` → ./languageclient-stub.ts, plus the few window and
// workspace calls the AI command makes. Import before any client module.
import '../../gitops/support/vscode-hook';
import Module from 'node:module';
import path from 'node:path';

const stubPath = path.join(__dirname, 'languageclient-stub.ts');
type Resolver = (request: string, ...rest: unknown[]) => string;
const mod = Module as unknown as { _resolveFilename: Resolver };
const resolve = mod._resolveFilename;
mod._resolveFilename = function (request: string, ...rest: unknown[]) {
  return request === 'vscode-languageclient/node' ? stubPath : resolve.call(this, request, ...rest);
};

// eslint-disable-next-line @typescript-eslint/no-require-imports
const vscode = require('vscode');
vscode.ProgressLocation ??= { SourceControl: 1, Window: 10, Notification: 15 };
vscode.window.withProgress ??= async (
  _options: unknown,
  task: (progress: unknown, token: unknown) => Promise<unknown>,
) =>
  task(
    { report: () => undefined },
    { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) },
  );
vscode.window.createOutputChannel ??= () => ({
  appendLine: () => undefined,
  append: () => undefined,
  clear: () => undefined,
  show: () => undefined,
  dispose: () => undefined,
});
vscode.workspace.getConfiguration ??= () => ({ get: () => undefined });
