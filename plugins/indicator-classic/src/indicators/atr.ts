import { z } from 'zod';
import { defineClassicIndicator } from '../define-indicator.js';
import { ExponentialAverage } from '../math/exponential-average.js';
import { periodParam } from '../params.js';

export const atrParams = z.object({ period: periodParam(14, 'Bars of Wilder smoothing of the true range') });
export type AtrParams = z.output<typeof atrParams>;

/**
 * Wilder's Average True Range. The true range is max(high − low, |high − prev close|, |low − prev close|),
 * and high − low on the first bar (Wilder, StockCharts, TradingView); the first ATR is the mean of the
 * first N true ranges (on bar N), then Wilder-smoothed.
 */
export const atr = defineClassicIndicator<AtrParams>({
  id: 'atr',
  name: 'Average True Range',
  description: "Wilder's average true range, a measure of volatility in price units",
  params: atrParams,
  outputs: [{ key: 'atr', shape: 'line', label: 'ATR', pane: 'own' }],
  stepper({ period }) {
    const average = ExponentialAverage.wilder(period);
    let previousClose: number | null = null;
    return {
      step(bar, commit) {
        const range = bar.high - bar.low;
        const trueRange =
          previousClose === null
            ? range
            : Math.max(range, Math.abs(bar.high - previousClose), Math.abs(bar.low - previousClose));
        const value = average.step(trueRange, commit);
        if (commit) previousClose = bar.close;
        return { atr: value };
      },
    };
  },
});
