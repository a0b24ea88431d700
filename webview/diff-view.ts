/** The environment diff: per object, the fields one environment adds, removes or changes. */
import { h, type Child } from './dom';
import { formatValue, type EnvironmentDiff, type FieldChange, type ObjectDiff } from './env-diff';
import { compareKinds } from './kinds';

const STATUS_LABEL: Record<ObjectDiff['status'], string> = { added: 'only in', removed: 'only in', changed: 'changed' };

export function buildDiff(diff: EnvironmentDiff, scrollRoot: HTMLElement | null = null): HTMLElement {
  const counts = { changed: 0, added: 0, removed: 0 };
  for (const o of diff.objects) counts[o.status]++;
  const summary = h(
    'p',
    { class: 'diff-summary' },
    h('span', { class: `diff-pill changed${counts.changed ? '' : ' zero'}` }, `${counts.changed} changed`),
    h('span', { class: `diff-pill added${counts.added ? '' : ' zero'}` }, `${counts.added} only in ${diff.to}`),
    h('span', { class: `diff-pill removed${counts.removed ? '' : ' zero'}` }, `${counts.removed} only in ${diff.from}`),
    h('span', { class: 'diff-pill' }, `${diff.unchanged} identical`),
  );
  if (diff.objects.length === 0)
    return h(
      'div',
      { class: 'diff' },
      summary,
      h('p', { class: 'empty' }, `${diff.from} and ${diff.to} render the same objects with the same fields.`),
    );
  const sorted = [...diff.objects].sort((a, b) => compareKinds(a.kind, b.kind) || a.name.localeCompare(b.name));
  const root = h('div', { class: 'diff' }, summary);
  appendChunks(root, sorted, (o) => buildObjectDiff(o, diff), scrollRoot);
  return root;
}

const CHUNK = 60;

/**
 * Builds the first objects now and the rest as the user scrolls near the end: a diff of a
 * thousand objects costs what the screen shows, not thousands of table rows up front.
 */
function appendChunks<T>(
  root: HTMLElement,
  items: T[],
  build: (item: T) => HTMLElement,
  scrollRoot: HTMLElement | null,
): void {
  let next = 0;
  const more = () => {
    const end = Math.min(items.length, next + CHUNK);
    for (; next < end; next++) root.appendChild(build(items[next]));
    if (next >= items.length) return;
    const sentinel = h('p', { class: 'empty more' }, `${items.length - next} more…`);
    root.appendChild(sentinel);
    if (typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        observer.disconnect();
        sentinel.remove();
        more();
      },
      { root: scrollRoot, rootMargin: '800px' },
    );
    observer.observe(sentinel);
  };
  more();
}

function buildObjectDiff(o: ObjectDiff, diff: EnvironmentDiff): HTMLElement {
  const where = o.status === 'added' ? diff.to : o.status === 'removed' ? diff.from : '';
  const head = h(
    'div',
    { class: 'diff-head' },
    h(
      'span',
      { class: `badge diff-${o.status}` },
      where ? `${STATUS_LABEL[o.status]} ${where}` : STATUS_LABEL[o.status],
    ),
    h('span', { class: 'diff-kind' }, o.kind),
    h('span', { class: 'obj-name' }, o.name),
    o.namespace ? h('span', { class: 'obj-ns' }, o.namespace) : null,
    o.changes.length
      ? h('span', { class: 'meta' }, `${o.changes.length} field${o.changes.length > 1 ? 's' : ''}`)
      : null,
  );
  const card = h('article', { class: `diff-obj diff-${o.status}`, data: { id: o.id } }, head);
  if (o.changes.length) {
    const table = h(
      'table',
      { class: 'changes' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', null, 'field'),
          h('th', null, diff.from),
          h('th', { class: 'arrow' }),
          h('th', null, diff.to),
        ),
      ),
      h('tbody', null, ...o.changes.map(changeRow)),
    );
    card.appendChild(table);
  }
  return card;
}

function changeRow(c: FieldChange): HTMLElement {
  const value = (v: FieldChange['before'], cls: string): Child =>
    v === undefined
      ? h('span', { class: 'absent' }, '—')
      : h('code', { class: cls, title: formatValue(v, 100_000) }, formatValue(v));
  return h(
    'tr',
    { class: `change-${c.type}` },
    h('td', { class: 'path' }, h('code', null, c.path)),
    h('td', { class: 'before' }, value(c.before, 'val-before')),
    h('td', { class: 'arrow' }, '→'),
    h('td', { class: 'after' }, value(c.after, 'val-after')),
  );
}
