import type { OutputSpec } from '@qmo/sdk';
import type { ISeriesApi, PrimitivePaneViewZOrder, SeriesType } from 'lightweight-charts';
import { CanvasOverlay, type MediaSize } from '../overlay-primitive.js';
import type { LayerContext, ShapeDrawing, ShapePoint } from './types.js';
import { latestList } from './values.js';

/** What a paint function gets: the items, the pane size, and the series whose price scale to use. */
export interface PaintArgs<T> {
  items: readonly T[];
  size: MediaSize;
  series: ISeriesApi<SeriesType>;
}

/**
 * A drawing shape painted on a canvas overlay of its pane's series (the candles for pane 'price'):
 * holds the latest list of items and paints them with `paint` on every frame.
 */
export function overlayDrawing<T>(
  ctx: LayerContext,
  pane: OutputSpec['pane'],
  /** Paints the items; returns how many it drew (those with a place on the pane). */
  paint: (g: CanvasRenderingContext2D, args: PaintArgs<T>) => number,
  zOrder: PrimitivePaneViewZOrder = 'normal',
): ShapeDrawing {
  let items: T[] = [];
  let painted = 0;
  const series = ctx.seriesFor(pane);
  const overlay = new CanvasOverlay((g, size) => {
    painted = items.length ? paint(g, { items, size, series }) : 0;
  }, zOrder);
  series.attachPrimitive(overlay);
  return {
    update(points: readonly ShapePoint[]) {
      items = latestList<T>(points);
      if (!items.length) painted = 0;
      overlay.redraw();
    },
    drawn: () => painted,
    dispose() {
      series.detachPrimitive(overlay);
    },
  };
}
