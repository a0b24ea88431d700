// The two values client/commands/ai-commands.ts takes from vscode-languageclient (which cannot load
// outside VS Code); the security suite drives that command against the real server instead.
export const Trace = { Off: 0, Messages: 1, Compact: 2, Verbose: 3 };
export const WorkDoneProgress = { type: { method: '$/progress' } };
