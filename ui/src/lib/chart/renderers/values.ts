import type { BandValue, OutputValue } from '@qmo/sdk';
import type { LineData, Time, UTCTimestamp, WhitespaceData } from 'lightweight-charts';
import { msToChartTime } from '../candles.js';
import type { ShapePoint } from './types.js';

export function isNumber(v: OutputValue | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

export function isBand(v: OutputValue | undefined): v is BandValue {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && 'upper' in v && 'lower' in v;
}

/** The list a drawing shape holds now: the last point's list replaces all earlier ones. */
export function latestList<T>(points: readonly ShapePoint[]): T[] {
  for (let i = points.length - 1; i >= 0; i--) {
    const v = points[i]?.value;
    if (Array.isArray(v)) return v as T[];
  }
  return [];
}

export type SeriesPoint = LineData<Time> | WhitespaceData<Time>;

/** One chart point per bar (seconds, ascending, unique); a missing value leaves a gap. */
export function toSeriesData(
  points: readonly ShapePoint[],
  pick: (v: OutputValue | undefined) => number | null,
  extra?: (value: number) => Partial<LineData<Time>>,
): SeriesPoint[] {
  const toPoint = (p: ShapePoint): SeriesPoint => {
    const time = msToChartTime(p.time) as UTCTimestamp;
    const value = pick(p.value);
    return value === null || !Number.isFinite(value) ? { time } : { time, value, ...extra?.(value) };
  };
  // Indicator points come in time order, one per bar: then a plain map is enough.
  const out: SeriesPoint[] = new Array(points.length);
  let ordered = true;
  for (let i = 0; i < points.length && ordered; i++) {
    out[i] = toPoint(points[i] as ShapePoint);
    ordered = i === 0 || (out[i]?.time as number) > (out[i - 1]?.time as number);
  }
  if (ordered) return out;
  const byTime = new Map<number, SeriesPoint>();
  for (const p of points) {
    const point = toPoint(p);
    byTime.set(point.time as number, point);
  }
  return [...byTime.values()].sort((a, b) => (a.time as number) - (b.time as number));
}

/** Points of a series that carry a value (not gaps). */
export function countValues(data: readonly SeriesPoint[]): number {
  return data.reduce((n, p) => n + ('value' in p ? 1 : 0), 0);
}

/** Readable values on oscillator scales, whatever their magnitude. */
export function formatIndicatorValue(value: number): string {
  const abs = Math.abs(value);
  if (abs === 0) return '0';
  if (abs >= 1000) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(2);
  if (abs >= 1) return value.toFixed(3);
  return value.toPrecision(4);
}

/** Price format for a series: the instrument's decimals on the price pane, adaptive elsewhere. */
export function priceFormatFor(pane: 'price' | 'own', precision: number) {
  return pane === 'price'
    ? { type: 'price' as const, precision, minMove: 10 ** -precision }
    : { type: 'custom' as const, formatter: formatIndicatorValue, minMove: 1e-9 };
}
