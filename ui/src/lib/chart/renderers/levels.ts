import type { Level } from '@qmo/sdk';
import { type IPriceLine, LineStyle } from 'lightweight-charts';
import type { ShapeRenderer } from './types.js';
import { latestList } from './values.js';

/** `levels`: horizontal price lines on the candle series, labelled on the price axis. */
export const renderLevels: ShapeRenderer = (ctx, _spec, color) => {
  let lines: IPriceLine[] = [];
  const clear = () => {
    for (const line of lines) ctx.candles.removePriceLine(line);
    lines = [];
  };
  return {
    update(points) {
      clear();
      for (const level of latestList<Level>(points)) {
        if (typeof level?.price !== 'number' || !Number.isFinite(level.price)) continue;
        lines.push(
          ctx.candles.createPriceLine({
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
    dispose: clear,
  };
};
