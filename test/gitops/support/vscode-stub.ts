// The part of the `vscode` API the kube-context status item and the GitOps export use, recording
// what they show and write, and answering their pickers as the test says. Loaded in place of
// `vscode` by ./vscode-hook.ts.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly fsPath: string,
  ) {}
  static file(p: string): Uri {
    return new Uri('file', path.resolve(p));
  }
  static parse(s: string): Uri {
    return s.startsWith('file://') ? Uri.file(decodeURIComponent(s.slice(7))) : new Uri(s.split(':')[0], s);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return Uri.file(path.join(base.fsPath, ...parts));
  }
  toString(): string {
    return `${this.scheme}://${this.fsPath}`;
  }
}

export class Range {
  constructor(
    readonly startLine: number,
    readonly startCharacter: number,
    readonly endLine: number,
    readonly endCharacter: number,
  ) {}
}

export interface StubEditEntry {
  op: 'create' | 'replace';
  uri: Uri;
  text: string;
  metadata?: { needsConfirmation?: boolean; label?: string; description?: string };
}

export class WorkspaceEdit {
  readonly entries: StubEditEntry[] = [];
  createFile(uri: Uri, options: { contents?: Uint8Array }, metadata?: StubEditEntry['metadata']): void {
    this.entries.push({
      op: 'create',
      uri,
      text: Buffer.from(options.contents ?? new Uint8Array()).toString('utf8'),
      metadata,
    });
  }
  replace(uri: Uri, _range: Range, text: string, metadata?: StubEditEntry['metadata']): void {
    this.entries.push({ op: 'replace', uri, text, metadata });
  }
}
type Listener<T> = (value: T) => void;

export class EventEmitter<T> {
  private readonly listeners = new Set<Listener<T>>();
  event = (listener: Listener<T>) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  fire(value: T): void {
    for (const l of [...this.listeners]) l(value);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export interface StubItem {
  id: string;
  text: string;
  tooltip: string;
  name?: string;
  command?: string;
  backgroundColor?: ThemeColor;
  visible: boolean;
  disposed: boolean;
  show(): void;
  dispose(): void;
}

export interface StubQuickPick {
  title?: string;
  placeholder?: string;
  value: string;
  busy: boolean;
  items: Array<{ label: string; namespace?: string }>;
  selectedItems: Array<{ label: string; namespace?: string }>;
  accept(): void;
  hide(): void;
}

/** What the test controls and observes. */
export const stub = {
  items: [] as StubItem[],
  messages: [] as string[],
  trusted: true,
  workspaceRoot: '/',
  pickContext: (_items: Array<{ label: string; context?: string }>): unknown => undefined,
  /** Any other quick pick (by its title); falls back to pickContext. */
  quickPick: undefined as undefined | ((items: any[], options: { title?: string }) => unknown),
  inputBox: (_options: {
    title?: string;
    value?: string;
    validateInput?: (v: string) => string | undefined;
  }): string | undefined => undefined,
  onNamespacePicker: (_qp: StubQuickPick): void => undefined,
  /** The preview's answer: true applies the edit (the stub writes it), false cancels. */
  applyEdit: (_edit: WorkspaceEdit): boolean => false,
  edits: [] as WorkspaceEdit[],
  shown: [] as string[],
  /** Button to press in the next error/warning/info message. */
  choice: undefined as string | undefined,
};

export const workspace = {
  get isTrusted() {
    return stub.trusted;
  },
  textDocuments: [] as unknown[],
  fs: { readFile: async (uri: Uri) => readFileSync(uri.fsPath) },
  getWorkspaceFolder: () => ({ uri: Uri.file(stub.workspaceRoot) }),
  asRelativePath: (uri: Uri) => path.relative(stub.workspaceRoot, uri.fsPath),
  async applyEdit(edit: WorkspaceEdit): Promise<boolean> {
    stub.edits.push(edit);
    return stub.applyEdit(edit);
  },
};

export const window = {
  createStatusBarItem(id: string): StubItem {
    const item: StubItem = {
      id,
      text: '',
      tooltip: '',
      visible: false,
      disposed: false,
      show() {
        this.visible = true;
      },
      dispose() {
        this.disposed = true;
      },
    };
    stub.items.push(item);
    return item;
  },
  async showQuickPick(items: any[], options: { title?: string } = {}) {
    return stub.quickPick ? stub.quickPick(items, options) : stub.pickContext(items);
  },
  async showInputBox(options: { title?: string; value?: string; validateInput?: (v: string) => string | undefined }) {
    return stub.inputBox(options);
  },
  async showTextDocument(uri: Uri) {
    stub.shown.push(uri.fsPath);
  },
  activeTextEditor: undefined,
  createQuickPick() {
    const accept: Array<() => void> = [];
    const hide: Array<() => void> = [];
    const qp = {
      title: undefined as string | undefined,
      placeholder: undefined as string | undefined,
      value: '',
      busy: false,
      items: [] as Array<{ label: string; namespace?: string }>,
      selectedItems: [] as Array<{ label: string; namespace?: string }>,
      onDidAccept: (l: () => void) => accept.push(l),
      onDidHide: (l: () => void) => hide.push(l),
      show: () => setTimeout(() => stub.onNamespacePicker(qp), 0),
      dispose: () => undefined,
      accept: () => accept.forEach((l) => l()),
      hide: () => hide.forEach((l) => l()),
    };
    return qp;
  },
  showWarningMessage: async (m: string) => messageChoice(m),
  showErrorMessage: async (m: string) => messageChoice(m),
  showInformationMessage: async (m: string) => messageChoice(m),
};

const registered = new Map<string, (...args: unknown[]) => unknown>();
export const commands = {
  registerCommand(id: string, fn: (...args: unknown[]) => unknown) {
    registered.set(id, fn);
    return { dispose: () => registered.delete(id) };
  },
  executeCommand: async (id: string, ...args: unknown[]) => registered.get(id)?.(...args),
};

function messageChoice(m: string): string | undefined {
  stub.messages.push(m);
  const c = stub.choice;
  stub.choice = undefined;
  return c;
}
