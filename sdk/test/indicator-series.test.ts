import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  computeIndicatorSeries,
  defineSteppedIndicator,
  IndicatorRunner,
  type RunnerBar,
  splitOutputs,
} from '../src/index.js';
import { randomWalkBars } from '../src/testing/index.js';

/** Running sum of closes, a marker on every bar, a level at the last close: both output kinds. */
const probe = defineSteppedIndicator({
  id: 'probe',
  name: 'Probe',
  group: 'Test',
  description: 'Running sum of closes, and a marker on each bar',
  params: z.object({ scale: z.number().default(1) }),
  outputs: [
    { key: 'sum', shape: 'line', label: 'Sum', pane: 'own' },
    { key: 'marks', shape: 'markers', label: 'Marks', pane: 'price' },
  ],
  stepper: ({ scale }) => {
    let sum = 0;
    return {
      step(bar, closed) {
        const value = sum + bar.close * scale;
        if (closed) sum = value;
        return { sum: value, marks: [{ time: bar.time, position: 'at', shape: 'circle', price: bar.close }] };
      },
    };
  },
});

const bars = (n: number, seed = 3): RunnerBar[] =>
  randomWalkBars(n, { seed }).map((bar) => ({ ...bar, closed: true }));

describe('IndicatorRunner', () => {
  it('feeds closed bars through next and a forming bar through peek, which leaves no trace', () => {
    const [a, b, c] = bars(3);
    const runner = new IndicatorRunner(probe, { scale: 1 });
    runner.push(a!);
    const forming = runner.push({ ...b!, closed: false, close: 1000 });
    expect(forming.values.sum).toBeCloseTo(a!.close + 1000, 9);
    // The same bar again, now closed with its final close: the forming value left nothing behind.
    expect(runner.push(b!).values.sum).toBeCloseTo(a!.close + b!.close, 9);
    expect(runner.lastClosed).toBe(b!.time);
    expect(runner.push(c!).values.sum).toBeCloseTo(a!.close + b!.close + c!.close, 9);
  });

  it('refuses a bar that is not after the last closed bar', () => {
    const [a, b] = bars(2);
    const runner = new IndicatorRunner(probe, { scale: 1 });
    runner.push(b!);
    expect(() => runner.push(a!)).toThrow(RangeError);
    expect(() => runner.push(b!)).toThrow(/not after the last closed bar/);
  });

  it('gives, bar by bar, what the whole-series computation gives (any cut between history and live)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 120 }),
        fc.nat(),
        fc.integer({ min: 1, max: 1000 }),
        (n, cut, seed) => {
          const all = bars(n, seed);
          const whole = computeIndicatorSeries(probe, { scale: 2 }, all);
          const at = cut % n;
          const history = computeIndicatorSeries(probe, { scale: 2 }, all.slice(0, at));
          const runner = new IndicatorRunner(probe, { scale: 2 });
          for (const bar of all.slice(0, at)) runner.push(bar);
          const live = all.slice(at).map((bar) => runner.push(bar));
          const stitched = splitOutputs(probe.outputs, live);
          expect([...history.points, ...stitched.points]).toEqual(whole.points);
          expect(stitched.drawings).toEqual(whole.drawings);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('computeIndicatorSeries', () => {
  it('keeps series per bar and the drawings of the last bar only', () => {
    const input = bars(5);
    const series = computeIndicatorSeries(probe, { scale: 1 }, input);
    expect(series.points).toHaveLength(5);
    expect(Object.keys(series.points[0]!.values)).toEqual(['sum']);
    expect(series.drawings.marks).toEqual([
      { time: input[4]!.time, position: 'at', shape: 'circle', price: input[4]!.close },
    ]);
    expect(series.drawingsTime).toBe(input[4]!.time);
  });

  it('has empty drawing lists and no drawings time without bars', () => {
    expect(computeIndicatorSeries(probe, { scale: 1 }, [])).toEqual({
      points: [],
      drawings: { marks: [] },
      drawingsTime: null,
    });
  });
});
