import {
  CandlestickSeries,
  ColorType,
  CrosshairMode,
  createChart,
  HistogramSeries,
  type IChartApi,
  type ISeriesApi,
  LineSeries,
  LineStyle,
  type Logical,
  type MouseEventParams,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import type { Candle } from './candles.js';
import { chartTimeToMs, msToChartTime } from './candles.js';
import { futureTimes } from './future.js';
import { type ChartTheme, withAlpha } from './theme.js';
import { TimeMap } from './time-map.js';

/** What the chart shows now, for the legend and the test hooks. */
export interface CandleInfo {
  count: number;
  last: Candle | null;
}

export type CrosshairListener = (candle: Candle | null) => void;

const VOLUME_SCALE = 'volume';
const FONT = "Inter, 'Segoe UI', system-ui, -apple-system, sans-serif";

/** Owns the lightweight-charts instance: candles, volume overlay, panes and theme. */
export class ChartController {
  readonly chart: IChartApi;
  readonly candleSeries: ISeriesApi<'Candlestick'>;
  private readonly volumeSeries: ISeriesApi<'Histogram'>;
  /** Whitespace only: extends the time scale to the latest future drawing (nothing is placed past its end). */
  private readonly futureSeries: ISeriesApi<'Line'>;
  private futureHorizon: number | null = null;
  private futureKey = '';
  private futureCount = 0;
  private tfMs = 60_000;
  readonly timeMap = new TimeMap();
  private candles: Candle[] = [];
  /** Counts changes to the candles (indicator workers are sent them once per version). */
  private candlesVersion = 0;
  private byTime = new Map<number, Candle>();
  private theme: ChartTheme;
  private readonly candleListeners = new Set<(info: CandleInfo) => void>();

  constructor(container: HTMLElement, theme: ChartTheme) {
    this.theme = theme;
    this.chart = createChart(container, {
      autoSize: true,
      crosshair: { mode: CrosshairMode.Normal },
      // A small minimum spacing, so "Fit" can show the candles and months of future drawings at once.
      timeScale: {
        timeVisible: true,
        secondsVisible: false,
        rightOffset: 6,
        barSpacing: 7,
        minBarSpacing: 0.1,
      },
      rightPriceScale: { scaleMargins: { top: 0.08, bottom: 0.22 } },
      localization: { dateFormat: 'yyyy-MM-dd' },
    });
    this.candleSeries = this.chart.addSeries(CandlestickSeries, { priceLineStyle: LineStyle.Dotted }, 0);
    this.volumeSeries = this.chart.addSeries(
      HistogramSeries,
      {
        priceScaleId: VOLUME_SCALE,
        priceFormat: { type: 'volume' },
        lastValueVisible: false,
        priceLineVisible: false,
      },
      0,
    );
    this.chart.priceScale(VOLUME_SCALE, 0).applyOptions({ scaleMargins: { top: 0.82, bottom: 0 } });
    this.futureSeries = this.chart.addSeries(
      LineSeries,
      { lineVisible: false, lastValueVisible: false, priceLineVisible: false, crosshairMarkerVisible: false },
      0,
    );
    this.applyTheme(theme);
  }

  applyTheme(theme: ChartTheme): void {
    this.theme = theme;
    this.chart.applyOptions({
      layout: {
        background: { type: ColorType.Solid, color: theme.background },
        textColor: theme.muted,
        fontSize: 11,
        fontFamily: FONT,
        panes: { separatorColor: theme.border, separatorHoverColor: withAlpha(theme.primary, 0.3) },
      },
      grid: { vertLines: { color: theme.grid }, horzLines: { color: theme.grid } },
      rightPriceScale: { borderColor: theme.border },
      timeScale: { borderColor: theme.border },
      crosshair: {
        vertLine: { color: theme.muted, labelBackgroundColor: theme.surface },
        horzLine: { color: theme.muted, labelBackgroundColor: theme.surface },
      },
    });
    this.candleSeries.applyOptions({
      upColor: theme.up,
      downColor: theme.down,
      borderUpColor: theme.up,
      borderDownColor: theme.down,
      wickUpColor: theme.up,
      wickDownColor: theme.down,
    });
    if (this.candles.length) this.volumeSeries.setData(this.candles.map((c) => this.volumePoint(c)));
  }

  /** Price display of the instrument: decimals and tick. */
  setPriceFormat(precision: number, minMove: number): void {
    const safeMove = Number.isFinite(minMove) && minMove > 0 ? minMove : 10 ** -precision;
    this.candleSeries.applyOptions({ priceFormat: { type: 'price', precision, minMove: safeMove } });
  }

  /** Replaces all candles (sorted, unique times). */
  setCandles(candles: Candle[], tfMs: number): void {
    this.candles = candles;
    this.candlesVersion++;
    this.tfMs = tfMs;
    this.byTime = new Map(candles.map((c) => [c.time, c]));
    this.timeMap.reset(
      candles.map((c) => chartTimeToMs(c.time)),
      tfMs,
    );
    this.candleSeries.setData(candles.map((c) => this.candlePoint(c)));
    this.volumeSeries.setData(candles.map((c) => this.volumePoint(c)));
    this.futureKey = '';
    this.futureCount = 0;
    this.futureSeries.setData([]);
    this.chart.timeScale().scrollToRealTime();
    this.extendTimeScale();
    this.emit();
  }

  /**
   * The latest time (epoch ms) drawings refer to: the time scale is extended up to it with
   * whitespace bars, so future time lines have a place and the user can scroll to them.
   */
  setFutureHorizon(horizonMs: number | null): void {
    this.futureHorizon = horizonMs;
    this.extendTimeScale();
  }

  /**
   * Shows everything: the candles and the future the drawings reach. (`fitContent` stops at the last
   * candle: the chart anchors its right edge to the last bar with data, whitespace after it aside.)
   */
  fitAll(): void {
    const bars = this.candles.length + this.futureCount;
    if (bars > 0)
      this.chart.timeScale().setVisibleLogicalRange({ from: -0.5 as Logical, to: (bars + 1) as Logical });
  }

  /** The candles drawn, oldest first (not to be changed), and their version. */
  shownCandles(): { candles: readonly Candle[]; version: number } {
    return { candles: this.candles, version: this.candlesVersion };
  }

  /** Adds or replaces one candle; `historical` for a candle older than the newest. */
  upsertCandle(candle: Candle, historical: boolean): void {
    const last = this.candles[this.candles.length - 1];
    if (historical && !this.byTime.has(candle.time)) return;
    if (!last || candle.time > last.time) this.candles.push(candle);
    else if (candle.time === last.time) this.candles[this.candles.length - 1] = candle;
    else {
      const i = this.candles.findIndex((c) => c.time === candle.time);
      if (i < 0) return;
      this.candles[i] = candle;
    }
    this.candlesVersion++;
    this.byTime.set(candle.time, candle);
    this.timeMap.upsert(chartTimeToMs(candle.time));
    this.candleSeries.update(this.candlePoint(candle), historical);
    this.volumeSeries.update(this.volumePoint(candle), historical);
    this.emit();
  }

  candleAt(time: number): Candle | null {
    return this.byTime.get(time) ?? null;
  }

  get info(): CandleInfo {
    return { count: this.candles.length, last: this.candles[this.candles.length - 1] ?? null };
  }

  onCandles(listener: (info: CandleInfo) => void): () => void {
    this.candleListeners.add(listener);
    return () => this.candleListeners.delete(listener);
  }

  onCrosshair(listener: CrosshairListener): () => void {
    const handler = (param: MouseEventParams<Time>) => {
      listener(typeof param.time === 'number' ? this.candleAt(param.time) : null);
    };
    this.chart.subscribeCrosshairMove(handler);
    return () => this.chart.unsubscribeCrosshairMove(handler);
  }

  /** Oscillator panes stay small next to the price pane. */
  arrangePanes(): void {
    const panes = this.chart.panes();
    panes.forEach((pane, i) => {
      pane.setStretchFactor(i === 0 ? 4 : 1);
    });
  }

  /** Sets the whitespace bars after the last candle, keeping the visible range where it is. */
  private extendTimeScale(): void {
    const times = futureTimes(this.timeMap.lastTime, this.futureHorizon, this.tfMs);
    const key = `${times[0] ?? ''}:${times.length}`;
    if (key === this.futureKey) return;
    this.futureKey = key;
    this.futureCount = times.length;
    const scale = this.chart.timeScale();
    const range = this.candles.length ? scale.getVisibleLogicalRange() : null;
    this.futureSeries.setData(times.map((t) => ({ time: msToChartTime(t) as UTCTimestamp })));
    if (range) scale.setVisibleLogicalRange({ from: range.from as Logical, to: range.to as Logical });
  }

  dispose(): void {
    this.candleListeners.clear();
    this.chart.remove();
  }

  private emit(): void {
    const info = this.info;
    for (const listener of this.candleListeners) listener(info);
  }

  private candlePoint(c: Candle) {
    return { time: c.time as UTCTimestamp, open: c.open, high: c.high, low: c.low, close: c.close };
  }

  private volumePoint(c: Candle) {
    const color = withAlpha(c.close >= c.open ? this.theme.up : this.theme.down, 0.35);
    return { time: c.time as UTCTimestamp, value: c.volume, color };
  }
}
