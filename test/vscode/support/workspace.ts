// Helpers for the extension-host tests: the workspace is a fresh copy of examples/ (the runner makes it).
import * as vscode from 'vscode';

export const EXTENSION_ID = 'helm-intent.helm-intent';

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the extension-host tests need a workspace folder (a copy of examples/)');
  return folder.uri;
}

export function fileUri(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relative.split('/'));
}

export async function openIntent(relative: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(fileUri(relative));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** Polls `probe` until it returns a value other than undefined; the error names what was awaited. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** helm-intent's diagnostics of `uri` once `accept` holds for them. */
export function diagnosticsWhen(
  uri: vscode.Uri,
  what: string,
  accept: (d: vscode.Diagnostic[]) => boolean,
  timeoutMs = 30_000,
): Promise<vscode.Diagnostic[]> {
  return waitFor(
    what,
    () => {
      const own = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'helm-intent');
      return accept(own) ? own : undefined;
    },
    timeoutMs,
  );
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** Replaces the whole text of an open document in memory (not saved). */
export async function setText(doc: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not edit ${doc.uri.fsPath}`);
}

/** Undoes unsaved edits of the active editor (File: Revert File). */
export async function revert(doc: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.files.revert');
}
