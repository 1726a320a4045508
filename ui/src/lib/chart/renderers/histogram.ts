import { HistogramSeries } from 'lightweight-charts';
import { withAlpha } from '../theme.js';
import type { ShapeRenderer } from './types.js';
import { countValues, isNumber, priceFormatFor, toSeriesData } from './values.js';

/** `histogram`: bars from zero; without a colour of its own, up/down colours by sign. */
export const renderHistogram: ShapeRenderer = (ctx, spec, color) => {
  const series = ctx.addSeries(
    HistogramSeries,
    {
      color,
      base: 0,
      priceLineVisible: false,
      priceFormat: priceFormatFor(spec.pane, ctx.pricePrecision()),
    },
    spec.pane,
  );
  let count = 0;
  return {
    update(points) {
      const theme = ctx.theme();
      const bySign = spec.color
        ? undefined
        : (v: number) => ({ color: withAlpha(v >= 0 ? theme.up : theme.down, 0.7) });
      const data = toSeriesData(points, (v) => (isNumber(v) ? v : null), bySign);
      series.setData(data);
      count = countValues(data);
    },
    drawn: () => count,
    dispose() {
      ctx.removeSeries(series);
    },
  };
};
