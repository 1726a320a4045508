import type { Candle } from '../chart/candles.js';
import type { ReplayBound } from '../chart/chart-session.js';
import { TIMEFRAME_MS_UI } from '../chart/timeframes.js';
import type { ChartTimeframe } from '../state/chart-prefs.svelte.js';
import { reportError } from '../state/errors.svelte.js';
import { loadReplay } from './replay-feed.js';
import {
  INITIAL_REPLAY,
  type ReplayAction,
  type ReplayState,
  replayReducer,
  tickInterval,
} from './replay-machine.js';
import { replayTime } from './replay-time.svelte.js';

/** What replay needs from the chart page. */
export interface ReplayHost {
  /** The instrument and timeframe on the chart, null without an instrument. */
  target(): { instrument: string; tf: ChartTimeframe } | null;
  /** Shows the candles up to the cursor and indicators as of the bound. */
  show(candles: Candle[], bound: ReplayBound): void;
  /** Back to the live chart. */
  live(): void;
}

/** Runs the replay state machine: loads the bars, plays on a timer and shows the cursor on the chart. */
export class ReplayDriver {
  state = $state.raw<ReplayState>(INITIAL_REPLAY);
  loading = $state(false);
  /** Open time (epoch ms) of each candle of the replay buffer. */
  times = $state.raw<readonly number[]>([]);
  private candles: Candle[] = [];
  /** Whether the chart shows replay candles (and must go back to live on leaving). */
  private showing = false;
  private tfMs = 60_000;
  private timer: ReturnType<typeof setInterval> | null = null;
  private loadAbort: AbortController | null = null;

  constructor(private readonly host: ReplayHost) {}

  /** Open time (epoch ms) of the cursor's bar, null outside replay. */
  get cursorTime(): number | null {
    return this.state.mode === 'replay' ? (this.times[this.state.cursor] ?? null) : null;
  }

  dispatch(action: ReplayAction): void {
    const before = this.state;
    const after = replayReducer(before, action);
    if (after === before) return;
    this.state = after;
    if (action.type === 'live') this.cancelLoad();
    if (after.playing !== before.playing || after.speed !== before.speed) this.schedule();
    if (after.mode === 'live') {
      const showing = this.showing;
      this.forget();
      if (showing) this.host.live();
      return;
    }
    if (after.mode === 'replay' && (before.mode !== 'replay' || after.cursor !== before.cursor))
      this.render();
  }

  /** Starts replay at the bar opening at or before `timeMs`. */
  async startAt(timeMs: number): Promise<void> {
    const target = this.host.target();
    if (!target || !Number.isFinite(timeMs)) return;
    this.cancelLoad();
    const abort = new AbortController();
    this.loadAbort = abort;
    this.loading = true;
    try {
      const buffer = await loadReplay(target.instrument, target.tf, timeMs, abort.signal);
      if (abort.signal.aborted) return;
      if (!buffer.candles.length) throw new Error('no closed bars to replay');
      this.candles = buffer.candles;
      this.times = buffer.candles.map((c) => c.time * 1000);
      this.tfMs = TIMEFRAME_MS_UI[target.tf];
      // A new start re-renders even when the index did not change.
      this.state = { ...this.state, mode: 'arming', playing: false };
      this.schedule();
      this.dispatch({ type: 'begin', start: buffer.start, last: buffer.candles.length - 1 });
    } catch (e) {
      if (!(e instanceof DOMException && e.name === 'AbortError')) reportError(e, 'Bar replay');
    } finally {
      if (this.loadAbort === abort) {
        this.loadAbort = null;
        this.loading = false;
      }
    }
  }

  /** Forgets the replay without reloading the chart (the instrument or timeframe changed). */
  reset(): void {
    this.cancelLoad();
    this.state = { ...INITIAL_REPLAY, speed: this.state.speed };
    this.forget();
    this.schedule();
  }

  private forget(): void {
    this.candles = [];
    this.times = [];
    this.showing = false;
    replayTime.asOf = null;
  }

  dispose(): void {
    this.reset();
  }

  private cancelLoad(): void {
    this.loadAbort?.abort();
    this.loadAbort = null;
    this.loading = false;
  }

  private render(): void {
    const { cursor } = this.state;
    const bar = this.candles[cursor];
    const first = this.candles[0];
    if (!bar || !first) return;
    this.showing = true;
    const bound = { from: first.time * 1000, asOf: bar.time * 1000 + this.tfMs };
    replayTime.asOf = bound.asOf;
    this.host.show(this.candles.slice(0, cursor + 1), bound);
  }

  private schedule(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.state.playing)
      this.timer = setInterval(() => this.dispatch({ type: 'tick' }), tickInterval(this.state.speed));
  }
}
