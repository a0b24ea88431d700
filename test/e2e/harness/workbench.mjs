// Drives the VS Code workbench that code-server serves, through headless Debian Chromium and
// playwright-core (never `playwright install`). Every wait is for a visible UI state, with a timeout
// that names what was awaited.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.E2E_CHROMIUM || process.env.HELM_INTENT_CHROMIUM || '/usr/bin/chromium';
export const UI_TIMEOUT = 30_000;

/** @typedef {{ file: string, severity: string, message: string, source: string, code: string, line: number, column: number }} Problem */

/**
 * Opens the workbench on `workspace`. `payload`: [name, value] pairs the web workbench reads as
 * development options (extensionDevelopmentPath, extensionTestsPath), as VS Code's own web test runner passes them.
 * @param {{ url: string, workspace: string, browserProfile: string, payload?: [string, string][] }} options
 */
export async function openWorkbench({ url, workspace, browserProfile, payload }) {
  const context = await chromium.launchPersistentContext(browserProfile, {
    executablePath: CHROMIUM,
    headless: !process.env.E2E_HEADED,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const payloadParam = payload ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : '';
  await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}${payloadParam}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  // The explorer listing a workspace folder means the remote file system is connected.
  const firstEntry = fs.readdirSync(workspace).sort()[0];
  await page
    .locator('.explorer-folders-view .monaco-list-row', { hasText: firstEntry })
    .first()
    .waitFor({ timeout: 60_000 });
  return { context, page, pageErrors };
}

/**
 * Quick Open (Ctrl+P) a workspace-relative file; waits for its editor tab to be active. Enter is
 * pressed only once the focused row is that file: until the typed filter applies, the picker still
 * lists recently opened files, and Enter would open the first of those.
 */
export async function quickOpen(page, relativePath) {
  const name = path.posix.basename(relativePath);
  const dir = path.posix.dirname(relativePath);
  await page.keyboard.press('Control+P');
  const quickInput = page.locator('.quick-input-widget');
  await quickInput.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await page.keyboard.insertText(relativePath); // one input event: typing key by key costs ~40 ms a key
  const wanted = dir === '.' ? name : `${name} ${dir}`;
  await quickInput
    .locator(`.monaco-list-row.focused[aria-label^=${JSON.stringify(wanted)}]`)
    .waitFor({ timeout: UI_TIMEOUT })
    .catch(async () => {
      const rows = await quickInput
        .locator('.monaco-list-row')
        .evaluateAll((rs) => rs.map((r) => r.getAttribute('aria-label')));
      throw new Error(`Quick Open did not focus "${wanted}"; it lists: ${rows.join(' | ') || '(nothing)'}`);
    });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: UI_TIMEOUT });
}

/**
 * Runs a command from the Command Palette (Ctrl+Shift+P) by its full title, e.g. `Helm Intent: Generate Chart`.
 * Waits until the focused entry is exactly that command, so a similar one (`… with AI`) is never run.
 */
export async function runCommand(page, title) {
  await page.keyboard.press('Control+Shift+P');
  const quickInput = page.locator('.quick-input-widget');
  await quickInput.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await page.keyboard.insertText(title);
  const focusedLabel = quickInput.locator('.monaco-list-row.focused .label-name');
  const deadline = Date.now() + UI_TIMEOUT;
  for (;;) {
    const label = (
      await focusedLabel
        .first()
        .textContent({ timeout: UI_TIMEOUT })
        .catch(() => '')
    )?.trim();
    if (label === title) break;
    if (Date.now() > deadline) {
      const rows = await quickInput.locator('.monaco-list-row .label-name').allTextContents();
      throw new Error(
        `the Command Palette did not offer "${title}" first; it lists: ${rows.join(' | ') || '(nothing)'}`,
      );
    }
    await page.waitForTimeout(100);
  }
  await page.keyboard.press('Enter');
  await quickInput.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
}

/** File: Save All Files (VS Code 1.100's title), then waits until no editor tab is dirty. */
export async function saveAll(page) {
  await runCommand(page, 'File: Save All Files');
  await page
    .locator('.tabs-container .tab.dirty')
    .first()
    .waitFor({ state: 'detached', timeout: UI_TIMEOUT })
    .catch(async () => {
      throw new Error(
        `tabs still dirty after Save All: ${(await page.locator('.tabs-container .tab.dirty').allInnerTexts()).join(', ')}`,
      );
    });
}

/** Dismisses every notification toast (they cover the lower right of the editor and the panel). */
export async function clearNotifications(page) {
  await runCommand(page, 'Notifications: Clear All Notifications');
  await page
    .locator('.notifications-toasts .notification-toast')
    .first()
    .waitFor({ state: 'detached', timeout: UI_TIMEOUT });
}

/** Waits for a notification toast whose message matches `text`; returns its message. */
export async function waitForNotification(page, text, timeoutMs = UI_TIMEOUT) {
  const toast = page
    .locator('.notifications-toasts .notification-toast', {
      has: page.locator('.notification-list-item-message', { hasText: text }),
    })
    .first();
  await toast.waitFor({ timeout: timeoutMs }).catch(async () => {
    const shown = await page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts();
    throw new Error(
      `no notification matching ${text} within ${timeoutMs / 1000}s; shown: ${shown.join(' | ') || '(none)'}`,
    );
  });
  return (await toast.locator('.notification-list-item-message').innerText()).trim();
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
  await page
    .locator('[id="status.editor.selection"]', { hasText: expected })
    .waitFor({ timeout: UI_TIMEOUT })
    .catch(() => {
      throw new Error(`cursor did not reach ${expected} after Ctrl+G`);
    });
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

/** What the Problems panel shows of each row (see listRows). @type {RowSpec} */
const PROBLEM_ROW = {
  text: { message: '.marker-message', source: '.marker-source', code: '.marker-code', where: '.marker-line' },
  attr: { file: ['.resource-label-container .monaco-icon-label', 'aria-label'] },
  classes: { icon: '.marker-icon' },
};

/**
 * The Problems panel's rows as data. The panel is a tree: a file row (aria-level 1), its problem
 * rows (aria-level 2) and their related-information rows (aria-level 3, skipped).
 * @returns {Promise<Problem[]>}
 */
export async function problems(page) {
  const rows = await listRows(page, page.locator('.markers-panel .monaco-list'), PROBLEM_ROW);
  const out = [];
  let file = '';
  for (const r of rows) {
    if (r.level === 1) file = r.file;
    if (r.level !== 2) continue;
    const where = /Ln (\d+), Col (\d+)/.exec(r.where) ?? [];
    out.push({
      file,
      severity: r.icon.split(' ')[1] ?? '',
      message: r.message,
      source: r.source,
      code: r.code,
      line: Number(where[1]),
      column: Number(where[2]),
    });
  }
  return out;
}

/**
 * @typedef {{ text?: Record<string, string>, attr?: Record<string, [string, string]>, classes?: Record<string, string> }} RowSpec
 * what to read of each row: `text` = textContent of a selector, `attr` = [selector, attribute], `classes` = className of a selector
 */

/**
 * Every row of a VS Code list/tree, in order: its data-index, aria-level, aria-label, checkbox state
 * and what `spec` asks for (missing elements read as ''). The list is virtual: only rows in view
 * exist, absolutely positioned (so ordered by data-index). A list taller than its view is scrolled
 * through (scrollList), then back to the top.
 * @param {import('playwright-core').Page} page
 * @param {import('playwright-core').Locator} list the `.monaco-list` element
 * @param {RowSpec} [spec]
 * @returns {Promise<Array<{ index: number, level: number, label: string, checked: boolean, [read: string]: any }>>}
 */
export async function listRows(page, list, spec = {}) {
  // One round trip per view: scroll by `px` (0: stay), let the list render, read its rows.
  const view = (px) =>
    list.evaluate(async (el, [sp, by]) => {
      if (by) {
        const event = new WheelEvent('wheel', { deltaY: by, deltaMode: 0, bubbles: true, cancelable: true });
        Object.defineProperty(event, 'wheelDeltaY', { value: -by * 2.4 }); // see scrollList
        el.querySelector('.monaco-scrollable-element')?.dispatchEvent(event);
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      }
      // Only the scrolled rows: a tree's sticky-scroll header repeats parent rows (same data-index) elsewhere.
      const container = /** @type {HTMLElement | null} */ (el.querySelector('.monaco-list-rows'));
      const rows = Array.from(container?.querySelectorAll(':scope > .monaco-list-row') ?? []).map((row) => {
        /** @type {{ index: number, level: number, label: string, checked: boolean, [read: string]: any }} */
        const out = {
          index: Number(row.getAttribute('data-index')),
          level: Number(row.getAttribute('aria-level')),
          label: row.getAttribute('aria-label') ?? '',
          checked: !!row.querySelector('input[type=checkbox]')?.matches(':checked'),
        };
        for (const [k, sel] of Object.entries(sp.text ?? {}))
          out[k] = row.querySelector(sel)?.textContent?.trim() ?? '';
        for (const [k, [sel, name]] of Object.entries(sp.attr ?? {}))
          out[k] = row.querySelector(sel)?.getAttribute(name) ?? '';
        for (const [k, sel] of Object.entries(sp.classes ?? {})) out[k] = row.querySelector(sel)?.className ?? '';
        return out;
      });
      // The rows container is moved up by the scroll offset.
      const scrollTop = -Number.parseFloat(container?.style.top || '0');
      const content = Number.parseFloat(container?.style.height || '0');
      return {
        rows,
        viewport: el.clientHeight,
        atTop: scrollTop <= 0.5,
        atBottom: scrollTop + el.clientHeight >= content - 1,
      };
    }, /** @type {const} */ ([spec, px]));
  let current = await view(0);
  if (current.atTop && current.atBottom) return current.rows.sort((a, b) => a.index - b.index);
  /** @type {Map<number, any>} */
  const byIndex = new Map();
  current = await view(-1e6);
  for (const r of current.rows) byIndex.set(r.index, r);
  for (let i = 0; i < 1000 && !current.atBottom; i++) {
    current = await view(Math.max(20, Math.floor(current.viewport * 0.8))); // less than a view: no row is skipped
    for (const r of current.rows) byIndex.set(r.index, r);
  }
  await view(-1e6);
  return [...byIndex].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

/**
 * Scrolls a VS Code list by `px` pixels (negative: up; a huge value: to the end) with one wheel
 * event. A real mouse-wheel notch moves a list ~50 px whatever its delta (VS Code's classifier),
 * so a list of 40 rows would take dozens of notches; VS Code reads the legacy `wheelDeltaY`
 * (120 = 50 px up), which a synthetic event can carry.
 * @param {import('playwright-core').Locator} list the `.monaco-list` element
 * @param {number} px
 */
export async function scrollList(list, px) {
  await list.evaluate(async (el, d) => {
    const event = new WheelEvent('wheel', { deltaY: d, deltaMode: 0, bubbles: true, cancelable: true });
    Object.defineProperty(event, 'wheelDeltaY', { value: -d * 2.4 });
    el.querySelector('.monaco-scrollable-element')?.dispatchEvent(event);
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))); // rendered
  }, px);
}

/**
 * Scrolls a virtual list from its top until `row` is rendered, and returns it: a list taller than its
 * view renders only the rows in view, so a row further down cannot be clicked before it is scrolled to.
 * @param {import('playwright-core').Locator} list the `.monaco-list` element
 * @param {import('playwright-core').Locator} row
 */
export async function revealListRow(list, row, maxSteps = 40) {
  await scrollList(list, -1e6);
  for (let i = 0; i < maxSteps; i++) {
    if ((await row.count()) > 0) return row.first();
    await scrollList(list, 60);
  }
  throw new Error(`list row not found after scrolling ${maxSteps} steps`);
}

/** Polls the Problems panel until `accept(list)` holds; the error shows the last list seen. */
export async function waitForProblems(page, what, accept, timeoutMs = UI_TIMEOUT) {
  const deadline = Date.now() + timeoutMs;
  let last = [];
  for (;;) {
    last = await problems(page);
    if (accept(last)) return last;
    if (Date.now() > deadline)
      throw new Error(
        `Problems panel: timed out after ${timeoutMs / 1000}s waiting for ${what}; it showed ${formatProblems(last)}`,
      );
    await page.waitForTimeout(200);
  }
}

/** Waits until the Problems panel has not changed for `quietMs` (e.g. after a burst of edits); returns it. */
export async function waitForStableProblems(page, quietMs, timeoutMs = UI_TIMEOUT) {
  const deadline = Date.now() + timeoutMs;
  let last = JSON.stringify(await problems(page));
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    if (Date.now() > deadline)
      throw new Error(
        `Problems panel kept changing for ${timeoutMs / 1000}s; last:${formatProblems(JSON.parse(last))}`,
      );
    await page.waitForTimeout(100);
    const now = JSON.stringify(await problems(page));
    if (now !== last) {
      last = now;
      since = Date.now();
    }
  }
  return JSON.parse(last);
}

export function formatProblems(list) {
  if (list.length === 0) return '(no problems)';
  return list
    .map(
      (p) =>
        `\n  ${path.basename(p.file)} [Ln ${p.line}, Col ${p.column}] ${p.severity} ${p.source}(${p.code}) ${p.message}`,
    )
    .join('');
}

/**
 * Waits up to UI_TIMEOUT for `locator`; on timeout throws the message `explain()` builds from what the
 * UI shows instead, so a failure says more than "timeout".
 * @param {import('playwright-core').Locator} locator
 * @param {() => Promise<string>} explain
 */
export async function waitOrExplain(locator, explain) {
  await locator.waitFor({ timeout: UI_TIMEOUT }).catch(async () => {
    throw new Error(await explain());
  });
}

/**
 * The element's visible text, or `fallback` when there is no such element.
 * @param {import('playwright-core').Locator} locator
 * @param {string} fallback
 */
export function textOr(locator, fallback) {
  return locator.innerText().catch(() => fallback);
}

/** Trigger suggestions (Ctrl+Space) at the cursor; returns the labels shown once the list has rows. */
export async function triggerSuggest(page) {
  await page.keyboard.press('Control+Space');
  const widget = page.locator('.suggest-widget.visible');
  await waitOrExplain(widget.locator('.monaco-list-row').first(), async () => {
    const message = await textOr(widget.locator('.message'), '(no suggest widget)');
    return `no completion items appeared after Ctrl+Space (suggest widget says: ${message || 'nothing'})`;
  });
  return widget.locator('.monaco-list-row .label-name').allInnerTexts();
}

/** Ctrl+. at the cursor; returns the titles in the Quick Fix menu. */
export async function openQuickFixMenu(page) {
  await page.keyboard.press('Control+.');
  const items = page.locator('.action-widget .monaco-list-row.action');
  await items
    .first()
    .waitFor({ timeout: UI_TIMEOUT })
    .catch(() => {
      throw new Error('Ctrl+. showed no code actions at the cursor');
    });
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
    const focused = await page
      .locator('.action-widget .monaco-list-row.action.focused')
      .getAttribute('aria-label', { timeout: UI_TIMEOUT });
    if (focused === title) {
      await page.keyboard.press('Enter');
      await page.locator('.action-widget').waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`no Quick Fix entry "${title}" could be focused with the arrow keys`);
}
