import type { ISeriesApi, Logical, SeriesType } from 'lightweight-charts';
import type { LayerContext } from './types.js';

/**
 * The time scale as a line: x of logical index 0 and the bar spacing. The chart converts only whole
 * indexes (fractions give 0), while drawings need fractions and indexes beyond the data.
 */
function linearScale(ctx: LayerContext): { x0: number; spacing: number } | null {
  const scale = ctx.chart.timeScale();
  const x0 = scale.logicalToCoordinate(0 as Logical);
  const x1 = scale.logicalToCoordinate(1 as Logical);
  if (x0 === null || x1 === null || x1 === x0) return null;
  return { x0, spacing: x1 - x0 };
}

/** x in CSS pixels of a time (epoch ms), extrapolated beyond the candles. */
export function xOf(ctx: LayerContext, timeMs: number): number | null {
  const logical = ctx.timeMap.toLogical(timeMs);
  const line = logical === null ? null : linearScale(ctx);
  return logical === null || !line ? null : line.x0 + logical * line.spacing;
}

/** Time (epoch ms) under an x coordinate, extrapolated beyond the candles. */
export function timeAtX(ctx: LayerContext, x: number): number | null {
  const line = linearScale(ctx);
  return line ? ctx.timeMap.toTime((x - line.x0) / line.spacing) : null;
}

export function yOf(series: ISeriesApi<SeriesType>, price: number): number | null {
  return series.priceToCoordinate(price);
}

/** A small filled tag with text, the way axis labels look; flips left of `x` when it would pass `maxX`. */
export function drawTag(
  g: CanvasRenderingContext2D,
  text: string,
  x: number,
  y: number,
  color: string,
  maxX = Number.POSITIVE_INFINITY,
): void {
  g.font = "10px Inter, 'Segoe UI', system-ui, sans-serif";
  const width = g.measureText(text).width + 8;
  const left = x + width > maxX ? Math.max(0, x - width - 4) : x;
  g.fillStyle = color;
  g.fillRect(left, y - 7, width, 14);
  g.fillStyle = '#0b0e14';
  g.textBaseline = 'middle';
  g.fillText(text, left + 4, y);
}
