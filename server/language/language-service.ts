import { fileURLToPath } from 'node:url';
import type { CodeAction, CompletionItem, Diagnostic, DocumentSymbol, FoldingRange, Hover, Position } from 'vscode-languageserver-types';
import type { FileRole } from '../check/check-chunk';
import { checkText } from '../check/check-text';
import type { Finding } from '../check/finding';
import type { PlatformConfig } from '../model/platform-config';
import { fileRole } from '../workspace/file-role';
import { chunkAt, ChunkCache, parseFile, type PlacedChunk } from '../yaml/yaml-file';
import { quickFixes } from './code-actions';
import { complete } from './completion';
import { hover } from './hover';
import { documentSymbols, foldingRanges } from './outline';

export function uriToPath(uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      return uri;
    }
  }
  return uri.replace(/^[a-z-]+:/i, '');
}

/**
 * Everything the editor asks about intent files, without any transport: the LSP server, the CLI
 * and tests call the same methods.
 */
export class IntentLanguageService {
  readonly cache = new ChunkCache();
  /** The last split of each text: completion and hover on an unchanged document skip re-splitting it. */
  private lastParse: { text: string; chunks: PlacedChunk[] } | undefined;

  constructor(private readonly configFor: (filePath: string) => PlatformConfig) {}

  roleOf(uri: string, text: string): FileRole | undefined {
    return fileRole(uriToPath(uri), text);
  }

  private configOf(uri: string): PlatformConfig {
    return this.configFor(uriToPath(uri));
  }

  diagnostics(uri: string, text: string): Finding[] {
    const role = this.roleOf(uri, text);
    return role ? checkText(text, role, this.configOf(uri), this.cache) : [];
  }

  private parsed(text: string): PlacedChunk[] {
    if (this.lastParse?.text !== text) this.lastParse = { text, chunks: parseFile(text, this.cache) };
    return this.lastParse.chunks;
  }

  private placedAt(text: string, position: Position) {
    const chunks = this.parsed(text);
    const lineStartOffset = chunks.reduce((found, c) => (c.startLine <= position.line ? c : found), chunks[0]);
    return { chunks, placed: lineStartOffset ?? chunkAt(chunks, 0) };
  }

  completion(uri: string, text: string, position: Position): CompletionItem[] {
    const role = this.roleOf(uri, text);
    if (!role) return [];
    const { placed } = this.placedAt(text, position);
    return placed ? complete(placed, position, role, this.configOf(uri)) : [];
  }

  hover(uri: string, text: string, position: Position): Hover | null {
    const role = this.roleOf(uri, text);
    if (!role) return null;
    const { placed } = this.placedAt(text, position);
    return placed ? hover(placed, position, role, this.configOf(uri)) : null;
  }

  codeActions(uri: string, diagnostics: Diagnostic[]): CodeAction[] {
    return quickFixes(uri, diagnostics);
  }

  symbols(uri: string, text: string): DocumentSymbol[] {
    return this.roleOf(uri, text) ? documentSymbols(this.parsed(text)) : [];
  }

  folding(uri: string, text: string): FoldingRange[] {
    return this.roleOf(uri, text) ? foldingRanges(this.parsed(text)) : [];
  }
}
