import type { IndicatorBar } from '@qmo/sdk';

/** A bar as the history keeps it: its position in the series and its true range. */
export interface SeenBar {
  index: number;
  time: number;
  high: number;
  low: number;
  close: number;
  /** max(high − low, |high − prev close|, |low − prev close|); high − low on the first bar. */
  trueRange: number;
}

export interface HistoryView {
  /** The last `length` bars, oldest first, the current bar last. */
  window: readonly SeenBar[];
  current: SeenBar;
  /**
   * The bar interval in ms: the smallest positive gap between consecutive bar times so far (a weekend
   * or a session break is a longer gap, never a shorter one); null before the second bar.
   */
  interval: number | null;
}

/**
 * The bars an indicator looks back on. `step(bar, false)` shows the history as if `bar` were added
 * and changes nothing; `step(bar, true)` adds it. Only bars up to the current one are ever seen.
 */
export class BarHistory {
  private readonly kept: SeenBar[] = [];
  private count = 0;
  private previous: SeenBar | null = null;
  private smallestGap: number | null = null;

  constructor(private readonly length: number) {}

  step(bar: IndicatorBar, commit: boolean): HistoryView {
    const previous = this.previous;
    const range = bar.high - bar.low;
    const trueRange =
      previous === null
        ? range
        : Math.max(range, Math.abs(bar.high - previous.close), Math.abs(bar.low - previous.close));
    const current: SeenBar = {
      index: this.count,
      time: bar.time,
      high: bar.high,
      low: bar.low,
      close: bar.close,
      trueRange,
    };
    const gap = previous === null ? 0 : bar.time - previous.time;
    const interval =
      gap > 0 && (this.smallestGap === null || gap < this.smallestGap) ? gap : this.smallestGap;
    const view: HistoryView = { window: [...this.kept, current], current, interval };
    if (commit) {
      this.kept.push(current);
      if (this.kept.length >= this.length) this.kept.shift();
      this.count++;
      this.previous = current;
      this.smallestGap = interval;
    }
    return view;
  }
}
