/** One rendered object: a foldable card with its findings inline and its highlighted YAML. */
import type { RenderedObject, SourceLocation, WebviewFinding } from '../server/protocol/webview-protocol';
import { h, type Child } from './dom';
import { highlightYaml } from './yaml-highlight';

export interface CardContext {
  chartDir: string;
  env: string;
  expanded: boolean;
  selected: boolean;
}

const SEVERITY_ORDER: Record<WebviewFinding['severity'], number> = { error: 0, warning: 1, info: 2, hint: 3 };

export function sortedFindings(findings: WebviewFinding[]): Array<{ finding: WebviewFinding; index: number }> {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => SEVERITY_ORDER[a.finding.severity] - SEVERITY_ORDER[b.finding.severity]);
}

/** Chart-relative path of a location for labels (the full path stays in the tooltip). */
export function locationLabel(loc: SourceLocation, chartDir: string): string {
  const dir = chartDir.endsWith('/') ? chartDir : `${chartDir}/`;
  const rel = loc.file.startsWith(dir) ? loc.file.slice(dir.length) : (loc.file.split(/[\\/]/).pop() ?? loc.file);
  return `${rel}:${loc.line + 1}`;
}

export function buildCard(o: RenderedObject, ctx: CardContext): HTMLElement {
  const counts = countBySeverity(o.findings);
  const head = h(
    'div',
    {
      class: 'obj-head',
      data: { action: 'toggle' },
      attrs: { role: 'button', tabindex: '0', 'aria-expanded': String(ctx.expanded) },
    },
    h('span', { class: 'twisty', attrs: { 'aria-hidden': 'true' } }),
    h('span', { class: 'obj-name' }, o.name),
    o.namespace ? h('span', { class: 'obj-ns', title: 'namespace' }, o.namespace) : null,
    o.hook
      ? h('span', { class: 'badge hook', title: `helm.sh/hook: ${o.hook}` }, o.hook.includes('test') ? 'test' : 'hook')
      : null,
    h('span', { class: 'obj-api' }, o.apiVersion),
    h('span', { class: 'spacer' }),
    ...(['error', 'warning', 'info', 'hint'] as const).map((s) =>
      counts[s]
        ? h(
            'span',
            { class: `count sev-${s}`, title: `${counts[s]} ${s}${counts[s] > 1 ? 's' : ''}` },
            h('span', { class: 'sev-dot' }),
            String(counts[s]),
          )
        : null,
    ),
    o.source
      ? h(
          'button',
          {
            class: 'link source-link',
            title: `Open ${o.source.file} at line ${o.source.line + 1}`,
            data: { action: 'open-object' },
            attrs: { type: 'button' },
          },
          locationLabel(o.source, ctx.chartDir),
        )
      : null,
  );
  const card = h(
    'article',
    { class: `obj${ctx.selected ? ' selected' : ''}${ctx.expanded ? ' expanded' : ''}`, data: { id: o.id } },
    head,
  );
  if (o.findings.length) card.appendChild(buildFindings(o.findings, ctx.env));
  if (ctx.expanded) card.appendChild(buildYaml(o.yaml));
  return card;
}

function countBySeverity(findings: WebviewFinding[]): Record<WebviewFinding['severity'], number> {
  const c = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}

export function buildFindings(findings: WebviewFinding[], env: string): HTMLElement {
  return h(
    'ul',
    { class: 'findings' },
    ...sortedFindings(findings).map(({ finding, index }) => buildFinding(finding, index, env)),
  );
}

export function buildFinding(f: WebviewFinding, index: number, env: string): HTMLElement {
  const others = f.environments.filter((e) => e !== env);
  const where = f.locations[0];
  const children: Child[] = [
    h('span', { class: 'sev-dot' }),
    h('span', { class: 'sev-label' }, f.severity),
    h('code', { class: 'rule' }, f.ruleId),
    f.policy ? h('span', { class: 'policy', title: 'policy' }, f.policy) : null,
    h('span', { class: 'msg' }, f.message),
    f.namespaces?.length
      ? h('span', { class: 'meta', title: 'evaluated in namespace' }, `ns ${f.namespaces.join(', ')}`)
      : null,
    others.length
      ? h('span', { class: 'meta', title: 'the same finding in other environments' }, `also ${others.join(', ')}`)
      : null,
  ];
  if (f.remediation) children.push(h('div', { class: 'remediation' }, f.remediation));
  return h(
    'li',
    {
      class: `finding sev-${f.severity}`,
      title: where
        ? `Open ${where.file}:${where.line + 1}${f.objectPath ? ` (${f.objectPath})` : ''}`
        : (f.objectPath ?? ''),
      data: { action: 'open-finding', index: String(index) },
      attrs: { tabindex: '0', role: 'button' },
    },
    ...children,
  );
}

export function buildYaml(yaml: string): HTMLElement {
  const code = h('code');
  for (const line of highlightYaml(yaml)) {
    const row = h('span', { class: 'line' });
    for (const t of line)
      row.appendChild(
        t.cls === 'text' ? document.createTextNode(t.text) : h('span', { class: `tok-${t.cls}` }, t.text),
      );
    row.appendChild(document.createTextNode('\n'));
    code.appendChild(row);
  }
  return h('pre', { class: 'yaml' }, code);
}
