import { LineSeries } from 'lightweight-charts';
import { seriesWriter } from './series-writer.js';
import type { ShapeRenderer } from './types.js';
import { isNumber, priceFormatFor, toSeriesData } from './values.js';

/** `line`: one value per bar as a LineSeries, on the price pane or the indicator's own pane. */
export const renderLine: ShapeRenderer = (ctx, spec, color) => {
  const series = ctx.addSeries(
    LineSeries,
    {
      color,
      lineWidth: 2,
      priceLineVisible: false,
      crosshairMarkerVisible: false,
      priceFormat: priceFormatFor(spec.pane, ctx.pricePrecision()),
    },
    spec.pane,
  );
  const writer = seriesWriter(series, (points) => toSeriesData(points, (v) => (isNumber(v) ? v : null)));
  return {
    update: (points) => writer.set(points),
    extend: (points) => writer.extend(points),
    drawn: () => writer.count(),
    dispose() {
      ctx.removeSeries(series);
    },
  };
};
