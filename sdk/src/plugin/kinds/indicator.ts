import type { z } from 'zod';
import type { Bar } from '../../domain/marketdata.js';

/** Indicators compute on floats: they are analytics, never money. */
export interface IndicatorBar {
  /** Bar open time, epoch ms. */
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export function toIndicatorBar(bar: Bar): IndicatorBar {
  return {
    time: bar.ts,
    open: Number(bar.open),
    high: Number(bar.high),
    low: Number(bar.low),
    close: Number(bar.close),
    volume: Number(bar.volume),
  };
}

/**
 * How an output is drawn. Series shapes (line, band, histogram) have one value per bar;
 * drawing shapes (markers, levels, zones, rays, timelines, labels) hold a list of items that
 * replaces the previous list, and may lie in the future (cycles, ingresses).
 */
export const OUTPUT_SHAPES = [
  'line',
  'band',
  'histogram',
  'markers',
  'levels',
  'zones',
  'rays',
  'timelines',
  'labels',
] as const;
export type OutputShape = (typeof OUTPUT_SHAPES)[number];

export interface OutputSpec {
  key: string;
  shape: OutputShape;
  label: string;
  /** CSS colour; the UI picks one when absent. */
  color?: string;
  /** On the price chart or in a pane of its own (oscillators). */
  pane: 'price' | 'own';
}

export interface ChartPoint {
  time: number;
  price: number;
}
export interface BandValue {
  upper: number;
  middle: number | null;
  lower: number;
}
export interface Marker {
  time: number;
  position: 'above' | 'below' | 'at';
  shape: 'circle' | 'square' | 'arrowUp' | 'arrowDown';
  price?: number;
  text?: string;
  color?: string;
}
export interface Level {
  price: number;
  label?: string;
  color?: string;
}
export interface Zone {
  from: ChartPoint;
  to: ChartPoint;
  label?: string;
  color?: string;
}
/** A ray from `anchor` through `through`: slope is in price per millisecond, never in pixels. */
export interface Ray {
  anchor: ChartPoint;
  through: ChartPoint;
  label?: string;
  color?: string;
}
export interface TimeLine {
  time: number;
  label?: string;
  color?: string;
}
export interface TextLabel {
  at: ChartPoint;
  text: string;
  color?: string;
}

export interface OutputValueByShape {
  line: number | null;
  histogram: number | null;
  band: BandValue | null;
  markers: Marker[];
  levels: Level[];
  zones: Zone[];
  rays: Ray[];
  timelines: TimeLine[];
  labels: TextLabel[];
}
export type OutputValue = OutputValueByShape[OutputShape];

/** One bar's output: a value per output key. */
export type IndicatorOutput = Record<string, OutputValue>;

export interface IndicatorInstance {
  /** Adds a closed bar and returns its output (nulls while warming up). */
  next(bar: IndicatorBar): IndicatorOutput;
  /** Output for a bar still forming, leaving the state as it was. */
  peek(bar: IndicatorBar): IndicatorOutput;
}

/** `indicator` kind, contributed to `indicators/v1`. Pure: same bars and params, same outputs. */
export interface Indicator<P = Record<string, unknown>> {
  /** Unique per host, e.g. "sma". */
  readonly id: string;
  readonly name: string;
  /** Menu group, e.g. "Classic", "Gann", "Astro". */
  readonly group: string;
  readonly description?: string;
  /** Parameters with defaults: `params.parse({})` yields the defaults. The UI renders a form from it. */
  readonly params: z.ZodType<P>;
  readonly outputs: readonly OutputSpec[];
  create(params: P): IndicatorInstance;
  /** A faster whole-series computation; must equal feeding `create()` bar by bar. */
  batch?(bars: readonly IndicatorBar[], params: P): IndicatorOutput[];
}

/** Computes a whole series, using the indicator's batch form when it has one. */
export function computeSeries<P>(
  indicator: Indicator<P>,
  params: P,
  bars: readonly IndicatorBar[],
): IndicatorOutput[] {
  if (indicator.batch) return indicator.batch(bars, params);
  const instance = indicator.create(params);
  return bars.map((bar) => instance.next(bar));
}
