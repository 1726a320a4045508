import { dec, fromSteps } from '@qmo/sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stepFormatter } from '../src/step-format.js';

describe('stepFormatter', () => {
  it('gives exactly what fromSteps gives', () => {
    const steps = ['0.00001', '0.01', '0.25', '1', '50', '1000', '0.5', '0.0001'];
    fc.assert(
      fc.property(fc.constantFrom(...steps), fc.integer({ min: -1e9, max: 1e9 }), (step, n) => {
        expect(stepFormatter(dec(step))(n)).toBe(fromSteps(n, dec(step)));
      }),
      { numRuns: 2000 },
    );
  });

  it('handles the edges', () => {
    const ticks = stepFormatter(dec('0.00001'));
    expect(ticks(0)).toBe('0');
    expect(ticks(1)).toBe('0.00001');
    expect(ticks(108_000)).toBe('1.08');
    expect(ticks(-108_123)).toBe('-1.08123');
    expect(stepFormatter(dec('0.25'))(4)).toBe('1');
    expect(stepFormatter(dec('1000'))(7)).toBe('7000');
    expect(() => ticks(0.5)).toThrow(RangeError);
  });
});
