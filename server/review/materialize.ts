import { renderableChart as renderable, type RenderableChart } from '../tools/renderable-chart';
import type { ChartSource } from './chart-source';

export type { RenderableChart } from '../tools/renderable-chart';

/**
 * The chart as helm may render it (server/tools/renderable-chart: escaping symlinks left out,
 * empty stand-ins for dependencies that are not downloaded). Review and webview share it.
 */
export function renderableChart(source: ChartSource): RenderableChart {
  return renderable(source.dir, source.dependencies);
}
