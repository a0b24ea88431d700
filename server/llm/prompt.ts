import { stringify } from 'yaml';
import { toDeploymentIntent, type AnyIntent } from '../model/effective-intent';
import type { PlatformConfig } from '../model/platform-config';
import { BASE_ENVIRONMENT } from '../core/environments';
import type { ChatMessage } from './model-client';
import { platformStandardsText } from './platform-standards';
import type { ChartFile, Problem } from './types';

/**
 * Version of the prompt text and answer contract. Bump it whenever the wording or format changes:
 * it is part of the cache key, so old cached charts are not reused for a new prompt.
 */
export const PROMPT_VERSION = 'chart-gen/3';

export interface PromptInput {
  intent: AnyIntent;
  intentText?: string;
  config: PlatformConfig;
  /** The chart the model edits: the compiler's skeleton, or the chart on disk for an update. */
  base: ChartFile[];
  baseKind: 'skeleton' | 'current';
  instruction?: string;
}

const SYSTEM = `You are the chart generator of Helm Intent. You edit a production-grade Helm chart so it implements a deployment intent.

Answer with JSON only, exactly this shape: {"files": [{"path": "...", "content": "..."}]}
- No prose, no markdown fences, nothing before or after the JSON.
- Return only the files you add or change, each with its complete new content. Files you do not return stay as they are in the base chart. To delete a file, return it with empty content.
- Paths are relative to the chart folder, with "/" between folders: Chart.yaml, values.yaml, values-<env>.yaml, values.schema.json, README.md, .helmignore, templates/... . Never absolute paths, never "..", no other files.
- Keep the base chart's structure, named templates in _helpers.tpl and values; change only what the requirements and the instruction need, and keep every platform standard.
- The chart must pass \`helm lint --strict\` and \`helm template\` with values.yaml alone and with each values-<env>.yaml.
- When you add a value, add it to values.yaml (with a comment) and to values.schema.json if the schema describes that section; document it in the README values table.`;

/** The first conversation: system rules, then the task with everything the model needs. */
export function buildMessages(input: PromptInput): ChatMessage[] {
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: taskText(input) },
  ];
}

function taskText(input: PromptInput): string {
  const spec = toDeploymentIntent(input.intent, input.config).spec;
  const requirements = (spec.requirements ?? []).map((r) => r.trim()).filter(Boolean);
  const instruction = input.instruction?.trim();
  const parts: string[] = [];
  parts.push('## Task');
  if (instruction)
    parts.push(
      `Update the chart below as the user asks, keeping the intent, the requirements and the platform standards satisfied.`,
    );
  else if (requirements.length)
    parts.push(
      'Add the requirements below to the chart, keeping everything the intent and the platform standards ask for.',
    );
  else
    parts.push(
      'The intent has no extra requirements: return {"files": []} unless the base chart misses something the intent or the platform standards ask for.',
    );
  if (requirements.length)
    parts.push('', '## Requirements from the intent (spec.requirements)', ...requirements.map((r) => `- ${r}`));
  if (instruction) parts.push('', '## User instruction', instruction);
  parts.push('', '## Platform standards', platformStandardsText(input.intent, input.config));
  parts.push(
    '',
    `## Intent (${input.intent.kind} ${input.intent.metadata?.name ?? ''})`,
    '```yaml',
    (input.intentText ?? stringify(input.intent)).trimEnd(),
    '```',
  );
  const what =
    input.baseKind === 'current'
      ? 'the chart currently in the workspace (the user may have edited it: keep their changes unless the instruction says otherwise)'
      : "the reference skeleton from Helm Intent's deterministic compiler (it already passes helm lint --strict)";
  parts.push(
    '',
    `## Base chart: ${what}`,
    `${input.base.length} files, each between "===== FILE: <path> =====" and "===== END FILE =====".`,
  );
  for (const file of input.base)
    parts.push('', `===== FILE: ${file.path} =====`, file.content.replace(/\n$/, ''), '===== END FILE =====');
  parts.push('', 'Answer now with the JSON object only.');
  return parts.join('\n');
}

/** The follow-up turn that feeds validation problems back to the model. */
export function repairText(problems: Problem[], round: number, maxRounds: number): string {
  const lines = [
    `The chart (the base chart with your files applied) fails validation. Repair round ${round} of ${maxRounds}.`,
    'Fix every problem below. Answer with the same JSON shape, returning only the files you change now, each complete; files you do not return stay as they are now.',
    '',
    'Problems:',
    ...problems.map((p, i) => `${i + 1}. ${formatProblem(p)}`),
  ];
  return lines.join('\n');
}

/** The follow-up turn when the previous answer could not be read at all. */
export function unreadableText(reason: string, round: number, maxRounds: number): string {
  return [
    `Your previous answer could not be used: ${reason}. Repair round ${round} of ${maxRounds}.`,
    'Answer again with only the JSON object {"files": [...]}. Return only the files you add or change, so the answer stays short and complete.',
  ].join('\n');
}

/** One line per problem: `[source, where] file: message`. */
export function formatProblem(p: Problem): string {
  const envs = p.environments ?? [];
  const named = envs.filter((e) => e !== BASE_ENVIRONMENT);
  const rendered = [
    envs.includes(BASE_ENVIRONMENT) ? 'values.yaml alone' : '',
    named.length ? `environment${named.length > 1 ? 's' : ''} ${named.join(', ')}` : '',
  ];
  const where = [p.source, rendered.filter(Boolean).join(' and ')].filter(Boolean).join(', ');
  return `[${where}]${p.file ? ` ${p.file}:` : ''} ${p.message}`;
}
