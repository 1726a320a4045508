import type { SeenBar } from './bar-history.js';

/** The bar with the lowest low (the earliest of equal ones). */
export function lowestLow(window: readonly SeenBar[]): SeenBar {
  let best = window[0]!;
  for (const bar of window) if (bar.low < best.low) best = bar;
  return best;
}

/** The bar with the highest high (the earliest of equal ones). */
export function highestHigh(window: readonly SeenBar[]): SeenBar {
  let best = window[0]!;
  for (const bar of window) if (bar.high > best.high) best = bar;
  return best;
}

/** The simple mean of the true ranges in the window: the default price of one bar for Gann angles. */
export function averageRange(window: readonly SeenBar[]): number {
  let sum = 0;
  for (const bar of window) sum += bar.trueRange;
  return sum / window.length;
}
