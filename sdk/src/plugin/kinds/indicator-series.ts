import type {
  Indicator,
  IndicatorBar,
  IndicatorOutput,
  OutputShape,
  OutputSpec,
  OutputValue,
} from './indicator.js';

/** A bar as indicator runners take it: `closed` false for the bar still forming. */
export interface RunnerBar extends IndicatorBar {
  closed: boolean;
}

export interface IndicatorPoint {
  /** Bar open time, epoch ms. */
  time: number;
  values: IndicatorOutput;
}

/**
 * An indicator over a window of bars as the host sends it and the web app draws it. Series shapes
 * (line, band, histogram) come per bar in `points`; drawing shapes come once, in `drawings`: the
 * lists of the last bar (a list replaces the previous one, so earlier lists are never drawn).
 */
export interface IndicatorSeriesValues {
  points: IndicatorPoint[];
  /** Each drawing output's current list, by output key (empty when there are no bars). */
  drawings: Record<string, OutputValue>;
  /** Open time of the bar whose lists `drawings` holds, or null without bars. */
  drawingsTime: number | null;
}

const SERIES_SHAPES: ReadonlySet<OutputShape> = new Set(['line', 'band', 'histogram']);

/** Whether an output's values come per bar (series) or as one current list (drawing). */
export function isSeriesShape(shape: OutputShape): boolean {
  return SERIES_SHAPES.has(shape);
}

/**
 * Feeds an indicator bar by bar, the one way the host and the browser run it: closed bars go
 * through `next`, a forming bar through `peek`, so nothing looks ahead and a forming bar can be
 * given again as it changes.
 */
export class IndicatorRunner<P = unknown> {
  private readonly instance;
  /** Open time of the last closed bar fed, or null. */
  lastClosed: number | null = null;

  constructor(indicator: Indicator<P>, params: P) {
    this.instance = indicator.create(params);
  }

  push(bar: RunnerBar): IndicatorPoint {
    if (this.lastClosed !== null && bar.time <= this.lastClosed) {
      throw new RangeError(`bar ${bar.time} is not after the last closed bar ${this.lastClosed}`);
    }
    if (!bar.closed) return { time: bar.time, values: this.instance.peek(bar) };
    this.lastClosed = bar.time;
    return { time: bar.time, values: this.instance.next(bar) };
  }
}

/** Keeps series values per bar and the drawing lists of the last bar only. */
export function splitOutputs(
  outputs: readonly OutputSpec[],
  perBar: readonly IndicatorPoint[],
): IndicatorSeriesValues {
  const seriesKeys = outputs.filter((o) => isSeriesShape(o.shape)).map((o) => o.key);
  const points = perBar.map(({ time, values }) => {
    const kept: IndicatorOutput = {};
    for (const key of seriesKeys) if (key in values) kept[key] = values[key] as OutputValue;
    return { time, values: kept };
  });
  return { points, ...lastDrawings(outputs, perBar) };
}

/** Each drawing output's list of the last bar (a list replaces the earlier ones), and that bar's time. */
export function lastDrawings(
  outputs: readonly OutputSpec[],
  perBar: readonly IndicatorPoint[],
): Pick<IndicatorSeriesValues, 'drawings' | 'drawingsTime'> {
  const last = perBar[perBar.length - 1];
  const drawings: Record<string, OutputValue> = {};
  for (const o of outputs) if (!isSeriesShape(o.shape)) drawings[o.key] = last?.values[o.key] ?? [];
  return { drawings, drawingsTime: last?.time ?? null };
}

/** Runs an indicator over bars (oldest first) and splits its outputs into series and drawings. */
export function computeIndicatorSeries<P>(
  indicator: Indicator<P>,
  params: P,
  bars: readonly RunnerBar[],
): IndicatorSeriesValues {
  const runner = new IndicatorRunner(indicator, params);
  return splitOutputs(
    indicator.outputs,
    bars.map((bar) => runner.push(bar)),
  );
}
