import { type Decimal, dec } from '@qmo/sdk';
import { describe, expect, it } from 'vitest';
import { MAX_PATH_POINTS, onTickGrid, pricePath } from '../../src/replay/price-path.js';

const bar = (open: string, high: string, low: string, close: string) => ({
  open: dec(open),
  high: dec(high),
  low: dec(low),
  close: dec(close),
});
const prices = (points: { price: Decimal }[]) => points.map((p) => p.price);

describe('price path of a bar', () => {
  it('goes open → the nearer extreme → the other → close', () => {
    expect(prices(pricePath(bar('1.085', '1.087', '1.084', '1.086')))).toEqual([
      '1.085',
      '1.084',
      '1.087',
      '1.086',
    ]);
    expect(prices(pricePath(bar('1.085', '1.0855', '1.082', '1.083')))).toEqual([
      '1.085',
      '1.0855',
      '1.082',
      '1.083',
    ]);
  });

  it('breaks a tie by the close: a bar closing up visits its low first', () => {
    expect(prices(pricePath(bar('10', '12', '8', '11')))).toEqual(['10', '8', '12', '11']);
    expect(prices(pricePath(bar('10', '12', '8', '9')))).toEqual(['10', '12', '8', '9']);
  });

  it('says whether each point is reached rising or falling, the open against the previous price', () => {
    const path = pricePath(bar('10', '12', '9', '11'), [], dec('10.5'));
    expect(path.map((p) => [p.price, p.rising])).toEqual([
      ['10', false],
      ['9', false],
      ['12', true],
      ['11', false],
    ]);
  });

  it('visits working-order prices where the path first crosses them, in travel order', () => {
    const path = pricePath(bar('10', '12', '9', '11'), [dec('11.5'), dec('9.5'), dec('10.5'), dec('13')]);
    // open 10 → low 9 (passing 9.5) → high 12 (passing 10.5 and 11.5) → close 11; 13 is out of range.
    expect(prices(path)).toEqual(['10', '9.5', '9', '10.5', '11.5', '12', '11']);
  });

  it('leaves out repeated prices and keeps to a bounded number of points', () => {
    expect(prices(pricePath(bar('5', '5', '5', '5')))).toEqual(['5']);
    expect(prices(pricePath(bar('5', '6', '5', '6')))).toEqual(['5', '6']);
    const many = Array.from({ length: 30 }, (_, i) => dec(String(100 + i)));
    expect(pricePath(bar('100', '130', '99', '120'), many).length).toBeLessThanOrEqual(MAX_PATH_POINTS);
  });

  it('puts an off-grid price on the tick grid (the tick at or below)', () => {
    expect(onTickGrid(dec('1.08503'), { tickSize: dec('0.0001') })).toBe('1.085');
    expect(onTickGrid(dec('1.0850'), { tickSize: dec('0.0001') })).toBe('1.085');
  });
});
