// The part of the `vscode` API the kube-context status item uses, recording what it shows and
// answering its pickers as the test says. Loaded in place of `vscode` by ./vscode-hook.ts.
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
  pickContext: (_items: Array<{ label: string; context?: string }>): unknown => undefined,
  onNamespacePicker: (_qp: StubQuickPick): void => undefined,
};

export const workspace = {
  get isTrusted() {
    return stub.trusted;
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
  async showQuickPick(items: Array<{ label: string; context?: string }>) {
    return stub.pickContext(items);
  },
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
  showWarningMessage: async (m: string) => void stub.messages.push(m),
  showErrorMessage: async (m: string) => void stub.messages.push(m),
};

const registered = new Map<string, (...args: unknown[]) => unknown>();
export const commands = {
  registerCommand(id: string, fn: (...args: unknown[]) => unknown) {
    registered.set(id, fn);
    return { dispose: () => registered.delete(id) };
  },
  executeCommand: async (id: string, ...args: unknown[]) => registered.get(id)?.(...args),
};
