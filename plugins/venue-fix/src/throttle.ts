import type { Clock, Disposable } from '@qmo/sdk';

export interface ThrottleOptions {
  /** Sends per window at most; undefined: no limit. */
  limit: number | undefined;
  windowMs?: number;
  clock: Clock;
  /** A timer owned by the plugin. */
  setTimeout(callback: () => void, ms: number): Disposable;
}

/**
 * A first-in first-out send queue: at most `limit` sends in any `windowMs` (a sliding window), the
 * rest wait in order — nothing dropped, nothing reordered. `pause` holds everything (while a send
 * would be lost) until `resume`.
 */
export class Throttle {
  private readonly queue: (() => void)[] = [];
  /** Times of the sends in the current window, oldest first. */
  private readonly sent: number[] = [];
  private readonly windowMs: number;
  private timer: Disposable | undefined;
  private paused = false;
  private closed = false;

  constructor(private readonly options: ThrottleOptions) {
    this.windowMs = options.windowMs ?? 1000;
  }

  /** Messages waiting. */
  get waiting(): number {
    return this.queue.length;
  }

  push(send: () => void): void {
    if (this.closed) return;
    this.queue.push(send);
    this.drain();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.drain();
  }

  /** Drops what waits and stops the timer. */
  close(): void {
    this.closed = true;
    this.queue.length = 0;
    this.timer?.dispose();
    this.timer = undefined;
  }

  private drain(): void {
    const { limit, clock } = this.options;
    while (!this.paused && !this.closed && this.queue.length > 0) {
      if (limit !== undefined) {
        const now = clock.now();
        while (this.sent.length > 0 && this.sent[0]! <= now - this.windowMs) this.sent.shift();
        if (this.sent.length >= limit) {
          this.schedule(this.sent[0]! + this.windowMs - now);
          return;
        }
        this.sent.push(now);
      }
      const send = this.queue.shift()!;
      send();
    }
  }

  private schedule(ms: number): void {
    if (this.timer) return;
    this.timer = this.options.setTimeout(() => {
      this.timer = undefined;
      this.drain();
    }, ms);
  }
}
