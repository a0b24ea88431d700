/** Health-hint actions on the chart's intent: go to a field, or switch to a larger resource profile. */
import path from 'node:path';
import * as vscode from 'vscode';
import type { WebviewMessage } from '../../server/protocol/webview-protocol';
import { engine } from '../engine';

const NO_INTENT =
  "The chart's intent is not known (no .helm-intent/generated.json naming it): open the intent and run Open Chart Review from there.";

/** Opens the intent with the cursor on `field` (e.g. `spec.image.tag`), or its deepest existing parent. */
export async function openIntentField(intentFile: string | undefined, field: string): Promise<void> {
  if (!intentFile) throw new Error(NO_INTENT);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(intentFile));
  const range = new (engine().YamlChunk)(doc.getText()).rangeAt(field.split('.').filter(Boolean), false);
  const pos = range ? new vscode.Position(range.start.line, range.start.character) : new vscode.Position(0, 0);
  await vscode.window.showTextDocument(doc, {
    selection: new vscode.Range(pos, range ? new vscode.Position(range.end.line, range.end.character) : pos),
    preview: false,
  });
}

/** Previews the profile change in a modal and applies it as an undoable edit (left unsaved to review). */
export async function editIntentProfile(
  intentFile: string | undefined,
  message: Extract<WebviewMessage, { type: 'edit-intent-profile' }>,
  output: vscode.LogOutputChannel,
): Promise<{ ok: boolean; message: string } | undefined> {
  if (!intentFile) return { ok: false, message: NO_INTENT };
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(intentFile));
  const { config } = engine().loadPlatformConfigFile(engine().findPlatformConfig(path.dirname(intentFile)));
  const planned = engine().profileEdit(doc.getText(), config.profiles, message.profile);
  if (!planned.ok) {
    await openIntentField(intentFile, 'spec.resources');
    return { ok: false, message: planned.message };
  }
  const choice = await vscode.window.showInformationMessage(
    `Set spec.resources.profile to ${planned.to}${planned.from ? ` (was ${planned.from})` : ''} in ${path.basename(intentFile)}?`,
    {
      modal: true,
      detail: `${message.object}${message.container ? ` (container ${message.container})` : ''} was OOMKilled. ${planned.detail}`,
    },
    'Change Profile',
  );
  if (choice !== 'Change Profile') return undefined;
  const edit = new vscode.WorkspaceEdit();
  const r = planned.edit.range;
  edit.replace(
    doc.uri,
    new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character),
    planned.edit.newText,
  );
  const applied = await vscode.workspace.applyEdit(edit);
  if (!applied) return { ok: false, message: `Could not edit ${intentFile}.` };
  output.info(`Chart Review: set spec.resources.profile to ${planned.to} in ${intentFile} (unsaved).`);
  await openIntentField(intentFile, 'spec.resources.profile');
  return {
    ok: true,
    message: `spec.resources.profile is now ${planned.to} in ${path.basename(intentFile)} (unsaved): save, regenerate the chart and upgrade.`,
  };
}
