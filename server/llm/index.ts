/**
 * The AI chart generator, transport-free (no `vscode`, no HTTP server): callers pass the intent,
 * the resolved platform config, the API key and a validator, and decide what to do with the result.
 *
 *   const result = await generateChartWithAI(
 *     { intent, config, instruction, currentChart },
 *     { apiKey, keySource: 'vscode', validator: helmChartValidator({ kubeVersion: config.kubernetesVersion }), cacheDir, onProgress, signal },
 *   );
 *   if (result.status === 'converged') preview(result.files);          // validated: offer to write
 *   else if (result.status === 'gave-up') show(result.problems);        // best attempt: never written as valid
 *   else show(result.error.message);                                    // what to do next
 *
 * Any OpenAI-compatible endpoint works through `llm.baseURL` (OpenAI, Azure OpenAI's `/openai/v1`
 * endpoint, Ollama, vLLM, LM Studio).
 */
export { generateChartWithAI, validationEnvironments } from './generate';
export { helmChartValidator, type HelmValidatorOptions } from './helm-validator';
export { BASE_ENVIRONMENT } from '../core/environments';
export { PROMPT_VERSION, formatProblem } from './prompt';
export { runAiGenerationForCli, describeAiResult, aiExitCode, API_KEY_ENV, type CliAiOptions } from './cli-ai';
export { resolveLlmSettings, type LlmSettings } from './settings';
export { redact } from './errors';
export type {
  AiRequest,
  AiDeps,
  AiResult,
  AiConverged,
  AiGaveUp,
  AiFailed,
  AiFailure,
  AiFailureCode,
  AiProgress,
  AiPhase,
  AttemptReport,
  ChartFile,
  ChartValidator,
  LlmOverrides,
  Problem,
  ValidationEnvironment,
  ValidationOutcome,
} from './types';
