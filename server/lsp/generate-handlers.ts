import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { compileChart } from '../compiler/index';
import { planChartWrite } from '../compiler/output/write-plan';
import { chartDirFor } from '../generate/chart-location';
import { ConfinementError } from '../tools/confined-fs';
import { intentFromText, type IntentSource } from '../generate/intent-source';
import type { PlatformConfig } from '../model/platform-config';
import { recordAcceptedFiles } from '../generate/record-accepted';
import { uriToPath } from '../language/language-service';
import {
  PLAN_CHART,
  RECORD_CHART,
  type PlanChartParams,
  type PlanChartResult,
  type RecordChartParams,
  type RecordChartResult,
} from '../protocol/generate-protocol';
import type { ConfigStore } from '../workspace/config-store';

export interface GenerateDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  configs: ConfigStore;
  workspaceFolders: () => string[];
}

type Refusal = Extract<PlanChartResult, { ok: false }>;

/**
 * The intent a generation request names (the editor's text when open), its platform config, and —
 * when the checks find errors — the refusal to send back, with the located errors.
 */
export function intentForRequest(
  deps: Pick<GenerateDeps, 'documents' | 'configs'>,
  uri: string,
):
  | {
      file: string;
      text: string;
      config: PlatformConfig;
      source: Extract<IntentSource, { ok: true }>;
      refused?: undefined;
    }
  | { file: string; text: string; config: PlatformConfig; source?: undefined; refused: Refusal } {
  const file = uriToPath(uri);
  const text = deps.documents.get(uri)?.getText() ?? readFileSync(file, 'utf8');
  const config = deps.configs.configFor(file);
  const source = intentFromText(text, config, path.basename(file));
  if (!source.ok) {
    return {
      file,
      text,
      config,
      refused: {
        ok: false,
        message: source.message,
        errors: source.errors.map((e) => ({
          line: e.range.start.line,
          character: e.range.start.character,
          code: e.code,
          message: e.message,
        })),
      },
    };
  }
  return { file, text, config, source };
}

/** `helmIntent/planChart` and `helmIntent/recordChart`: the engine side of "Generate Chart". */
export function registerGenerateHandlers(deps: GenerateDeps): void {
  deps.connection.onRequest(PLAN_CHART, (params: PlanChartParams): PlanChartResult => {
    const { file, config, source, refused } = intentForRequest(deps, params.uri);
    if (refused) return refused;
    const started = performance.now();
    const files = compileChart(source.intent, config);
    const compileMs = performance.now() - started;
    let chartDir: string;
    let plan: ReturnType<typeof planChartWrite>;
    try {
      chartDir = chartDirFor(file, source.intent.metadata.name, config, deps.workspaceFolders());
      plan = planChartWrite(chartDir, files, { force: params.force });
    } catch (e) {
      // A path that would leave the workspace or the chart (config, keyword, symlink): one-line refusal.
      if (e instanceof ConfinementError) return { ok: false, message: e.message, errors: [] };
      throw e;
    }
    return {
      ok: true,
      chartName: source.intent.metadata.name,
      chartDir,
      chartDirUri: pathToFileURL(chartDir).href,
      files: plan.files,
      compileMs,
    };
  });

  deps.connection.onRequest(RECORD_CHART, (params: RecordChartParams): RecordChartResult => {
    const intentPath = path.relative(params.chartDir, uriToPath(params.intentUri)).split(path.sep).join('/');
    return recordAcceptedFiles(params, intentPath);
  });
}
