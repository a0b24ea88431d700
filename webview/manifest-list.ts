/**
 * The rendered objects of one environment, grouped by kind, patched in place: a refresh or an
 * environment switch rebuilds only the cards whose YAML or findings changed, moves the rest, and
 * keeps the object at the top of the viewport where it was (so scroll and selection survive).
 */
import type { RenderedObject } from '../server/protocol/webview-protocol';
import { h } from './dom';
import { compareKinds } from './kinds';
import { buildCard, buildYaml } from './object-card';

interface CardEntry {
  el: HTMLElement;
  yaml: string;
  findingsKey: string;
}

interface GroupEntry {
  section: HTMLElement;
  count: HTMLElement;
  list: HTMLElement;
}

export interface ListContext {
  chartDir: string;
  env: string;
  expanded: ReadonlySet<string>;
  selected?: string;
}

export class ManifestList {
  readonly root = h('div', { class: 'manifest-list' });
  private cards = new Map<string, CardEntry>();
  private groups = new Map<string, GroupEntry>();
  private objects = new Map<string, RenderedObject>();

  object(id: string): RenderedObject | undefined {
    return this.objects.get(id);
  }

  /** Shows `objects` (already filtered); reuses every card whose content did not change. */
  update(objects: RenderedObject[], ctx: ListContext): void {
    this.objects = new Map(objects.map((o) => [o.id, o]));
    const byKind = new Map<string, RenderedObject[]>();
    for (const o of objects) {
      const list = byKind.get(o.kind);
      if (list) list.push(o);
      else byKind.set(o.kind, [o]);
    }
    const kinds = [...byKind.keys()].sort(compareKinds);
    const keepCards = new Set<string>();
    const sections: HTMLElement[] = [];
    for (const kind of kinds) {
      const group = this.group(kind);
      const items = byKind
        .get(kind)!
        .sort((a, b) => a.name.localeCompare(b.name) || (a.namespace ?? '').localeCompare(b.namespace ?? ''));
      group.count.textContent = String(items.length);
      const els = items.map((o) => {
        keepCards.add(o.id);
        return this.card(o, ctx);
      });
      reorder(group.list, els);
      sections.push(group.section);
    }
    for (const [id, entry] of this.cards) {
      if (!keepCards.has(id)) {
        entry.el.remove();
        this.cards.delete(id);
      }
    }
    for (const [kind, group] of this.groups) {
      if (!byKind.has(kind)) {
        group.section.remove();
        this.groups.delete(kind);
      }
    }
    reorder(this.root, sections);
  }

  /** Folds or unfolds one card without rebuilding it. */
  setExpanded(id: string, expanded: boolean): void {
    const entry = this.cards.get(id);
    const o = this.objects.get(id);
    if (!entry || !o) return;
    entry.el.classList.toggle('expanded', expanded);
    entry.el.querySelector('.obj-head')?.setAttribute('aria-expanded', String(expanded));
    const pre = entry.el.querySelector(':scope > pre.yaml');
    if (expanded && !pre) entry.el.appendChild(buildYaml(o.yaml));
    if (!expanded && pre) pre.remove();
  }

  setSelected(id: string | undefined): void {
    this.root.querySelectorAll('.obj.selected').forEach((el) => el.classList.remove('selected'));
    if (id) this.cards.get(id)?.el.classList.add('selected');
  }

  cardElement(id: string): HTMLElement | undefined {
    return this.cards.get(id)?.el;
  }

  private card(o: RenderedObject, ctx: ListContext): HTMLElement {
    const findingsKey = o.findings.length ? JSON.stringify(o.findings) + ctx.env : '';
    const entry = this.cards.get(o.id);
    const expanded = ctx.expanded.has(o.id);
    if (entry && entry.yaml === o.yaml && entry.findingsKey === findingsKey) {
      if (entry.el.classList.contains('expanded') !== expanded) this.setExpanded(o.id, expanded);
      entry.el.classList.toggle('selected', ctx.selected === o.id);
      return entry.el;
    }
    const el = buildCard(o, { chartDir: ctx.chartDir, env: ctx.env, expanded, selected: ctx.selected === o.id });
    if (entry) entry.el.replaceWith(el);
    this.cards.set(o.id, { el, yaml: o.yaml, findingsKey });
    return el;
  }

  private group(kind: string): GroupEntry {
    let g = this.groups.get(kind);
    if (!g) {
      const count = h('span', { class: 'group-count' });
      const list = h('div', { class: 'group-list' });
      const section = h(
        'section',
        { class: 'group', data: { kind } },
        h('h2', { class: 'group-title' }, h('span', null, kind), count),
        list,
      );
      g = { section, count, list };
      this.groups.set(kind, g);
    }
    return g;
  }
}

/** Makes `parent`'s children exactly `wanted`, in order, moving only what is out of place. */
function reorder(parent: HTMLElement, wanted: HTMLElement[]): void {
  let cursor = parent.firstElementChild;
  for (const el of wanted) {
    if (cursor === el) {
      cursor = cursor.nextElementSibling;
      continue;
    }
    parent.insertBefore(el, cursor);
  }
  while (cursor) {
    const next = cursor.nextElementSibling;
    cursor.remove();
    cursor = next;
  }
}
