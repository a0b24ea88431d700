import { fileURLToPath } from 'node:url';
import type {
  CodeAction,
  CompletionItem,
  Diagnostic,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Position,
} from 'vscode-languageserver-types';
import type { FileRole } from '../check/check-chunk';
import { checkTextWithin } from '../check/check-text';
import type { Finding } from '../check/finding';
import type { PlatformConfig } from '../model/platform-config';
import { fileRole } from '../workspace/file-role';
import { ChunkCache, placeChunk, type PlacedChunk } from '../yaml/yaml-file';
import { splitDocuments, type TextChunk } from '../yaml/split-documents';
import { expired, type Deadline } from './deadline';
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
  /** The last split for completion and hover, which parse only the document under the cursor. */
  private lastSplit: { text: string; pieces: TextChunk[] } | undefined;

  constructor(private readonly configFor: (filePath: string) => PlatformConfig) {}

  roleOf(uri: string, text: string): FileRole | undefined {
    return fileRole(uriToPath(uri), text);
  }

  private configOf(uri: string): PlatformConfig {
    return this.configFor(uriToPath(uri));
  }

  diagnostics(uri: string, text: string): Finding[] {
    return this.diagnosticsWithin(uri, text).findings;
  }

  /** Diagnostics of the documents checked before `deadline`; `complete` when that was all of them. */
  diagnosticsWithin(
    uri: string,
    text: string,
    deadline?: Deadline,
  ): { findings: Finding[]; complete: boolean; checked: number; total: number } {
    const role = this.roleOf(uri, text);
    if (!role) return { findings: [], complete: true, checked: 0, total: 0 };
    const r = checkTextWithin(text, role, this.configOf(uri), this.cache, deadline);
    return { ...r, complete: r.checked === r.total };
  }

  /** The file's documents parsed before `deadline` (all of them without one). */
  private parsed(text: string, deadline?: Deadline): PlacedChunk[] {
    if (this.lastParse?.text === text) return this.lastParse.chunks;
    const chunks: PlacedChunk[] = [];
    const pieces = splitDocuments(text);
    for (const piece of pieces) {
      if (chunks.length > 0 && expired(deadline)) return chunks; // partial: not remembered
      chunks.push(placeChunk(piece, this.cache));
    }
    this.lastParse = { text, chunks };
    return chunks;
  }

  /** Only the document under the cursor is parsed: completion in a 100-document file parses one. */
  private placedAt(text: string, position: Position): PlacedChunk | undefined {
    if (this.lastParse?.text === text)
      return this.lastParse.chunks.reduce(
        (found, c) => (c.startLine <= position.line ? c : found),
        this.lastParse.chunks[0],
      );
    if (this.lastSplit?.text !== text) this.lastSplit = { text, pieces: splitDocuments(text) };
    const { pieces } = this.lastSplit;
    const piece = pieces.reduce((found, c) => (c.startLine <= position.line ? c : found), pieces[0]);
    return piece ? placeChunk(piece, this.cache) : undefined;
  }

  completion(uri: string, text: string, position: Position): CompletionItem[] {
    const role = this.roleOf(uri, text);
    if (!role) return [];
    const placed = this.placedAt(text, position);
    return placed ? complete(placed, position, role, this.configOf(uri)) : [];
  }

  hover(uri: string, text: string, position: Position): Hover | null {
    const role = this.roleOf(uri, text);
    if (!role) return null;
    const placed = this.placedAt(text, position);
    return placed ? hover(placed, position, role, this.configOf(uri)) : null;
  }

  codeActions(uri: string, diagnostics: Diagnostic[]): CodeAction[] {
    return quickFixes(uri, diagnostics);
  }

  symbols(uri: string, text: string, deadline?: Deadline): DocumentSymbol[] {
    return this.roleOf(uri, text) ? documentSymbols(this.parsed(text, deadline), deadline) : [];
  }

  folding(uri: string, text: string, deadline?: Deadline): FoldingRange[] {
    return this.roleOf(uri, text) ? foldingRanges(this.parsed(text, deadline), deadline) : [];
  }

  /** A closed document's parse trees leave with it: nothing else holds them once these go. */
  release(text: string): void {
    if (this.lastParse?.text === text) this.lastParse = undefined;
    if (this.lastSplit?.text === text) this.lastSplit = undefined;
    for (const piece of splitDocuments(text)) this.cache.delete(piece.text);
  }
}
