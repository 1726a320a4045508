/** Replay speeds in bars per second; digits 1–4 pick them in this order. */
export const SPEEDS = [1, 2, 5, 10] as const;
export type Speed = (typeof SPEEDS)[number];

/**
 * Bar replay over a buffer of candles (indices 0 … last): `live` follows the market, `arming` waits for
 * a start (a date or a click on the chart), `replay` shows the candles up to `cursor` only. The cursor
 * stays between `start` (the bar picked) and `last` (the latest closed bar when replay began).
 */
export interface ReplayState {
  mode: 'live' | 'arming' | 'replay';
  start: number;
  cursor: number;
  last: number;
  playing: boolean;
  speed: Speed;
}

export type ReplayAction =
  | { type: 'arm' }
  | { type: 'begin'; start: number; last: number }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'toggle' }
  | { type: 'step'; delta: 1 | -1 }
  | { type: 'seek'; index: number }
  | { type: 'speed'; speed: Speed }
  | { type: 'tick' }
  | { type: 'live' };

export const INITIAL_REPLAY: ReplayState = {
  mode: 'live',
  start: 0,
  cursor: 0,
  last: 0,
  playing: false,
  speed: 1,
};

const clamp = (s: ReplayState, index: number) => Math.min(s.last, Math.max(s.start, Math.round(index)));

/** The next state; actions that do not apply in the current mode leave it unchanged (same object). */
export function replayReducer(s: ReplayState, a: ReplayAction): ReplayState {
  switch (a.type) {
    case 'arm':
      return { ...s, mode: 'arming', playing: false };
    case 'begin': {
      const last = Math.max(0, Math.floor(a.last));
      const start = Math.min(last, Math.max(0, Math.floor(a.start)));
      return { ...s, mode: 'replay', start, last, cursor: start, playing: false };
    }
    case 'live':
      return s.mode === 'live' ? s : { ...INITIAL_REPLAY, speed: s.speed };
    case 'speed':
      return s.speed === a.speed ? s : { ...s, speed: a.speed };
    default:
      return s.mode === 'replay' ? replayStep(s, a) : s;
  }
}

function replayStep(s: ReplayState, a: ReplayAction): ReplayState {
  switch (a.type) {
    case 'play':
      return s.playing || s.cursor >= s.last ? s : { ...s, playing: true };
    case 'pause':
      return s.playing ? { ...s, playing: false } : s;
    case 'toggle':
      return replayStep(s, { type: s.playing ? 'pause' : 'play' });
    case 'step': {
      const cursor = clamp(s, s.cursor + a.delta);
      return cursor === s.cursor && !s.playing ? s : { ...s, cursor, playing: false };
    }
    case 'seek': {
      const cursor = clamp(s, a.index);
      return cursor === s.cursor ? s : { ...s, cursor };
    }
    case 'tick': {
      if (!s.playing) return s;
      const cursor = clamp(s, s.cursor + 1);
      return { ...s, cursor, playing: cursor < s.last };
    }
    default:
      return s;
  }
}

/** Milliseconds between two bars while playing. */
export const tickInterval = (speed: Speed): number => 1000 / speed;

/** Where the cursor is between the start (0) and the latest bar (1). */
export function progress(s: ReplayState): number {
  return s.last > s.start ? (s.cursor - s.start) / (s.last - s.start) : 1;
}
