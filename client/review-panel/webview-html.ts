/**
 * The Chart Review page: an empty shell that loads the bundled script and style under a strict CSP.
 * No data is ever written into this HTML — everything arrives by postMessage and is validated — so
 * a chart value like `</script>` has nothing to break out of. No vscode import (tests render it).
 */
import { randomBytes } from 'node:crypto';

export interface ReviewHtmlOptions {
  /** `webview.cspSource`: the origin VS Code serves local resources from. */
  cspSource: string;
  /** `webview.asWebviewUri(dist/webview/main.js)` and `…/main.css`, as strings. */
  scriptUri: string;
  styleUri: string;
  nonce?: string;
}

export function newNonce(): string {
  return randomBytes(18).toString('base64').replace(/[+/=]/g, '');
}

/** The Content-Security-Policy of the page: nothing but the nonce'd bundle may run or style it. */
export function reviewCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    "connect-src 'none'",
    "frame-src 'none'",
    "worker-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

const escapeAttr = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function reviewHtml(options: ReviewHtmlOptions): string {
  const nonce = options.nonce ?? newNonce();
  if (!/^[A-Za-z0-9]+$/.test(nonce)) throw new Error('nonce must be alphanumeric');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(reviewCsp(options.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Chart Review</title>
<link rel="stylesheet" nonce="${nonce}" href="${escapeAttr(options.styleUri)}">
</head>
<body>
<div id="app"></div>
<script nonce="${nonce}" src="${escapeAttr(options.scriptUri)}"></script>
</body>
</html>
`;
}
