import { HistogramSeries } from 'lightweight-charts';
import { withAlpha } from '../theme.js';
import { seriesWriter } from './series-writer.js';
import type { ShapeRenderer } from './types.js';
import { isNumber, priceFormatFor, toSeriesData } from './values.js';

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
  const writer = seriesWriter(series, (points) => {
    const theme = ctx.theme();
    const bySign = spec.color
      ? undefined
      : (v: number) => ({ color: withAlpha(v >= 0 ? theme.up : theme.down, 0.7) });
    return toSeriesData(points, (v) => (isNumber(v) ? v : null), bySign);
  });
  return {
    update: (points) => writer.set(points),
    extend: (points) => writer.extend(points),
    drawn: () => writer.count(),
    dispose() {
      ctx.removeSeries(series);
    },
  };
};
