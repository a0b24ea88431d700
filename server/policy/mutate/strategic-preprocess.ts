/**
 * Kyverno's preprocessing of a `patchStrategicMerge` overlay against the resource
 * (pkg/engine/mutate/patch/strategicPreprocessing.go), before the merge itself:
 * - `+(key)`: kept (as `key`) only when the resource lacks the key;
 * - `(key)` conditions and `<(key)` global conditions: checked with the validate pattern matcher;
 *   a failed condition on a map skips the whole patch, on a list element skips that element;
 * - list elements carrying anchors are turned into one plain element per matching resource
 *   element, tied to it by `name`; then every anchor is removed from the overlay.
 * The overlay is a private copy and is edited in place.
 */
import { parseAnchor } from '../anchor/anchor';
import { isMap } from '../pattern/pattern';
import { matchPattern } from '../validate/validate';

export type Json = unknown;
type Obj = Record<string, Json>;

export class ConditionError extends Error {}
export class GlobalConditionError extends Error {}

const anchorOf = (key: string) => parseAnchor(key);
/** Kyverno's ContainsCondition: condition or global condition anchors. */
function containsCondition(key: string): boolean {
  const a = anchorOf(key);
  return !!a && (a.type === 'condition' || a.type === 'global');
}
const isAddIfNotPresent = (key: string) => anchorOf(key)?.type === 'addIfNotPresent';
const isGlobal = (key: string) => anchorOf(key)?.type === 'global';
const isCondition = (key: string) => anchorOf(key)?.type === 'condition';
const hasAnchorKey = (key: string) => containsCondition(key) || isAddIfNotPresent(key);

function renameKey(obj: Obj, from: string, to: string): void {
  const entries = Object.entries(obj).map(([k, v]) => [k === from ? to : k, v] as const);
  for (const k of Object.keys(obj)) delete obj[k];
  for (const [k, v] of entries) obj[k] = v;
}

const hasField = (resource: Json, key: string) =>
  isMap(resource) && Object.prototype.hasOwnProperty.call(resource, key);

export function preprocess(pattern: Obj, resource: Json): void {
  preProcessRecursive(pattern, resource);
  deleteConditionElements(pattern);
}

function preProcessRecursive(pattern: Json, resource: Json): void {
  if (isMap(pattern)) walkMap(pattern as Obj, resource);
  else if (Array.isArray(pattern)) walkList(pattern, resource);
}

function walkMap(pattern: Obj, resource: Json): void {
  handleAddIfNotPresent(pattern, resource);
  validateConditions(pattern, resource);
  for (const key of Object.keys(pattern).filter((k) => !hasAnchorKey(k))) {
    preProcessRecursive(pattern[key], hasField(resource, key) ? (resource as Obj)[key] : undefined);
  }
}

function walkList(pattern: Json[], resource: Json): void {
  if (pattern.length === 0 || !isMap(pattern[0])) return;
  if (resource !== undefined && resource !== null && !Array.isArray(resource))
    throw new Error('wrong node kind: expected sequence');
  const resourceElements = Array.isArray(resource) ? resource : [];
  for (const element of [...pattern]) {
    if (!hasAnchors(element, hasAnchorKey)) continue;
    const global = hasAnchors(element, isGlobal);
    let anyGlobalPassed = false;
    let lastGlobalError: Error | undefined;
    // Kyverno reuses one copy of the element for every resource element.
    const copy = structuredClone(element);
    for (const resourceElement of resourceElements) {
      try {
        preProcessRecursive(copy, resourceElement);
      } catch (e) {
        if (e instanceof ConditionError) continue;
        if (e instanceof GlobalConditionError) {
          lastGlobalError = e;
          continue;
        }
        throw e;
      }
      if (global) anyGlobalPassed = true;
      else addNamedElement(pattern, copy, resourceElement);
    }
    if (resource === undefined || resource === null) {
      try {
        preProcessRecursive(copy, undefined);
        if (global) anyGlobalPassed = true;
      } catch (e) {
        if (!(e instanceof ConditionError)) throw e;
      }
    }
    if (!anyGlobalPassed && lastGlobalError) throw lastGlobalError;
  }
}

/** A plain copy of the element for one matching resource element, tied to it by `name`. */
function addNamedElement(pattern: Json[], element: Json, resourceElement: Json): void {
  const name = isMap(resourceElement) ? (resourceElement as Obj).name : undefined;
  if (name === undefined || name === null || name === '') return;
  const node = structuredClone(element);
  if (deleteAnchors(node, true)) return;
  (node as Obj).name = name;
  pattern.push(node);
}

function validateConditions(pattern: Obj, resource: Json): void {
  try {
    validateConditionsOf(pattern, resource, isGlobal);
  } catch (e) {
    throw new GlobalConditionError(`global condition failed: ${(e as Error).message}`);
  }
  try {
    validateConditionsOf(pattern, resource, isCondition);
  } catch (e) {
    throw new ConditionError(`condition failed: ${(e as Error).message}`);
  }
}

function validateConditionsOf(pattern: Obj, resource: Json, filter: (k: string) => boolean): void {
  for (const key of Object.keys(pattern).filter(filter)) {
    const plain = anchorOf(key)!.key;
    if (!hasField(resource, plain)) throw new Error(`could not found "${plain}" key in the resource`);
    const patternValue = pattern[key];
    const resourceValue = (resource as Obj)[plain];
    if (isMap(patternValue) && handleAddIfNotPresent(patternValue as Obj, resourceValue) > 0) continue;
    const r = matchPattern(scalarText(resourceValue), scalarText(patternValue));
    if (r.status !== 'pass') throw new Error(r.message || 'condition not met');
  }
}

/** Kyverno compares conditions on YAML nodes: scalars as their text. */
function scalarText(v: Json): Json {
  if (v === null) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return v;
}

function handleAddIfNotPresent(pattern: Obj, resource: Json): number {
  const anchors = Object.keys(pattern).filter(isAddIfNotPresent);
  for (const a of anchors) {
    const key = anchorOf(a)!.key;
    if (hasField(resource, key)) delete pattern[a];
    else renameKey(pattern, a, key);
  }
  return anchors.length;
}

function hasAnchors(node: Json, isAnchor: (k: string) => boolean): boolean {
  if (isMap(node)) {
    for (const [k, v] of Object.entries(node as Obj)) {
      if (isAnchor(k)) return true;
      if (v !== null && v !== undefined && hasAnchors(v, isAnchor)) return true;
    }
    return false;
  }
  if (Array.isArray(node)) return node.some((e) => hasAnchors(e, isAnchor));
  return typeof node === 'string' && containsCondition(node);
}

function deleteConditionElements(pattern: Obj): void {
  for (const field of Object.keys(pattern)) {
    if (deleteAnchors(pattern[field], containsCondition(field))) delete pattern[field];
  }
}

/** Removes anchors; true when nothing but anchors (or nothing at all) was left. */
function deleteAnchors(node: Json, deleteScalar: boolean): boolean {
  if (isMap(node)) return deleteAnchorsInMap(node as Obj);
  if (Array.isArray(node)) return deleteAnchorsInList(node);
  return deleteScalar;
}

function deleteAnchorsInMap(node: Obj): boolean {
  let anchorsExist = false;
  for (const key of Object.keys(node).filter(containsCondition)) {
    if (deleteAnchors(node[key], true)) delete node[key];
    else anchorsExist = true;
  }
  if (anchorsExist)
    for (const key of Object.keys(node).filter(containsCondition)) renameKey(node, key, anchorOf(key)!.key);
  let needToDelete = true;
  for (const key of Object.keys(node)) {
    if (deleteAnchors(node[key], false)) delete node[key];
    else needToDelete = false;
  }
  return needToDelete;
}

function deleteAnchorsInList(node: Json[]): boolean {
  const elements = [...node];
  const wasEmpty = elements.length === 0;
  // Kyverno deletes by the element's original index from the shrinking list; kept as it does.
  elements.forEach((element, i) => {
    const remove = hasAnchors(element, hasAnchorKey) ? true : deleteAnchors(element, false);
    if (remove && i < node.length) node.splice(i, 1);
  });
  return node.length === 0 && !wasEmpty;
}
