import type { RunnerBar } from '@qmo/sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packBars, unpackBars } from './protocol.js';

const bar = fc.record({
  time: fc.integer({ min: 0, max: 2 ** 45 }),
  open: fc.double({ noNaN: true, noDefaultInfinity: true }),
  high: fc.double({ noNaN: true, noDefaultInfinity: true }),
  low: fc.double({ noNaN: true, noDefaultInfinity: true }),
  close: fc.double({ noNaN: true, noDefaultInfinity: true }),
  volume: fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }),
  closed: fc.boolean(),
}) as fc.Arbitrary<RunnerBar>;

describe('packBars', () => {
  it('carries every bar through the columns unchanged', () => {
    fc.assert(
      fc.property(fc.array(bar, { maxLength: 50 }), (bars) => {
        expect(unpackBars(packBars(bars))).toEqual(bars);
      }),
    );
  });
});
