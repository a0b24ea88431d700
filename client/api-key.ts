import * as vscode from 'vscode';

const SECRET_KEY = 'helmIntent.llm.apiKey';

/** The LLM API key lives only in VS Code SecretStorage: never in settings, files or logs. */
export class ApiKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  get(): Thenable<string | undefined> {
    return this.secrets.get(SECRET_KEY);
  }

  async prompt(): Promise<boolean> {
    const key = await vscode.window.showInputBox({
      title: 'Helm Intent: API key for the AI generator',
      prompt:
        'Key for the OpenAI-compatible endpoint (stored in VS Code SecretStorage, never in settings). Leave empty to remove it.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (/\s/.test(v.trim()) ? 'An API key has no spaces.' : undefined),
    });
    if (key === undefined) return false;
    if (key.trim() === '') {
      await this.secrets.delete(SECRET_KEY);
      void vscode.window.showInformationMessage('Helm Intent: API key removed.');
      return false;
    }
    await this.secrets.store(SECRET_KEY, key.trim());
    void vscode.window.showInformationMessage('Helm Intent: API key stored in SecretStorage.');
    return true;
  }

  register(): vscode.Disposable {
    return vscode.commands.registerCommand('helmIntent.setApiKey', () => this.prompt());
  }
}
