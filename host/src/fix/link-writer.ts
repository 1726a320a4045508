import { errorMessage, type Logger } from '@qmo/sdk';
import type { DrizzleFixStore } from '../db/index.js';

/** Most links one statement writes. */
const MAX_BATCH = 1000;

interface Link {
  account: string;
  clientOrderId: string;
  sessionId: string;
  ts: number;
}

/**
 * Writes the links of the orders the sessions entered (`fix_order_links`) in the background, in
 * batches: the links queued while one batch is written go together in the next. Nothing waits for
 * them: the order's actor names its session, committed with the order, and that is what a restart
 * falls back on when a link was not written (a crash, a failed batch, which is logged and dropped).
 */
export class LinkWriter {
  private queue: Link[] = [];
  private writing: Promise<void> | undefined;

  constructor(
    private readonly store: Pick<DrizzleFixStore, 'linkOrders'>,
    private readonly logger: Logger,
  ) {}

  add(link: Link): void {
    this.queue.push(link);
    this.writing ??= this.drain();
  }

  /** Resolves when everything queued so far is written (or dropped). */
  async idle(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async drain(): Promise<void> {
    // Starts after the current message's turn, so the links queued by the next ones join the batch.
    await Promise.resolve();
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          await this.store.linkOrders(batch);
        } catch (error) {
          this.logger.warn('FIX order links not written; the orders name their session', {
            count: batch.length,
            error: errorMessage(error),
          });
        }
      }
    } finally {
      this.writing = undefined;
    }
  }
}
