import type { IndicatorSeriesValues, OutputSpec, RunnerBar } from '@qmo/sdk';

/** Messages to the indicator worker. `id` pairs a request with its reply. */
export type WorkerRequest =
  | {
      kind: 'load';
      id: number;
      layer: string;
      /** Absolute URL of the plugin's browser module. */
      url: string;
      indicator: string;
      params: Record<string, unknown>;
      bars: RunnerBar[];
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
      values: IndicatorSeriesValues;
      /** Open time of the last closed bar the layer has taken in, epoch ms. */
      lastClosed: number | null;
    }
  | { id: number; ok: false; reason: 'params'; message: string; errors: ParamIssue[] }
  | { id: number; ok: false; reason: 'unavailable' | 'failed'; message: string };
