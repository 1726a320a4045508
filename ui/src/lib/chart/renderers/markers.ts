import type { Marker } from '@qmo/sdk';
import { createSeriesMarkers, type SeriesMarker, type Time, type UTCTimestamp } from 'lightweight-charts';
import { msToChartTime } from '../candles.js';
import type { ShapePoint, ShapeRenderer } from './types.js';

function position(m: Marker): SeriesMarker<Time>['position'] {
  if (m.position === 'above') return 'aboveBar';
  if (m.position === 'below') return 'belowBar';
  return typeof m.price === 'number' ? 'atPriceMiddle' : 'inBar';
}

/**
 * Every marker of the points, once each, snapped to its candle. Markers sit on candles: those after
 * the last candle (future events) wait until their candle exists.
 */
function collect(points: readonly ShapePoint[], tfMs: number, lastCandle: number | null): Marker[] {
  const seen = new Map<string, Marker>();
  for (const p of points) {
    if (!Array.isArray(p.value)) continue;
    for (const m of p.value as Marker[]) {
      if (typeof m?.time !== 'number') continue;
      if (lastCandle === null || m.time >= lastCandle + tfMs) continue;
      const time = Math.floor(m.time / tfMs) * tfMs;
      const key = `${time}|${m.position}|${m.shape}|${m.text ?? ''}|${m.price ?? ''}`;
      seen.set(key, { ...m, time });
    }
  }
  return [...seen.values()].sort((a, b) => a.time - b.time);
}

/** `markers`: arrows, circles and squares on the candles, or on the indicator's own pane (series markers). */
export const renderMarkers: ShapeRenderer = (ctx, spec, color) => {
  const plugin = createSeriesMarkers<Time>(ctx.seriesFor(spec.pane), []);
  let count = 0;
  return {
    update(points) {
      const markers = collect(points, ctx.tfMs(), ctx.timeMap.lastTime).map((m): SeriesMarker<Time> => {
        const base = {
          time: msToChartTime(m.time) as UTCTimestamp,
          shape: m.shape,
          color: m.color ?? color,
          ...(m.text ? { text: m.text } : {}),
        };
        const pos = position(m);
        return pos === 'atPriceMiddle'
          ? { ...base, position: pos, price: m.price as number }
          : { ...base, position: pos as 'aboveBar' | 'belowBar' | 'inBar' };
      });
      plugin.setMarkers(markers);
      count = markers.length;
    },
    drawn: () => count,
    dispose() {
      plugin.detach();
    },
  };
};
