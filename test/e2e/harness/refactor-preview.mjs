// VS Code's Refactor Preview panel (the bulk-edit preview a WorkspaceEdit with `needsConfirmation`
// entries opens). Entries that need confirmation start UNCHECKED, and Apply writes only checked
// ones, so accepting everything means ticking each file first, as a user would.
import { listRows, scrollList, UI_TIMEOUT } from './workbench.mjs';

const PANEL = '.bulk-edit-panel';

/** @typedef {{ label: string, level: number, checked: boolean }} PreviewEntry */

/**
 * Waits for the preview to show edits; returns its entries: file rows (level 1) and their text
 * edits (level 2). Labels read `Creating charts/x/Chart.yaml` or `charts/x/values.yaml, making text edits`.
 * @returns {Promise<PreviewEntry[]>}
 */
export async function waitForRefactorPreview(page, timeoutMs = UI_TIMEOUT) {
  await page
    .locator(`${PANEL}[data-state="data"] .monaco-list-row`)
    .first()
    .waitFor({ timeout: timeoutMs })
    .catch(() => {
      throw new Error(`the Refactor Preview did not open within ${timeoutMs / 1000}s`);
    });
  return previewEntries(page);
}

/** @returns {Promise<PreviewEntry[]>} */
export async function previewEntries(page) {
  const rows = await listRows(page, page.locator(`${PANEL} .monaco-list`));
  return rows.map(({ label, level, checked }) => ({ label, level, checked }));
}

/**
 * Ticks every file row (that checks its text edits too) by clicking its checkbox, scrolling the
 * tree as needed. Clicks, not Space: keyboard focus would open each file's diff in the
 * preview editor, seconds per file on a small machine. Returns the entries.
 * @returns {Promise<PreviewEntry[]>}
 */
export async function checkAllEntries(page) {
  const list = page.locator(`${PANEL} .monaco-list`);
  // The first unchecked file row whose checkbox is fully in view → its centre; `atBottom` when scrolled to the end.
  const nextBox = () =>
    list.evaluate((el) => {
      const view = el.getBoundingClientRect();
      // Rows scrolled under the tree's sticky header are covered by it: a click there would hit the header.
      const sticky = (
        el.querySelector('.monaco-tree-sticky-container') ??
        el.parentElement?.querySelector('.monaco-tree-sticky-container')
      )?.getBoundingClientRect();
      const top = sticky && sticky.height > 0 ? Math.max(view.top, sticky.bottom) : view.top;
      const boxes = [...el.querySelectorAll('.monaco-list-rows > .monaco-list-row[aria-level="1"] input.edit-checkbox')]
        .map((b) => ({ b, r: b.getBoundingClientRect() }))
        .filter(({ b, r }) => !b.checked && r.top >= top && r.bottom <= view.bottom)
        .sort((x, y) => x.r.top - y.r.top);
      const last = el
        .querySelector('.monaco-list-rows > .monaco-list-row[data-last-element="true"]')
        ?.getBoundingClientRect();
      const atBottom = !!last && last.bottom <= view.bottom + 1;
      const first = boxes[0]?.r;
      return {
        x: first ? first.left + first.width / 2 : 0,
        y: first ? first.top + first.height / 2 : 0,
        found: !!first,
        atBottom,
        viewport: el.clientHeight,
      };
    });
  for (let guard = 0; guard < 1000; guard++) {
    const next = await nextBox();
    if (next.found) {
      await page.mouse.click(next.x, next.y);
      continue;
    }
    if (next.atBottom) break;
    await scrollList(list, next.viewport / 2);
  }
  const entries = await previewEntries(page);
  const open = entries.filter((e) => !e.checked);
  if (open.length) throw new Error(`Refactor Preview entries still unchecked: ${open.map((e) => e.label).join(', ')}`);
  return entries;
}

/** Clicks the preview's Apply button and waits until the preview has handed the edit over. */
export async function applyRefactorPreview(page) {
  await page.locator(`${PANEL} .buttons .monaco-button`, { hasText: 'Apply' }).click({ timeout: UI_TIMEOUT });
  await page
    .locator(`${PANEL}[data-state="data"]`)
    .waitFor({ state: 'detached', timeout: UI_TIMEOUT })
    .catch(() => {
      throw new Error('the Refactor Preview still shows its edits after Apply');
    });
}
