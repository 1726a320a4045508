import { z } from 'zod';
import { defineClassicIndicator } from '../define-indicator.js';
import { ExponentialAverage } from '../math/exponential-average.js';
import { periodParam } from '../params.js';

export const emaParams = z.object({ period: periodParam(20, 'Bars of the smoothing; α = 2/(N+1)') });
export type EmaParams = z.output<typeof emaParams>;

/** Exponential moving average of the close, seeded with the SMA of the first N closes. */
export const ema = defineClassicIndicator<EmaParams>({
  id: 'ema',
  name: 'Exponential Moving Average',
  description: 'Exponentially weighted mean of the closes, α = 2/(N+1), seeded with the SMA of the first N',
  params: emaParams,
  outputs: [{ key: 'ema', shape: 'line', label: 'EMA', pane: 'price' }],
  stepper({ period }) {
    const average = ExponentialAverage.ema(period);
    return { step: (bar, commit) => ({ ema: average.step(bar.close, commit) }) };
  },
});
