/** Wording helpers for messages: JSON types, values and formats as a chart author reads them. */

export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** `string "3"`, `integer 8080`, `a mapping`, `a list`. */
export function describeValue(value: unknown): string {
  const type = jsonTypeOf(value);
  if (type === 'mapping' || type === 'list') return `a ${type}`;
  if (value === null) return 'null';
  const text = JSON.stringify(value);
  return `${type} ${text.length > 60 ? `${text.slice(0, 57)}…` : text}`;
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean (true/false)',
  null: 'null',
};

export function typeWords(type: string): string {
  return TYPE_WORDS[type] ?? type;
}

const FORMAT_WORDS: Record<string, string> = {
  quantity: 'a Kubernetes quantity (a number, or a string such as "500m" or "1Gi")',
  int32: 'a 32-bit integer (-2147483648 to 2147483647)',
  int64: 'a 64-bit integer',
  'date-time': 'an RFC 3339 date-time such as "2024-05-01T12:00:00Z"',
  byte: 'base64-encoded data',
  double: 'a number',
};

export function formatWords(format: string): string {
  return FORMAT_WORDS[format] ?? `a value in "${format}" format`;
}

/** Joins alternatives: `a, b or c`. */
export function orList(items: string[]): string {
  const unique = [...new Set(items)];
  return unique.length <= 1 ? (unique[0] ?? '') : `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1]}`;
}
