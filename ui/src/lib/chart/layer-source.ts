import type { OutputSpec, RunnerBar } from '@qmo/sdk';
import type { InstrumentInfo } from '../api/types.js';
import type { ChartTimeframe } from '../state/chart-prefs.svelte.js';
import type { LayerValues } from './indicator-layer.js';

/** Bar replay: indicators over the bars in [from, asOf) that had closed by `asOf` (epoch ms). */
export interface ReplayBound {
  from: number;
  asOf: number;
}

/** What the chart shows now: what a layer's values are computed over. */
export interface LayerView {
  instrument: InstrumentInfo;
  tf: ChartTimeframe;
  replay: ReplayBound | null;
  /** Whether the candles have loaded (history still loading: not yet). */
  ready: boolean;
  /** The candles shown as indicator input (empty while history loads); built on each call. */
  bars(): RunnerBar[];
  /** Changes whenever the candles do. */
  version: number;
}

/** A layer's values, or why there are none (`quiet`: shown beside the fields, not in the banner). */
export type LayerOutcome =
  /** `tail`: only these points changed, at the end of `values.points`. */
  | { ok: true; outputs: readonly OutputSpec[]; values: LayerValues; tail?: LayerValues['points'] }
  | { ok: false; message: string; fieldErrors: Record<string, string>; quiet: boolean; error?: unknown }
  /** The browser cannot compute it: the host has to. */
  | { ok: false; fallback: true; message: string };

/** Where an indicator instance's values come from: the browser worker or the host. */
export interface LayerSource {
  readonly where: 'browser' | 'host';
  /** Whether `extend` can follow the view moving forward (values taken in, or a load under way). */
  readonly extendable: boolean;
  /** Whether the session computes it again when a bar closes (host values; a failed browser layer). */
  readonly refreshesOnClose: boolean;
  /** Computes over the whole view again. */
  refresh(view: LayerView): void;
  /** Takes in candles added or changed at the end of the view (live ticks, a replay step forward). */
  extend(view: LayerView): void;
  dispose(): void;
}

/** What a source needs of its instance: its indicator and parameters, and where to send outcomes. */
export interface LayerSourceOwner {
  uid: string;
  indicator: string;
  name: string;
  module: string | null;
  outputs: readonly OutputSpec[];
  params(): Record<string, unknown>;
  report(outcome: LayerOutcome): void;
}
