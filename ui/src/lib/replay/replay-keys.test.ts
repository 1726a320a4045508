import { describe, expect, it } from 'vitest';
import { type ReplayKey, replayKeyAction } from './replay-keys.js';

const key = (k: string, extra: Partial<ReplayKey> = {}): ReplayKey => ({
  key: k,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  target: { tagName: 'BODY' },
  ...extra,
});

describe('replay shortcuts', () => {
  it('maps space, arrows, digits, Esc and L while replaying', () => {
    expect(replayKeyAction(key(' '), 'replay')).toEqual({ type: 'toggle' });
    expect(replayKeyAction(key('ArrowRight'), 'replay')).toEqual({ type: 'step', delta: 1 });
    expect(replayKeyAction(key('ArrowLeft'), 'replay')).toEqual({ type: 'step', delta: -1 });
    expect(replayKeyAction(key('1'), 'replay')).toEqual({ type: 'speed', speed: 1 });
    expect(replayKeyAction(key('2'), 'replay')).toEqual({ type: 'speed', speed: 2 });
    expect(replayKeyAction(key('3'), 'replay')).toEqual({ type: 'speed', speed: 5 });
    expect(replayKeyAction(key('4'), 'replay')).toEqual({ type: 'speed', speed: 10 });
    expect(replayKeyAction(key('5'), 'replay')).toBeNull();
    expect(replayKeyAction(key('Escape'), 'replay')).toEqual({ type: 'live' });
    expect(replayKeyAction(key('l'), 'replay')).toEqual({ type: 'live' });
    expect(replayKeyAction(key('L'), 'replay')).toEqual({ type: 'live' });
  });

  it('leaves every key alone while live; only Esc while picking a start', () => {
    for (const k of [' ', 'ArrowRight', '1', 'Escape', 'l'])
      expect(replayKeyAction(key(k), 'live')).toBeNull();
    expect(replayKeyAction(key('Escape'), 'arming')).toEqual({ type: 'live' });
    expect(replayKeyAction(key(' '), 'arming')).toBeNull();
  });

  it('ignores keys typed into fields and modified keys', () => {
    for (const tagName of ['INPUT', 'TEXTAREA', 'SELECT', 'input'])
      expect(replayKeyAction(key(' ', { target: { tagName } }), 'replay')).toBeNull();
    expect(
      replayKeyAction(key('l', { target: { tagName: 'DIV', isContentEditable: true } }), 'replay'),
    ).toBeNull();
    expect(replayKeyAction(key('ArrowRight', { altKey: true }), 'replay')).toBeNull();
    expect(replayKeyAction(key('1', { ctrlKey: true }), 'replay')).toBeNull();
    expect(replayKeyAction(key('1', { metaKey: true }), 'replay')).toBeNull();
  });
});
