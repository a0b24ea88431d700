/** Chart Review webview entry: bundled by esbuild into dist/webview/main.js (+ main.css). */
import './main.css';
import { ReviewApp } from './app';

const vscode = acquireVsCodeApi();
const root = document.getElementById('app');
if (root) {
  const app = new ReviewApp(root, vscode);
  window.addEventListener('message', (event: MessageEvent) => app.receive(event.data));
  window.addEventListener('error', (event) =>
    vscode.postMessage({ type: 'webview-error', message: `${event.message} (${event.filename}:${event.lineno})` }),
  );
  vscode.postMessage({ type: 'ready' });
}
