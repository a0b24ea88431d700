// Attack: a repository sets core.fsmonitor to its own script; GitOps export reads Git state. In an
// untrusted workspace no process starts at all (one-line refusal); in a trusted one git runs with
// fsmonitor off, so the script still does not run. Extension side under the vscode stand-in.
import '../gitops/support/vscode-hook';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import * as vscode from 'vscode';
import { EXPORT_GITOPS, registerGitOpsExport } from '../../client/commands/gitops-export';
import { gitInfo, UntrustedWorkspaceError } from '../../server/gitops/git-info';
import { stub } from '../gitops/support/vscode-stub';
import { tempDir } from '../support/temp';
import { recordingHelm } from './support/attack';

let root: string;
let chartDir: string;
let marker: string;

before(() => {
  root = tempDir('hi-sec-git-');
  chartDir = path.join(root, 'charts', 'svc');
  marker = path.join(root, 'FSMONITOR-RAN');
  mkdirSync(chartDir, { recursive: true });
  writeFileSync(path.join(chartDir, 'Chart.yaml'), 'apiVersion: v2\nname: svc\nversion: 1.0.0\n');
  writeFileSync(path.join(chartDir, 'values.yaml'), 'replicaCount: 1\n');
  const hook = path.join(root, 'fsmonitor.sh');
  writeFileSync(hook, `#!/bin/sh\ntouch '${marker}'\nexit 1\n`);
  chmodSync(hook, 0o755);
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      cwd: root,
      encoding: 'utf8',
    });
  git('init', '-q', '-b', 'main');
  git('add', 'charts');
  git('commit', '-q', '-m', 'chart');
  git('config', 'core.fsmonitor', hook);
  // The repository really is hostile: plain `git status` runs the script.
  execFileSync('git', ['status', '--porcelain'], { cwd: root });
  assert.ok(existsSync(marker), 'precondition: core.fsmonitor runs on git status');
  execFileSync('rm', ['-f', marker]);
  stub.workspaceRoot = root;
  const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const memento = { get: () => undefined, update: async () => undefined, keys: () => [] };
  registerGitOpsExport({} as never, log as never, memento as never);
});

/** Answers the export's questions up to the Git source, then cancels at the URL prompt. */
function chooseGitSource(): void {
  stub.quickPick = (items, options) => {
    if (/format/.test(options.title ?? '')) return items.find((i) => i.id === 'flux');
    if (/environment/.test(options.title ?? '')) return items[0];
    if (/chart source/.test(options.title ?? '')) return items.find((i) => i.source === 'git');
    return undefined;
  };
  stub.inputBox = () => undefined;
}

test('untrusted workspace: Export GitOps with a Git source starts no process and says why in one line', async () => {
  stub.trusted = false;
  stub.messages.length = 0;
  chooseGitSource();
  try {
    await vscode.commands.executeCommand(EXPORT_GITOPS, vscode.Uri.file(path.join(chartDir, 'Chart.yaml')));
  } finally {
    stub.trusted = true;
  }
  assert.ok(!existsSync(marker), 'the repository’s fsmonitor script did not run');
  const refusal = stub.messages.find((m) => /not trusted/.test(m));
  assert.ok(refusal, stub.messages.join(' | '));
  assert.ok(!refusal.includes('\n'));
});

test('engine: gitInfo in an untrusted workspace refuses before starting git (a recording git sees no call)', async () => {
  const fake = recordingHelm(tempDir('hi-sec-fakegit-'));
  await assert.rejects(gitInfo(chartDir, { trusted: false, gitPath: fake.path }), UntrustedWorkspaceError);
  assert.equal(fake.calls().length, 0);
});

test('trusted workspace: git runs with core.fsmonitor off, so the repository’s script still does not run', async () => {
  stub.messages.length = 0;
  chooseGitSource();
  await vscode.commands.executeCommand(EXPORT_GITOPS, vscode.Uri.file(path.join(chartDir, 'Chart.yaml')));
  const info = await gitInfo(chartDir, { trusted: true });
  assert.equal(info?.chartPath, 'charts/svc');
  assert.ok(!existsSync(marker), 'fsmonitor disabled for every git call');
});
