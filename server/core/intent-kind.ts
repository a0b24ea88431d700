/**
 * The one owner of "is this text an intent, and which kind": a top-level `kind:` line naming one of
 * the intent kinds (quoted or not, a trailing comment allowed). Used by the file-role check, the
 * language features, the review locator and the VS Code client. No dependencies, so the client
 * bundle can carry it.
 */
export const INTENT_KINDS = ['DeploymentIntent', 'ServiceIntent'] as const;
export type IntentKind = (typeof INTENT_KINDS)[number];

const KIND_LINE = /^kind:[ \t]*(["']?)(DeploymentIntent|ServiceIntent)\1[ \t]*(#.*)?$/m;

/** The intent kind of a document (or of one line), or undefined when it declares none. */
export function intentKindOf(text: string): IntentKind | undefined {
  return KIND_LINE.exec(text)?.[2] as IntentKind | undefined;
}

export function isIntentText(text: string): boolean {
  return intentKindOf(text) !== undefined;
}
