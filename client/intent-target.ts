import * as vscode from 'vscode';
import { isIntentText } from '../server/core/intent-kind';

/** The intent a command acts on: its argument (CodeLens, explorer menu) or the active editor. */
export function intentUriFrom(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return vscode.Uri.parse(arg);
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const doc = editor.document;
  if (doc.languageId === 'intent-yaml' || isIntentText(doc.getText())) return doc.uri;
  return undefined;
}
