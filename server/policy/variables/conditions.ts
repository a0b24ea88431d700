/**
 * Evaluates `preconditions` / `deny.conditions`: `any` (one true is enough), `all` (every one),
 * both (both blocks must hold), or the legacy plain list (all). Keys and values are substituted
 * first; a failed substitution is an error, not a false condition.
 */
import type { EvalContext } from '../context/context';
import type { Condition, Conditions } from '../types';
import { operatorFor } from './operators';
import { substituteAll } from './substitute';

export interface ConditionOutcome {
  result: boolean;
  /** Messages of the conditions that decided the outcome, `; `-joined. */
  message: string;
}

export class ConditionError extends Error {}

const NO_CONDITIONS: ConditionOutcome = Object.freeze({ result: true, message: '' });

export function evaluateConditions(ctx: EvalContext, conditions: Conditions | undefined): ConditionOutcome {
  if (conditions === undefined || conditions === null) return NO_CONDITIONS;
  if (Array.isArray(conditions)) {
    const trueMessages: string[] = [];
    for (const c of conditions) {
      const [ok, msg] = evaluateOne(ctx, c);
      if (!ok) return { result: false, message: msg };
      trueMessages.push(msg);
    }
    return { result: true, message: joinNonEmpty(trueMessages, ';') };
  }
  if (typeof conditions !== 'object') throw new ConditionError('invalid condition');
  const { any, all } = conditions;
  let anyResult = true;
  let allResult = true;
  const falseMessages: string[] = [];
  const trueMessages: string[] = [];
  if (any !== undefined && any !== null) {
    anyResult = false;
    for (const c of any) {
      const [ok, msg] = evaluateOne(ctx, c);
      if (ok) {
        anyResult = true;
        trueMessages.push(msg);
        break;
      }
      falseMessages.push(msg);
    }
  }
  for (const c of all ?? []) {
    const [ok, msg] = evaluateOne(ctx, c);
    if (!ok) {
      allResult = false;
      falseMessages.push(msg);
      break;
    }
    trueMessages.push(msg);
  }
  const result = anyResult && allResult;
  return { result, message: joinNonEmpty(result ? trueMessages : falseMessages, '; ') };
}

function evaluateOne(ctx: EvalContext, condition: Condition): [boolean, string] {
  let key: unknown;
  let value: unknown;
  try {
    key = substituteAll(ctx, condition.key ?? null);
  } catch (e) {
    throw new ConditionError(`failed to substitute variables in condition key: ${(e as Error).message}`);
  }
  try {
    value = substituteAll(ctx, condition.value ?? null);
  } catch (e) {
    throw new ConditionError(`failed to substitute variables in condition value: ${(e as Error).message}`);
  }
  const op = operatorFor(condition.operator);
  if (!op)
    throw new ConditionError(
      `failed to create handler for condition operator: unknown operator '${condition.operator ?? ''}'`,
    );
  return [op(key, value), condition.message ?? ''];
}

export function joinNonEmpty(parts: string[], sep: string): string {
  return parts.filter((p) => p !== '').join(sep);
}
