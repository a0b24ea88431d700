// How the demo prints one review finding: severity, rule and the object it concerns on the first
// line, then the whole message wrapped at word boundaries (never cut) under it.
const WIDTH = 100;

/** Words of `text` joined into lines of at most `width` characters (a longer word gets its own line). */
export function wrap(text, width = WIDTH) {
  const lines = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** `Rollout/my-service` (the object a finding is about), or `chart` for chart-wide findings (lint). */
export function objectName(finding) {
  const o = finding.object;
  return o?.kind && o?.name ? `${o.kind}/${o.name}` : (o?.name ?? 'chart');
}

/** The lines the demo prints for one finding (JSON of `helm-intent validate --format json`). */
export function findingLines(finding) {
  const head = `  ${finding.severity.padEnd(7)} ${finding.code}  ${objectName(finding)}  [${finding.environments.join(', ')}]`;
  return [head, ...wrap(finding.message).map((l) => `            ${l}`)];
}
