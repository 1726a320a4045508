import { FakeClock } from '@qmo/sdk/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Throttle } from '../src/index.js';

function throttle(limit: number | undefined, clock = new FakeClock(0)) {
  const sent: number[] = [];
  const t = new Throttle({ limit, clock, setTimeout: (cb, ms) => clock.setTimeout(cb, ms) });
  return { t, clock, sent, push: (n: number) => t.push(() => void sent.push(n)) };
}

describe('Throttle', () => {
  it('sends at once without a limit', () => {
    const { push, sent } = throttle(undefined);
    for (let i = 0; i < 1000; i++) push(i);
    expect(sent).toHaveLength(1000);
  });

  it('sends at most the limit per second, the rest in order as the window moves', () => {
    const { push, sent, clock, t } = throttle(3);
    for (let i = 0; i < 8; i++) push(i);
    expect(sent).toEqual([0, 1, 2]);
    expect(t.waiting).toBe(5);
    clock.advance(999);
    expect(sent).toEqual([0, 1, 2]);
    clock.advance(1);
    expect(sent).toEqual([0, 1, 2, 3, 4, 5]);
    clock.advance(1000);
    expect(sent).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('never drops or reorders, and never exceeds the limit in any window (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.array(fc.tuple(fc.nat(1500), fc.integer({ min: 1, max: 5 })), { maxLength: 40 }),
        (limit, bursts) => {
          const clock = new FakeClock(0);
          const sent: [number, number][] = [];
          const t = new Throttle({ limit, clock, setTimeout: (cb, ms) => clock.setTimeout(cb, ms) });
          let n = 0;
          for (const [wait, count] of bursts) {
            clock.advance(wait);
            for (let i = 0; i < count; i++) {
              const k = n++;
              t.push(() => void sent.push([k, clock.now()]));
            }
          }
          clock.advance(1000 * (n + 1));
          expect(sent.map(([k]) => k)).toEqual([...Array(n).keys()]);
          for (let i = limit; i < sent.length; i++)
            expect(sent[i]![1] - sent[i - limit]![1]).toBeGreaterThanOrEqual(1000);
        },
      ),
    );
  });

  it('holds everything while paused and keeps the order on resume', () => {
    const { push, sent, t } = throttle(100);
    t.pause();
    push(1);
    push(2);
    expect(sent).toEqual([]);
    t.resume();
    push(3);
    expect(sent).toEqual([1, 2, 3]);
  });
});
