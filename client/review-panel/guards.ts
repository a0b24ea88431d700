/**
 * What the host allows a webview message to do. Pure (no vscode), so the rules are unit-tested:
 * the webview disables buttons too, but the host decides — a message is only a request.
 */
import path from 'node:path';
import type { WebviewMessage } from '../../server/protocol/webview-protocol';

export interface Capabilities {
  /** vscode.workspace.isTrusted */
  trusted: boolean;
  /** setting helmIntent.readOnly */
  readOnly: boolean;
}

/** Why the host refuses the message, or undefined when it may go ahead (after any confirmation). */
export function refusal(message: WebviewMessage, caps: Capabilities): string | undefined {
  switch (message.type) {
    case 'rollout-action':
      if (!caps.trusted) return 'This workspace is not trusted: Helm Intent does not change clusters from it.';
      if (caps.readOnly) return 'helmIntent.readOnly is on: actions that change a cluster are disabled. Turn the setting off to promote, abort or retry rollouts.';
      return undefined;
    case 'show-logs':
    case 'select-kube-context':
      return caps.trusted ? undefined : 'This workspace is not trusted: Helm Intent does not contact clusters from it.';
    default:
      return undefined;
  }
}

/**
 * Whether the webview may open `file`: only inside the chart, the intent file itself, or a
 * workspace folder. A compromised view cannot make the editor open ~/.kube/config.
 */
export function locationAllowed(file: string, roots: { chartDir: string; intentFile?: string; workspaceFolders: string[] }): boolean {
  if (!path.isAbsolute(file) || file.includes('\0')) return false;
  const resolved = path.resolve(file);
  if (roots.intentFile && resolved === path.resolve(roots.intentFile)) return true;
  return [roots.chartDir, ...roots.workspaceFolders].some((root) => {
    const rel = path.relative(path.resolve(root), resolved);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  });
}
