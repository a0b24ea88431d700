import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, openIntent } from './support/workspace';

suite('activation', () => {
  test('opening an intent file activates the extension and sets the Intent YAML language', async () => {
    const doc = await openIntent('reference/intent/my-service.yaml');
    assert.equal(doc.languageId, 'intent-yaml');
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  test('every command the manifest contributes is registered', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed: string[] = ext.packageJSON.contributes.commands.map((c: { command: string }) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
    assert.ok(contributed.length >= 10);
  });
});
