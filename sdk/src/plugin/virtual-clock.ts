import type { Clock } from './clock.js';
import type { Disposable } from './disposable.js';

interface Scheduled {
  id: number;
  at: number;
  every: number | null;
  callback: () => void;
}

/**
 * Virtual time (replay, tests): it stands still until its owner moves it, and every timer set on it
 * fires, in time order, as time passes its due time — never on wall time.
 */
export class VirtualClock implements Clock {
  private current: number;
  private nextId = 1;
  private readonly timers = new Map<number, Scheduled>();

  constructor(start: number | Date) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.current;
  }

  /** Timers set and neither fired (for a timeout) nor disposed: a leak check after a plugin stops. */
  get pendingTimers(): number {
    return this.timers.size;
  }

  setTimeout(callback: () => void, ms: number): Disposable {
    return this.schedule(callback, Math.max(0, ms), null);
  }

  setInterval(callback: () => void, ms: number): Disposable {
    const every = Math.max(1, ms);
    return this.schedule(callback, every, every);
  }

  /** Moves time forward by `ms`, firing every timer due on the way, in order. */
  advance(ms: number): void {
    this.advanceTo(this.current + ms);
  }

  /** Moves time to `target` (never back), firing every timer due on the way in order, then those due at `target`. */
  advanceTo(target: number): void {
    for (;;) {
      let due: Scheduled | undefined;
      for (const t of this.timers.values()) if (t.at <= target && (!due || t.at < due.at)) due = t;
      if (!due) break;
      this.current = Math.max(this.current, due.at);
      if (due.every === null) this.timers.delete(due.id);
      else due.at += due.every;
      due.callback();
    }
    this.current = Math.max(this.current, target);
  }

  /**
   * Moves time to `target` (never back) the way a suspended process wakes up: each timer due on the
   * way fires once, in order, and an interval that missed several periods then runs on from `target`.
   * For skipping a long stretch where nothing the timers do can matter in between.
   */
  jumpTo(target: number): void {
    const due = [...this.timers.values()].filter((t) => t.at <= target).sort((a, b) => a.at - b.at);
    this.current = Math.max(this.current, target);
    for (const t of due) {
      if (!this.timers.has(t.id)) continue;
      if (t.every === null) this.timers.delete(t.id);
      else t.at = target + t.every;
      t.callback();
    }
  }

  /** Fires what is due now (a zero-delay timeout set a moment ago), without moving time. */
  runDue(): void {
    this.advanceTo(this.current);
  }

  private schedule(callback: () => void, ms: number, every: number | null): Disposable {
    const id = this.nextId++;
    this.timers.set(id, { id, at: this.current + ms, every, callback });
    return { dispose: () => void this.timers.delete(id) };
  }
}
