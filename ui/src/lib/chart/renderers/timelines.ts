import type { TimeLine } from '@qmo/sdk';
import { drawTag, xOf } from './geometry.js';
import { overlayDrawing } from './overlay-shape.js';
import type { ShapeRenderer } from './types.js';

/** `timelines`: dashed vertical lines at a time (past or future), labelled at the top. */
export const renderTimelines: ShapeRenderer = (ctx, spec, color) =>
  overlayDrawing<TimeLine>(ctx, spec.pane, (g, { items: lines, size }) => {
    g.lineWidth = 1;
    g.setLineDash([4, 4]);
    let drawn = 0;
    for (const line of lines) {
      const x = xOf(ctx, line.time);
      if (x === null || x < 0 || x > size.width) continue;
      const c = line.color ?? color;
      const px = Math.round(x) + 0.5;
      g.strokeStyle = c;
      g.beginPath();
      g.moveTo(px, 0);
      g.lineTo(px, size.height);
      g.stroke();
      drawn++;
      if (line.label) {
        g.setLineDash([]);
        drawTag(g, line.label, px + 2, 10, c, size.width);
        g.setLineDash([4, 4]);
      }
    }
    return drawn;
  });
