import type { ChartPoint, Ray } from '@qmo/sdk';
import { z } from 'zod';
import { defineGannIndicator } from '../define-indicator.js';
import { FAN_RATIOS } from '../math/fan-ratios.js';
import { lookbackParam, priceParam, pricePerBarParam, requireKeys, timeParam } from '../params.js';
import { BarHistory, type HistoryView } from '../pivots/bar-history.js';
import { averageRange, highestHigh, lowestLow } from '../pivots/extremes.js';

export const fanParams = z
  .object({
    pivot: z
      .enum(['auto', 'fixed'])
      .default('auto')
      .describe(
        'auto: the lowest low (up) or highest high (down) of the last `lookback` bars; fixed: pivotTime/pivotPrice',
      ),
    direction: z
      .enum(['up', 'down'])
      .default('up')
      .describe('Angles rising from a low, or falling from a high'),
    lookback: lookbackParam(100, 'Bars searched for the pivot, and averaged for the default price per bar'),
    pivotTime: timeParam('Time of a fixed pivot, epoch ms'),
    pivotPrice: priceParam('Price of a fixed pivot'),
    pricePerBar: pricePerBarParam(),
  })
  .superRefine((p, ctx) => {
    if (p.pivot === 'fixed') requireKeys(p, ['pivotTime', 'pivotPrice'], 'when pivot is "fixed"', ctx);
  });
export type FanParams = z.output<typeof fanParams>;

function pivotOf(p: FanParams, view: HistoryView): ChartPoint {
  if (p.pivot === 'fixed') return { time: p.pivotTime!, price: p.pivotPrice! };
  if (p.direction === 'up') {
    const low = lowestLow(view.window);
    return { time: low.time, price: low.low };
  }
  const high = highestHigh(view.window);
  return { time: high.time, price: high.high };
}

/**
 * The fan's rays from `pivot`: the a×b angle moves a·pricePerBar/b per bar, i.e. that over `interval`
 * ms. Each ray goes through the point `bars` bars after the pivot.
 */
export function fanRays(
  pivot: ChartPoint,
  direction: 'up' | 'down',
  pricePerBar: number,
  interval: number,
  bars: number,
): Ray[] {
  const sign = direction === 'up' ? 1 : -1;
  return FAN_RATIOS.map((ratio) => ({
    anchor: { ...pivot },
    through: {
      time: pivot.time + bars * interval,
      price: pivot.price + (sign * bars * ratio.price * pricePerBar) / ratio.bars,
    },
    label: ratio.label,
  }));
}

/** Gann fan: the nine angles 1×8 … 8×1 from a pivot, as rays whose slope is in price per ms. */
export const fan = defineGannIndicator<FanParams>({
  id: 'gann-fan',
  name: 'Gann fan',
  description:
    'Angles 1×8, 1×4, 1×3, 1×2, 1×1, 2×1, 3×1, 4×1, 8×1 from a pivot; a×b moves a price units every b ' +
    'bars, one unit = pricePerBar (default: the mean true range of the last `lookback` bars). The bar ' +
    'interval is the smallest gap between bar times, so the slope is in price per ms.',
  params: fanParams,
  outputs: [{ key: 'fan', shape: 'rays', label: 'Gann fan', pane: 'price' }],
  stepper(p) {
    const history = new BarHistory(p.lookback);
    return {
      step(bar, commit) {
        const view = history.step(bar, commit);
        const pricePerBar = p.pricePerBar ?? averageRange(view.window);
        if (view.interval === null || !(pricePerBar > 0)) return { fan: [] };
        const pivot = pivotOf(p, view);
        const barsSince = Math.max(1, Math.round((view.current.time - pivot.time) / view.interval));
        return { fan: fanRays(pivot, p.direction, pricePerBar, view.interval, barsSince) };
      },
    };
  },
});
