import type { PrimitivePaneViewZOrder } from 'lightweight-charts';
import { CanvasOverlay, type MediaSize } from '../overlay-primitive.js';
import type { LayerContext, ShapeDrawing, ShapePoint } from './types.js';
import { latestList } from './values.js';

/**
 * A drawing shape painted on a canvas overlay of the candle series: holds the latest list of items
 * and paints them with `paint` on every frame.
 */
export function overlayDrawing<T>(
  ctx: LayerContext,
  paint: (g: CanvasRenderingContext2D, items: readonly T[], size: MediaSize) => void,
  zOrder: PrimitivePaneViewZOrder = 'normal',
): ShapeDrawing {
  let items: T[] = [];
  const overlay = new CanvasOverlay((g, size) => {
    if (items.length) paint(g, items, size);
  }, zOrder);
  ctx.candles.attachPrimitive(overlay);
  return {
    update(points: readonly ShapePoint[]) {
      items = latestList<T>(points);
      overlay.redraw();
    },
    dispose() {
      ctx.candles.detachPrimitive(overlay);
    },
  };
}
