import {
  type BandValue,
  type IndicatorOutput,
  type IndicatorPoint,
  type IndicatorSeriesValues,
  isSeriesShape,
  lastDrawings,
  type OutputSpec,
  type RunnerBar,
} from '@qmo/sdk';

/**
 * Bars and series cross the worker boundary as Float64 columns in transferred buffers: cloning 100,000
 * small objects costs more than computing an indicator over them.
 */
const BAR_COLUMNS = 7;

/** Bars as seven columns (time, open, high, low, close, volume, closed) in one buffer. */
export function packBars(bars: readonly RunnerBar[]): Float64Array {
  const n = bars.length;
  const out = new Float64Array(n * BAR_COLUMNS);
  bars.forEach((b, i) => {
    out[i] = b.time;
    out[n + i] = b.open;
    out[2 * n + i] = b.high;
    out[3 * n + i] = b.low;
    out[4 * n + i] = b.close;
    out[5 * n + i] = b.volume;
    out[6 * n + i] = b.closed ? 1 : 0;
  });
  return out;
}

export function unpackBars(columns: Float64Array): RunnerBar[] {
  const n = columns.length / BAR_COLUMNS;
  const out: RunnerBar[] = new Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = {
      time: columns[i] as number,
      open: columns[n + i] as number,
      high: columns[2 * n + i] as number,
      low: columns[3 * n + i] as number,
      close: columns[4 * n + i] as number,
      volume: columns[5 * n + i] as number,
      closed: columns[6 * n + i] === 1,
    };
  }
  return out;
}

/**
 * An indicator's series as columns: bar times, and per series output one column (line, histogram)
 * or three (band: upper, middle, lower), NaN where there is no value; drawings as the last bar's lists.
 */
export interface PackedSeries {
  times: Float64Array;
  columns: Record<string, Float64Array[]>;
  drawings: IndicatorSeriesValues['drawings'];
  drawingsTime: number | null;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : Number.NaN);

/** Packs per-bar outputs (as an `IndicatorRunner` gives them). */
export function packSeries(outputs: readonly OutputSpec[], perBar: readonly IndicatorPoint[]): PackedSeries {
  const n = perBar.length;
  const times = new Float64Array(n);
  const columns: Record<string, Float64Array[]> = {};
  const series = outputs.filter((o) => isSeriesShape(o.shape));
  for (const o of series) {
    columns[o.key] = Array.from({ length: o.shape === 'band' ? 3 : 1 }, () => new Float64Array(n));
  }
  perBar.forEach((p, i) => {
    times[i] = p.time;
    for (const o of series) {
      const [a, b, c] = columns[o.key] as Float64Array[];
      const v = p.values[o.key];
      if (o.shape !== 'band') (a as Float64Array)[i] = num(v);
      else {
        const band = v as BandValue | null | undefined;
        (a as Float64Array)[i] = num(band?.upper);
        (b as Float64Array)[i] = num(band?.middle);
        (c as Float64Array)[i] = num(band?.lower);
      }
    }
  });
  return { times, columns, ...lastDrawings(outputs, perBar) };
}

/** The buffers to transfer with a packed series. */
export function seriesBuffers(packed: PackedSeries): ArrayBuffer[] {
  return [packed.times, ...Object.values(packed.columns).flat()].map((a) => a.buffer as ArrayBuffer);
}

const value = (x: number | undefined): number | null => (x === undefined || Number.isNaN(x) ? null : x);

/** The series values as points again (the shape the chart's layers draw). */
export function unpackSeries(outputs: readonly OutputSpec[], packed: PackedSeries): IndicatorSeriesValues {
  const series = outputs.filter((o) => isSeriesShape(o.shape) && packed.columns[o.key]);
  const points: IndicatorPoint[] = new Array(packed.times.length);
  for (let i = 0; i < packed.times.length; i++) {
    const values: IndicatorOutput = {};
    for (const o of series) {
      const [a, b, c] = packed.columns[o.key] as Float64Array[];
      if (o.shape !== 'band') values[o.key] = value(a?.[i]);
      else {
        const upper = value(a?.[i]);
        const lower = value(c?.[i]);
        values[o.key] = upper === null || lower === null ? null : { upper, middle: value(b?.[i]), lower };
      }
    }
    points[i] = { time: packed.times[i] as number, values };
  }
  return { points, drawings: packed.drawings, drawingsTime: packed.drawingsTime };
}
