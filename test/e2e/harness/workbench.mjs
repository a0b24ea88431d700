// Drives the VS Code workbench that code-server serves, through headless Debian Chromium and
// playwright-core (never `playwright install`). Every wait is for a visible UI state, with a timeout
// that names what was awaited.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
export const UI_TIMEOUT = 30_000;

/** @typedef {{ file: string, severity: string, message: string, source: string, code: string, line: number, column: number }} Problem */

export async function openWorkbench({ url, workspace, browserProfile }) {
  const context = await chromium.launchPersistentContext(browserProfile, {
    executablePath: CHROMIUM,
    headless: !process.env.E2E_HEADED,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  // The explorer listing a workspace folder means the remote file system is connected.
  const firstEntry = fs.readdirSync(workspace).sort()[0];
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: firstEntry }).first().waitFor({ timeout: 60_000 });
  return { context, page, pageErrors };
}

/** Quick Open (Ctrl+P) a workspace-relative file; waits for its editor tab to be active. */
export async function quickOpen(page, relativePath) {
  const name = path.basename(relativePath);
  await page.keyboard.press('Control+P');
  const quickInput = page.locator('.quick-input-widget');
  await quickInput.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await page.keyboard.type(relativePath);
  await quickInput.locator('.monaco-list-row', { hasText: name }).first().waitFor({ timeout: UI_TIMEOUT });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: UI_TIMEOUT });
}

/** Text of the status bar's language-mode entry (e.g. `Intent YAML`). */
export async function languageMode(page) {
  return (await page.locator('[id="status.editor.mode"]').innerText({ timeout: UI_TIMEOUT })).trim();
}

/** Focus the active editor and put the cursor at line:column (1-based) via Go to Line (Ctrl+G). */
export async function goTo(page, line, column) {
  await page.keyboard.press('Control+1');
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
  const expected = `Ln ${line}, Col ${column}`;
  await page.locator('[id="status.editor.selection"]', { hasText: expected }).waitFor({ timeout: UI_TIMEOUT })
    .catch(() => { throw new Error(`cursor did not reach ${expected} after Ctrl+G`); });
}

/** Save the active editor (Ctrl+S) and wait until its tab is no longer dirty. */
export async function save(page) {
  await page.keyboard.press('Control+S');
  await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached', timeout: UI_TIMEOUT });
}

/** Open the Problems panel once (Ctrl+Shift+M toggles it, so only when hidden) and give focus back to the editor. */
export async function showProblems(page) {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) {
    await page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  }
  await page.keyboard.press('Control+1');
}

/**
 * The Problems panel's rows as data. The panel is a tree: a file row (aria-level 1) followed by
 * its problem rows (aria-level 2); rows are positioned absolutely, so sort by data-index.
 * @returns {Promise<Problem[]>}
 */
export async function problems(page) {
  return page.locator('.markers-panel').evaluate((panel) => {
    const rows = [...panel.querySelectorAll('.monaco-list-row')]
      .sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')));
    const out = [];
    let file = '';
    const text = (row, sel) => row.querySelector(sel)?.textContent?.trim() ?? '';
    for (const row of rows) {
      if (row.getAttribute('aria-level') === '1') {
        file = row.querySelector('.resource-label-container .monaco-icon-label')?.getAttribute('aria-label') ?? '';
        continue;
      }
      const where = /Ln (\d+), Col (\d+)/.exec(text(row, '.marker-line')) ?? [];
      out.push({
        file,
        severity: row.querySelector('.marker-icon')?.classList.item(1) ?? '',
        message: text(row, '.marker-message'),
        source: text(row, '.marker-source'),
        code: text(row, '.marker-code'),
        line: Number(where[1]),
        column: Number(where[2]),
      });
    }
    return out;
  });
}

/** Polls the Problems panel until `accept(list)` holds; the error shows the last list seen. */
export async function waitForProblems(page, what, accept, timeoutMs = UI_TIMEOUT) {
  const deadline = Date.now() + timeoutMs;
  let last = [];
  for (;;) {
    last = await problems(page);
    if (accept(last)) return last;
    if (Date.now() > deadline) throw new Error(`Problems panel: timed out after ${timeoutMs / 1000}s waiting for ${what}; it showed ${formatProblems(last)}`);
    await page.waitForTimeout(200);
  }
}

/** Waits until the Problems panel has not changed for `quietMs` (e.g. after a burst of edits); returns it. */
export async function waitForStableProblems(page, quietMs, timeoutMs = UI_TIMEOUT) {
  const deadline = Date.now() + timeoutMs;
  let last = JSON.stringify(await problems(page));
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    if (Date.now() > deadline) throw new Error(`Problems panel kept changing for ${timeoutMs / 1000}s; last:${formatProblems(JSON.parse(last))}`);
    await page.waitForTimeout(100);
    const now = JSON.stringify(await problems(page));
    if (now !== last) { last = now; since = Date.now(); }
  }
  return JSON.parse(last);
}

export function formatProblems(list) {
  if (list.length === 0) return '(no problems)';
  return list.map((p) => `\n  ${path.basename(p.file)} [Ln ${p.line}, Col ${p.column}] ${p.severity} ${p.source}(${p.code}) ${p.message}`).join('');
}

/** Trigger suggestions (Ctrl+Space) at the cursor; returns the labels shown once the list has rows. */
export async function triggerSuggest(page) {
  await page.keyboard.press('Control+Space');
  const widget = page.locator('.suggest-widget.visible');
  await widget.locator('.monaco-list-row').first().waitFor({ timeout: UI_TIMEOUT })
    .catch(async () => {
      const message = await widget.locator('.message').innerText().catch(() => '(no suggest widget)');
      throw new Error(`no completion items appeared after Ctrl+Space (suggest widget says: ${message || 'nothing'})`);
    });
  return widget.locator('.monaco-list-row .label-name').allInnerTexts();
}

/** Ctrl+. at the cursor; returns the titles in the Quick Fix menu. */
export async function openQuickFixMenu(page) {
  await page.keyboard.press('Control+.');
  const items = page.locator('.action-widget .monaco-list-row.action');
  await items.first().waitFor({ timeout: UI_TIMEOUT })
    .catch(() => { throw new Error('Ctrl+. showed no code actions at the cursor'); });
  return items.locator('.title').allInnerTexts();
}

/**
 * Applies the Quick Fix menu entry `title` with the keyboard: the menu blocks pointer events
 * until the mouse moves, and arrow keys + Enter are what a user does anyway.
 */
export async function applyQuickFix(page, title) {
  const rows = page.locator('.action-widget .monaco-list-row.action');
  const count = await rows.count();
  for (let i = 0; i <= count; i++) {
    const focused = await page.locator('.action-widget .monaco-list-row.action.focused').getAttribute('aria-label', { timeout: UI_TIMEOUT });
    if (focused === title) {
      await page.keyboard.press('Enter');
      await page.locator('.action-widget').waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`no Quick Fix entry "${title}" could be focused with the arrow keys`);
}
