/**
 * Turns helm's error text into a message that says what to do. Unknown errors pass through
 * (trimmed of helm's `Error: ` prefix) so nothing is hidden.
 */
export function explainHelmError(stderr: string, chartDir?: string): string {
  const text = stderr.trim();
  const chart = chartDir ?? '<chart>';
  const missing =
    /missing in charts\/ directory: ([^\n]+)/.exec(text) ??
    /chart directory is missing these dependencies: ([^\n]+)/.exec(text);
  if (missing) {
    const names = missing[1]
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .join(', ');
    return (
      `Chart dependencies not downloaded: ${names}. Run \`helm dependency build ${chart}\` to fetch them into charts/ ` +
      `(needs access to their repositories; offline, copy the charts into ${chart}/charts/). ` +
      `Setting <name>.enabled=false does not help: helm needs every dependency present to render.`
    );
  }
  if (/don't meet the specifications of the schema|values don't meet/.test(text)) {
    return `Values do not match values.schema.json:\n${indentDetails(text.replace(/^Error: /, ''))}`;
  }
  const parseError = /parse error at \(([^)]+)\): (.+)/.exec(text);
  if (parseError) return `Template syntax error in ${parseError[1]}: ${parseError[2]}`;
  const execError = /template: ([^:]+:\d+:\d+): executing "[^"]*" at <([^>]*)>: (.+)/.exec(text);
  if (execError) return `Template error in ${execError[1]} at ${execError[2]}: ${execError[3]}`;
  if (/timed out after/.test(text)) return text;
  return text.replace(/^Error: /gm, '') || 'helm failed without a message';
}

function indentDetails(s: string): string {
  return s
    .split('\n')
    .map((l) => '  ' + l.trim())
    .filter((l) => l.trim())
    .join('\n');
}
