import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeGenerated } from '../../server/generate/three-way-merge';

const base = 'replicaCount: 2\nimage:\n  tag: v1\nresources:\n  limits: {cpu: 500m}\n';

test('user edit and new generation in different places merge cleanly, keeping both', () => {
  const ours = base.replace('replicaCount: 2\n', 'replicaCount: 2\n# pinned by SRE\n');
  const theirs = base.replace('tag: v1', 'tag: v2');
  const r = mergeGenerated(base, ours, theirs);
  assert.deepEqual(r, {
    clean: true,
    content: 'replicaCount: 2\n# pinned by SRE\nimage:\n  tag: v2\nresources:\n  limits: {cpu: 500m}\n',
  });
});

test('the same line changed on both sides is a conflict; markers show both', () => {
  const r = mergeGenerated(base, base.replace('cpu: 500m', 'cpu: 750m'), base.replace('cpu: 500m', 'cpu: 1000m'));
  assert.equal(r.clean, false);
  if (!r.clean) {
    assert.equal(r.conflicts, 1);
    assert.match(
      r.marked,
      /<<<<<<< your edit\n  limits: \{cpu: 750m\}\n\|\|\|\|\|\|\| last generated\n  limits: \{cpu: 500m\}\n=======\n  limits: \{cpu: 1000m\}\n>>>>>>> generated now/,
    );
  }
});

test('unchanged sides resolve without a merge', () => {
  assert.deepEqual(mergeGenerated(base, base, 'x\n'), { clean: true, content: 'x\n' });
  assert.deepEqual(mergeGenerated(base, 'mine\n', base), { clean: true, content: 'mine\n' });
  assert.deepEqual(mergeGenerated(base, 'same\n', 'same\n'), { clean: true, content: 'same\n' });
});

test('identical edits on both sides are not a conflict', () => {
  const both = base.replace('tag: v1', 'tag: v3');
  assert.deepEqual(mergeGenerated(base, both + '# note\n', both), { clean: true, content: both + '# note\n' });
});
