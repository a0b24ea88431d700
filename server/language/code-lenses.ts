import type { CodeLens } from 'vscode-languageserver-types';
import { isIntentText } from '../core/intent-kind';

/** Commands shown above each intent document; the VS Code client implements them. */
export function codeLenses(uri: string, text: string): CodeLens[] {
  const lenses: CodeLens[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (!isIntentText(line)) return;
    const range = { start: { line: i, character: 0 }, end: { line: i, character: line.length } };
    lenses.push(
      { range, command: { title: 'Generate Chart', command: 'helmIntent.generateChart', arguments: [uri] } },
      { range, command: { title: 'Generate with AI', command: 'helmIntent.generateChartWithAI', arguments: [uri] } },
      { range, command: { title: 'Open Chart', command: 'helmIntent.openGeneratedChart', arguments: [uri] } },
      { range, command: { title: 'Chart Review', command: 'helmIntent.openChartReview', arguments: [uri] } },
    );
  });
  return lenses;
}
