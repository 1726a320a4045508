import type { OutputSpec, OutputValue } from '@qmo/sdk';
import { type ISeriesApi, LineSeries, type SeriesType } from 'lightweight-charts';
import type { IndicatorValuesResponse } from '../api/types.js';
import type { ChartController } from './chart-controller.js';
import { latestTimeOf } from './future.js';
import { paletteColor } from './palette.js';
import { type LayerContext, RENDERERS, type ShapeDrawing, type ShapePoint } from './renderers/index.js';
import type { ChartTheme } from './theme.js';

export interface LayerEnv {
  theme(): ChartTheme;
  tfMs(): number;
  pricePrecision(): number;
}

interface OutputDrawing {
  spec: OutputSpec;
  drawing: ShapeDrawing;
}

/** What a layer draws: the response's series per bar and drawing lists. */
export type LayerValues = Pick<IndicatorValuesResponse, 'points' | 'drawings' | 'drawingsTime'>;

const SERIES_SHAPES = new Set(['line', 'band', 'histogram']);

/** A stable colour slot per instance, so a line keeps its colour across reloads. */
function colorSeed(uid: string): number {
  let h = 0;
  for (let i = 0; i < uid.length; i++) h = (h * 31 + uid.charCodeAt(i)) | 0;
  return Math.abs(h);
}

/** The points an output's renderer gets: one per bar for a series, the one current list for a drawing. */
function pointsFor(spec: OutputSpec, values: LayerValues): ShapePoint[] {
  if (SERIES_SHAPES.has(spec.shape))
    return values.points.map((p) => ({ time: p.time, value: p.values[spec.key] }));
  const list: OutputValue | undefined = values.drawings?.[spec.key];
  return values.drawingsTime === null || list === undefined
    ? []
    : [{ time: values.drawingsTime, value: list }];
}

/**
 * The drawings of one indicator instance: one per output, made by the renderer of the output's shape.
 * Outputs with pane 'own' share one pane of their own, created below the price pane.
 */
export class IndicatorLayer {
  private readonly drawings = new Map<string, OutputDrawing>();
  private readonly ownSeries = new Set<ISeriesApi<SeriesType>>();
  private readonly ctx: LayerContext;
  private readonly seed: number;
  private latest: number | null = null;

  constructor(
    private readonly controller: ChartController,
    env: LayerEnv,
    readonly uid: string,
  ) {
    this.seed = colorSeed(uid);
    const chart = controller.chart;
    this.ctx = {
      chart,
      timeMap: controller.timeMap,
      theme: env.theme,
      tfMs: env.tfMs,
      pricePrecision: env.pricePrecision,
      addSeries: (definition, options, pane) => {
        if (pane === 'price') return chart.addSeries(definition, options, 0);
        const anchor = this.ownSeries.values().next().value;
        const index = anchor ? anchor.getPane().paneIndex() : chart.panes().length;
        const series = chart.addSeries(definition, options, index);
        this.ownSeries.add(series as ISeriesApi<SeriesType>);
        if (!anchor) controller.arrangePanes();
        return series;
      },
      seriesFor: (pane) => {
        if (pane === 'price') return controller.candleSeries;
        const existing = this.ownSeries.values().next().value;
        if (existing) return existing;
        // Drawings alone in their pane need a (blank) series to hang on.
        return this.ctx.addSeries(
          LineSeries,
          {
            lineVisible: false,
            lastValueVisible: false,
            priceLineVisible: false,
            crosshairMarkerVisible: false,
          },
          'own',
        );
      },
      removeSeries: (series) => {
        const paneIndex = series.getPane().paneIndex();
        this.ownSeries.delete(series);
        chart.removeSeries(series);
        const pane = chart.panes()[paneIndex];
        if (paneIndex > 0 && pane && pane.getSeries().length === 0) chart.removePane(paneIndex);
      },
    };
  }

  /**
   * Draws fresh values; drawings are reused while an output keeps its shape and pane. With `tail`
   * (the points that changed at the end: a live tick, a replay step), series that exist already take
   * only those, so a long history is not set again on every tick.
   */
  render(outputs: readonly OutputSpec[], values: LayerValues, tail?: LayerValues['points']): void {
    const keys = new Set(outputs.map((o) => o.key));
    for (const [key, d] of this.drawings) {
      if (!keys.has(key)) this.drop(key, d);
    }
    let latest: number | null = null;
    outputs.forEach((spec, i) => {
      let d = this.drawings.get(spec.key);
      if (d && (d.spec.shape !== spec.shape || d.spec.pane !== spec.pane)) {
        this.drop(spec.key, d);
        d = undefined;
      }
      const fresh = !d;
      if (!d) {
        const renderer = RENDERERS[spec.shape];
        if (!renderer) return;
        const color = spec.color ?? paletteColor(this.seed + i);
        d = { spec, drawing: renderer(this.ctx, spec, color) };
        this.drawings.set(spec.key, d);
      }
      if (tail && fresh === false && d.drawing.extend && SERIES_SHAPES.has(spec.shape)) {
        d.drawing.extend(tail.map((p) => ({ time: p.time, value: p.values[spec.key] })));
      } else d.drawing.update(pointsFor(spec, values));
      if (!SERIES_SHAPES.has(spec.shape)) {
        const t = latestTimeOf(values.drawings?.[spec.key]);
        if (t !== null && (latest === null || t > latest)) latest = t;
      }
    });
    this.latest = latest;
    this.controller.arrangePanes();
  }

  /** The latest time a drawing refers to (future cycles, ingresses), or null. */
  latestTime(): number | null {
    return this.latest;
  }

  /** Items drawn per output key (see `ShapeDrawing.drawn`). */
  drawn(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [key, d] of this.drawings) out[key] = d.drawing.drawn();
    return out;
  }

  /** Empties every drawing but keeps series and panes (while new values load). */
  clear(): void {
    for (const d of this.drawings.values()) d.drawing.update([]);
    this.latest = null;
  }

  dispose(): void {
    for (const [key, d] of this.drawings) this.drop(key, d);
    this.latest = null;
    this.controller.arrangePanes();
  }

  private drop(key: string, d: OutputDrawing): void {
    d.drawing.dispose();
    this.drawings.delete(key);
  }
}
