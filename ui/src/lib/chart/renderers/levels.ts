import type { Level } from '@qmo/sdk';
import { type IPriceLine, LineStyle } from 'lightweight-charts';
import type { ShapeRenderer } from './types.js';
import { latestList } from './values.js';

/** `levels`: horizontal price lines on the pane's series (the candles on 'price'), labelled on the axis. */
export const renderLevels: ShapeRenderer = (ctx, spec, color) => {
  const series = ctx.seriesFor(spec.pane);
  let lines: IPriceLine[] = [];
  const clear = () => {
    for (const line of lines) series.removePriceLine(line);
    lines = [];
  };
  return {
    update(points) {
      clear();
      for (const level of latestList<Level>(points)) {
        if (typeof level?.price !== 'number' || !Number.isFinite(level.price)) continue;
        lines.push(
          series.createPriceLine({
            price: level.price,
            color: level.color ?? color,
            lineWidth: 1,
            lineStyle: LineStyle.Dashed,
            axisLabelVisible: true,
            title: level.label ?? '',
          }),
        );
      }
    },
    drawn: () => lines.length,
    dispose: clear,
  };
};
