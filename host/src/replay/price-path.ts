import { type Decimal, dec, decimal, floorToStep, type Instrument } from '@qmo/sdk';

/** The prices of a bar the path needs (decimal strings). */
export interface PathBar {
  open: Decimal;
  high: Decimal;
  low: Decimal;
  close: Decimal;
}

/** One price the path visits, and whether it got there rising (or flat) or falling. */
export interface PathPoint {
  price: Decimal;
  rising: boolean;
}

/** Working-order prices a bar's path visits on the way, at most this many per bar. */
export const MAX_PATH_LEVELS = 6;
/** Most points of one bar's path: open, two extremes, close and the levels on the way. */
export const MAX_PATH_POINTS = 4 + MAX_PATH_LEVELS;

/**
 * The path a bar's price takes: open → the nearer of high and low → the other → close (a tie goes
 * to the low first when the bar closes up, to the high first otherwise). `levels` (prices of working
 * orders) are visited on the way, each where the path first crosses it, so a stop or a limit meets
 * its own price rather than the next extreme. Repeated prices are visited once. `previous` (the last
 * price before the bar) says whether the open came rising or falling.
 */
export function pricePath(bar: PathBar, levels: readonly Decimal[] = [], previous?: Decimal): PathPoint[] {
  const { open, high, low, close } = bar;
  const nearer = decimal.cmp(decimal.sub(open, low), decimal.sub(high, open));
  const lowFirst = nearer < 0 || (nearer === 0 && decimal.cmp(close, open) >= 0);
  const corners = lowFirst ? [open, low, high, close] : [open, high, low, close];

  const pending = [...new Set(levels.map((l) => dec(l)))]
    .filter((l) => decimal.cmp(l, low) >= 0 && decimal.cmp(l, high) <= 0)
    .sort((a, b) => decimal.cmp(distance(a, open), distance(b, open)) || decimal.cmp(a, b))
    .slice(0, MAX_PATH_LEVELS);

  const prices: Decimal[] = [open];
  for (let i = 1; i < corners.length; i++) {
    const from = corners[i - 1]!;
    const to = corners[i]!;
    const up = decimal.cmp(to, from) >= 0;
    const between = pending.filter((l) => strictlyBetween(l, from, to));
    between.sort((a, b) => (up ? decimal.cmp(a, b) : decimal.cmp(b, a)));
    for (const level of between) pending.splice(pending.indexOf(level), 1);
    prices.push(...between, to);
  }

  const points: PathPoint[] = [];
  let last = previous ?? open;
  for (const price of prices) {
    if (points.length > 0 && decimal.cmp(price, last) === 0) continue;
    points.push({ price, rising: decimal.cmp(price, last) >= 0 });
    last = price;
  }
  return points;
}

/** A price on the instrument's tick grid (the nearest tick at or below one off the grid). */
export function onTickGrid(price: Decimal, instrument: Pick<Instrument, 'tickSize'>): Decimal {
  return floorToStep(price, instrument.tickSize);
}

function strictlyBetween(level: Decimal, a: Decimal, b: Decimal): boolean {
  const [lo, hi] = decimal.cmp(a, b) <= 0 ? [a, b] : [b, a];
  return decimal.cmp(level, lo) > 0 && decimal.cmp(level, hi) < 0;
}

/** |a − b|, exact. */
function distance(a: Decimal, b: Decimal): Decimal {
  const d = decimal.sub(a, b);
  return decimal.cmp(d, '0' as Decimal) < 0 ? decimal.neg(d) : d;
}
