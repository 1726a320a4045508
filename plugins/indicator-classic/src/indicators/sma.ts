import { z } from 'zod';
import { defineClassicIndicator } from '../define-indicator.js';
import { SimpleAverage } from '../math/simple-average.js';
import { periodParam } from '../params.js';

export const smaParams = z.object({ period: periodParam(20, 'Bars averaged') });
export type SmaParams = z.output<typeof smaParams>;

/** Simple moving average of the close. */
export const sma = defineClassicIndicator<SmaParams>({
  id: 'sma',
  name: 'Simple Moving Average',
  description: 'Arithmetic mean of the last N closes',
  params: smaParams,
  outputs: [{ key: 'sma', shape: 'line', label: 'SMA', pane: 'price' }],
  stepper({ period }) {
    const average = new SimpleAverage(period);
    return { step: (bar, commit) => ({ sma: average.step(bar.close, commit) }) };
  },
});
