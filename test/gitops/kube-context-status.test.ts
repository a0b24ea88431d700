// The status-bar item with Helm Intent's kube context (client/kube-context-status.ts) under a
// stand-in `vscode`: it reads the kubeconfig as kubectl does, follows edits of the file, and the
// picker stores a context/namespace for Helm Intent only — the kubeconfig stays byte for byte.
import './support/vscode-hook';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { stringify } from 'yaml';
import {
  kubeSelection,
  onDidChangeKubeSelection,
  registerKubeContextStatus,
  SELECT_KUBE_CONTEXT,
  type KubeSelection,
} from '../../client/kube-context-status';
import { FakeKubeApi } from '../kube/support/fake-kube-api';
import { until as waitUntil } from '../kube/support/waiting';
import { writeKubeconfig } from '../kube/support/objects';
import { tempDir } from '../support/temp';
import { stub, type StubQuickPick } from './support/vscode-stub';
import * as vscode from 'vscode';

let api: FakeKubeApi;
let kubeconfig: string;
let disposables: Array<{ dispose(): void }> = [];
const state = new Map<string, unknown>();
const logs: string[] = [];

const item = () => stub.items[0];

/** Polls until `check` holds (file watch, kubeconfig read and API answers take their time on a busy machine). */
const until = (check: () => boolean, what: string) => waitUntil(check, () => `${what} (item: ${item()?.text})`);

before(async () => {
  api = new FakeKubeApi();
  await api.start();
  for (const ns of ['shop', 'payments', 'default'])
    api.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const dir = tempDir('helm-intent-kctx-');
  kubeconfig = writeKubeconfig(api, [{ name: 'dev', namespace: 'shop' }, { name: 'prod' }], 'dev', dir);
  const context = {
    workspaceState: {
      get: (k: string) => state.get(k),
      update: async (k: string, v: unknown) => void (v === undefined ? state.delete(k) : state.set(k, v)),
      keys: () => [...state.keys()],
    },
  };
  const output = {
    info: (l: string) => logs.push(l),
    warn: (l: string) => logs.push(l),
    error: (l: string) => logs.push(l),
  };
  disposables = registerKubeContextStatus(context as never, output as never, { HOME: dir, KUBECONFIG: kubeconfig });
});

after(async () => {
  for (const d of disposables) d.dispose();
  await api.stop();
});

test('shows the kubeconfig current context and its namespace, and follows edits of the file', async () => {
  await until(() => item()?.text === '$(cloud) dev · shop', 'dev · shop');
  assert.equal(item().visible, true);
  assert.equal(item().command, SELECT_KUBE_CONTEXT);
  assert.match(
    item().tooltip,
    /^Helm Intent uses context "dev" \(cluster dev-cluster, https:\/\/127\.0\.0\.1:\d+\), namespace "shop"\.\nFrom the kubeconfig's current-context\./,
  );
  // kubectl config use-context prod, as kubectl writes it.
  const text = readFileSync(kubeconfig, 'utf8').replace('current-context: dev', 'current-context: prod');
  writeFileSync(kubeconfig, text);
  await until(() => item().text === '$(cloud) prod · default', 'prod after the edit');
});

test('the picker stores a context and a listed namespace for Helm Intent only; the kubeconfig is untouched', async () => {
  const before = readFileSync(kubeconfig, 'utf8');
  const seen: KubeSelection[] = [];
  const sub = onDidChangeKubeSelection((s) => seen.push(s));
  let offered: string[] = [];
  stub.pickContext = (items) => {
    offered = items.map((i) => i.label);
    return items.find((i) => i.context === 'dev');
  };
  stub.onNamespacePicker = async (qp: StubQuickPick) => {
    // The cluster's namespaces arrive while the picker is open.
    await until(() => qp.items.some((i) => i.namespace === 'payments') && !qp.busy, 'listed namespaces');
    qp.selectedItems = [qp.items.find((i) => i.namespace === 'payments')!];
    qp.accept();
  };
  await vscode.commands.executeCommand(SELECT_KUBE_CONTEXT);
  sub.dispose();
  assert.deepEqual(offered, ["$(discard) The kubeconfig's current context", 'dev', 'prod']);
  assert.deepEqual(kubeSelection(), { context: 'dev', namespace: 'payments' });
  assert.deepEqual(seen, [{ context: 'dev', namespace: 'payments' }]);
  await until(() => item().text === '$(cloud) dev · payments $(pin)', 'the pinned pick');
  assert.match(item().tooltip, /Chosen in Helm Intent; the kubeconfig's current-context is "prod"\./);
  assert.equal(readFileSync(kubeconfig, 'utf8'), before, 'the kubeconfig is never written');
  assert.ok(api.requests.some((r) => r.path === '/api/v1/namespaces'));
});

test('a typed namespace is checked; going back to the kubeconfig clears the pick', async () => {
  stub.pickContext = (items) => items.find((i) => i.context === 'prod');
  stub.onNamespacePicker = (qp) => {
    qp.value = 'Not_A_Namespace';
    qp.accept();
    assert.match(qp.placeholder!, /"Not_A_Namespace" is not a namespace name/);
    qp.value = 'shop-2';
    qp.accept();
  };
  await vscode.commands.executeCommand(SELECT_KUBE_CONTEXT);
  assert.deepEqual(kubeSelection(), { context: 'prod', namespace: 'shop-2' });

  stub.pickContext = (items) => items[0];
  stub.onNamespacePicker = (qp) => {
    qp.selectedItems = [qp.items[0]];
    qp.accept();
  };
  await vscode.commands.executeCommand(SELECT_KUBE_CONTEXT);
  assert.deepEqual(kubeSelection(), {});
  assert.equal(state.size, 0, 'nothing left in the workspace state');
  await until(() => item().text === '$(cloud) prod · default', 'back to the kubeconfig');
  // Cancelling the namespace step changes nothing.
  stub.pickContext = (items) => items[1];
  stub.onNamespacePicker = (qp) => qp.hide();
  await vscode.commands.executeCommand(SELECT_KUBE_CONTEXT);
  assert.deepEqual(kubeSelection(), {});
});

test('a broken kubeconfig is a warning with the reason, not an error storm; fixing it recovers', async () => {
  const good = readFileSync(kubeconfig, 'utf8');
  writeFileSync(kubeconfig, 'clusters: [\n');
  await until(() => item().text.startsWith('$(warning)'), 'the warning');
  assert.equal((item().backgroundColor as { id: string } | undefined)?.id, 'statusBarItem.warningBackground');
  assert.match(item().tooltip, /could not be read/);
  writeFileSync(kubeconfig, good);
  await until(() => item().text === '$(cloud) prod · default' && !item().backgroundColor, 'recovered');
  assert.deepEqual(stub.messages, [], 'no popups while reading the kubeconfig');
});

test('a stored context that no longer exists says so', async () => {
  const cfg = readFileSync(kubeconfig, 'utf8');
  state.set('helmIntent.kubeSelection', { context: 'gone' });
  writeFileSync(kubeconfig, cfg + '\n');
  await until(() => item().text === '$(warning) gone', 'the missing context');
  assert.match(item().tooltip, /context "gone" does not exist in the kubeconfig/);
  state.clear();
  writeFileSync(kubeconfig, stringify({ apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [] }));
  await until(() => item().text === '$(cloud) no kube context', 'no context at all');
  assert.ok(path.isAbsolute(kubeconfig));
});
