import type { ChartFile } from '../types';
import { text } from '../yaml-text';

/** A template whose whole content renders only when the Go-template `condition` holds. */
export function guardedFile(path: string, condition: string, ...lines: Array<string | false | undefined>): ChartFile {
  return { path, content: text(`{{- if ${condition} }}`, ...lines, `{{- end }}`) };
}
