import type { ChartPoint, Level, Ray, TimeLine } from '@qmo/sdk';
import { z } from 'zod';
import { defineGannIndicator } from '../define-indicator.js';
import { formatPrice } from '../math/format.js';
import { lookbackParam, priceParam, pricePerBarParam, requireKeys, timeParam } from '../params.js';
import { BarHistory, type HistoryView } from '../pivots/bar-history.js';
import { averageRange, highestHigh, lowestLow } from '../pivots/extremes.js';

/** The divisions of the box's price and time sides. */
export const BOX_GRID = [0, 0.25, 0.382, 0.5, 0.618, 0.75, 1] as const;

export const boxParams = z
  .object({
    pivots: z
      .enum(['auto', 'fixed'])
      .default('auto')
      .describe(
        'auto: the lowest low and highest high of the last `lookback` bars, earlier one first; fixed: start/end',
      ),
    lookback: lookbackParam(100, 'Bars searched for the two pivots'),
    startTime: timeParam('Fixed box: time of the first corner, epoch ms'),
    startPrice: priceParam('Fixed box: price of the first corner'),
    endTime: timeParam('Fixed box: time of the opposite corner, epoch ms (may be in the future)'),
    endPrice: priceParam('Fixed box: price of the opposite corner'),
    timeSpan: z
      .enum(['pivots', 'square'])
      .default('pivots')
      .describe('pivots: the box ends at the second pivot; square: it lasts |Δprice| / pricePerBar bars'),
    pricePerBar: pricePerBarParam(),
    diagonals: z.boolean().default(true).describe('Draw both diagonals of the box as rays'),
  })
  .superRefine((p, ctx) => {
    if (p.pivots === 'fixed')
      requireKeys(p, ['startTime', 'startPrice', 'endTime', 'endPrice'], 'when pivots is "fixed"', ctx);
  });
export type BoxParams = z.output<typeof boxParams>;

export interface BoxCorners {
  start: ChartPoint;
  end: ChartPoint;
}

function pivotCorners(p: BoxParams, view: HistoryView): BoxCorners | null {
  if (p.pivots === 'fixed')
    return {
      start: { time: p.startTime!, price: p.startPrice! },
      end: { time: p.endTime!, price: p.endPrice! },
    };
  const low = lowestLow(view.window);
  const high = highestHigh(view.window);
  if (low.index === high.index) return null;
  const [first, second] = low.index < high.index ? [low, high] : [high, low];
  return {
    start: { time: first.time, price: first === low ? first.low : first.high },
    end: { time: second.time, price: second === low ? second.low : second.high },
  };
}

/** With `timeSpan: square`, the time side is the price side at pricePerBar per bar. */
function squared(corners: BoxCorners, pricePerBar: number, interval: number): BoxCorners {
  const bars = Math.round(Math.abs(corners.end.price - corners.start.price) / pricePerBar);
  return {
    start: corners.start,
    end: { time: corners.start.time + bars * interval, price: corners.end.price },
  };
}

/** The grid, zone and diagonals of a box: price(f) = start + f·Δprice, time(f) = start + f·Δtime. */
export function boxDrawings(corners: BoxCorners, diagonals: boolean) {
  const { start, end } = corners;
  const prices: Level[] = BOX_GRID.map((f) => {
    const price = start.price + f * (end.price - start.price);
    return { price, label: `${f} ${formatPrice(price)}` };
  });
  const times: TimeLine[] = BOX_GRID.map((f) => ({
    time: Math.round(start.time + f * (end.time - start.time)),
    label: String(f),
  }));
  const rays: Ray[] = diagonals
    ? [
        { anchor: { ...start }, through: { ...end }, label: '1×1' },
        {
          anchor: { time: start.time, price: end.price },
          through: { time: end.time, price: start.price },
          label: '1×1',
        },
      ]
    : [];
  return { prices, times, box: [{ from: { ...start }, to: { ...end }, label: 'Gann box' }], diagonals: rays };
}

function empty() {
  return { prices: [], times: [], box: [], diagonals: [] };
}

/** Gann box: a price and time grid between two pivots, its zone, and optionally its diagonals. */
export const box = defineGannIndicator<BoxParams>({
  id: 'gann-box',
  name: 'Gann box',
  description:
    'A box between two pivots (the last swing low and high of `lookback` bars, or fixed corners) with ' +
    'price and time divided at 0, .25, .382, .5, .618, .75, 1. With timeSpan "square" the box lasts ' +
    '|Δprice| / pricePerBar bars, so it squares price with time and may extend into the future.',
  params: boxParams,
  outputs: [
    { key: 'prices', shape: 'levels', label: 'Box prices', pane: 'price' },
    { key: 'times', shape: 'timelines', label: 'Box times', pane: 'price' },
    { key: 'box', shape: 'zones', label: 'Gann box', pane: 'price' },
    { key: 'diagonals', shape: 'rays', label: 'Box diagonals', pane: 'price' },
  ],
  stepper(p) {
    const history = new BarHistory(p.lookback);
    return {
      step(bar, commit) {
        const view = history.step(bar, commit);
        const corners = pivotCorners(p, view);
        if (corners === null) return empty();
        if (p.timeSpan === 'pivots') {
          return corners.end.time === corners.start.time ? empty() : boxDrawings(corners, p.diagonals);
        }
        const pricePerBar = p.pricePerBar ?? averageRange(view.window);
        if (view.interval === null || !(pricePerBar > 0)) return empty();
        const square = squared(corners, pricePerBar, view.interval);
        return square.end.time === square.start.time ? empty() : boxDrawings(square, p.diagonals);
      },
    };
  },
});
