import type { Range } from 'vscode-languageserver-types';
import { splitDocuments, type TextChunk } from './split-documents';
import { YamlChunk } from './yaml-chunk';

/** A chunk of a file: its parsed model (shared through the cache) and where it sits in the file. */
export interface PlacedChunk {
  chunk: YamlChunk;
  startLine: number;
  startOffset: number;
}

/** A range of a chunk moved to file coordinates: the chunk starts `lines` lines into the file. */
export function shiftRange(r: Range, lines: number): Range {
  return {
    start: { line: r.start.line + lines, character: r.start.character },
    end: { line: r.end.line + lines, character: r.end.character },
  };
}

/**
 * Keeps parsed chunks by their text, so re-parsing a 5,000-line file after a one-character edit only
 * parses the document that changed. Bounded (least recently used out).
 */
export class ChunkCache {
  private readonly map = new Map<string, YamlChunk>();
  private bytes = 0;

  /**
   * Bounded by count and by text size: a parse tree weighs tens of times its text, so a few large
   * documents must not pin hundreds of MB. The newest chunk is always kept, however large. 256 KB of
   * text (a 5,000-line multi-document file fits) keeps the hostile bench's 100–280 KB documents from
   * stacking up: at 1 MB, five or six of their trees (~10 MB each) stayed live and drove peak RSS.
   */
  constructor(
    private readonly capacity = 4000,
    private readonly maxBytes = 256 * 1024,
  ) {}

  get(text: string): YamlChunk {
    let chunk = this.map.get(text);
    if (chunk) {
      this.map.delete(text);
    } else {
      chunk = new YamlChunk(text);
      this.bytes += text.length;
    }
    this.map.set(text, chunk);
    while (this.map.size > 1 && (this.map.size > this.capacity || this.bytes > this.maxBytes))
      this.delete(this.map.keys().next().value as string);
    return chunk;
  }

  delete(text: string): void {
    if (this.map.delete(text)) this.bytes -= text.length;
  }

  get size(): number {
    return this.map.size;
  }

  clear(): void {
    this.map.clear();
    this.bytes = 0;
  }
}

export function parseFile(text: string, cache?: ChunkCache): PlacedChunk[] {
  return splitDocuments(text).map((c) => placeChunk(c, cache));
}

/** Parses one split-off document (through the cache when given). */
export function placeChunk(c: TextChunk, cache?: ChunkCache): PlacedChunk {
  return {
    chunk: cache ? cache.get(c.text) : new YamlChunk(c.text),
    startLine: c.startLine,
    startOffset: c.startOffset,
  };
}

/** The chunk containing a file offset. */
export function chunkAt(chunks: PlacedChunk[], offset: number): PlacedChunk | undefined {
  let found = chunks[0];
  for (const c of chunks) if (c.startOffset <= offset) found = c;
  return found;
}
