import { z } from 'zod';
import { defineClassicIndicator } from '../define-indicator.js';
import { WindowDeviation } from '../math/window-deviation.js';
import { periodParam } from '../params.js';

export const bollingerParams = z.object({
  period: periodParam(20, 'Bars of the middle band (SMA) and the deviation'),
  multiplier: z
    .number()
    .min(0.1)
    .max(10)
    .default(2)
    .describe('Standard deviations between the middle and each outer band'),
});
export type BollingerParams = z.output<typeof bollingerParams>;

/** Bollinger Bands: SMA of the close ± multiplier × population standard deviation over the same window. */
export const bollinger = defineClassicIndicator<BollingerParams>({
  id: 'bollinger',
  name: 'Bollinger Bands',
  description: 'SMA of the closes with bands k population standard deviations above and below',
  params: bollingerParams,
  outputs: [{ key: 'bands', shape: 'band', label: 'Bollinger Bands', pane: 'price' }],
  stepper({ period, multiplier }) {
    const window = new WindowDeviation(period);
    return {
      step(bar, commit) {
        const stats = window.step(bar.close, commit);
        if (stats === null) return { bands: null };
        const width = multiplier * stats.deviation;
        return { bands: { upper: stats.mean + width, middle: stats.mean, lower: stats.mean - width } };
      },
    };
  },
});
