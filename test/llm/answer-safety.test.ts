// Reading the model's answer and deciding which files may become part of the chart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkAnswerFiles,
  chartSizeProblem,
  stripChartFolderPrefix,
  unsafeContentReason,
  unsafePathReason,
} from '../../server/llm/chart-file-policy';
import { parseAnswer } from '../../server/llm/parse-answer';

const json = JSON.stringify({ files: [{ path: 'templates/a.yaml', content: 'a: "}{"\n' }] });

test('parseAnswer: plain JSON, fenced JSON, preamble and trailing prose, bare array', () => {
  for (const text of [
    json,
    '```json\n' + json + '\n```',
    '```\n' + json + '\n```',
    'Here you go:\n' + json + '\nHope this helps {really}.',
    'Sure.\n```json\n' + json + '\n```\nDone.',
    '[{"path": "templates/a.yaml", "content": "a: \\"}{\\"\\n"}]',
  ]) {
    const parsed = parseAnswer(text);
    assert.ok(parsed.ok, text);
    if (parsed.ok) assert.deepEqual(parsed.files, [{ path: 'templates/a.yaml', content: 'a: "}{"\n' }]);
  }
});

test('parseAnswer: cut-off JSON is truncated (with the length), never a partial chart', () => {
  for (const cut of [json.length - 1, 40, 12]) {
    const parsed = parseAnswer(json.slice(0, cut), 'length');
    assert.equal(parsed.ok, false);
    if (!parsed.ok) {
      assert.equal(parsed.truncated, true);
      assert.match(
        parsed.message,
        new RegExp(`cut off inside the JSON after ${cut} characters \\(the model hit its output limit\\)`),
      );
    }
  }
  const unclosedFence = parseAnswer('```json\n' + json.slice(0, 30));
  assert.ok(!unclosedFence.ok && unclosedFence.truncated);
});

test('parseAnswer: no JSON, invalid JSON, wrong shapes', () => {
  const none = parseAnswer('I would rather describe the chart in words.');
  assert.ok(!none.ok && /holds no JSON object with "files" \(it starts with: "I would rather/.test(none.message));
  const invalid = parseAnswer('{"files": [{"path": "a", "content": "x",}]}');
  assert.ok(!invalid.ok && /not valid JSON/.test(invalid.message) && !invalid.truncated);
  const shapes = parseAnswer(
    '{"files": [{"path": "Chart.yaml"}, {"path": 3, "content": "x"}, {"path": "README.md", "content": "hi"}]}',
  );
  assert.ok(shapes.ok);
  if (shapes.ok) {
    assert.deepEqual(shapes.files, [{ path: 'README.md', content: 'hi' }]);
    assert.deepEqual(
      shapes.problems.map((p) => p.message),
      [
        'files[0] is not {"path": string, "content": string}; it was ignored.',
        'files[1] is not {"path": string, "content": string}; it was ignored.',
      ],
    );
  }
  const empty = parseAnswer('');
  assert.ok(!empty.ok && /an empty answer/.test(empty.message));
});

test('unsafePathReason: chart files pass, everything that could leave the folder or is not chart content is refused', () => {
  for (const ok of [
    'Chart.yaml',
    'values.yaml',
    'values-prod.yaml',
    'values.schema.json',
    'README.md',
    '.helmignore',
    'templates/deployment.yaml',
    'templates/tests/test-connection.yaml',
    'templates/_helpers.tpl',
    'templates/NOTES.txt',
    'charts/sub/Chart.yaml',
  ]) {
    assert.equal(unsafePathReason(ok), undefined, ok);
  }
  const refused: Array<[string, RegExp]> = [
    ['../../x', /'\.\.' would leave the chart folder/],
    ['templates/../../x', /'\.\.' would leave/],
    ['/etc/x', /absolute paths/],
    ['C:/x/Chart.yaml', /absolute paths/],
    ['templates\\x.yaml', /backslashes/],
    ['templates/a\0.yaml', /NUL/],
    ['templates/a\n.yaml', /control characters/],
    ['~/x', /home-relative/],
    ['templates//x.yaml', /empty or "\." path segments/],
    ['./Chart.yaml', /empty or "\." path segments/],
    ['templates/x.yaml:stream', /':' is not allowed/],
    ['templates/x.yaml.', /ending in "\." or a space/],
    ['.git/hooks/pre-commit', /'\.git' is reserved/],
    ['.helm-intent/generated.json', /'\.helm-intent' is reserved/],
    ['templates/link.lnk', /link files/],
    ['templates/CON', /device names/],
    ['Chart.lock', /not a chart file/],
    ['src/main.go', /not a chart file/],
    ['values.yml', /not a chart file/],
    ['', /empty/],
    ['templates/' + 'a'.repeat(300), /longer than 200/],
  ];
  for (const [p, why] of refused) assert.match(unsafePathReason(p) ?? '(accepted)', why, JSON.stringify(p));
  assert.match(unsafePathReason(42) ?? '', /empty/);
});

test('unsafeContentReason: size limit per file and binary content', () => {
  assert.equal(unsafeContentReason('a: 1\n\tb: "ü €"\r\n'), undefined);
  assert.equal(unsafeContentReason('x'.repeat(256 * 1024)), undefined);
  assert.match(unsafeContentReason('x'.repeat(256 * 1024 + 1)) ?? '', /the file is 257 KB; the limit is 256 KB/);
  assert.match(unsafeContentReason('é'.repeat(140 * 1024)) ?? '', /limit is 256 KB/, 'bytes, not characters');
  assert.match(unsafeContentReason('PK\u0003\u0004') ?? '', /binary/);
  assert.match(unsafeContentReason('bad \uFFFD decode') ?? '', /binary/);
  assert.match(unsafeContentReason(undefined) ?? '', /not text/);
});

test('checkAnswerFiles: refused files become problems, duplicates a note, the key never passes', () => {
  const key = 'sk-abcdefgh12345678';
  const checked = checkAnswerFiles(
    [
      { path: 'README.md', content: 'one' },
      { path: '../x', content: 'x' },
      { path: 'README.md', content: 'two' },
      { path: 'templates/s.yaml', content: `token: ${key}` },
      { path: `templates/${key}.yaml`, content: 'x' },
    ],
    key,
  );
  assert.deepEqual(checked.accepted, [{ path: 'README.md', content: 'two' }]);
  assert.deepEqual(checked.notes, ['The model returned README.md twice; the last copy is used.']);
  assert.deepEqual(
    checked.rejected.map((p) => p.message),
    [
      "Refused file '../x': '..' would leave the chart folder.",
      "Refused file 'templates/s.yaml': it contains the API key.",
      "Refused file '(a path containing the API key)': it contains the API key.",
    ],
  );
});

test('chart size limit and the chart-folder prefix models like to add', () => {
  const big = Array.from({ length: 9 }, (_, i) => ({ path: `templates/f${i}.yaml`, content: 'x'.repeat(250 * 1024) }));
  assert.match(chartSizeProblem(big)?.message ?? '', /The chart is 2\.2 MB; the limit is 2\.0 MB\./);
  assert.equal(chartSizeProblem(big.slice(0, 8)), undefined);
  // The paths of empty files at `paths` after stripping a leading chart folder `svc/`.
  const stripped = (paths: string[]) =>
    stripChartFolderPrefix(
      paths.map((p) => ({ path: p, content: '' })),
      'svc',
    ).map((f) => f.path);
  assert.deepEqual(stripped(['svc/Chart.yaml', 'svc/templates/a.yaml']), ['Chart.yaml', 'templates/a.yaml']);
  // Only when every path has it: a chart may legitimately contain charts/svc/…
  assert.deepEqual(stripped(['svc/Chart.yaml', 'values.yaml']), ['svc/Chart.yaml', 'values.yaml']);
});
