import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Connection } from 'vscode-languageserver/node';
import { chartForFile } from './chart-lookup';
import { uriToPath } from '../language/language-service';
import {
  REVIEW_DATA,
  REVIEW_STATUS,
  VALIDATE_CHART,
  type ReviewDataParams,
  type ReviewStatus,
  type ServerSettings,
  type ValidateChartParams,
} from '../protocol/review-protocol';
import { toReviewData } from '../review/webview-data';
import { ResponseError } from 'vscode-languageserver/node';
import { reviewChart, type ObjectValidator, type ReviewResult } from '../review/pipeline';
import { disableRuleEdit, reviewFixes } from '../review/review-fixes';
import { readFileSync, statSync } from 'node:fs';
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver/node';
import { workspacePolicies } from '../review/policy-source';
import { policiesFolder } from '../core/policies-folder';
import { isInside } from '../tools/confined-fs';
import { REVIEW_SOURCE, reviewDiagnostics } from '../review/review-diagnostics';
import { resolveHelmPath } from '../tools/helm';
import type { ConfigStore } from '../workspace/config-store';
import type { DiagnosticsHub } from './diagnostics-hub';

export interface ReviewDeps {
  connection: Connection;
  hub: DiagnosticsHub;
  configs: ConfigStore;
  settings: () => ServerSettings;
  workspaceFolders: () => string[];
  objectValidator?: ObjectValidator;
}

/**
 * Reviews charts in the background when their files (or their intent) are opened or saved:
 * debounced, one run per chart at a time, a newer request cancels the older run (helm is killed).
 */
export class ReviewScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, AbortController>();
  private readonly results = new Map<string, ReviewResult>();

  constructor(private readonly deps: ReviewDeps) {
    deps.connection.onRequest(VALIDATE_CHART, async (p: ValidateChartParams) => {
      const file = uriToPath(p.uri);
      let text: string | undefined;
      try {
        text = statSync(file).isFile() ? readFileSync(file, 'utf8') : undefined;
      } catch {
        text = undefined;
      }
      const chart = this.chartFor(file, text);
      if (!chart)
        return {
          chartDir: '',
          chartName: '',
          state: 'failed',
          errors: 0,
          warnings: 0,
          environments: [],
          message: `No chart found for ${uriToPath(p.uri)}: open a file inside a chart (a folder with Chart.yaml) or generate the intent's chart first.`,
        } satisfies ReviewStatus;
      return this.runNow(chart);
    });
    deps.connection.onRequest(REVIEW_DATA, async (p: ReviewDataParams) => {
      const status = await this.runNow(p.chartDir);
      const result = this.results.get(p.chartDir);
      if (status.state !== 'done' || !result)
        throw new ResponseError(1, status.message ?? `the chart at ${p.chartDir} could not be reviewed`);
      return toReviewData(result);
    });
  }

  /** Quick-fixes for review diagnostics: the cause in the intent or values, and opting the chart out of the rule. */
  codeActions(diagnostics: Diagnostic[]): CodeAction[] {
    const actions: CodeAction[] = [];
    // Two rules on one line (the seed policy and HI-K8S-005) often share a fix: offer it once.
    const offered = new Set<string>();
    for (const d of diagnostics) {
      const fid = (d.data as { review?: { fid?: string } } | undefined)?.review?.fid;
      if (!fid) continue;
      const hash = fid.lastIndexOf('#');
      const chartDir = fid.slice(0, hash);
      const finding = this.results.get(chartDir)?.findings[Number(fid.slice(hash + 1))];
      if (!finding) continue;
      for (const fix of reviewFixes(finding, this.results.get(chartDir)!.chart)) {
        const key = JSON.stringify([fix.title, fix.changes]);
        if (offered.has(key)) continue;
        offered.add(key);
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: fix.preferred,
          edit: { changes: fix.changes },
        });
      }
      if (finding.source === 'policy' || finding.source === 'kube-schema') {
        actions.push({
          title: `Disable ${finding.code} for chart ${path.basename(chartDir)}…`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          command: {
            title: 'Disable rule for this chart',
            command: 'helmIntent.disableRule',
            arguments: [pathToFileURL(path.join(chartDir, 'Chart.yaml')).href, finding.code],
          },
        });
      }
    }
    return actions;
  }

  /** The Chart.yaml edit that opts out of a rule with a reason. */
  disableRuleEdit(chartYamlUri: string, rule: string, reason: string): TextEdit | undefined {
    return disableRuleEdit(readFileSync(uriToPath(chartYamlUri), 'utf8'), rule, reason);
  }

  /** The chart a file belongs to: its folder's Chart.yaml, or the generated chart of an intent. */
  chartFor(file: string, text: string | undefined): string | undefined {
    return chartForFile(file, text, this.deps.configs, this.deps.workspaceFolders());
  }

  /**
   * Opening or saving a policy file reviews again the charts reviewed with that policies folder
   * (an unchanged folder is a cache hit).
   */
  policyFileTouched(file: string): void {
    for (const chartDir of this.results.keys()) {
      const folder = policiesFolder(this.deps.configs.configFor(path.join(chartDir, 'Chart.yaml')));
      if (folder && isInside(folder, file)) this.schedule(chartDir);
    }
  }

  schedule(chartDir: string, delayMs = 300): void {
    clearTimeout(this.timers.get(chartDir));
    this.timers.set(
      chartDir,
      setTimeout(() => void this.runNow(chartDir), delayMs),
    );
  }

  private status(s: ReviewStatus): ReviewStatus {
    void this.deps.connection.sendNotification(REVIEW_STATUS, s);
    return s;
  }

  async runNow(chartDir: string): Promise<ReviewStatus> {
    clearTimeout(this.timers.get(chartDir));
    const chartName = path.basename(chartDir);
    const producer = `review:${chartDir}`;
    if (!this.deps.settings().trusted) {
      this.deps.hub.replaceAll(producer, new Map());
      return this.status({
        chartDir,
        chartName,
        state: 'untrusted',
        errors: 0,
        warnings: 0,
        environments: [],
        message: 'The workspace is not trusted: charts are not reviewed (helm is not run).',
      });
    }
    this.running.get(chartDir)?.abort();
    const abort = new AbortController();
    this.running.set(chartDir, abort);
    this.status({ chartDir, chartName, state: 'running', errors: 0, warnings: 0, environments: [] });
    const config = this.deps.configs.configFor(path.join(chartDir, 'Chart.yaml'));
    const settings = this.deps.settings();
    try {
      const result = await reviewChart(chartDir, {
        helmPath: resolveHelmPath(settings.helmPath),
        config,
        kubernetesVersion: settings.kubernetesVersion,
        ...workspacePolicies(config),
        objectValidator: this.deps.objectValidator,
        signal: abort.signal,
        log: (line) => this.deps.connection.console.log(`$ ${line}`),
      });
      if (abort.signal.aborted)
        return this.status({
          chartDir,
          chartName,
          state: 'failed',
          errors: 0,
          warnings: 0,
          environments: [],
          message: 'superseded by a newer review',
        });
      this.results.set(chartDir, result);
      this.deps.hub.replaceAll(producer, reviewDiagnostics(result.findings, chartDir));
      const count = (s: string) => result.findings.filter((f) => f.severity === s).length;
      this.deps.connection.console.log(
        `Reviewed ${chartName}: ${count('error')} error(s), ${count('warning')} warning(s) in ${result.millis.total.toFixed(0)} ms${result.fromCache ? ' (cached)' : ''}`,
      );
      return this.status({
        chartDir,
        chartName,
        state: 'done',
        errors: count('error'),
        warnings: count('warning'),
        environments: result.renders.map((r) => r.name),
        millis: result.millis.total,
      });
    } catch (e) {
      const message = (e as Error)?.message ?? String(e);
      // One clear diagnostic on Chart.yaml (missing helm, unreadable chart) instead of a storm.
      this.deps.hub.replaceAll(
        producer,
        new Map([
          [
            pathToFileURL(path.join(chartDir, 'Chart.yaml')).href,
            [
              {
                range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
                severity: 1,
                source: REVIEW_SOURCE,
                code: 'review-failed',
                message: `Chart review could not run: ${message}`,
              },
            ],
          ],
        ]),
      );
      return this.status({ chartDir, chartName, state: 'failed', errors: 1, warnings: 0, environments: [], message });
    } finally {
      if (this.running.get(chartDir) === abort) this.running.delete(chartDir);
    }
  }
}
