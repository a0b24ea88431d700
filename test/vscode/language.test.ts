// The language features through VS Code's own command API, against the reference intent (a copy of
// examples/reference/intent/my-service.yaml; line 9 is `  tier: production`).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, diagnosticsWhen, openIntent, revert, setText } from './support/workspace';

const INTENT = 'reference/intent/my-service.yaml';
const TIER_LINE = 8; // zero-based: line 9

suite('language features', () => {
  let doc: vscode.TextDocument;
  let original: string;

  suiteSetup(async () => {
    doc = await openIntent(INTENT);
    original = doc.getText();
    assert.match(doc.lineAt(TIER_LINE).text, /^ {2}tier: production\b/);
  });
  teardown(async () => {
    if (doc.isDirty) await revert(doc);
  });

  test('the unmodified reference intent has no helm-intent diagnostics', async () => {
    // The server publishes an empty list for a clean file; wait for its first answer, then check it stays empty.
    await diagnosticsWhen(doc.uri, 'diagnostics of the reference intent', (d) => d.length === 0);
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(
      vscode.languages
        .getDiagnostics(doc.uri)
        .filter((d) => d.source === 'helm-intent')
        .map((d) => d.message),
      [],
    );
  });

  test('a misspelt tier is a schema-enum error on the value, and on no other line', async () => {
    await setText(doc, original.replace('tier: production', 'tier: prodution'));
    const diags = await diagnosticsWhen(doc.uri, 'a schema-enum diagnostic', (d) =>
      d.some((x) => codeOf(x) === 'schema-enum'),
    );
    const enumDiag = diags.find((x) => codeOf(x) === 'schema-enum')!;
    assert.equal(enumDiag.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(enumDiag.range.start.line, TIER_LINE);
    assert.equal(doc.getText(enumDiag.range), 'prodution');
    assert.deepEqual(
      diags.filter((x) => x.range.start.line !== TIER_LINE).map((x) => `${x.range.start.line + 1}: ${x.message}`),
      [],
    );
  });

  test('an invalid pause duration is reported at its value', async () => {
    await setText(doc, original.replace('- pause: {duration: 2m}', '- pause: {duration: soon}'));
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('duration: soon'));
    const diags = await diagnosticsWhen(doc.uri, 'a diagnostic about "duration: soon"', (d) =>
      d.some((x) => x.range.start.line === line),
    );
    const bad = diags.find((x) => x.range.start.line === line)!;
    assert.equal(doc.getText(bad.range), 'soon');
    assert.equal(bad.severity, vscode.DiagnosticSeverity.Error);
  });

  test('completion after "tier: " offers exactly the schema tiers', async () => {
    await setText(doc, original.replace('tier: production # maps to resource preset and replica policy', 'tier: '));
    const position = new vscode.Position(TIER_LINE, '  tier: '.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      position,
    );
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const tier of ['development', 'staging', 'production'])
      assert.ok(labels.includes(tier), `no "${tier}" in: ${labels.join(', ')}`);
  });

  test('completion of a key under spec offers schema fields that are not there yet', async () => {
    await setText(
      doc,
      original.replace('  tier: production # maps to resource preset and replica policy\n', '  tier: production\n  \n'),
    );
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      new vscode.Position(TIER_LINE + 1, 2),
    );
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(
      labels.some((l) => l.startsWith('replicas') || l.startsWith('env') || l.startsWith('ingress')),
      `no spec field offered: ${labels.slice(0, 30).join(', ')}`,
    );
    assert.ok(!labels.includes('tier'), 'offers tier, which the spec already has');
  });

  test('hover on tier documents the field and its allowed values', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      doc.uri,
      new vscode.Position(TIER_LINE, 3),
    );
    const text = hovers
      .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')))
      .join('\n');
    assert.match(text, /spec\.tier/);
    for (const tier of ['development', 'staging', 'production'])
      assert.ok(text.includes(tier), `hover lacks ${tier}: ${text}`);
  });

  test('the quick fix "Change to \'production\'" is offered for the misspelt tier and clears the diagnostic', async () => {
    await setText(doc, original.replace('tier: production', 'tier: prodution'));
    const [diag] = await diagnosticsWhen(doc.uri, 'the schema-enum diagnostic', (d) =>
      d.some((x) => codeOf(x) === 'schema-enum'),
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      diag.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title === "Change to 'production'");
    assert.ok(fix, `no "Change to 'production'" among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(fix.edit, 'the quick fix carries no edit');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(doc.getText(), original);
    await diagnosticsWhen(doc.uri, 'no diagnostics after the fix', (d) => d.length === 0);
  });

  test('the outline lists the intent sections as document symbols', async () => {
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
      'vscode.executeDocumentSymbolProvider',
      doc.uri,
    );
    const names = (symbols ?? []).flatMap((s) => [s.name, ...(s.children ?? []).map((c) => c.name)]);
    for (const n of ['metadata', 'spec']) assert.ok(names.includes(n), `outline lacks ${n}: ${names.join(', ')}`);
  });

  test('a ServiceIntent example is recognised by file name and is clean', async () => {
    const svc = await openIntent('service-intent/user-auth.intent.yaml');
    assert.equal(svc.languageId, 'intent-yaml');
    await diagnosticsWhen(svc.uri, 'diagnostics of the ServiceIntent example', (d) =>
      d.every((x) => x.severity !== vscode.DiagnosticSeverity.Error),
    );
  });
});
