import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the ClOrdID an order has at the venue survives a restart. */
export interface ClOrdIdMemory {
  get(orderId: string): string | undefined;
  set(orderId: string, clOrdId: string): void;
  delete(orderId: string): void;
}

interface Line {
  o: string;
  /** The ClOrdID; absent: forgotten (the order ended). */
  c?: string;
}

/**
 * The ClOrdID of each working order whose replace the venue confirmed (the venue knows the order by
 * it from then on), as JSON lines appended to `<dir>/clordids.jsonl`, the last line of an order
 * winning; a line cut short by a crash is skipped. Rewritten with the live entries when opened.
 */
export class ClOrdIdFile implements ClOrdIdMemory {
  private readonly entries = new Map<string, string>();
  private readonly path: string;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, 'clordids.jsonl');
    let text = '';
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      // none yet
    }
    for (const raw of text.split('\n')) {
      const line = parseLine(raw);
      if (!line) continue;
      if (line.c === undefined) this.entries.delete(line.o);
      else this.entries.set(line.o, line.c);
    }
    writeFileSync(this.path, [...this.entries].map(([o, c]) => `${JSON.stringify({ o, c })}\n`).join(''));
  }

  get(orderId: string): string | undefined {
    return this.entries.get(orderId);
  }

  set(orderId: string, clOrdId: string): void {
    if (this.entries.get(orderId) === clOrdId) return;
    this.entries.set(orderId, clOrdId);
    appendFileSync(this.path, `${JSON.stringify({ o: orderId, c: clOrdId })}\n`);
  }

  delete(orderId: string): void {
    if (!this.entries.delete(orderId)) return;
    appendFileSync(this.path, `${JSON.stringify({ o: orderId })}\n`);
  }
}

function parseLine(raw: string): Line | undefined {
  if (raw.trim() === '') return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return undefined;
    const { o, c } = value as Record<string, unknown>;
    if (typeof o !== 'string' || (c !== undefined && typeof c !== 'string')) return undefined;
    return c === undefined ? { o } : { o, c };
  } catch {
    return undefined;
  }
}
