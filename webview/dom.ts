/**
 * DOM building without HTML strings: text is always a Text node (or textContent), attributes are
 * set one by one and event-handler attributes are refused. Nothing from a chart or a cluster can
 * become markup or script.
 */

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  title?: string;
  /** data-* attributes (keys without the prefix). */
  data?: Record<string, string>;
  attrs?: Record<string, string | boolean | undefined>;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Props | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props) {
    if (props.class) el.className = props.class;
    if (props.title) el.title = props.title;
    if (props.data) for (const [k, v] of Object.entries(props.data)) el.dataset[k] = v;
    if (props.attrs) for (const [k, v] of Object.entries(props.attrs)) setAttr(el, k, v);
  }
  append(el, children);
  return el;
}

export function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

export function setAttr(el: Element, name: string, value: string | boolean | undefined): void {
  // Handlers and URLs never come from data: refuse them outright rather than trust callers.
  if (/^on/i.test(name) || /^(href|src|srcdoc|action|formaction|style)$/i.test(name))
    throw new Error(`refusing to set attribute ${name}`);
  if (value === undefined || value === false) el.removeAttribute(name);
  else el.setAttribute(name, value === true ? '' : value);
}

/** Replaces all children of `el`. */
export function replaceChildren(el: Element, ...children: Child[]): void {
  el.textContent = '';
  append(el, children);
}

export function button(label: string, action: string, props: Props = {}, disabledReason?: string): HTMLButtonElement {
  const b = h(
    'button',
    { ...props, data: { action, ...props.data }, attrs: { type: 'button', ...props.attrs } },
    label,
  );
  if (disabledReason) {
    b.disabled = true;
    b.title = disabledReason;
  }
  return b;
}

export function option(value: string, label: string, selected: boolean): HTMLOptionElement {
  const o = h('option', null, label);
  o.value = value;
  o.selected = selected;
  return o;
}
