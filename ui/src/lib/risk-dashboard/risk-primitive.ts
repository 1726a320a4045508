import type { AutoscaleInfo } from 'lightweight-charts';
import { CanvasOverlay, type OverlayDraw } from '../chart/overlay-primitive.js';

/** The chart overlay of the plan, which also widens the price scale's auto range to its levels. */
export class RiskPrimitive extends CanvasOverlay {
  constructor(
    draw: OverlayDraw,
    private readonly range: () => { min: number; max: number } | null,
  ) {
    super(draw, 'bottom');
  }

  autoscaleInfo(): AutoscaleInfo | null {
    const r = this.range();
    return r ? { priceRange: { minValue: r.min, maxValue: r.max } } : null;
  }
}
