import { describe, expect, it } from 'vitest';
import { FakeClock } from '../src/testing/index.js';

describe('FakeClock', () => {
  it('starts at the given time (number or Date) and only moves when advanced', () => {
    expect(new FakeClock(1_000).now()).toBe(1_000);
    expect(new FakeClock(new Date(Date.UTC(2026, 0, 1))).now()).toBe(Date.UTC(2026, 0, 1));
    const clock = new FakeClock(0);
    expect(clock.now()).toBe(0);
    clock.advance(250);
    expect(clock.now()).toBe(250);
    clock.advanceTo(1_000);
    expect(clock.now()).toBe(1_000);
  });

  it('fires timeouts in time order, not registration order, with now() at their due time', () => {
    const clock = new FakeClock(0);
    const fired: [string, number][] = [];
    clock.setTimeout(() => fired.push(['c', clock.now()]), 30);
    clock.setTimeout(() => fired.push(['a', clock.now()]), 10);
    clock.setTimeout(() => fired.push(['b', clock.now()]), 20);
    clock.setTimeout(() => fired.push(['late', clock.now()]), 100);
    expect(clock.pendingTimers).toBe(4);
    clock.advance(50);
    expect(fired).toEqual([
      ['a', 10],
      ['b', 20],
      ['c', 30],
    ]);
    expect(clock.now()).toBe(50);
    expect(clock.pendingTimers).toBe(1);
    clock.advance(50);
    expect(fired.at(-1)).toEqual(['late', 100]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('fires timers due at the same time in registration order', () => {
    const clock = new FakeClock(0);
    const fired: number[] = [];
    for (let i = 0; i < 5; i++) clock.setTimeout(() => fired.push(i), 10);
    clock.advance(10);
    expect(fired).toEqual([0, 1, 2, 3, 4]);
  });

  it('does not fire a timer before its due time', () => {
    const clock = new FakeClock(0);
    let fired = false;
    clock.setTimeout(() => {
      fired = true;
    }, 100);
    clock.advance(99);
    expect(fired).toBe(false);
    clock.advance(1);
    expect(fired).toBe(true);
  });

  it('repeats intervals, interleaved with timeouts', () => {
    const clock = new FakeClock(0);
    const fired: string[] = [];
    clock.setInterval(() => fired.push(`i@${clock.now()}`), 10);
    clock.setTimeout(() => fired.push(`t@${clock.now()}`), 25);
    clock.advance(40);
    expect(fired).toEqual(['i@10', 'i@20', 't@25', 'i@30', 'i@40']);
    expect(clock.pendingTimers).toBe(1);
  });

  it('fires timers scheduled by a firing timer within the same advance', () => {
    const clock = new FakeClock(0);
    const fired: number[] = [];
    clock.setTimeout(() => {
      fired.push(clock.now());
      clock.setTimeout(() => fired.push(clock.now()), 5);
      clock.setTimeout(() => fired.push(clock.now()), 0);
    }, 10);
    clock.advance(20);
    expect(fired).toEqual([10, 10, 15]);
  });

  it('dispose cancels a timeout and an interval', () => {
    const clock = new FakeClock(0);
    let timeouts = 0;
    let ticks = 0;
    const timeout = clock.setTimeout(() => timeouts++, 10);
    const interval = clock.setInterval(() => ticks++, 10);
    clock.advance(25);
    expect(ticks).toBe(2);
    expect(timeouts).toBe(1);
    void interval.dispose();
    void timeout.dispose(); // already fired: harmless
    expect(clock.pendingTimers).toBe(0);
    clock.advance(100);
    expect(ticks).toBe(2);
    expect(timeouts).toBe(1);
  });

  it('an interval may dispose itself from its callback', () => {
    const clock = new FakeClock(0);
    let ticks = 0;
    const interval = clock.setInterval(() => {
      ticks++;
      if (ticks === 3) void interval.dispose();
    }, 5);
    clock.advance(100);
    expect(ticks).toBe(3);
    expect(clock.pendingTimers).toBe(0);
  });

  it('treats negative and zero delays sensibly', () => {
    const clock = new FakeClock(0);
    let fired = 0;
    clock.setTimeout(() => fired++, -5);
    clock.advance(0);
    expect(fired).toBe(1);
    let ticks = 0;
    clock.setInterval(() => ticks++, 0); // at least every millisecond, never a busy loop
    clock.advance(3);
    expect(ticks).toBe(3);
  });

  it('jumpTo fires each due timer once, in order, and runs an interval on from the target', () => {
    const clock = new FakeClock(0);
    const seen: string[] = [];
    clock.setInterval(() => seen.push(`tick@${clock.now()}`), 10);
    clock.setTimeout(() => seen.push(`once@${clock.now()}`), 25);
    clock.setTimeout(() => seen.push('later'), 500);
    clock.jumpTo(100);
    expect(seen).toEqual(['tick@100', 'once@100']);
    expect(clock.now()).toBe(100);
    clock.advanceTo(120);
    expect(seen).toEqual(['tick@100', 'once@100', 'tick@110', 'tick@120']);
    expect(clock.pendingTimers).toBe(2);
  });
});
