import { LineSeries } from 'lightweight-charts';
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
  return {
    update(points) {
      series.setData(toSeriesData(points, (v) => (isNumber(v) ? v : null)));
    },
    dispose() {
      ctx.removeSeries(series);
    },
  };
};
