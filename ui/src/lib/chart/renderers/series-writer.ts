import type { ISeriesApi, SeriesType } from 'lightweight-charts';
import type { ShapePoint } from './types.js';
import { countValues, type SeriesPoint } from './values.js';

/** One lightweight-charts series: set whole, or extended at its end, counting the bars with a value. */
export interface SeriesWriter {
  set(points: readonly ShapePoint[]): void;
  /** Points at or after the series' last time: `update` replaces the last one or appends. */
  extend(points: readonly ShapePoint[]): void;
  count(): number;
}

export function seriesWriter(
  series: ISeriesApi<SeriesType>,
  toData: (points: readonly ShapePoint[]) => SeriesPoint[],
): SeriesWriter {
  let count = 0;
  let last: SeriesPoint | null = null;
  const valued = (p: SeriesPoint | null) => (p && 'value' in p ? 1 : 0);
  return {
    set(points) {
      const data = toData(points);
      series.setData(data);
      count = countValues(data);
      last = data[data.length - 1] ?? null;
    },
    extend(points) {
      for (const p of toData(points)) {
        if (last && (p.time as number) < (last.time as number)) continue;
        if (last && p.time === last.time) count -= valued(last);
        series.update(p);
        count += valued(p);
        last = p;
      }
    },
    count: () => count,
  };
}
