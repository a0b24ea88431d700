/**
 * One compiled schema check per kind, loaded on first use and cached for the process: the model
 * class's `validate()` run on a read-tracking view of the object (see read-tracker.ts).
 */
import type { ErrorObject } from 'ajv';
import { completedCheck } from './crd-schema';
import { trackReads, type UnknownField } from './read-tracker';
import { kindKey, modelLoaderFor, type ModelClass } from './registry';

export interface SchemaResult {
  errors: ErrorObject[];
  unknownFields: UnknownField[];
}

export type SchemaCheck = (object: object) => SchemaResult;

const checks = new Map<string, Promise<SchemaCheck>>();

/** `undefined` when no schema is bundled for the kind. */
export function loadSchemaCheck(apiVersion: string, kind: string): Promise<SchemaCheck> | undefined {
  const key = kindKey(apiVersion, kind);
  let check = checks.get(key);
  if (!check) {
    const load = modelLoaderFor(apiVersion, kind);
    if (!load) return undefined;
    check = Promise.all([load(), useKubernetesQuantityFormat()]).then(([model]) =>
      completedCheck(key, checkWith(model)),
    );
    checks.set(key, check);
  }
  return check;
}

function checkWith(model: ModelClass): SchemaCheck {
  return (object) => {
    const tracked = trackReads(object);
    let errors: ErrorObject[] = [];
    try {
      model.prototype.validate.call(tracked.view);
    } catch (e) {
      if (!isAjvValidationError(e)) throw e;
      errors = e.errors;
    }
    return { errors, unknownFields: tracked.unknownFields() };
  };
}

/** What `runValidateFunc` throws: ajv's ValidationError. */
function isAjvValidationError(e: unknown): e is { errors: ErrorObject[] } {
  return (
    e instanceof Error &&
    (e as { validation?: unknown }).validation === true &&
    Array.isArray((e as { errors?: unknown }).errors)
  );
}

/**
 * Kubernetes' quantity grammar (apimachinery resource.Quantity): binary Ki…Ei, decimal n u m k M
 * G T P E, or an exponent. The package's regex takes every SI prefix (`1d`, `5h`, `2da`), which
 * the API server rejects. Compiled schemas look up `formats.quantity.validate` on each call, so
 * tightening the shared format object covers all of them.
 */
export const KUBERNETES_QUANTITY = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$/;

let quantityFormat: Promise<void> | undefined;

function useKubernetesQuantityFormat(): Promise<void> {
  quantityFormat ??= import('@kubernetes-models/validate').then(({ formats }) => {
    const quantity = formats.quantity as { validate?: unknown };
    if (!(quantity?.validate instanceof RegExp))
      throw new Error('@kubernetes-models/validate: unexpected quantity format shape');
    quantity.validate = KUBERNETES_QUANTITY;
  });
  return quantityFormat;
}
