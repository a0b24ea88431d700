/**
 * Parameter resources (`paramKind` + `paramRef`) for CEL policies, looked up among the objects
 * being evaluated — the way `kyverno test` takes them from the test's resources. Not found means
 * the cluster would have to provide them: the caller reports a skip with the reason.
 */
import { selectorMatches } from '../match/label-selector';
import type { LabelSelector, Resource } from '../types';

export interface ParamKind {
  apiVersion?: string;
  kind?: string;
}

export interface ParamRef {
  name?: string;
  namespace?: string;
  selector?: LabelSelector;
}

export type ParamLookup = { params: Resource[] } | { missing: string };

export function findParams(
  kind: ParamKind | undefined,
  ref: ParamRef | undefined,
  objects: Resource[],
  namespace: string,
): ParamLookup {
  const what = `${kind?.kind ?? '?'} ${ref?.name ?? (ref?.selector ? 'matching the selector' : '?')}`;
  if (!kind?.kind || !ref)
    return { missing: `parameters ${what} are not given (paramRef needs a binding or rule reference)` };
  const ns = ref.namespace ?? namespace;
  const params = objects.filter(
    (o) =>
      o.kind === kind.kind &&
      (!kind.apiVersion || o.apiVersion === kind.apiVersion) &&
      (ref.name
        ? o.metadata?.name === ref.name
        : ref.selector
          ? selectorMatches(ref.selector, o.metadata?.labels)
          : false) &&
      (!o.metadata?.namespace || o.metadata.namespace === ns),
  );
  return params.length
    ? { params }
    : { missing: `parameter resource ${what} is not among the given objects; it would be read from the cluster` };
}
