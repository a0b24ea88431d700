/**
 * The values key that feeds a template line: `.Values.x` written on the line, `toYaml .Values.x`
 * (or an `include` that does it) on the template-only lines right under a key, or `.` inside an
 * enclosing `with .Values.x` / `range .Values.x`. The rest of the object path is appended, so
 * `resources: {{ toYaml .Values.alertmanager.resources }}` + `limits.memory` names
 * `alertmanager.resources.limits.memory`. No link (rather than a parent key) when none is found.
 */
const indentOf = (line: string) => line.length - line.trimStart().length;
const VALUES_REF = /(?:\$[A-Za-z0-9_]*)?\.Values((?:\.[A-Za-z0-9_]+)+)/g;
const OPEN = /\{\{-?\s*(if|range|with|define|block)\b([^}]*)\}\}/g;
const END = /\{\{-?\s*end\s*-?\}\}/g;

export type DefineLookup = (name: string) => string[] | undefined;

function refsIn(text: string): string[][] {
  return [...text.matchAll(VALUES_REF)].map((m) => m[1].slice(1).split('.'));
}

function commonPrefix(refs: string[][]): string[] | undefined {
  if (!refs.length) return undefined;
  const prefix: string[] = [];
  for (let k = 0; refs.every((r) => r[k] !== undefined && r[k] === refs[0][k]); k++) prefix.push(refs[0][k]);
  return prefix.length ? prefix : undefined;
}

/** Values paths of the `with`/`range` blocks that enclose `line` (innermost last; undefined for other blocks). */
function enclosingScopes(lines: string[], line: number): Array<string[] | undefined> {
  const stack: Array<string[] | undefined> = [];
  for (let l = 0; l < line; l++) {
    const events: Array<{ at: number; open?: string[] | undefined; close?: true }> = [];
    for (const m of lines[l].matchAll(OPEN)) {
      const ref =
        m[1] === 'with' || m[1] === 'range'
          ? /^\s*(?:\$[A-Za-z0-9_]*\s*(?:,\s*\$[A-Za-z0-9_]*\s*)?:=\s*)?(?:\$[A-Za-z0-9_]*)?\.Values((?:\.[A-Za-z0-9_]+)+)\s*-?$/.exec(
              m[2],
            )
          : null;
      events.push({ at: m.index ?? 0, open: ref ? ref[1].slice(1).split('.') : undefined });
    }
    for (const m of lines[l].matchAll(END)) events.push({ at: m.index ?? 0, close: true });
    for (const e of events.sort((a, b) => a.at - b.at)) {
      if (e.close) stack.pop();
      else stack.push(e.open);
    }
  }
  return stack;
}

function dotScope(lines: string[], line: number): string[] | undefined {
  const scopes = enclosingScopes(lines, line);
  return scopes[scopes.length - 1];
}

/** Values an expression text reads: direct refs, `.` in a values scope, or the refs of an included define. */
function valuesOfExpression(
  text: string,
  lines: string[],
  line: number,
  defines: DefineLookup,
  key?: string,
): string[] | undefined {
  const refs = refsIn(text.replace(/\{\{-?\s*(?:if|else if|with|range)\b[^}]*\}\}/g, ''));
  const direct = commonPrefix(refs);
  if (direct) return direct;
  // Several unrelated refs (bitnami: `include "common.images.image" (dict "imageRoot" .Values.image "global" .Values.global)`):
  // the one named like the key.
  const named = key ? refs.filter((r) => r[r.length - 1] === key) : [];
  if (named.length === 1) return named[0];
  if (/\{\{-?[^}]*(?:toYaml|toJson|tpl)\s+\.\s*[|)}-]|\{\{-?\s*\.\s*[|}-]/.test(text)) {
    const scope = dotScope(lines, line);
    if (scope) return scope;
  }
  const include = /\binclude\s+"([^"]+)"/.exec(text)?.[1];
  const body = include ? defines(include) : undefined;
  return body ? commonPrefix(refsIn(body.join('\n'))) : undefined;
}

/** The values key behind template line `line` (a key line) plus `rest` of the object path, if any. */
export function valuesFeeding(
  lines: string[],
  line: number,
  rest: Array<string | number>,
  defines: DefineLookup,
): string[] | undefined {
  const text = lines[line] ?? '';
  const trimmed = text.trimStart();
  const colon = trimmed.startsWith('- ') && !/^-\s+[^:]+:(\s|$)/.test(trimmed) ? 1 : text.indexOf(':');
  const tail = rest.map(String);
  const key = /^(?:-\s+)?["']?([A-Za-z0-9_.-]+)["']?:/.exec(trimmed)?.[1];
  const inline = colon >= 0 ? valuesOfExpression(text.slice(colon + 1), lines, line, defines, key) : undefined;
  if (inline) return [...inline, ...tail];
  const keyIndent = indentOf(text) + (trimmed.startsWith('- ') ? 2 : 0);
  for (let l = line + 1; l < lines.length; l++) {
    const t = lines[l].trim();
    if (!t || t.startsWith('#')) continue;
    // Only the template lines right under the key produce its content; a literal line ends that (a
    // `toYaml` further down belongs to another key) — except literal items of the same list, which a
    // list item not written literally (`env:` items, then `toYaml .Values.extraEnv`) comes after.
    if (!t.startsWith('{{')) {
      if (typeof rest[0] === 'number' && indentOf(lines[l]) > keyIndent) continue;
      break;
    }
    if (/^\{\{-?\s*(?:end|else)\b/.test(t)) break;
    if (/^\{\{-?\s*(?:if|with|range)\b/.test(t) && !/\{\{-?\s*with\s/.test(t)) continue;
    const values = valuesOfExpression(t, lines, l + 1, defines);
    if (values) return [...values, ...tail];
  }
  return undefined;
}
