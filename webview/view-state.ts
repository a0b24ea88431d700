/**
 * What the view remembers across being hidden and shown again (the panel does not retain its
 * context): tab, environments, filter, folds, selection and scroll, through VS Code's
 * setState/getState. Data is not stored: the host sends it again on `ready`.
 */
import type { WebviewMessage } from '../server/protocol/webview-protocol';

export type Tab = 'manifests' | 'diff' | 'status';

export interface ViewState {
  tab: Tab;
  env?: string;
  diffFrom?: string;
  diffTo?: string;
  query: string;
  onlyFindings: boolean;
  /** Ids of unfolded objects. */
  expanded: string[];
  selected?: string;
  scroll: Partial<Record<Tab, number>>;
}

export interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare global {
  function acquireVsCodeApi(): VsCodeApi;
}

const TABS: Tab[] = ['manifests', 'diff', 'status'];

/** The stored state, checked field by field (an older version of the view may have written it). */
export function restoreState(raw: unknown): ViewState {
  const s = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const scroll: ViewState['scroll'] = {};
  if (s.scroll && typeof s.scroll === 'object') {
    for (const t of TABS) {
      const v = (s.scroll as Record<string, unknown>)[t];
      if (typeof v === 'number' && Number.isFinite(v) && v >= 0) scroll[t] = v;
    }
  }
  return {
    tab: TABS.includes(s.tab as Tab) ? (s.tab as Tab) : 'manifests',
    env: str(s.env),
    diffFrom: str(s.diffFrom),
    diffTo: str(s.diffTo),
    query: str(s.query) ?? '',
    onlyFindings: s.onlyFindings === true,
    expanded: Array.isArray(s.expanded)
      ? s.expanded.filter((x): x is string => typeof x === 'string').slice(0, 5000)
      : [],
    selected: str(s.selected),
    scroll,
  };
}
