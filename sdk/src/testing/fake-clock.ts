import type { Clock } from '../plugin/clock.js';
import type { Disposable } from '../plugin/disposable.js';

interface Scheduled {
  id: number;
  at: number;
  every: number | null;
  callback: () => void;
}

/** Virtual time: nothing happens until the test advances it. Timers fire in time order. */
export class FakeClock implements Clock {
  private current: number;
  private nextId = 1;
  private readonly timers = new Map<number, Scheduled>();

  constructor(start: number | Date = Date.UTC(2026, 0, 5, 9, 0, 0)) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.current;
  }

  /** Timers not yet fired or disposed: a leak check after a plugin stops. */
  get pendingTimers(): number {
    return this.timers.size;
  }

  setTimeout(callback: () => void, ms: number): Disposable {
    return this.schedule(callback, Math.max(0, ms), null);
  }

  setInterval(callback: () => void, ms: number): Disposable {
    return this.schedule(callback, Math.max(1, ms), Math.max(1, ms));
  }

  /** Moves time forward by `ms`, firing every timer due on the way, in order. */
  advance(ms: number): void {
    this.advanceTo(this.current + ms);
  }

  advanceTo(target: number): void {
    for (;;) {
      let due: Scheduled | undefined;
      for (const t of this.timers.values()) if (t.at <= target && (!due || t.at < due.at)) due = t;
      if (!due) break;
      this.current = due.at;
      if (due.every === null) this.timers.delete(due.id);
      else due.at += due.every;
      due.callback();
    }
    this.current = Math.max(this.current, target);
  }

  private schedule(callback: () => void, ms: number, every: number | null): Disposable {
    const id = this.nextId++;
    this.timers.set(id, { id, at: this.current + ms, every, callback });
    return { dispose: () => void this.timers.delete(id) };
  }
}
