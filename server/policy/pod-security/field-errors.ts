/**
 * The field errors the Pod Security Admission checks report (as Kyverno's fork of
 * k8s.io/pod-security-admission does with `WithFieldErrors`): a field path such as
 * `spec.containers[0].securityContext.privileged`, `required` or `forbidden`, and the bad value.
 * Kyverno's `exclude.restrictedField` / `exclude.values` match against these.
 */
export type BadValue = string | number | boolean | string[] | undefined;

export interface FieldError {
  field: string;
  type: 'required' | 'forbidden';
  badValue?: BadValue;
}

export const required = (field: string): FieldError => ({ field, type: 'required' });
export const forbidden = (field: string, badValue?: BadValue): FieldError => ({ field, type: 'forbidden', badValue });

/** Go's `%+v` of a bad value: slices as `[a b]`. */
function goValue(v: BadValue): string {
  return Array.isArray(v) ? `[${v.join(' ')}]` : String(v);
}

/** Kyverno's FormatChecksPrint wording of one field error. */
export function describeFieldError(e: FieldError): string {
  if (e.type === 'required') return `${e.field}: Required value`;
  if (e.badValue === undefined || e.badValue === '') return `${e.field}: Forbidden`;
  return `${e.field} is forbidden, forbidden values found: ${goValue(e.badValue)}`;
}

/** Kyverno's extractBadValues: the values `exclude.values` must all match. */
export function badValuesOf(e: FieldError): string[] {
  const v = e.badValue;
  if (v === undefined || v === '') return [];
  if (Array.isArray(v)) return v;
  return [String(v)];
}
