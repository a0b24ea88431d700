// Scenarios a–d: editing the reference intent (reference/intent/my-service.yaml of the examples
// copy) — language mode, a schema-enum problem, completion and its quick fix. They run in order on
// the same editor: b leaves the typo that c and d build on; d restores the file exactly.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, waitForActivation } from '../harness/code-server.mjs';
import { scenario } from '../harness/suite.mjs';
import {
  applyQuickFix,
  formatProblems,
  goTo,
  openQuickFixMenu,
  problems,
  quickOpen,
  save,
  showProblems,
  triggerSuggest,
  UI_TIMEOUT,
  waitForProblems,
  waitForStableProblems,
} from '../harness/workbench.mjs';

const INTENT = 'reference/intent/my-service.yaml';
const ORIGINAL = fs.readFileSync(path.join(ROOT, 'examples', INTENT), 'utf8');
const TIER_LINE = 9; // `  tier: production # maps to resource preset and replica policy`
const TIER_COLUMN = 9; // first character of the value
const TIERS = ['development', 'staging', 'production'];
/** How long the reference file must stay free of problems once the extension is active. */
const QUIET_MS = Number(process.env.E2E_QUIET_MS ?? 3000);

/** Problems of other workspace files, seen before any edit; the panel must return to exactly this. */
let baseline = [];

const isIntent = (p) => p.file.endsWith(`/${INTENT}`);
const tierLineOnDisk = (ws) => fs.readFileSync(path.join(ws, INTENT), 'utf8').split('\n')[TIER_LINE - 1];
const originalTierLine = ORIGINAL.split('\n')[TIER_LINE - 1];

export function registerIntentEditing() {
  assert.match(
    originalTierLine,
    /^ {2}tier: production\b/,
    `examples/${INTENT} line ${TIER_LINE} is not the tier line`,
  );

  scenario(
    'a) the reference intent opens as Intent YAML with no problems',
    async ({ page, dirs, step, shot, note }) => {
      await step(`quick-open ${INTENT}`, () => quickOpen(page, INTENT));
      await step('status bar language is "Intent YAML"', async () => {
        const mode = page.locator('[id="status.editor.mode"]');
        await mode
          .filter({ hasText: 'Intent YAML' })
          .waitFor({ timeout: UI_TIMEOUT })
          .catch(async () => {
            throw new Error(`status bar language is "${await mode.innerText().catch(() => '?')}"`);
          });
      });
      await step('extension host activated helm-intent', () => waitForActivation(dirs, UI_TIMEOUT));
      await step('open the Problems panel', () => showProblems(page));
      // Absence cannot be awaited: once the extension is active, watch the panel for QUIET_MS.
      // (Scenario b proves positively that the server publishes problems for this file within seconds.)
      await step(`no problem for ${INTENT} during ${QUIET_MS} ms`, async () => {
        const until = Date.now() + QUIET_MS;
        while (Date.now() < until) {
          const own = (await problems(page)).filter(isIntent);
          assert.equal(own.length, 0, `the unmodified reference intent has problems:${formatProblems(own)}`);
          await page.waitForTimeout(200);
        }
      });
      baseline = await problems(page);
      note(`problems of other workspace files at the start:${formatProblems(baseline)}`);
      await shot('a-open-intent');
    },
  );

  scenario(
    'b) tier: prodution shows a schema-enum problem from helm-intent on line 9',
    async ({ page, ws, step, shot, note }) => {
      await step(`cursor to the tier value (${TIER_LINE}:${TIER_COLUMN})`, () => goTo(page, TIER_LINE, TIER_COLUMN));
      await step('replace "production" with "prodution"', async () => {
        await page.keyboard.press('Control+Shift+ArrowRight'); // selects the word
        await page.keyboard.type('prodution');
        await save(page);
        assert.equal(
          tierLineOnDisk(ws),
          originalTierLine.replace('production', 'prodution'),
          'line 9 on disk after the edit',
        );
      });
      const own = await step('Problems panel shows helm-intent(schema-enum) on line 9', async () => {
        await waitForProblems(page, `a helm-intent schema-enum problem on line ${TIER_LINE} of ${INTENT}`, (l) =>
          l.some((p) => isIntent(p) && p.line === TIER_LINE && p.source === 'helm-intent' && p.code === 'schema-enum'),
        );
        // Typing sent one change per key: let the server's reports for the half-typed word settle.
        return (await waitForStableProblems(page, 1000)).filter(isIntent);
      });
      note(`problems of ${INTENT}:${formatProblems(own)}`);
      await shot('b-enum-diagnostic');
      // The rest of the reference is valid, so a typo in tier must not produce problems on other lines.
      const elsewhere = own.filter((p) => p.line !== TIER_LINE);
      assert.equal(elsewhere.length, 0, `problems on lines other than ${TIER_LINE}:${formatProblems(elsewhere)}`);
    },
  );

  scenario(
    'c) completion after "tier: " lists development, staging and production',
    async ({ page, step, shot, note }) => {
      await step(`cursor to the tier value (${TIER_LINE}:${TIER_COLUMN})`, () => goTo(page, TIER_LINE, TIER_COLUMN));
      await step('delete the rest of the line, leaving "  tier: "', async () => {
        await page.keyboard.press('Shift+End');
        await page.keyboard.press('Delete');
      });
      const labels = await step('Ctrl+Space shows suggestions', () => triggerSuggest(page));
      await shot('c-tier-completion');
      note(`completion items: ${labels.join(', ')}`);
      for (const tier of TIERS)
        assert.ok(labels.includes(tier), `completion list lacks "${tier}"; it shows: ${labels.join(', ')}`);
      await page.keyboard.press('Escape');
    },
  );

  scenario(
    'd) the quick fix "Change to \'production\'" removes the problem',
    async ({ page, ws, step, shot, note }) => {
      const fixTitle = "Change to 'production'";
      await page.keyboard.press('Escape');
      await step('type the typo back: "  tier: prodution # …"', async () => {
        await goTo(page, TIER_LINE, TIER_COLUMN);
        await page.keyboard.press('Shift+End');
        await page.keyboard.type(originalTierLine.slice(TIER_COLUMN - 1).replace('production', 'prodution'));
        await page.keyboard.press('Escape');
      });
      await step('wait for the schema-enum problem', async () => {
        await waitForProblems(page, `the schema-enum problem on line ${TIER_LINE}`, (l) =>
          l.some((p) => isIntent(p) && p.line === TIER_LINE && p.code === 'schema-enum'),
        );
        await waitForStableProblems(page, 1000);
      });
      await step('cursor inside "prodution"', () => goTo(page, TIER_LINE, TIER_COLUMN + 2));
      const titles = await step('Ctrl+. opens the Quick Fix menu', () => openQuickFixMenu(page));
      await shot('d-quick-fix-menu');
      note(`quick fixes offered: ${titles.join(' | ')}`);
      assert.ok(
        titles.includes(fixTitle),
        `Quick Fix menu lacks "${fixTitle}"; it offers: ${titles.join(' | ') || '(nothing)'}`,
      );
      await step(`apply "${fixTitle}"`, () => applyQuickFix(page, fixTitle));
      await step('Problems panel is back to its state before the edits', () =>
        waitForProblems(
          page,
          baseline.length
            ? `only the problems of other files seen at the start:${formatProblems(baseline)}`
            : 'no problems at all',
          (l) => JSON.stringify(l) === JSON.stringify(baseline),
        ),
      );
      if (baseline.length === 0) {
        await page
          .locator('.markers-panel .message-box-container', { hasText: 'No problems have been detected' })
          .waitFor({ timeout: UI_TIMEOUT });
      }
      await shot('d-quick-fix-applied');
      await step('save; the file equals the original reference again', async () => {
        await save(page);
        assert.equal(tierLineOnDisk(ws), originalTierLine, `line ${TIER_LINE} on disk after the quick fix`);
        assert.equal(fs.readFileSync(path.join(ws, INTENT), 'utf8'), ORIGINAL, 'whole file after the quick fix');
      });
    },
  );
}
