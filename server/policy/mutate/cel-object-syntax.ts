/**
 * The CEL used by MutatingPolicy builds typed objects — `Object{metadata: Object.metadata{...}}`
 * and `JSONPatch{op: "add", ...}` — which the project's CEL library does not parse. This rewrites
 * those constructions into map literals with quoted field names (the values are untouched), and
 * `jsonpatch.escapeKey(` into a registered function, before the expression is compiled.
 */
const TYPE_ROOTS = new Set(['Object', 'JSONPatch']);

type Frame = '(' | '[' | 'map' | 'msg';

export function rewriteObjectConstruction(expression: string): string {
  let out = '';
  const stack: Frame[] = [];
  let fieldPosition = false;
  let i = 0;
  const n = expression.length;
  while (i < n) {
    const c = expression[i];
    // String literals (with optional r/b prefix, single or triple quotes) are copied as they are.
    if (c === '"' || c === "'") {
      const triple = expression.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      const raw = /[rR]$/.test(out);
      while (j < n && !expression.startsWith(quote, j)) j += expression[j] === '\\' && !raw ? 2 : 1;
      out += expression.slice(i, j + quote.length);
      i = j + quote.length;
      fieldPosition = false;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*/.exec(expression.slice(i))!;
      const ident = m[0];
      let j = i + ident.length;
      while (j < n && /\s/.test(expression[j])) j++;
      const root = ident.split('.')[0].trim();
      if (fieldPosition && expression[j] === ':' && stack[stack.length - 1] === 'msg') {
        out += JSON.stringify(ident);
        i = i + ident.length;
        fieldPosition = false;
        continue;
      }
      if (expression[j] === '{' && TYPE_ROOTS.has(root)) {
        out += '{';
        stack.push('msg');
        fieldPosition = true;
        i = j + 1;
        continue;
      }
      if (ident.replace(/\s/g, '') === 'jsonpatch.escapeKey' && expression[j] === '(') {
        out += 'jsonpatchEscapeKey';
        i = i + ident.length;
        fieldPosition = false;
        continue;
      }
      out += ident;
      i += ident.length;
      fieldPosition = false;
      continue;
    }
    if (c === '{') stack.push('map');
    else if (c === '(' || c === '[') stack.push(c);
    else if (c === '}' || c === ')' || c === ']') stack.pop();
    if (c === ',' && stack[stack.length - 1] === 'msg') fieldPosition = true;
    else if (!/\s/.test(c)) fieldPosition = false;
    out += c;
    i++;
  }
  return out;
}

/** RFC 6901 escaping of one path segment, as the `jsonpatch.escapeKey` CEL function does. */
export function escapeJsonPointerKey(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
