import type { Document } from 'yaml';
import type { Range, TextEdit } from 'vscode-languageserver-types';
import type { YamlChunk, YamlPath } from '../yaml/yaml-chunk';
import type { PlatformConfig, ResolvedTierPolicy } from '../model/platform-config';
import type { DeploymentIntent, Spec, Tier } from '../model/schema-types.generated';
import { environmentNames, isPlainObject, specForEnvironment } from '../model/effective-intent';
import { finding, type Finding, type Fix, type Severity } from './finding';

/** The spec as one environment (or the base, `env` undefined) sees it. */
export interface SpecView {
  env?: string;
  spec: Spec;
  tier: Tier;
  policy: ResolvedTierPolicy;
  /** Where a field of this view is written: inside `environments.<env>` when overridden there. */
  pathOf(field: YamlPath): YamlPath;
  /** ` (environment prod)` or '' — appended to messages. */
  suffix: string;
}

/** What a semantic rule gets: the document, its value, the platform config, and a way to report. */
export class RuleContext<T = DeploymentIntent> {
  readonly findings: Finding[] = [];

  constructor(
    readonly chunk: YamlChunk,
    readonly doc: Document.Parsed,
    readonly intent: T,
    readonly config: PlatformConfig,
  ) {}

  range(path: YamlPath, onValue = true): Range {
    return this.chunk.rangeAt(path, onValue, this.doc) ?? this.chunk.lines.range(0, 0);
  }

  has(path: YamlPath): boolean {
    return this.chunk.locate(path, this.doc) !== undefined;
  }

  report(
    code: string,
    severity: Severity,
    path: YamlPath,
    message: string,
    fixes: Array<Fix | undefined> = [],
    onValue = true,
  ): void {
    this.findings.push(
      finding(
        code,
        severity,
        this.range(path, onValue),
        message,
        fixes.filter((f): f is Fix => !!f),
      ),
    );
  }

  fix(title: string, edits: Array<TextEdit | undefined>, preferred = false): Fix | undefined {
    const real = edits.filter((e): e is TextEdit => !!e);
    return real.length === edits.length && real.length > 0 ? { title, edits: real, preferred } : undefined;
  }

  /** The base spec and every environment's merged spec (DeploymentIntent only). */
  views(): SpecView[] {
    const intent = this.intent as unknown as DeploymentIntent;
    const spec = intent?.spec;
    if (!isPlainObject(spec)) return [];
    const envs = isPlainObject(spec.environments) ? environmentNames(spec) : [];
    return [undefined, ...envs].map((env) => {
      const s = env ? specForEnvironment(spec, env) : spec;
      const tier: Tier = (['development', 'staging', 'production'] as const).includes(s.tier as Tier)
        ? s.tier
        : 'production';
      return {
        env,
        spec: s,
        tier,
        policy: this.config.tiers[tier],
        suffix: env ? ` (environment '${env}')` : '',
        pathOf: (field: YamlPath) => {
          if (env) {
            const envPath = ['spec', 'environments', env, ...field];
            for (let n = field.length; n > 0; n--)
              if (this.has(['spec', 'environments', env, ...field.slice(0, n)])) return envPath.slice(0, 3 + n);
          }
          return ['spec', ...field];
        },
      };
    });
  }

  /** Reports once per distinct location: the same base field violates in every environment otherwise. */
  reportOnce(seen: Set<string>, ...report: Parameters<RuleContext['report']>): void {
    const [code, , path] = report;
    const key = `${code}@${path.join('.')}`;
    if (seen.has(key)) return;
    seen.add(key);
    this.report(...report);
  }
}

export type IntentRule = (ctx: RuleContext) => void;
