import type { Indicator, IndicatorBar, IndicatorInstance, IndicatorOutput } from '@qmo/sdk';
import { z } from 'zod';

const params = z.object({
  period: z.number().int().min(1).max(1000).default(10).describe('Bars to look back'),
});
type Params = z.infer<typeof params>;

/**
 * Rate of change: 100 · (close − close n bars ago) / close n bars ago.
 * Replace the computation with your own; keep `next` (commits a closed bar) and `peek`
 * (a forming bar, no state change) consistent.
 */
export const __CAMEL__: Indicator<Params> = {
  id: '__ID__',
  name: '__NAME__',
  group: 'Custom',
  description: 'Rate of change over a number of bars, in percent',
  params,
  outputs: [{ key: 'value', shape: 'line', label: '__NAME__', pane: 'own' }],
  create({ period }): IndicatorInstance {
    const closes: number[] = [];
    const compute = (close: number): IndicatorOutput => {
      const base = closes.length >= period ? closes[closes.length - period] : undefined;
      return { value: base === undefined || base === 0 ? null : (100 * (close - base)) / base };
    };
    return {
      next(bar: IndicatorBar) {
        const out = compute(bar.close);
        closes.push(bar.close);
        if (closes.length > period) closes.shift();
        return out;
      },
      peek: (bar: IndicatorBar) => compute(bar.close),
    };
  },
};
