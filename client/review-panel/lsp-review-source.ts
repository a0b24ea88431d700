import type { LanguageClient } from 'vscode-languageclient/node';
import { CancellationTokenSource } from 'vscode-languageclient/node';
import { REVIEW_DATA, type ReviewDataParams } from '../../server/protocol/review-protocol';
import type { ReviewData } from '../../server/protocol/webview-protocol';

export interface ChartTarget {
  /** Absolute path of the chart directory (holding Chart.yaml). */
  chartDir: string;
}

export interface ReviewDataSource {
  /** Every environment of the chart, rendered and reviewed. Rejects only when nothing can run (e.g. helm missing). */
  load(target: ChartTarget, signal?: AbortSignal): Promise<ReviewData>;
}

/**
 * The Chart Review's data from the language server's review: the rendered objects of every
 * environment with the same findings the Problems panel shows (and the same cache).
 */
export class LspReviewSource implements ReviewDataSource {
  constructor(private readonly client: LanguageClient) {}

  async load(target: ChartTarget, signal?: AbortSignal): Promise<ReviewData> {
    const cancel = new CancellationTokenSource();
    signal?.addEventListener('abort', () => cancel.cancel(), { once: true });
    try {
      return await this.client.sendRequest(
        REVIEW_DATA,
        { chartDir: target.chartDir } satisfies ReviewDataParams,
        cancel.token,
      );
    } catch (e) {
      throw new Error((e as Error)?.message ?? String(e));
    } finally {
      cancel.dispose();
    }
  }
}
