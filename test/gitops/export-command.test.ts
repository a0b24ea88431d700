// "Helm Intent: Export as Flux HelmRelease / Argo CD Application" (client/commands/gitops-export.ts)
// under a stand-in `vscode`: the questions, the refactor preview (nothing written unless accepted),
// the Git source read from a real repository, and a located refusal of a version range.
import './support/vscode-hook';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, beforeEach, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import * as vscode from 'vscode';
import { EXPORT_GITOPS, registerGitOpsExport } from '../../client/commands/gitops-export';
import { tempDir, writeFiles } from '../support/temp';
import { stub, type WorkspaceEdit } from './support/vscode-stub';

let root: string;
let chartDir: string;
let head: string;
const logs: string[] = [];
const state = new Map<string, unknown>();

const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd: root,
    encoding: 'utf8',
  }).trim();

before(() => {
  root = tempDir('helm-intent-export-');
  chartDir = path.join(root, 'charts', 'my-service');
  mkdirSync(chartDir, { recursive: true });
  writeFiles(chartDir, {
    'Chart.yaml': 'apiVersion: v2\nname: my-service\ndescription: test\nversion: 1.4.2\n',
    'values.yaml': 'replicaCount: 1\nresources:\n  requests: {cpu: 100m, memory: 256Mi}\n',
    'values-dev.yaml': 'replicaCount: 1\n',
    'values-prod.yaml': 'replicaCount: 3\nresources:\n  requests: {cpu: 500m}\n',
  });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'chart');
  git('remote', 'add', 'origin', 'https://ghp_secret@github.com/acme/platform.git');
  head = git('rev-parse', 'HEAD');
  stub.workspaceRoot = root;
  const output = {
    info: (l: string) => logs.push(l),
    warn: (l: string) => logs.push(l),
    error: (l: string) => logs.push(l),
  };
  const memento = {
    get: (k: string) => state.get(k),
    update: async (k: string, v: unknown) => void state.set(k, v),
    keys: () => [...state.keys()],
  };
  registerGitOpsExport({} as never, output as never, memento as never);
});

beforeEach(() => {
  stub.edits.length = 0;
  stub.messages.length = 0;
  stub.shown.length = 0;
  logs.length = 0;
});

/** Answers the three questions (and the Git ones) by title. */
function answer(format: string, env: string, source: string, extra: { url?: string; ref?: string } = {}) {
  const asked: string[] = [];
  stub.quickPick = (items, options) => {
    asked.push(options.title ?? '');
    if (/format/.test(options.title ?? '')) return items.find((i) => i.id === format);
    if (/environment/.test(options.title ?? '')) return items.find((i) => i.label === env);
    if (/chart source/.test(options.title ?? '')) return items.find((i) => i.source === source);
    if (/Git ref/.test(options.title ?? '')) return items.find((i) => i.refKind === extra.ref);
    throw new Error(`unexpected quick pick ${options.title}`);
  };
  stub.inputBox = (options) => {
    asked.push(`${options.title}: ${options.value}`);
    return extra.url ?? options.value;
  };
  return asked;
}

function writeOnAccept(edit: WorkspaceEdit): boolean {
  for (const e of edit.entries) {
    mkdirSync(path.dirname(e.uri.fsPath), { recursive: true });
    writeFileSync(e.uri.fsPath, e.text);
  }
  return true;
}

test('Flux from a Helm repository: previewed as a confirmed edit, written only when accepted, values of prod inlined', async () => {
  const asked = answer('flux', 'prod', 'helm-repository', { url: 'https://charts.example.com' });
  let validation: string | undefined;
  const input = stub.inputBox;
  stub.inputBox = (o) => {
    validation = o.validateInput?.('http://charts.example.com');
    return input(o);
  };
  stub.applyEdit = writeOnAccept;
  await vscode.commands.executeCommand(EXPORT_GITOPS, vscode.Uri.file(path.join(chartDir, 'Chart.yaml')));
  assert.deepEqual(stub.messages, []);
  assert.match(validation!, /plain http: use https/);
  assert.equal(asked.length, 4);
  const [edit] = stub.edits;
  assert.equal(edit.entries.length, 1);
  const entry = edit.entries[0];
  const file = path.join(root, 'gitops', 'my-service-prod.helmrelease.yaml');
  assert.equal(entry.op, 'create');
  assert.equal(entry.uri.fsPath, file);
  assert.deepEqual(entry.metadata, {
    needsConfirmation: true,
    label: 'Create gitops/my-service-prod.helmrelease.yaml',
    description: 'Flux HelmRelease, prod → default',
  });
  const hr: any = parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJS())
    .find((o: any) => o.kind === 'HelmRelease');
  assert.equal(hr.spec.chart.spec.version, '1.4.2');
  assert.deepEqual(hr.spec.values, { replicaCount: 3, resources: { requests: { cpu: '500m', memory: '256Mi' } } });
  assert.deepEqual(stub.shown, [file]);

  // The same export again: nothing to change, no preview.
  answer('flux', 'prod', 'helm-repository', { url: 'https://charts.example.com' });
  await vscode.commands.executeCommand(EXPORT_GITOPS, vscode.Uri.file(path.join(chartDir, 'Chart.yaml')));
  assert.equal(stub.edits.length, 1);
  assert.deepEqual(stub.messages, ['gitops/my-service-prod.helmrelease.yaml is up to date.']);
});

test('Argo CD from this Git repository at HEAD: the remote without its token, the chart path, the commit; cancelled preview writes nothing', async () => {
  const asked = answer('argocd', 'dev', 'git', { ref: 'commit' });
  let preview = '';
  stub.applyEdit = (edit) => {
    preview = edit.entries[0].text;
    return false;
  };
  await vscode.commands.executeCommand(EXPORT_GITOPS, vscode.Uri.file(path.join(chartDir, 'Chart.yaml')));
  assert.ok(
    asked.includes('Git repository URL the controller clones: https://github.com/acme/platform.git'),
    asked.join('\n'),
  );
  const app: any = parseAllDocuments(preview)[0].toJS();
  assert.equal(app.kind, 'Application');
  assert.equal(app.spec.source.repoURL, 'https://github.com/acme/platform.git');
  assert.equal(app.spec.source.path, 'charts/my-service');
  assert.equal(app.spec.source.targetRevision, head);
  assert.deepEqual(app.spec.source.helm.valueFiles, ['values-dev.yaml']);
  assert.equal(existsSync(path.join(root, 'gitops', 'my-service-dev.application.yaml')), false, 'nothing written');
  assert.ok(logs.includes('Export GitOps manifest: the preview was cancelled; nothing was written.'));
  // The Git source is offered again next time.
  assert.deepEqual((state.get('helmIntent.gitopsExport.lastSource') as Record<string, unknown>)[chartDir], {
    type: 'git',
    url: 'https://github.com/acme/platform.git',
    refKind: 'commit',
    ref: head,
  });
});

test('a version range in Chart.yaml is refused before any question, at its line, with Open', async () => {
  const chartYaml = path.join(chartDir, 'Chart.yaml');
  const good = readFileSync(chartYaml, 'utf8');
  writeFileSync(chartYaml, good.replace('1.4.2', '~1.4.0'));
  try {
    const asked = answer('flux', 'prod', 'helm-repository');
    stub.choice = 'Open';
    await vscode.commands.executeCommand(EXPORT_GITOPS, vscode.Uri.file(chartYaml));
    assert.deepEqual(asked, []);
    assert.equal(stub.messages.length, 1);
    assert.match(
      stub.messages[0],
      /^Export GitOps manifest: Chart\.yaml:4: version "~1\.4\.0" is a range or incomplete/,
    );
    assert.deepEqual(stub.shown, [chartYaml]);
    assert.equal(stub.edits.length, 0);
  } finally {
    writeFileSync(chartYaml, good);
  }
});
