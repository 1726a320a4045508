import { type ISeriesApi, LineSeries, LineStyle } from 'lightweight-charts';
import { withAlpha } from '../theme.js';
import { seriesWriter } from './series-writer.js';
import type { ShapeRenderer } from './types.js';
import { isBand, priceFormatFor, toSeriesData } from './values.js';

/** `band`: upper and lower lines plus a dashed middle line (the middle may be absent). */
export const renderBand: ShapeRenderer = (ctx, spec, color) => {
  const base = {
    priceLineVisible: false,
    crosshairMarkerVisible: false,
    lastValueVisible: false,
    priceFormat: priceFormatFor(spec.pane, ctx.pricePrecision()),
  };
  const upper = ctx.addSeries(LineSeries, { ...base, color, lineWidth: 1 }, spec.pane);
  const middle = ctx.addSeries(
    LineSeries,
    { ...base, color: withAlpha(color, 0.7), lineWidth: 1, lineStyle: LineStyle.Dashed },
    spec.pane,
  );
  const lower = ctx.addSeries(LineSeries, { ...base, color, lineWidth: 1 }, spec.pane);
  const all: ISeriesApi<'Line'>[] = [upper, middle, lower];
  const writers = [
    seriesWriter(upper, (points) => toSeriesData(points, (v) => (isBand(v) ? v.upper : null))),
    seriesWriter(middle, (points) => toSeriesData(points, (v) => (isBand(v) ? v.middle : null))),
    seriesWriter(lower, (points) => toSeriesData(points, (v) => (isBand(v) ? v.lower : null))),
  ] as const;
  return {
    update: (points) => {
      for (const w of writers) w.set(points);
    },
    extend: (points) => {
      for (const w of writers) w.extend(points);
    },
    drawn: () => writers[0].count(),
    dispose() {
      for (const s of all) ctx.removeSeries(s);
    },
  };
};
