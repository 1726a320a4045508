import type { IndicatorSeriesValues, OutputSpec, RunnerBar } from '@qmo/sdk';

/** Messages to the indicator worker. `id` pairs a request with its reply. */
export type WorkerRequest =
  /** The candles loads compute over, packed by `packBars` (sent once per version, transferred). */
  | { kind: 'bars'; version: number; columns: Float64Array }
  | {
      kind: 'load';
      id: number;
      layer: string;
      /** Absolute URL of the plugin's browser module. */
      url: string;
      indicator: string;
      params: Record<string, unknown>;
      /** The `bars` version to compute over (the latest sent before this message). */
      bars: number;
    }
  /** Bars after the layer's last closed bar: closed ones are committed, a forming last one peeked. */
  | { kind: 'update'; id: number; layer: string; bars: RunnerBar[] }
  | { kind: 'drop'; layer: string };

const COLUMNS = 7;

/** Bars as seven Float64 columns (time, open, high, low, close, volume, closed): one transferable buffer. */
export function packBars(bars: readonly RunnerBar[]): Float64Array {
  const n = bars.length;
  const out = new Float64Array(n * COLUMNS);
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
  const n = columns.length / COLUMNS;
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

export interface ParamIssue {
  /** `params.<key>`, as the host's problem+json names it. */
  path: string;
  message: string;
}

/**
 * A computed layer (for `update`, `points` holds the bars sent only); `unavailable` means the module
 * or the indicator could not be loaded here, so the host has to compute it.
 */
export type WorkerReply =
  | {
      id: number;
      ok: true;
      outputs: OutputSpec[];
      values: IndicatorSeriesValues;
      /** Open time of the last closed bar the layer has taken in, epoch ms. */
      lastClosed: number | null;
    }
  | { id: number; ok: false; reason: 'params'; message: string; errors: ParamIssue[] }
  | { id: number; ok: false; reason: 'unavailable' | 'failed'; message: string };
