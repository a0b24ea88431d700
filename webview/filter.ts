/**
 * The search box: space-separated terms, all of which must match (case-insensitive).
 *   kind:Deploy        kind contains "deploy"
 *   name:web           name contains "web"
 *   label:tier=prod    a label whose key contains "tier" and value contains "prod" (label:tier → key only)
 *   app=web            shorthand for label:app=web
 *   web                kind, name, namespace or any label key/value contains "web"
 * Pure, for unit tests.
 */

export interface Filterable {
  kind: string;
  name: string;
  namespace?: string;
  labels: Record<string, string>;
}

type Term = { field: 'kind' | 'name' | 'any'; text: string } | { field: 'label'; key: string; value?: string };

export function parseQuery(query: string): Term[] {
  const terms: Term[] = [];
  for (const raw of query.trim().toLowerCase().split(/\s+/)) {
    if (!raw) continue;
    const m = /^(kind|name|label):(.*)$/.exec(raw);
    if (m && m[1] !== 'label') {
      if (m[2]) terms.push({ field: m[1] as 'kind' | 'name', text: m[2] });
      continue;
    }
    const labelText = m ? m[2] : raw.includes('=') ? raw : undefined;
    if (labelText !== undefined) {
      if (!labelText) continue;
      const eq = labelText.indexOf('=');
      terms.push(
        eq < 0
          ? { field: 'label', key: labelText }
          : { field: 'label', key: labelText.slice(0, eq), value: labelText.slice(eq + 1) },
      );
      continue;
    }
    terms.push({ field: 'any', text: raw });
  }
  return terms;
}

export function matches(item: Filterable, terms: Term[]): boolean {
  if (terms.length === 0) return true;
  const labels = Object.entries(item.labels).map(([k, v]) => [k.toLowerCase(), v.toLowerCase()] as const);
  return terms.every((t) => {
    switch (t.field) {
      case 'kind':
        return item.kind.toLowerCase().includes(t.text);
      case 'name':
        return item.name.toLowerCase().includes(t.text);
      case 'label':
        return labels.some(([k, v]) => k.includes(t.key) && (t.value === undefined || v.includes(t.value)));
      case 'any':
        return (
          item.kind.toLowerCase().includes(t.text) ||
          item.name.toLowerCase().includes(t.text) ||
          (item.namespace ?? '').toLowerCase().includes(t.text) ||
          labels.some(([k, v]) => k.includes(t.text) || v.includes(t.text))
        );
    }
  });
}

export function filterItems<T extends Filterable>(items: T[], query: string): T[] {
  const terms = parseQuery(query);
  return terms.length ? items.filter((i) => matches(i, terms)) : items;
}
