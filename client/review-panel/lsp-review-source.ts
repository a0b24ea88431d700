import type { LanguageClient } from 'vscode-languageclient/node';
import { CancellationTokenSource } from 'vscode-languageclient/node';
import { REVIEW_DATA, type ReviewDataParams } from '../../server/protocol/review-protocol';
import type { ReviewData } from '../../server/protocol/webview-protocol';
import type { ChartTarget, ReviewDataSource } from './review-data-source';

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
      return await this.client.sendRequest<ReviewData>(REVIEW_DATA, { chartDir: target.chartDir } satisfies ReviewDataParams, cancel.token);
    } catch (e) {
      throw new Error((e as Error)?.message ?? String(e));
    } finally {
      cancel.dispose();
    }
  }
}
