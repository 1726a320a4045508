import { compareDecimal, stepDecimal } from '../format/decimal.js';
import { type LevelKey, type Levels, priceOnGrid, sideOf } from './levels.js';

/** Pane y of each level (null when off the price scale). */
export type LevelYs = Record<LevelKey, number | null>;

/** The level whose line is nearest to `y` within `tolerance` pixels; the stop and target win ties over the entry. */
export function hitLevel(y: number, ys: LevelYs, tolerance = 6): LevelKey | null {
  let best: LevelKey | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const key of ['stop', 'target', 'entry'] as const) {
    const ly = ys[key];
    if (ly === null) continue;
    const d = Math.abs(ly - y);
    if (d <= tolerance && d < bestDistance) {
      best = key;
      bestDistance = d;
    }
  }
  return best;
}

const max = (a: string, b: string) => (compareDecimal(a, b) >= 0 ? a : b);
const min = (a: string, b: string) => (compareDecimal(a, b) <= 0 ? a : b);

/**
 * The levels after dragging `key` to the chart price `price` (a float from the price scale): snapped to the
 * tick grid and kept consistent — the stop stays on its side of the entry, the target on the other, and the
 * entry strictly between them, at least one tick apart. Null when the price is not a number.
 */
export function dragLevel(levels: Levels, key: LevelKey, price: number, tick: string): Levels | null {
  const p = priceOnGrid(price, tick);
  const side = sideOf(levels);
  if (p === null || side === null) return null;
  const below = (v: string) => stepDecimal(v, tick, -1);
  const above = (v: string) => stepDecimal(v, tick, 1);
  const long = side === 'buy';
  switch (key) {
    case 'stop':
      return { ...levels, stop: long ? min(p, below(levels.entry)) : max(p, above(levels.entry)) };
    case 'target':
      return { ...levels, target: long ? max(p, above(levels.entry)) : min(p, below(levels.entry)) };
    case 'entry': {
      const low = long ? levels.stop : levels.target;
      const high = long ? levels.target : levels.stop;
      // No room between them: the entry stays where it is.
      if (compareDecimal(above(low), below(high)) > 0) return levels;
      return { ...levels, entry: max(above(low), min(p, below(high))) };
    }
  }
}
