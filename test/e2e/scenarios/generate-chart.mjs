// Scenario e (issue 3): "Helm Intent: Generate Chart" from the Command Palette on the reference
// intent → VS Code's Refactor Preview lists every file → Apply → the chart is on disk under
// <workspace>/charts/my-service. Then a hand edit of values.yaml and an intent change; generating
// again must three-way merge: the hand edit stays, the new value arrives, nothing else moves.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { lineOf, readTree, waitForDisk } from '../harness/disk.mjs';
import { applyRefactorPreview, checkAllEntries, waitForRefactorPreview } from '../harness/refactor-preview.mjs';
import { scenario } from '../harness/suite.mjs';
import { clearNotifications, goTo, quickOpen, runCommand, save, waitForNotification } from '../harness/workbench.mjs';

const INTENT = 'reference/intent/my-service.yaml';
const CHART = 'charts/my-service';
const GENERATE = 'Helm Intent: Generate Chart';
const HAND_EDIT = '# tuned by hand';
/** Files the chart must have, whatever else the generator adds. */
const REQUIRED = [
  'Chart.yaml',
  'values.yaml',
  'templates/_helpers.tpl',
  'templates/_pod.tpl',
  '.helm-intent/generated.json',
];

/** Chart-relative path of a preview entry (`Creating charts/my-service/x` or `charts/my-service/x, making text edits`). */
const entryPath = (label) => /(?:^Creating |^)charts\/my-service\/(.+?)(?:, making text edits)?$/.exec(label)?.[1];
const isRecord = (file) => file.startsWith('.helm-intent/');

export function registerGenerateChart() {
  scenario(
    'e) Generate Chart: refactor preview → apply writes the chart; regenerating keeps a hand edit (three-way merge)',
    async ({ page, ws, step, shot, note }) => {
      const chartDir = path.join(ws, CHART);
      const intentFile = path.join(ws, INTENT);
      assert.ok(!fs.existsSync(chartDir), `${CHART} exists before Generate Chart ran`);

      await step(`open ${INTENT}`, async () => {
        await page.keyboard.press('Escape');
        await quickOpen(page, INTENT);
      });
      const created = await step(`run "${GENERATE}"; the Refactor Preview lists the files to create`, async () => {
        await runCommand(page, GENERATE);
        return waitForRefactorPreview(page);
      });
      const createdFiles = created.filter((e) => e.level === 1).map((e) => entryPath(e.label));
      note(`preview (create): ${created.length} entries: ${created.map((e) => e.label).join(', ')}`);
      await shot('e-preview-create');
      for (const e of created.filter((x) => x.level === 1)) {
        assert.match(e.label, /^Creating charts\/my-service\//, 'a first generation only creates files');
        assert.equal(
          e.checked,
          false,
          `"${e.label}" is pre-checked: entries that need confirmation should start unchecked`,
        );
      }
      for (const f of REQUIRED.filter((r) => !isRecord(r)))
        assert.ok(createdFiles.includes(f), `the preview does not list ${f}; it lists ${createdFiles.join(', ')}`);

      await step('tick every file in the preview and Apply', async () => {
        await checkAllEntries(page);
        await applyRefactorPreview(page);
      });
      const firstTree = await step(`the chart appears on disk under ${CHART}/`, () =>
        waitForDisk(
          `${REQUIRED.join(', ')} and every previewed file`,
          () => readTree(chartDir),
          (t) => [...REQUIRED, ...createdFiles].every((f) => t.has(f)),
          { describe: (t) => [...t.keys()].join(', ') || '(nothing)' },
        ),
      );
      const written = [...firstTree.keys()].filter((f) => !isRecord(f)).sort();
      assert.deepEqual(written, [...createdFiles].sort(), 'the files written are exactly the files previewed');
      const record = JSON.parse(/** @type {string} */ (firstTree.get('.helm-intent/generated.json')));
      assert.equal(
        path.resolve(chartDir, record.intent),
        intentFile,
        'generated.json names the intent the chart came from',
      );
      assert.deepEqual(Object.keys(record.files).sort(), written, 'generated.json records every written file');
      const toast = await step('a notification says the chart was written', () =>
        waitForNotification(page, /Chart my-service: wrote \d+ file/),
      );
      note(`notification: ${toast}`);
      await shot('e-chart-written');
      await step('clear notifications', () => clearNotifications(page));

      const generatedValues = /** @type {string} */ (firstTree.get('values.yaml'));
      assert.match(
        generatedValues,
        /^ {2}maxReplicas: 10$/m,
        "the generated values.yaml carries the intent's maxReplicas 10",
      );
      const handEdited = `${generatedValues}${generatedValues.endsWith('\n') ? '' : '\n'}${HAND_EDIT}\n`;
      await step(`append "${HAND_EDIT}" to ${CHART}/values.yaml and save`, async () => {
        await quickOpen(page, `${CHART}/values.yaml`);
        // Go to line (Ctrl+G) waits for the editor; Ctrl+End could land before it has focus.
        const lastLine = generatedValues.split('\n').length;
        await goTo(page, lastLine, generatedValues.endsWith('\n') ? 1 : generatedValues.split('\n').at(-1).length + 1);
        if (!generatedValues.endsWith('\n')) await page.keyboard.press('Enter');
        await page.keyboard.type(HAND_EDIT);
        await page.keyboard.press('Enter');
        await save(page);
        await waitForDisk(
          'values.yaml with the hand edit',
          () => fs.readFileSync(path.join(chartDir, 'values.yaml'), 'utf8'),
          (t) => t === handEdited,
          { describe: (t) => `…${JSON.stringify(t.slice(-80))}` },
        );
      });

      await step('intent: maxReplicas 10 → 12, save', async () => {
        const text = fs.readFileSync(intentFile, 'utf8');
        const line = lineOf(text, /^\s+maxReplicas: 10\b/);
        const column = text.split('\n')[line - 1].indexOf('10') + 1;
        await quickOpen(page, INTENT);
        await goTo(page, line, column);
        await page.keyboard.press('Shift+End');
        await page.keyboard.type('12');
        await save(page);
        assert.equal(
          fs.readFileSync(intentFile, 'utf8'),
          text.replace(/^(\s+maxReplicas: )10\b/m, '$112'),
          'the intent on disk after the edit',
        );
      });

      const beforeMerge = readTree(chartDir);
      const merged = await step(`run "${GENERATE}" again; the preview lists values.yaml`, async () => {
        await runCommand(page, GENERATE);
        return waitForRefactorPreview(page);
      });
      const changedFiles = merged.filter((e) => e.level === 1).map((e) => entryPath(e.label));
      note(
        `preview (regenerate): ${merged
          .filter((e) => e.level === 1)
          .map((e) => e.label)
          .join(', ')}`,
      );
      await shot('e-preview-merge');
      assert.ok(
        changedFiles.includes('values.yaml'),
        `the regeneration preview does not list values.yaml; it lists ${changedFiles.join(', ')}`,
      );
      assert.ok(
        !changedFiles.some((f) => f === undefined),
        `an entry outside ${CHART}: ${merged.map((e) => e.label).join(', ')}`,
      );

      await step('tick every file and Apply', async () => {
        await checkAllEntries(page);
        await applyRefactorPreview(page);
      });
      const expectedValues = handEdited.replace(/^( {2}maxReplicas: )10$/m, '$112');
      const afterMerge = await step('values.yaml on disk: the hand edit AND maxReplicas 12', () =>
        waitForDisk(
          'values.yaml with maxReplicas: 12',
          () => readTree(chartDir),
          (t) => /^ {2}maxReplicas: 12$/m.test(t.get('values.yaml') ?? ''),
          { describe: (t) => `…${JSON.stringify((t.get('values.yaml') ?? '').slice(-120))}` },
        ),
      );
      const values = /** @type {string} */ (afterMerge.get('values.yaml'));
      assert.ok(values.includes(HAND_EDIT), `the hand edit "${HAND_EDIT}" was lost in the merge`);
      assert.equal(
        values,
        expectedValues,
        'values.yaml after the merge = the hand-edited file with only maxReplicas 10 → 12',
      );
      for (const [file, text] of beforeMerge) {
        if (isRecord(file)) continue;
        if (changedFiles.includes(file))
          assert.notEqual(afterMerge.get(file), text, `${file} was in the preview but did not change on disk`);
        else assert.equal(afterMerge.get(file), text, `${file} was not in the preview but changed on disk`);
      }
      await step('a notification says the chart was written', () =>
        waitForNotification(page, /Chart my-service: wrote \d+ file/),
      );
      await shot('e-merged');
      await step('clear notifications', () => clearNotifications(page));
    },
  );
}
