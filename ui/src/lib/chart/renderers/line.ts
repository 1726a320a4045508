import { LineSeries } from 'lightweight-charts';
import type { ShapeRenderer } from './types.js';
import { countValues, isNumber, priceFormatFor, toSeriesData } from './values.js';

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
  let count = 0;
  return {
    update(points) {
      const data = toSeriesData(points, (v) => (isNumber(v) ? v : null));
      series.setData(data);
      count = countValues(data);
    },
    drawn: () => count,
    dispose() {
      ctx.removeSeries(series);
    },
  };
};
