/**
 * Runs the real webview bundle in headless Debian Chromium (playwright-core, never a downloaded
 * browser): a 127.0.0.1 server serves the page from the host's own HTML generator (so the real
 * CSP applies) plus dist/webview/*, and an init script stands in for VS Code's `acquireVsCodeApi`,
 * recording every posted message and the saved state.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { after, before } from 'node:test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { reviewHtml } from '../../../client/review-panel/webview-html';
import type { HostMessage, WebviewMessage } from '../../../server/protocol/webview-protocol';
import { REPO_ROOT } from '../../support/tools';

export const CHROMIUM = process.env.HELM_INTENT_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const DIST = path.join(REPO_ROOT, 'dist', 'webview');
export const NONCE = 'testNonce0123456789';

/** Builds the bundle when a webview source is newer than it (a plain `npm test` builds first anyway). */
export function ensureBundle(): void {
  const bundle = path.join(DIST, 'main.js');
  const built = existsSync(bundle) ? statSync(bundle).mtimeMs : 0;
  const sources = [
    ...readdirSync(path.join(REPO_ROOT, 'webview')).map((f) => path.join(REPO_ROOT, 'webview', f)),
    path.join(REPO_ROOT, 'server', 'protocol', 'webview-protocol.ts'),
  ];
  if (sources.some((f) => statSync(f).mtimeMs > built))
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.mjs')], {
      cwd: REPO_ROOT,
      stdio: 'inherit',
    });
}

export interface HarnessServer {
  origin: string;
  /** Every path the page requested (a hostile `<img src=x>` that ran would show up here). */
  requests: string[];
  close(): Promise<void>;
}

export async function startServer(): Promise<HarnessServer> {
  const requests: string[] = [];
  let origin = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    requests.push(url.pathname);
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        reviewHtml({
          cspSource: origin,
          scriptUri: `${origin}/dist/webview/main.js`,
          styleUri: `${origin}/dist/webview/main.css`,
          nonce: NONCE,
        }),
      );
      return;
    }
    const m = /^\/dist\/webview\/(main\.(js|css))$/.exec(url.pathname);
    if (m) {
      res.writeHead(200, { 'content-type': m[2] === 'js' ? 'text/javascript' : 'text/css' });
      res.end(readFileSync(path.join(DIST, m[1])));
      return;
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (or set HELM_INTENT_CHROMIUM)`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** VS Code's Dark+ theme variables, as VS Code sets them on the webview's <html>. */
const DARK_THEME: Record<string, string> = {
  '--vscode-font-family': "system-ui, 'Ubuntu', 'Droid Sans', sans-serif",
  '--vscode-font-size': '13px',
  '--vscode-editor-font-family': "'Droid Sans Mono', 'DejaVu Sans Mono', monospace",
  '--vscode-editor-font-size': '13px',
  '--vscode-foreground': '#cccccc',
  '--vscode-editor-background': '#1e1e1e',
  '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-panel-border': 'rgba(128, 128, 128, 0.35)',
  '--vscode-sideBar-background': '#252526',
  '--vscode-focusBorder': '#007fd4',
  '--vscode-textLink-foreground': '#3794ff',
  '--vscode-badge-background': '#4d4d4d',
  '--vscode-badge-foreground': '#ffffff',
  '--vscode-button-background': '#0e639c',
  '--vscode-button-foreground': '#ffffff',
  '--vscode-button-secondaryBackground': '#3a3d41',
  '--vscode-button-secondaryForeground': '#ffffff',
  '--vscode-input-background': '#3c3c3c',
  '--vscode-input-foreground': '#cccccc',
  '--vscode-dropdown-background': '#3c3c3c',
  '--vscode-dropdown-foreground': '#f0f0f0',
  '--vscode-editorError-foreground': '#f14c4c',
  '--vscode-editorWarning-foreground': '#cca700',
  '--vscode-editorInfo-foreground': '#3794ff',
  '--vscode-list-hoverBackground': '#2a2d2e',
  '--vscode-list-activeSelectionBackground': '#04395e',
  '--vscode-textCodeBlock-background': '#0a0a0a66',
};

const VSCODE_API_STAND_IN = `function (initialState, theme) {
  // Functions handed to page.evaluate() come through tsx, which wraps named ones in __name().
  window.__name = (f) => f;
  window.__posted = [];
  window.__state = initialState === null ? undefined : initialState;
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi called twice');
    acquired = true;
    // VS Code applies the theme before the page's scripts run; so does this stand-in.
    document.body.classList.add('vscode-dark');
    for (const [k, v] of Object.entries(theme)) document.documentElement.style.setProperty(k, v);
    return {
      postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => window.__state,
      setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); },
    };
  };
}`;

export interface BrowserSession {
  server(): HarnessServer;
  /** A new page on the review (see openReview); its uncaught errors fail the file. */
  open(state?: unknown, size?: { width: number; height: number }): Promise<Page>;
}

/** One Chromium and one page server for a test file: started before its tests, closed after; no page may throw. */
export function useBrowser(): BrowserSession {
  let browser: Browser;
  let server: HarnessServer;
  const pageErrors: string[] = [];
  before(async () => {
    ensureBundle();
    server = await startServer();
    browser = await launch();
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    assert.deepEqual(pageErrors, [], 'no page threw');
  });
  return {
    server: () => server,
    async open(state, size) {
      const page = await openReview(browser, server, state, size);
      page.on('pageerror', (e) => pageErrors.push(e.message));
      return page;
    },
  };
}

/** Opens the page with a stand-in VS Code API; `state` is what getState() returns (a reloaded view). */
export async function openReview(
  browser: Browser,
  server: HarnessServer,
  state?: unknown,
  size = { width: 1200, height: 900 },
): Promise<Page> {
  const page = await browser.newPage({ viewport: size });
  // A plain string: functions passed from TypeScript would carry tsx helpers the page does not have.
  await page.addInitScript({
    content: `(${VSCODE_API_STAND_IN})(${JSON.stringify(state ?? null)}, ${JSON.stringify(DARK_THEME)});`,
  });
  await page.goto(server.origin + '/');
  await page.waitForFunction(() =>
    ((window as unknown as { __posted: Array<{ type: string }> }).__posted ?? []).some((m) => m.type === 'ready'),
  );
  return page;
}

/** Delivers a host message the way VS Code does (a `message` event), synchronously. */
export async function send(page: Page, message: HostMessage | Record<string, unknown>): Promise<void> {
  await page.evaluate(
    (m) => window.dispatchEvent(new MessageEvent('message', { data: m })),
    message as Record<string, unknown>,
  );
}

export async function posted(page: Page): Promise<WebviewMessage[]> {
  return page.evaluate(() => (window as unknown as { __posted: WebviewMessage[] }).__posted);
}

export async function clearPosted(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __posted: unknown[] }).__posted.length = 0));
}

export async function savedState(page: Page): Promise<Record<string, unknown>> {
  return page.evaluate(() => (window as unknown as { __state: Record<string, unknown> }).__state);
}

export async function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
}

export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'webview');
