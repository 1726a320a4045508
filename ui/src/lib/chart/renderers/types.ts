import type { OutputSpec, OutputValue } from '@qmo/sdk';
import type {
  IChartApi,
  ISeriesApi,
  SeriesDefinition,
  SeriesPartialOptionsMap,
  SeriesType,
} from 'lightweight-charts';
import type { ChartTheme } from '../theme.js';
import type { TimeMap } from '../time-map.js';

/** One output's value at one bar time (epoch ms). */
export interface ShapePoint {
  time: number;
  value: OutputValue | undefined;
}

/** What a renderer may use: the chart, the candle series to draw on, and series it adds to a pane. */
export interface LayerContext {
  readonly chart: IChartApi;
  readonly timeMap: TimeMap;
  theme(): ChartTheme;
  tfMs(): number;
  pricePrecision(): number;
  /** Adds a series on the price pane or on the indicator's own pane. */
  addSeries<T extends SeriesType>(
    definition: SeriesDefinition<T>,
    options: SeriesPartialOptionsMap[T],
    pane: OutputSpec['pane'],
  ): ISeriesApi<T>;
  removeSeries(series: ISeriesApi<SeriesType>): void;
  /** The series that markers, price lines and canvas drawings of a pane attach to. */
  seriesFor(pane: OutputSpec['pane']): ISeriesApi<SeriesType>;
}

/**
 * The drawing of one output; `update` gets the whole series of points each time (a drawing shape:
 * one point, the current list).
 */
export interface ShapeDrawing {
  update(points: readonly ShapePoint[]): void;
  /** Series shapes: points at the end of the series (a new bar, or the forming one again). */
  extend?(points: readonly ShapePoint[]): void;
  /** Items drawn: series values, price lines, markers, or the overlay items painted in the last frame. */
  drawn(): number;
  dispose(): void;
}

export type ShapeRenderer = (ctx: LayerContext, spec: OutputSpec, color: string) => ShapeDrawing;
