import type { Bar } from '@qmo/sdk';
import { api } from '../api/endpoints.js';
import { ApiError } from '../api/http.js';
import type { IndicatorInfo, InstrumentInfo } from '../api/types.js';
import { type ChartIndicator, paramErrorsOf } from '../indicators/instances.js';
import type { ChartTimeframe } from '../state/chart-prefs.svelte.js';
import { reportError } from '../state/errors.svelte.js';
import { CandleAggregator } from './aggregator.js';
import { barToCandle, type Candle, normalizeCandles } from './candles.js';
import type { ChartController } from './chart-controller.js';
import { IndicatorLayer, type LayerEnv } from './indicator-layer.js';
import type { ChartTheme } from './theme.js';
import { TIMEFRAME_MS_UI } from './timeframes.js';
import { recentWindow } from './window.js';

export interface SessionCallbacks {
  onLoading(loading: boolean): void;
  /** Points drawn for an instance (null while loading or failed), its last error and field errors. */
  onIndicator(
    uid: string,
    points: number | null,
    error: string | null,
    fieldErrors: Record<string, string>,
  ): void;
}

interface LayerEntry {
  uid: string;
  info: IndicatorInfo;
  layer: IndicatorLayer;
  paramsKey: string;
  params: Record<string, unknown>;
  abort: AbortController | null;
  timer: ReturnType<typeof setTimeout> | null;
  /** The failure last shown, so a refresh that fails the same way does not show it again. */
  lastError: string | null;
}

const PARAMS_DEBOUNCE_MS = 300;
const CLOSE_DEBOUNCE_MS = 250;

const isAbort = (e: unknown) => e instanceof DOMException && e.name === 'AbortError';

/** Bar replay: indicators over the bars in [from, asOf) that had closed by `asOf` (epoch ms). */
export interface ReplayBound {
  from: number;
  asOf: number;
}

/**
 * What the chart shows: history of the instrument and timeframe, live 1-minute bars merged into
 * the current candle, and the active indicators (re-fetched when a minute closes or params change).
 */
export class ChartSession {
  private instrument: InstrumentInfo | null = null;
  private tf: ChartTimeframe = '1m';
  private aggregator: CandleAggregator | null = null;
  /** Live bars that arrive while history loads, applied after it. */
  private pending: Bar[] | null = null;
  private loadAbort: AbortController | null = null;
  private readonly layers = new Map<string, LayerEntry>();
  private closeTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly env: LayerEnv;
  /** Set while replaying: live bars are ignored and indicators end at the bound. */
  private replay: ReplayBound | null = null;

  constructor(
    private readonly controller: ChartController,
    theme: () => ChartTheme,
    private readonly callbacks: SessionCallbacks,
  ) {
    this.env = {
      theme,
      tfMs: () => TIMEFRAME_MS_UI[this.tf],
      pricePrecision: () => this.instrument?.pricePrecision ?? 2,
    };
  }

  /** Loads the instrument at the timeframe; a newer call cancels an older one still loading. */
  async show(instrument: InstrumentInfo, tf: ChartTimeframe): Promise<void> {
    this.loadAbort?.abort();
    const abort = new AbortController();
    this.loadAbort = abort;
    this.instrument = instrument;
    this.tf = tf;
    this.replay = null;
    this.aggregator = null;
    this.pending = [];
    const tfMs = TIMEFRAME_MS_UI[tf];
    this.controller.setPriceFormat(instrument.pricePrecision, Number(instrument.tickSize));
    this.controller.setCandles([], tfMs);
    for (const entry of this.layers.values()) {
      entry.layer.clear();
      this.callbacks.onIndicator(entry.uid, null, null, {});
      this.refreshIndicator(entry);
    }
    this.controller.setFutureHorizon(null);
    this.callbacks.onLoading(true);
    try {
      const window = recentWindow(tf, Date.now());
      const res = await api.bars(instrument.id, window, abort.signal);
      const candles = normalizeCandles(res.bars.map((b) => barToCandle(b, tfMs)));
      const last = candles[candles.length - 1] ?? null;
      const fetchedAt = Date.now();
      const minutes = last
        ? await this.minutesOf(instrument.id, tf, last.time * 1000, res.bars, abort.signal)
        : [];
      if (abort.signal.aborted) return;
      this.controller.setCandles(candles, tfMs);
      const aggregator = new CandleAggregator(tfMs);
      aggregator.seed(last, minutes, fetchedAt);
      this.aggregator = aggregator;
    } catch (e) {
      if (isAbort(e)) return;
      reportError(e, `Bars of ${instrument.symbol}`);
      this.aggregator = new CandleAggregator(tfMs);
    } finally {
      if (this.loadAbort === abort) {
        const queued = this.pending ?? [];
        this.pending = null;
        for (const bar of queued) this.applyBar(bar);
        this.callbacks.onLoading(false);
      }
    }
  }

  /** A live bar from the stream. */
  handleBar(bar: Bar): void {
    if (this.replay || !this.instrument || bar.instrument !== this.instrument.id) return;
    if (this.pending) this.pending.push(bar);
    else this.applyBar(bar);
    if (bar.closed) this.scheduleIndicatorRefresh();
  }

  /**
   * Replay: shows `candles` (already cut at the replay cursor) and the indicators as of `bound`; live
   * bars are ignored until `show` loads the live chart again.
   */
  showReplay(candles: Candle[], bound: ReplayBound): void {
    this.loadAbort?.abort();
    this.loadAbort = null;
    this.pending = null;
    this.aggregator = null;
    this.replay = bound;
    this.controller.setCandles(candles, TIMEFRAME_MS_UI[this.tf]);
    this.callbacks.onLoading(false);
    for (const entry of this.layers.values()) this.refreshIndicator(entry);
  }

  /** Follows the visible instances: adds, removes (hidden ones too), and re-fetches on param changes. */
  setIndicators(active: readonly ChartIndicator[], catalogue: ReadonlyMap<string, IndicatorInfo>): void {
    const wanted = new Map(active.filter((a) => a.visible && catalogue.has(a.id)).map((a) => [a.uid, a]));
    for (const [uid, entry] of this.layers) {
      if (wanted.get(uid)?.id === entry.info.id) continue;
      this.dropLayer(entry);
      this.layers.delete(uid);
    }
    this.updateHorizon();
    for (const [uid, a] of wanted) {
      const info = catalogue.get(a.id) as IndicatorInfo;
      const paramsKey = JSON.stringify(a.params);
      const existing = this.layers.get(uid);
      if (!existing) {
        const entry: LayerEntry = {
          uid,
          info,
          layer: new IndicatorLayer(this.controller, this.env, uid),
          paramsKey,
          params: a.params,
          abort: null,
          timer: null,
          lastError: null,
        };
        this.layers.set(uid, entry);
        this.refreshIndicator(entry);
      } else if (existing.paramsKey !== paramsKey) {
        existing.paramsKey = paramsKey;
        existing.params = a.params;
        existing.info = info;
        this.debounce(existing, PARAMS_DEBOUNCE_MS);
      }
    }
  }

  /** Items drawn per instance uid and output key: the test hook of the drawings. */
  drawn(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const [uid, entry] of this.layers) out[uid] = entry.layer.drawn();
    return out;
  }

  /** Shows the candles and every future drawing. */
  fitAll(): void {
    this.controller.fitAll();
  }

  dispose(): void {
    this.loadAbort?.abort();
    if (this.closeTimer) clearTimeout(this.closeTimer);
    for (const entry of this.layers.values()) this.dropLayer(entry);
    this.layers.clear();
  }

  /** The 1-minute bars already inside the last candle, so live minutes do not count volume twice. */
  private async minutesOf(
    id: string,
    tf: ChartTimeframe,
    bucketStart: number,
    history: readonly Bar[],
    signal: AbortSignal,
  ): Promise<Bar[] | null> {
    if (tf === '1m') {
      const last = history.reduce<Bar | null>((a, b) => (!a || b.ts >= a.ts ? b : a), null);
      return last ? [last] : [];
    }
    const tfMs = TIMEFRAME_MS_UI[tf];
    try {
      const res = await api.bars(
        id,
        { tf: '1m', from: bucketStart, to: Date.now(), limit: tfMs / 60_000 + 1 },
        signal,
      );
      return res.bars;
    } catch (e) {
      if (isAbort(e)) throw e;
      return null;
    }
  }

  private applyBar(bar: Bar): void {
    const update = this.aggregator?.apply(bar);
    if (update) this.controller.upsertCandle(update.candle, update.historical);
  }

  private scheduleIndicatorRefresh(): void {
    if (this.closeTimer) clearTimeout(this.closeTimer);
    this.closeTimer = setTimeout(() => {
      this.closeTimer = null;
      for (const entry of this.layers.values()) this.refreshIndicator(entry);
    }, CLOSE_DEBOUNCE_MS);
  }

  private debounce(entry: LayerEntry, ms: number): void {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      entry.timer = null;
      this.refreshIndicator(entry);
    }, ms);
  }

  private refreshIndicator(entry: LayerEntry): void {
    const instrument = this.instrument;
    if (!instrument) return;
    entry.abort?.abort();
    const abort = new AbortController();
    entry.abort = abort;
    const tf = this.tf;
    const replay = this.replay;
    const window = replay
      ? { tf, from: replay.from, to: replay.asOf, limit: 50_000, asOf: replay.asOf }
      : recentWindow(tf, Date.now());
    api
      .indicatorValues(instrument.id, entry.info.id, window, entry.params, abort.signal)
      .then((res) => {
        if (abort.signal.aborted || this.layers.get(entry.uid) !== entry) return;
        const outputs = res.outputs?.length ? res.outputs : entry.info.outputs;
        entry.layer.render(outputs, {
          points: res.points ?? [],
          drawings: res.drawings ?? {},
          drawingsTime: res.drawingsTime ?? null,
        });
        this.updateHorizon();
        entry.lastError = null;
        this.callbacks.onIndicator(entry.uid, res.points?.length ?? 0, null, {});
      })
      .catch((e: unknown) => {
        if (isAbort(e) || this.layers.get(entry.uid) !== entry) return;
        const message = e instanceof Error ? e.message : String(e);
        const fieldErrors = e instanceof ApiError ? paramErrorsOf(e.problem) : {};
        // Invalid parameters show beside their fields; other failures in the banner.
        if (message !== entry.lastError && !Object.keys(fieldErrors).length)
          reportError(e, `${entry.info.name} on ${instrument.symbol}`);
        entry.lastError = message;
        entry.layer.clear();
        this.updateHorizon();
        this.callbacks.onIndicator(entry.uid, null, message, fieldErrors);
      })
      .finally(() => {
        if (entry.abort === abort) entry.abort = null;
      });
  }

  /** The time scale reaches the latest future drawing of any layer. */
  private updateHorizon(): void {
    let horizon: number | null = null;
    for (const entry of this.layers.values()) {
      const t = entry.layer.latestTime();
      if (t !== null && (horizon === null || t > horizon)) horizon = t;
    }
    this.controller.setFutureHorizon(horizon);
  }

  private dropLayer(entry: LayerEntry): void {
    entry.abort?.abort();
    if (entry.timer) clearTimeout(entry.timer);
    entry.layer.dispose();
  }
}
