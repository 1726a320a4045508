import type { Zone } from '@qmo/sdk';
import { withAlpha } from '../theme.js';
import { drawTag, xOf, yOf } from './geometry.js';
import { overlayDrawing } from './overlay-shape.js';
import type { ShapeRenderer } from './types.js';

/** `zones`: translucent rectangles between two time/price corners, behind the candles. */
export const renderZones: ShapeRenderer = (ctx, spec, color) =>
  overlayDrawing<Zone>(
    ctx,
    spec.pane,
    (g, { items, size, series }) => {
      let drawn = 0;
      for (const z of items) {
        const x1 = xOf(ctx, z.from.time);
        const x2 = xOf(ctx, z.to.time);
        const y1 = yOf(series, z.from.price);
        const y2 = yOf(series, z.to.price);
        if (x1 === null || x2 === null || y1 === null || y2 === null) continue;
        const c = z.color ?? color;
        const left = Math.min(x1, x2);
        const top = Math.min(y1, y2);
        const w = Math.max(1, Math.abs(x2 - x1));
        const h = Math.max(1, Math.abs(y2 - y1));
        g.fillStyle = withAlpha(c, 0.14);
        g.fillRect(left, top, w, h);
        g.strokeStyle = withAlpha(c, 0.6);
        g.lineWidth = 1;
        g.strokeRect(left + 0.5, top + 0.5, w, h);
        if (z.label) drawTag(g, z.label, left + 2, top + 9, withAlpha(c, 0.85), size.width);
        drawn++;
      }
      return drawn;
    },
    'bottom',
  );
