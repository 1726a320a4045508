import { describe, expect, it } from 'vitest';
import { nextPaperStep } from './paper-follow.js';

const at = (time: number) => ({ instrument: 'EURUSD', tf: '1m', time });
const session = { instrument: 'EURUSD', tf: '1m', cursor: 120_000 };

describe('paper session following the replay cursor', () => {
  it('opens a session when there is none, or for another instrument or timeframe', () => {
    expect(nextPaperStep(null, at(60_000))).toEqual({ kind: 'open', start: 60_000 });
    expect(nextPaperStep({ ...session, instrument: 'GBPUSD' }, at(60_000))).toEqual({
      kind: 'open',
      start: 60_000,
    });
    expect(nextPaperStep({ ...session, tf: '5m' }, at(180_000))).toEqual({ kind: 'open', start: 180_000 });
  });

  it('advances forward, resets to go back, and stays put on the same bar', () => {
    expect(nextPaperStep(session, at(180_000))).toEqual({ kind: 'advance', to: 180_000 });
    expect(nextPaperStep(session, at(60_000))).toEqual({ kind: 'reset', start: 60_000 });
    expect(nextPaperStep(session, at(120_000))).toEqual({ kind: 'none' });
  });
});
