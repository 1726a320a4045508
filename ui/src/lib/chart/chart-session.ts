import type { Bar, IndicatorPoint } from '@qmo/sdk';
import { api } from '../api/endpoints.js';
import type { IndicatorInfo, InstrumentInfo } from '../api/types.js';
import { BrowserIndicators } from '../indicators/compute/browser-indicators.js';
import type { ChartIndicator } from '../indicators/instances.js';
import type { ChartTimeframe } from '../state/chart-prefs.svelte.js';
import { reportError } from '../state/errors.svelte.js';
import { CandleAggregator } from './aggregator.js';
import { barToCandle, type Candle, normalizeCandles } from './candles.js';
import type { ChartController } from './chart-controller.js';
import { IndicatorInstance, type InstanceDeps } from './indicator-instance.js';
import type { LayerView, ReplayBound } from './layer-source.js';
import { runnerBars } from './runner-bars.js';
import type { ChartTheme } from './theme.js';
import { TIMEFRAME_MS_UI } from './timeframes.js';
import { recentWindow } from './window.js';

export type { ReplayBound } from './layer-source.js';

export interface SessionCallbacks {
  onLoading(loading: boolean): void;
  /** Points drawn for an instance (null while loading or failed), its last error and field errors. */
  onIndicator: InstanceDeps['onIndicator'];
}

/** Instances computed again on a closed minute wait this long after it. */
const CLOSE_DEBOUNCE_MS = 250;
/** Browser-computed instances follow the forming candle at most this often. */
const LIVE_UPDATE_MS = 250;

const isAbort = (e: unknown) => e instanceof DOMException && e.name === 'AbortError';

/**
 * What the chart shows: history of the instrument and timeframe, live 1-minute bars merged into
 * the current candle, and the active indicator instances. An instance whose plugin has a browser
 * module is computed in a worker over the candles shown and follows each live update; the others
 * are fetched from the host when a minute closes or params change.
 */
export class ChartSession {
  private instrument: InstrumentInfo | null = null;
  private tf: ChartTimeframe = '1m';
  private aggregator: CandleAggregator | null = null;
  /** Live bars that arrive while history loads, applied after it. */
  private pending: Bar[] | null = null;
  private loadAbort: AbortController | null = null;
  private readonly instances = new Map<string, IndicatorInstance>();
  private closeTimer: ReturnType<typeof setTimeout> | null = null;
  private liveTimer: ReturnType<typeof setTimeout> | null = null;
  /** An earlier candle changed since the browser instances took it in. */
  private stale = false;
  /** Set while replaying: live bars are ignored and indicators end at the bound. */
  private replay: ReplayBound | null = null;
  /** The candles shown are the history (or the replay), not an empty chart while history loads. */
  private candlesReady = false;
  private readonly worker = new BrowserIndicators();
  private readonly deps: InstanceDeps;

  constructor(
    private readonly controller: ChartController,
    theme: () => ChartTheme,
    private readonly callbacks: SessionCallbacks,
  ) {
    this.deps = {
      controller,
      env: {
        theme,
        tfMs: () => TIMEFRAME_MS_UI[this.tf],
        pricePrecision: () => this.instrument?.pricePrecision ?? 2,
      },
      worker: this.worker,
      view: () => this.view(),
      onIndicator: (...args) => callbacks.onIndicator(...args),
      onDrawn: () => this.updateHorizon(),
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
    this.candlesReady = false;
    this.pending = [];
    const tfMs = TIMEFRAME_MS_UI[tf];
    this.controller.setPriceFormat(instrument.pricePrecision, Number(instrument.tickSize));
    this.controller.setCandles([], tfMs);
    // Host instances are fetched beside the bars; browser ones wait for them.
    for (const instance of this.instances.values()) {
      instance.clear();
      instance.refresh();
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
      this.candlesReady = true;
      const aggregator = new CandleAggregator(tfMs);
      aggregator.seed(last, minutes, fetchedAt);
      this.aggregator = aggregator;
    } catch (e) {
      if (isAbort(e)) return;
      reportError(e, `Bars of ${instrument.symbol}`);
      this.aggregator = new CandleAggregator(tfMs);
      this.candlesReady = true;
    } finally {
      if (this.loadAbort === abort) {
        const queued = this.pending ?? [];
        this.pending = null;
        for (const bar of queued) this.applyBar(bar);
        this.callbacks.onLoading(false);
        for (const instance of this.instances.values()) if (instance.where === 'browser') instance.refresh();
      }
    }
  }

  /** A live bar from the stream. */
  handleBar(bar: Bar): void {
    if (this.replay || !this.instrument || bar.instrument !== this.instrument.id) return;
    if (this.pending) this.pending.push(bar);
    else this.applyBar(bar);
    if (bar.closed) this.scheduleCloseRefresh();
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
    const forward = this.replay !== null && bound.from === this.replay.from && bound.asOf >= this.replay.asOf;
    this.replay = bound;
    this.controller.setCandles(candles, TIMEFRAME_MS_UI[this.tf]);
    this.candlesReady = true;
    this.callbacks.onLoading(false);
    for (const instance of this.instances.values()) {
      // A step forward feeds a browser instance the new bars only; anything else computes it again.
      if (forward && instance.extendable) instance.extend();
      else instance.refresh();
    }
  }

  /** Follows the visible instances: adds, removes (hidden ones too), and recomputes on param changes. */
  setIndicators(active: readonly ChartIndicator[], catalogue: ReadonlyMap<string, IndicatorInfo>): void {
    const wanted = new Map(active.filter((a) => a.visible && catalogue.has(a.id)).map((a) => [a.uid, a]));
    for (const [uid, instance] of this.instances) {
      if (wanted.get(uid)?.id === instance.indicator) continue;
      instance.dispose();
      this.instances.delete(uid);
    }
    this.updateHorizon();
    for (const [uid, a] of wanted) {
      const info = catalogue.get(a.id) as IndicatorInfo;
      const paramsKey = JSON.stringify(a.params);
      const existing = this.instances.get(uid);
      if (!existing) {
        const instance = new IndicatorInstance(uid, info, a.params, paramsKey, this.deps);
        this.instances.set(uid, instance);
        instance.refresh();
      } else if (existing.paramsKey !== paramsKey) {
        existing.setParams(info, a.params, paramsKey);
      }
    }
  }

  /** Items drawn per instance uid and output key: the test hook of the drawings. */
  drawn(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const [uid, instance] of this.instances) out[uid] = instance.layer.drawn();
    return out;
  }

  /** Where each instance's values come from, and its series values: the test hook of the computation. */
  computed(): Record<string, { source: 'browser' | 'host'; points: IndicatorPoint[] }> {
    const out: Record<string, { source: 'browser' | 'host'; points: IndicatorPoint[] }> = {};
    for (const [uid, instance] of this.instances)
      out[uid] = { source: instance.where, points: instance.points };
    return out;
  }

  /** Shows the candles and every future drawing. */
  fitAll(): void {
    this.controller.fitAll();
  }

  dispose(): void {
    this.loadAbort?.abort();
    if (this.closeTimer) clearTimeout(this.closeTimer);
    if (this.liveTimer) clearTimeout(this.liveTimer);
    for (const instance of this.instances.values()) instance.dispose();
    this.instances.clear();
    this.worker.dispose();
  }

  private view(): LayerView | null {
    const instrument = this.instrument;
    if (!instrument) return null;
    const { tf, replay, controller } = this;
    return {
      instrument,
      tf,
      replay,
      version: controller.shownCandles().version,
      ready: this.candlesReady,
      bars: () => runnerBars(controller.shownCandles().candles, TIMEFRAME_MS_UI[tf], replay?.asOf ?? null),
    };
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
    if (!update) return;
    this.controller.upsertCandle(update.candle, update.historical);
    this.scheduleLiveUpdate(update.historical);
  }

  /** Host-computed instances (and failed browser ones) are computed again once a minute has closed. */
  private scheduleCloseRefresh(): void {
    if (this.closeTimer) clearTimeout(this.closeTimer);
    this.closeTimer = setTimeout(() => {
      this.closeTimer = null;
      for (const instance of this.instances.values()) if (instance.refreshesOnClose) instance.refresh();
    }, CLOSE_DEBOUNCE_MS);
  }

  /** Browser instances follow the forming candle; a change to an earlier candle computes them again. */
  private scheduleLiveUpdate(historical: boolean): void {
    if (historical) this.stale = true;
    if (this.liveTimer) return;
    this.liveTimer = setTimeout(() => {
      this.liveTimer = null;
      const stale = this.stale;
      this.stale = false;
      for (const instance of this.instances.values()) {
        if (instance.where !== 'browser') continue;
        if (stale) instance.refresh();
        else instance.extend();
      }
    }, LIVE_UPDATE_MS);
  }

  /** The time scale reaches the latest future drawing of any instance. */
  private updateHorizon(): void {
    let horizon: number | null = null;
    for (const instance of this.instances.values()) {
      const t = instance.layer.latestTime();
      if (t !== null && (horizon === null || t > horizon)) horizon = t;
    }
    this.controller.setFutureHorizon(horizon);
  }
}
