/**
 * Names with a random part (`{{ .Release.Name }}-test-{{ randAlphaNum 5 | lower }}`, podinfo's and
 * grafana's test pods) change on every render. Findings name such objects with `*` in place of the
 * random part, so the same finding reads the same in every environment and every run.
 */
const RANDOM_ACTION =
  /\b(?:randAlphaNum|randAlpha|randNumeric|randAscii|randInt|randBytes|uuidv4|now|date|unixEpoch)\b/;

/** `name` as rendered from template text `template` (the value after `name:`), random parts as `*`. */
export function stableName(name: string, template: string): string {
  if (!RANDOM_ACTION.test(template)) return name;
  const value = template
    .replace(/^\s*(?:-\s+)?name:\s*/, '')
    .trim()
    .replace(/^(["'])(.*)\1$/, '$2');
  const parts = value.split(/(\{\{[\s\S]*?\}\})/).filter((p) => p !== '');
  const pattern = parts.map((p) => (p.startsWith('{{') ? '(.*?)' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  const m = new RegExp(`^${pattern}$`).exec(name);
  if (!m) return name.replace(/-[a-z0-9]{4,10}$/i, '-*');
  let group = 1;
  return parts.map((p) => (p.startsWith('{{') ? (RANDOM_ACTION.test(p) ? (group++, '*') : m[group++]) : p)).join('');
}
