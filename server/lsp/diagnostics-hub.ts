import type { Connection, Diagnostic } from 'vscode-languageserver/node';

/**
 * Several producers publish to the same file: the intent checks and the review of each chart. LSP
 * replaces a file's diagnostics on every publish, so the hub keeps each producer's share and
 * publishes their union.
 */
export class DiagnosticsHub {
  private readonly byUri = new Map<string, Map<string, Diagnostic[]>>();

  constructor(private readonly connection: Connection) {}

  set(producer: string, uri: string, diagnostics: Diagnostic[], version?: number): void {
    let shares = this.byUri.get(uri);
    if (!shares) this.byUri.set(uri, (shares = new Map()));
    if (diagnostics.length) shares.set(producer, diagnostics);
    else shares.delete(producer);
    const all = [...shares.values()].flat();
    if (shares.size === 0) this.byUri.delete(uri);
    void this.connection.sendDiagnostics({ uri, version, diagnostics: all });
  }

  /** Replaces everything a producer published: files it no longer names are cleared. */
  replaceAll(producer: string, next: Map<string, Diagnostic[]>): void {
    for (const [uri, shares] of this.byUri) if (shares.has(producer) && !next.has(uri)) this.set(producer, uri, []);
    for (const [uri, diagnostics] of next) this.set(producer, uri, diagnostics);
  }

  clear(uri: string): void {
    this.byUri.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }
}
