import type { Marker } from '@qmo/sdk';
import { createSeriesMarkers, type SeriesMarker, type Time, type UTCTimestamp } from 'lightweight-charts';
import { msToChartTime } from '../candles.js';
import type { ShapePoint, ShapeRenderer } from './types.js';

function position(m: Marker): SeriesMarker<Time>['position'] {
  if (m.position === 'above') return 'aboveBar';
  if (m.position === 'below') return 'belowBar';
  return typeof m.price === 'number' ? 'atPriceMiddle' : 'inBar';
}

/** Every marker of every point (per-bar signals), once each, snapped to its candle. */
function collect(points: readonly ShapePoint[], tfMs: number): Marker[] {
  const seen = new Map<string, Marker>();
  for (const p of points) {
    if (!Array.isArray(p.value)) continue;
    for (const m of p.value as Marker[]) {
      if (typeof m?.time !== 'number') continue;
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
  return {
    update(points) {
      const markers = collect(points, ctx.tfMs()).map((m): SeriesMarker<Time> => {
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
    },
    dispose() {
      plugin.detach();
    },
  };
};
