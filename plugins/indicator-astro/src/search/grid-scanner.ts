import type { AstroEvent, EventSource } from './event.js';

/**
 * Scans time on a fixed grid aligned on the epoch (multiples of `step`), starting at the grid point at
 * or before `origin`: `sample(t)` is computed once per grid point and `interval` looks for events
 * between two consecutive samples (bracketing, then root-finding). As the grid does not depend on how
 * far or in which increments the scan is advanced, neither do the events.
 */
export abstract class GridScanner<S> implements EventSource {
  readonly pending: AstroEvent[] = [];
  private time: number;
  private last: S | undefined;

  constructor(
    protected readonly origin: number,
    protected readonly step: number,
  ) {
    this.time = Math.floor(origin / step) * step;
  }

  advance(to: number): void {
    this.last ??= this.sample(this.time);
    while (this.time < to) {
      const next = this.time + this.step;
      const sample = this.sample(next);
      const found = this.interval(this.time, this.last, next, sample);
      found.sort((a, b) => a.time - b.time);
      for (const event of found) this.pending.push(event);
      this.time = next;
      this.last = sample;
    }
  }

  abstract activeAtOrigin(): readonly string[];
  protected abstract sample(t: number): S;
  protected abstract interval(t0: number, s0: S, t1: number, s1: S): AstroEvent[];
}
