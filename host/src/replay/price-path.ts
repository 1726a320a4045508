import { type Decimal, dec, decimal, floorSteps, fromSteps, type Instrument, toSteps } from '@qmo/sdk';

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
  const toHigh = big(high) - big(open);
  const toLow = big(open) - big(low);
  const lowFirst = toLow < toHigh || (toLow === toHigh && decimal.cmp(close, open) >= 0);
  const corners = lowFirst ? [open, low, high, close] : [open, high, low, close];

  const pending = [...new Set(levels.map((l) => dec(l)))]
    .filter((l) => decimal.cmp(l, low) >= 0 && decimal.cmp(l, high) <= 0)
    .sort((a, b) => distance(a, open) - distance(b, open) || decimal.cmp(a, b))
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
  try {
    toSteps(price, instrument.tickSize);
    return dec(price);
  } catch {
    return fromSteps(floorSteps(price, instrument.tickSize), instrument.tickSize);
  }
}

/** The instant of each point inside the bar: `slotMs` apart from the bar's open time. */
export function pointTimes(barOpen: number, count: number, slotMs: number): number[] {
  return Array.from({ length: count }, (_, k) => barOpen + k * slotMs);
}

function strictlyBetween(level: Decimal, a: Decimal, b: Decimal): boolean {
  const [lo, hi] = decimal.cmp(a, b) <= 0 ? [a, b] : [b, a];
  return decimal.cmp(level, lo) > 0 && decimal.cmp(level, hi) < 0;
}

/** Exact difference as a scaled integer comparison helper (sorting only). */
function distance(a: Decimal, b: Decimal): number {
  return Math.abs(Number(decimal.sub(a, b)));
}

/** A decimal as a bigint scaled to 18 places, for exact comparisons of differences. */
function big(value: Decimal): bigint {
  const [int, frac = ''] = value.split('.');
  const negative = int!.startsWith('-');
  const digits = BigInt(`${negative ? int!.slice(1) : int}${frac.padEnd(18, '0').slice(0, 18)}`);
  return negative ? -digits : digits;
}
