import type { MarketModel } from './market-models.js';
import { hashSeed, Prng } from './random.js';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
export const MINUTES_PER_DAY = 1_440;

/** One UTC day of 1-minute bars: prices in ticks, volume in lots, index = minute of the day. */
export interface DayBars {
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/** Time scales (in days, powers of two) of the multi-scale noise that sets each day's opening level. */
const OCTAVES = 6;
const OCTAVE_WEIGHT = 0.7;
const CHANNEL_ANCHOR = 0xa7c4;
const CHANNEL_DAY = 0xd4e1;
/** High/low wicks, as a fraction of one minute's typical move. */
const WICK = 0.5;

/**
 * The deterministic price path of one instrument: a function of (seed, instrument, time) only.
 *
 * Each UTC day opens at a level given by multi-scale lattice noise over days (scales 1…32 days),
 * so any day's open is found in O(1) without walking from an epoch. Inside the day the path is a
 * random walk bridged from that day's open to the next day's open, drawn from a day-seeded PRNG:
 * consecutive days connect exactly, and any range of minutes is the same whichever range asks for it.
 * Levels are relative offsets r mapped to prices by base·(1+r) for r ≥ 0 and base/(1−r) below, which
 * keeps prices positive using only basic arithmetic (reproducible on every platform).
 */
export class PricePath {
  /** Typical relative move in one minute. */
  readonly minuteVolatility: number;
  private readonly baseTicks: number;
  private readonly amplitudes: number[];
  private readonly cache = new Map<number, DayBars>();

  constructor(
    private readonly seed: number,
    private readonly key: number,
    private readonly model: MarketModel,
    tickSize: number,
    private readonly cacheDays = 64,
  ) {
    this.baseTicks = model.basePrice / tickSize;
    this.minuteVolatility = model.dailyVolatility / Math.sqrt(MINUTES_PER_DAY);
    this.amplitudes = Array.from(
      { length: OCTAVES },
      (_, k) => model.dailyVolatility * OCTAVE_WEIGHT * Math.sqrt(2 ** k),
    );
  }

  /** Relative level at the start of a UTC day (days since 1970-01-01); 0 is the base price. */
  anchor(day: number): number {
    let level = 0;
    for (let k = 0; k < OCTAVES; k++) {
      const span = 2 ** k;
      const cell = Math.floor(day / span);
      const t = (day - cell * span) / span;
      const a = this.lattice(k, cell);
      const b = t === 0 ? a : this.lattice(k, cell + 1);
      level += this.amplitudes[k]! * (a + (b - a) * t);
    }
    return level;
  }

  /** Price in ticks for a relative level. */
  ticks(level: number): number {
    const factor = level >= 0 ? 1 + level : 1 / (1 - level);
    return Math.max(1, Math.round(this.baseTicks * factor));
  }

  /** The day's 1-minute bars (cached, least recently used days dropped first). */
  day(day: number): DayBars {
    const hit = this.cache.get(day);
    if (hit) {
      this.cache.delete(day);
      this.cache.set(day, hit);
      return hit;
    }
    const bars = this.generate(day);
    this.cache.set(day, bars);
    if (this.cache.size > this.cacheDays) this.cache.delete(this.cache.keys().next().value as number);
    return bars;
  }

  /** The path's price in ticks (fractional) at `ts`: linear from the open to the close of its minute. */
  levelAt(ts: number): number {
    const minute = Math.floor(ts / MINUTE_MS);
    const day = Math.floor(minute / MINUTES_PER_DAY);
    const index = minute - day * MINUTES_PER_DAY;
    const bars = this.day(day);
    const open = bars.open[index]!;
    const close = bars.close[index]!;
    return open + ((close - open) * (ts - minute * MINUTE_MS)) / MINUTE_MS;
  }

  private lattice(octave: number, cell: number): number {
    return new Prng(hashSeed(this.seed, this.key, CHANNEL_ANCHOR, octave, cell)).normal();
  }

  private generate(day: number): DayBars {
    const n = MINUTES_PER_DAY;
    const prng = new Prng(hashSeed(this.seed, this.key, CHANNEL_DAY, day));
    const start = this.anchor(day);
    const end = this.anchor(day + 1);
    const walk = new Float64Array(n + 1);
    const shocks = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const z = prng.normal();
      shocks[i] = z;
      walk[i + 1] = walk[i]! + this.minuteVolatility * z;
    }
    const gap = walk[n]! - (end - start);
    const bars: DayBars = {
      open: new Float64Array(n),
      high: new Float64Array(n),
      low: new Float64Array(n),
      close: new Float64Array(n),
      volume: new Float64Array(n),
    };
    let previous = this.ticks(start);
    for (let m = 0; m < n; m++) {
      const close = m === n - 1 ? this.ticks(end) : this.ticks(start + walk[m + 1]! - (gap * (m + 1)) / n);
      const open = previous;
      const wick = this.minuteVolatility * open * WICK;
      bars.open[m] = open;
      bars.close[m] = close;
      bars.high[m] = Math.max(open, close) + Math.floor(Math.abs(prng.normal()) * wick);
      bars.low[m] = Math.max(1, Math.min(open, close) - Math.floor(Math.abs(prng.normal()) * wick));
      const activity = (0.5 + prng.next()) * (1 + 0.5 * Math.abs(shocks[m]!));
      bars.volume[m] = Math.max(1, Math.round(this.model.minuteVolumeLots * activity));
      previous = close;
    }
    return bars;
  }
}
