/**
 * Go's `regexp` package as Kyverno uses it, on re2js (a pure-JS port of RE2): matching takes time
 * linear in the input, so a policy's `^(a+)+$` cannot block validation the way a backtracking JS
 * RegExp does. Syntax is RE2's (`(?i)`, `(?P<name>…)`, no look-around or backreferences).
 */
import { RE2JS } from 're2js';
import { checkEvaluationBudget } from './evaluation-budget';

const compiled = new Map<string, RE2JS>();

/** Compiles (cached); a bad pattern is `<where>: error parsing regexp: …` like Kyverno's. */
export function goRegexp(where: string, source: string): RE2JS {
  let re = compiled.get(source);
  if (!re) {
    try {
      re = RE2JS.compile(source);
    } catch (e) {
      throw new Error(`${where}: ${(e as Error).message}`);
    }
    if (compiled.size > 2000) compiled.clear();
    compiled.set(source, re);
  }
  return re;
}

/** Go's `regexp.MatchString`: is there a match anywhere in `s`. */
export function goMatch(where: string, source: string, s: string): boolean {
  checkEvaluationBudget();
  return goRegexp(where, source).test(s);
}

/** Go's `FindString`: the leftmost match, '' when none. */
export function goFind(where: string, source: string, s: string): string {
  checkEvaluationBudget();
  return goRegexp(where, source).exec(s)?.[0] ?? '';
}

/** Go's successive non-overlapping matches: an empty match right after a previous match is skipped. */
function goMatches(re: RE2JS, s: string): RegExpMatchArray[] {
  const out: RegExpMatchArray[] = [];
  let prevEnd = -1;
  for (const m of re.matchAll(s)) {
    const start = m.index ?? 0;
    if (m[0] === '' && start === prevEnd) continue;
    out.push(m);
    prevEnd = start + m[0].length;
  }
  return out;
}

/** Go's `FindAllString(s, -1)`. */
export function goFindAll(where: string, source: string, s: string): string[] {
  checkEvaluationBudget();
  return goMatches(goRegexp(where, source), s).map((m) => m[0]);
}

/** Go's `ReplaceAllString` (template `$1`, `${1}`, `$name`, `${name}`, `$$`) or `ReplaceAllLiteralString`. */
export function goReplaceAll(where: string, source: string, s: string, replacement: string, literal: boolean): string {
  checkEvaluationBudget();
  let out = '';
  let last = 0;
  for (const m of goMatches(goRegexp(where, source), s)) {
    const start = m.index ?? 0;
    out += s.slice(last, start) + (literal ? replacement : expandTemplate(replacement, m));
    last = start + m[0].length;
  }
  return out + s.slice(last);
}

/**
 * Go's `Regexp.Expand`: `$name` takes the longest run of letters, digits and `_` (so `$1x` is the
 * group named `1x`, empty), `${name}` is explicit, `$$` is `$`, a missing group is empty.
 */
function expandTemplate(template: string, m: RegExpMatchArray): string {
  return template.replace(/\$(?:\$|\{(\w+)\}|(\w+))?/g, (all, braced?: string, bare?: string) => {
    if (all === '$$') return '$';
    const name = braced ?? bare;
    if (name === undefined) return '$';
    if (/^\d+$/.test(name)) return m[Number(name)] ?? '';
    return m.groups?.[name] ?? '';
  });
}
