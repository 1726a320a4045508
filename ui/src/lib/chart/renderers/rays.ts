import type { Ray } from '@qmo/sdk';
import type { ISeriesApi, SeriesType } from 'lightweight-charts';
import { drawTag, timeAtX, xOf, yOf } from './geometry.js';
import { overlayDrawing } from './overlay-shape.js';
import type { LayerContext, ShapeRenderer } from './types.js';

/** Pixels between samples: time→x is piecewise linear (gaps), so a ray is drawn as a polyline. */
const STEP_PX = 4;

/** The visible x samples of a ray starting at x0 and heading right (or left). */
function samples(x0: number, forward: boolean, width: number): number[] {
  const xs: number[] = [];
  if (forward) {
    if (x0 > width) return xs;
    xs.push(x0);
    for (let x = Math.max(x0, 0) + STEP_PX; x < width + STEP_PX; x += STEP_PX) xs.push(x);
  } else {
    if (x0 < 0) return xs;
    xs.push(x0);
    for (let x = Math.min(x0, width) - STEP_PX; x > -STEP_PX; x -= STEP_PX) xs.push(x);
  }
  return xs;
}

function yAt(
  ctx: LayerContext,
  series: ISeriesApi<SeriesType>,
  ray: Ray,
  slope: number,
  x: number,
): number | null {
  const t = timeAtX(ctx, x);
  return t === null ? null : yOf(series, ray.anchor.price + slope * (t - ray.anchor.time));
}

/** `rays`: from the anchor through the second point, extended to the chart's edge (slope in price per ms). */
export const renderRays: ShapeRenderer = (ctx, spec, color) =>
  overlayDrawing<Ray>(ctx, spec.pane, (g, { items: rays, size, series }) => {
    g.lineWidth = 1;
    let drawn = 0;
    for (const ray of rays) {
      const dt = ray.through.time - ray.anchor.time;
      if (dt === 0) continue;
      const slope = (ray.through.price - ray.anchor.price) / dt;
      const x0 = xOf(ctx, ray.anchor.time);
      if (x0 === null) continue;
      const c = ray.color ?? color;
      g.strokeStyle = c;
      g.beginPath();
      let started = false;
      /** Where the ray leaves the visible pane: its label goes there. */
      let lastVisible: { x: number; y: number } | null = null;
      for (const x of samples(x0, dt > 0, size.width)) {
        const y = yAt(ctx, series, ray, slope, x);
        if (y === null) continue;
        if (started) g.lineTo(x, y);
        else g.moveTo(x, y);
        started = true;
        if (y >= 8 && y <= size.height - 8 && x >= 0 && x <= size.width) lastVisible = { x, y };
      }
      g.stroke();
      if (started) drawn++;
      if (ray.label && lastVisible) drawTag(g, ray.label, lastVisible.x, lastVisible.y, c, size.width);
    }
    return drawn;
  });
