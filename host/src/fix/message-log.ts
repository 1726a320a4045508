import type { Clock, Logger } from '@qmo/sdk';
import { errorMessage } from '@qmo/sdk';
import type { DrizzleFixStore, NewFixMessage } from '../db/index.js';

const SOH = 1;

interface Pending {
  sessionId: string;
  direction: 'in' | 'out';
  bytes: Buffer;
  ts: number;
}

export interface FixMessageLogOptions {
  store: Pick<DrizzleFixStore, 'appendMessages'>;
  clock: Clock;
  logger: Logger;
  /** A batch is written after this long (default 100 ms) … */
  flushEveryMs?: number;
  /** … or as soon as this many messages wait (default 500). */
  batchSize?: number;
}

/**
 * The FIX message log: the acceptor's `log` hook copies each frame into a queue (nothing else on the
 * hot path); batches go to `fix_messages` in the background, one insert at a time, in order. A batch
 * the database refuses is kept and tried again with the next one. `close()` writes what is left.
 */
export class FixMessageLog {
  private queue: Pending[] = [];
  private writing: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private readonly flushEveryMs: number;
  private readonly batchSize: number;

  constructor(private readonly options: FixMessageLogOptions) {
    this.flushEveryMs = options.flushEveryMs ?? 100;
    this.batchSize = options.batchSize ?? 500;
  }

  /** The `log` hook of the acceptor. */
  readonly record = (sessionId: string, direction: 'in' | 'out', bytes: Uint8Array): void => {
    this.queue.push({ sessionId, direction, bytes: Buffer.from(bytes), ts: this.options.clock.now() });
    if (this.queue.length >= this.batchSize) this.flush();
    else if (this.timer === undefined && !this.closed)
      this.timer = setTimeout(() => this.flush(), this.flushEveryMs);
  };

  /** Starts writing what is queued; resolves when it (and everything before it) is written. */
  flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.writing = this.writing.then(() => this.writeQueued());
    return this.writing;
  }

  /** Writes everything queued; later frames are still written on the next `flush`. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
    if (this.queue.length > 0) await this.flush();
  }

  private async writeQueued(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, this.batchSize);
      try {
        await this.options.store.appendMessages(batch.map(toRow));
      } catch (error) {
        this.options.logger.error('FIX messages not logged yet; retried with the next batch', {
          count: batch.length,
          error: errorMessage(error),
        });
        if (!this.closed && this.timer === undefined)
          this.timer = setTimeout(() => this.flush(), this.flushEveryMs * 10);
        return;
      }
      this.queue.splice(0, batch.length);
    }
  }
}

function toRow(p: Pending): NewFixMessage {
  return {
    sessionId: p.sessionId,
    direction: p.direction,
    seq: Number(fieldOf(p.bytes, '34') ?? 0) || 0,
    msgType: fieldOf(p.bytes, '35') ?? '',
    raw: p.bytes.toString('latin1'),
    ts: p.ts,
  };
}

/** The value of a header field (first occurrence after an SOH), without parsing the whole frame. */
export function fieldOf(bytes: Buffer, tag: string): string | undefined {
  const needle = Buffer.from(`\u0001${tag}=`, 'latin1');
  const at = bytes.indexOf(needle);
  if (at < 0) return undefined;
  const start = at + needle.length;
  let end = bytes.indexOf(SOH, start);
  if (end < 0) end = bytes.length;
  return bytes.toString('latin1', start, end);
}
