import type { Bar, IndicatorPoint, OutputSpec, OutputValue } from '@qmo/sdk';
import { api } from '../api/endpoints.js';
import { ApiError } from '../api/http.js';
import type { IndicatorInfo, InstrumentInfo } from '../api/types.js';
import { BrowserIndicators } from '../indicators/compute/browser-indicators.js';
import type { WorkerReply } from '../indicators/compute/protocol.js';
import { type ChartIndicator, paramErrorsOf } from '../indicators/instances.js';
import type { ChartTimeframe } from '../state/chart-prefs.svelte.js';
import { reportError } from '../state/errors.svelte.js';
import { CandleAggregator } from './aggregator.js';
import { barToCandle, type Candle, normalizeCandles } from './candles.js';
import type { ChartController } from './chart-controller.js';
import { IndicatorLayer, type LayerEnv } from './indicator-layer.js';
import { mergeTail, runnerBars } from './runner-bars.js';
import type { ChartTheme } from './theme.js';
import { TIMEFRAME_MS_UI } from './timeframes.js';
import { MAX_REPLAY_BARS } from '../replay/replay-feed.js';
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
  /** Where the values come from: the plugin's browser module, or the host when it has none or it fails. */
  source: 'browser' | 'host';
  /** Browser layers: the values drawn, and the last closed bar the worker has taken in. */
  outputs: readonly OutputSpec[];
  points: IndicatorPoint[];
  drawings: Record<string, OutputValue>;
  drawingsTime: number | null;
  lastClosed: number | null;
  /** Browser layers: the current load (a reply to an older one is dropped) and whether it is under way. */
  loadSeq: number;
  loading: boolean;
  /** Browser layers: an update is under way, and whether newer candles wait for the next one. */
  updating: boolean;
  dirty: boolean;
}

const PARAMS_DEBOUNCE_MS = 300;
const CLOSE_DEBOUNCE_MS = 250;
/** Browser layers follow the forming candle at most this often. */
const LIVE_UPDATE_MS = 250;

const isAbort = (e: unknown) => e instanceof DOMException && e.name === 'AbortError';

/** Bar replay: indicators over the bars in [from, asOf) that had closed by `asOf` (epoch ms). */
export interface ReplayBound {
  from: number;
  asOf: number;
}

/**
 * What the chart shows: history of the instrument and timeframe, live 1-minute bars merged into
 * the current candle, and the active indicators. An indicator whose plugin has a browser module is
 * computed here (in a worker) over the candles shown and follows each live update; the others are
 * fetched from the host when a minute closes or params change.
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
  /** The candles shown, oldest first: what browser layers compute over. Null while history loads. */
  private candles: Candle[] | null = null;
  private readonly browser = new BrowserIndicators();
  private liveTimer: ReturnType<typeof setTimeout> | null = null;
  /** An earlier candle changed since the browser layers took it in. */
  private stale = false;

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
    this.candles = null;
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
      this.candles = candles;
      const aggregator = new CandleAggregator(tfMs);
      aggregator.seed(last, minutes, fetchedAt);
      this.aggregator = aggregator;
    } catch (e) {
      if (isAbort(e)) return;
      reportError(e, `Bars of ${instrument.symbol}`);
      this.aggregator = new CandleAggregator(tfMs);
      this.candles = [];
    } finally {
      if (this.loadAbort === abort) {
        const queued = this.pending ?? [];
        this.pending = null;
        for (const bar of queued) this.applyBar(bar);
        this.callbacks.onLoading(false);
        for (const entry of this.layers.values())
          if (entry.source === 'browser') this.refreshIndicator(entry);
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
    const forward = this.replay !== null && bound.from === this.replay.from && bound.asOf >= this.replay.asOf;
    this.replay = bound;
    this.controller.setCandles(candles, TIMEFRAME_MS_UI[this.tf]);
    this.candles = [...candles];
    this.callbacks.onLoading(false);
    for (const entry of this.layers.values()) {
      // Stepping forward feeds a browser layer the new bars only; anything else computes it again.
      if (forward && entry.source === 'browser' && (entry.loading || entry.lastClosed !== null)) {
        this.updateInBrowser(entry);
      } else this.refreshIndicator(entry);
    }
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
          source: info.module ? 'browser' : 'host',
          outputs: info.outputs,
          points: [],
          drawings: {},
          drawingsTime: null,
          lastClosed: null,
          loadSeq: 0,
          loading: false,
          updating: false,
          dirty: false,
        };
        this.layers.set(uid, entry);
        this.refreshIndicator(entry);
      } else if (existing.paramsKey !== paramsKey) {
        existing.paramsKey = paramsKey;
        existing.params = a.params;
        existing.info = info;
        existing.source = info.module ? 'browser' : 'host';
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

  /** Where each instance's values come from, and its last point: the test hook of the computation. */
  computed(): Record<string, { source: 'browser' | 'host'; points: IndicatorPoint[] }> {
    const out: Record<string, { source: 'browser' | 'host'; points: IndicatorPoint[] }> = {};
    for (const [uid, entry] of this.layers) out[uid] = { source: entry.source, points: entry.points };
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
    for (const entry of this.layers.values()) this.dropLayer(entry);
    this.layers.clear();
    this.browser.dispose();
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
    if (this.candles) this.upsertCandle(update.candle);
    this.scheduleLiveUpdate(update.historical);
  }

  private upsertCandle(candle: Candle): void {
    const candles = this.candles as Candle[];
    const last = candles[candles.length - 1];
    if (!last || candle.time > last.time) candles.push(candle);
    else if (candle.time === last.time) candles[candles.length - 1] = candle;
    else {
      const i = candles.findIndex((c) => c.time >= candle.time);
      if (candles[i]?.time === candle.time) candles[i] = candle;
      else candles.splice(i, 0, candle);
    }
  }

  /** Host layers are fetched again once a minute has closed; browser layers follow the forming candle. */
  private scheduleIndicatorRefresh(): void {
    if (this.closeTimer) clearTimeout(this.closeTimer);
    this.closeTimer = setTimeout(() => {
      this.closeTimer = null;
      for (const entry of this.layers.values()) if (entry.source === 'host') this.refreshIndicator(entry);
    }, CLOSE_DEBOUNCE_MS);
  }

  /** A change to an earlier candle than the layers have taken in means computing them again. */
  private scheduleLiveUpdate(historical: boolean): void {
    if (historical) this.stale = true;
    if (this.liveTimer) return;
    this.liveTimer = setTimeout(() => {
      this.liveTimer = null;
      const stale = this.stale;
      this.stale = false;
      for (const entry of this.layers.values()) {
        if (entry.source !== 'browser') continue;
        if (stale) this.refreshIndicator(entry);
        else this.updateInBrowser(entry);
      }
    }, LIVE_UPDATE_MS);
  }

  private debounce(entry: LayerEntry, ms: number): void {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      entry.timer = null;
      this.refreshIndicator(entry);
    }, ms);
  }

  private refreshIndicator(entry: LayerEntry): void {
    if (entry.source === 'browser') this.loadInBrowser(entry);
    else this.fetchFromHost(entry);
  }

  private barsFor(): ReturnType<typeof runnerBars> {
    return runnerBars(this.candles ?? [], TIMEFRAME_MS_UI[this.tf], Date.now(), this.replay?.asOf ?? null);
  }

  /** Computes a layer in the worker over the candles shown (once history has loaded). */
  private loadInBrowser(entry: LayerEntry): void {
    const seq = ++entry.loadSeq;
    entry.updating = false;
    entry.dirty = false;
    entry.lastClosed = null;
    entry.loading = false;
    const module = entry.info.module;
    if (!this.candles || !module) return;
    entry.abort?.abort();
    entry.abort = null;
    entry.loading = true;
    const url = new URL(module.replace(/^\//, ''), document.baseURI).href;
    const bars = this.barsFor();
    this.browser
      .load({ layer: entry.uid, url, indicator: entry.info.id, params: entry.params, bars })
      .then((reply) => {
        // A newer load (new params, another instrument, a step back) made this answer stale.
        if (this.layers.get(entry.uid) !== entry || entry.loadSeq !== seq) return;
        entry.loading = false;
        if (!reply.ok) return this.browserFailed(entry, reply);
        entry.outputs = reply.outputs;
        entry.points = reply.values.points;
        entry.drawings = reply.values.drawings;
        entry.drawingsTime = reply.values.drawingsTime;
        entry.lastClosed = reply.lastClosed;
        this.drawBrowserLayer(entry);
        // Candles that came while it loaded.
        if (entry.dirty || !this.replay) this.updateInBrowser(entry);
      });
  }

  /** Feeds a loaded layer the candles after its last closed one. */
  private updateInBrowser(entry: LayerEntry): void {
    if (entry.loading || entry.updating) {
      entry.dirty = true;
      return;
    }
    entry.dirty = false;
    if (!this.candles) return;
    const bars = this.barsFor().filter((b) => entry.lastClosed === null || b.time > entry.lastClosed);
    if (!bars.length) return;
    const seq = entry.loadSeq;
    entry.updating = true;
    this.browser.update(entry.uid, bars).then((reply) => {
      if (this.layers.get(entry.uid) !== entry || entry.loadSeq !== seq) return;
      entry.updating = false;
      if (!reply.ok) return this.browserFailed(entry, reply);
      mergeTail(entry.points, reply.values.points);
      if (reply.values.drawingsTime !== null) {
        entry.drawings = reply.values.drawings;
        entry.drawingsTime = reply.values.drawingsTime;
      }
      entry.lastClosed = reply.lastClosed;
      this.drawBrowserLayer(entry);
      if (entry.dirty) this.updateInBrowser(entry);
    });
  }

  private drawBrowserLayer(entry: LayerEntry): void {
    entry.layer.render(entry.outputs, {
      points: entry.points,
      drawings: entry.drawings,
      drawingsTime: entry.drawingsTime,
    });
    this.updateHorizon();
    entry.lastError = null;
    this.callbacks.onIndicator(entry.uid, entry.points.length, null, {});
  }

  private browserFailed(entry: LayerEntry, reply: Extract<WorkerReply, { ok: false }>): void {
    if (reply.reason === 'unavailable') {
      // The module could not run here (an old browser, a plugin that needs Node): the host computes.
      console.warn(`${entry.info.name}: computed by the host (${reply.message})`);
      entry.source = 'host';
      this.fetchFromHost(entry);
      return;
    }
    const fieldErrors = reply.reason === 'params' ? paramErrorsOf({ errors: reply.errors }) : {};
    if (reply.message !== entry.lastError && reply.reason !== 'params') {
      reportError(new Error(reply.message), `${entry.info.name} on ${this.instrument?.symbol ?? ''}`);
    }
    entry.lastError = reply.message;
    entry.points = [];
    entry.layer.clear();
    this.updateHorizon();
    this.callbacks.onIndicator(entry.uid, null, reply.message, fieldErrors);
  }

  private fetchFromHost(entry: LayerEntry): void {
    const instrument = this.instrument;
    if (!instrument) return;
    entry.abort?.abort();
    const abort = new AbortController();
    entry.abort = abort;
    const tf = this.tf;
    const replay = this.replay;
    const window = replay
      ? { tf, from: replay.from, to: replay.asOf, limit: MAX_REPLAY_BARS, asOf: replay.asOf }
      : recentWindow(tf, Date.now());
    api
      .indicatorValues(instrument.id, entry.info.id, window, entry.params, abort.signal)
      .then((res) => {
        if (abort.signal.aborted || this.layers.get(entry.uid) !== entry) return;
        const outputs = res.outputs?.length ? res.outputs : entry.info.outputs;
        entry.points = res.points ?? [];
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
    if (entry.source === 'browser') this.browser.drop(entry.uid);
    if (entry.timer) clearTimeout(entry.timer);
    entry.layer.dispose();
  }
}
