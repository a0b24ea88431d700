import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyHunks, lineHunks } from '../../server/generate/line-hunks';

const cases: Array<[string, string, string]> = [
  ['one changed line', 'a\nb\nc\n', 'a\nB\nc\n'],
  ['insertion at the end', 'a\nb\n', 'a\nb\nc\nd\n'],
  ['deletion in the middle', 'a\nb\nc\nd\n', 'a\nd\n'],
  ['no trailing newline', 'a\nb', 'a\nc'],
  ['two separate hunks', 'a\nb\nc\nd\ne\n', 'A\nb\nc\nd\nE\n'],
  ['from empty', '', 'x\ny\n'],
];

for (const [name, before, after] of cases) {
  test(`line hunks reproduce the new text: ${name}`, () => {
    assert.equal(applyHunks(before, lineHunks(before, after)), after);
  });
}

test('only the changed lines are edited', () => {
  const hunks = lineHunks('a\nb\nc\nd\ne\n', 'A\nb\nc\nd\nE\n');
  assert.deepEqual(hunks, [
    { startLine: 0, lineCount: 1, newText: 'A\n' },
    { startLine: 4, lineCount: 1, newText: 'E\n' },
  ]);
});
