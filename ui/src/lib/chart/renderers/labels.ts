import type { TextLabel } from '@qmo/sdk';
import { xOf, yOf } from './geometry.js';
import { overlayDrawing } from './overlay-shape.js';
import type { ShapeRenderer } from './types.js';

/** `labels`: text at a time/price point. */
export const renderLabels: ShapeRenderer = (ctx, spec, color) =>
  overlayDrawing<TextLabel>(ctx, spec.pane, (g, { items: labels, series }) => {
    g.font = "11px Inter, 'Segoe UI', system-ui, sans-serif";
    g.textBaseline = 'middle';
    let drawn = 0;
    for (const label of labels) {
      const x = xOf(ctx, label.at.time);
      const y = yOf(series, label.at.price);
      if (x === null || y === null) continue;
      g.fillStyle = label.color ?? color;
      g.beginPath();
      g.arc(x, y, 2, 0, Math.PI * 2);
      g.fill();
      g.fillText(label.text, x + 5, y);
      drawn++;
    }
    return drawn;
  });
