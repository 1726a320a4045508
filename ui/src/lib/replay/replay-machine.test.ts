import { describe, expect, it } from 'vitest';
import {
  INITIAL_REPLAY,
  progress,
  type ReplayAction,
  type ReplayState,
  replayReducer,
} from './replay-machine.js';

const run = (s: ReplayState, ...actions: ReplayAction[]) => actions.reduce(replayReducer, s);
const begun = run(INITIAL_REPLAY, { type: 'arm' }, { type: 'begin', start: 10, last: 14 });

describe('replay state machine', () => {
  it('arms, then begins paused at the start', () => {
    expect(run(INITIAL_REPLAY, { type: 'arm' }).mode).toBe('arming');
    expect(begun).toMatchObject({ mode: 'replay', start: 10, cursor: 10, last: 14, playing: false });
  });

  it('clamps the start into the buffer', () => {
    expect(run(INITIAL_REPLAY, { type: 'begin', start: 50, last: 14 })).toMatchObject({
      start: 14,
      cursor: 14,
    });
    expect(run(INITIAL_REPLAY, { type: 'begin', start: -3, last: 14 })).toMatchObject({
      start: 0,
      cursor: 0,
    });
  });

  it('steps one bar forward and back, within start … last', () => {
    const fwd = run(begun, { type: 'step', delta: 1 });
    expect(fwd.cursor).toBe(11);
    expect(run(fwd, { type: 'step', delta: -1 }).cursor).toBe(10);
    expect(run(begun, { type: 'step', delta: -1 })).toBe(begun);
    const end = run(begun, { type: 'seek', index: 14 });
    expect(run(end, { type: 'step', delta: 1 })).toBe(end);
  });

  it('plays one bar per tick and pauses itself at the latest bar', () => {
    let s = run(begun, { type: 'play' });
    expect(s.playing).toBe(true);
    s = run(s, { type: 'tick' }, { type: 'tick' }, { type: 'tick' });
    expect(s).toMatchObject({ cursor: 13, playing: true });
    s = run(s, { type: 'tick' });
    expect(s).toMatchObject({ cursor: 14, playing: false });
    expect(run(s, { type: 'play' })).toBe(s);
    expect(run(s, { type: 'tick' })).toBe(s);
  });

  it('toggles play/pause; a step pauses', () => {
    const playing = run(begun, { type: 'toggle' });
    expect(playing.playing).toBe(true);
    expect(run(playing, { type: 'toggle' }).playing).toBe(false);
    expect(run(playing, { type: 'step', delta: 1 })).toMatchObject({ cursor: 11, playing: false });
    expect(run(begun, { type: 'tick' })).toBe(begun);
  });

  it('seeks within start … last (the slider)', () => {
    expect(run(begun, { type: 'seek', index: 12.4 }).cursor).toBe(12);
    expect(run(begun, { type: 'seek', index: 99 }).cursor).toBe(14);
    expect(run(begun, { type: 'seek', index: 0 }).cursor).toBe(10);
    expect(progress(run(begun, { type: 'seek', index: 12 }))).toBe(0.5);
  });

  it('keeps the speed across modes and goes back to live', () => {
    const fast = run(begun, { type: 'speed', speed: 10 }, { type: 'play' });
    const live = run(fast, { type: 'live' });
    expect(live).toMatchObject({ mode: 'live', playing: false, speed: 10 });
    expect(run(live, { type: 'live' })).toBe(live);
  });

  it('ignores replay actions while live or arming', () => {
    for (const a of [
      { type: 'play' },
      { type: 'step', delta: 1 },
      { type: 'tick' },
      { type: 'seek', index: 3 },
    ] as const) {
      expect(run(INITIAL_REPLAY, a)).toBe(INITIAL_REPLAY);
      const arming = run(INITIAL_REPLAY, { type: 'arm' });
      expect(run(arming, a)).toBe(arming);
    }
  });
});
