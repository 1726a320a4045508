import type { OutputSpec, RunnerBar } from '@qmo/sdk';
import type { PackedSeries } from './columns.js';

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
      /** Series as transferred columns, drawings as the last bar's lists (`unpackSeries` reads them). */
      values: PackedSeries;
      /** Open time of the last closed bar the layer has taken in, epoch ms. */
      lastClosed: number | null;
    }
  | { id: number; ok: false; reason: 'params'; message: string; errors: ParamIssue[] }
  | { id: number; ok: false; reason: 'unavailable' | 'failed'; message: string };
