import { ASSET_CLASSES, decimalPlaces, isDecimal, toSteps } from '@qmo/sdk';
import { describe, expect, it } from 'vitest';
import { DEMO_INSTRUMENT_IDS, DEMO_INSTRUMENTS } from '../src/index.js';
import { MARKET_MODELS } from '../src/market-models.js';

describe('instruments', () => {
  it('lists the six demo instruments, one per asset class used', () => {
    expect(DEMO_INSTRUMENTS.map((i) => i.id)).toEqual([...DEMO_INSTRUMENT_IDS]);
    expect(DEMO_INSTRUMENTS.map((i) => i.assetClass)).toEqual([
      'fx',
      'crypto',
      'future',
      'commodity',
      'index',
      'equity',
    ]);
    for (const i of DEMO_INSTRUMENTS) expect(ASSET_CLASSES).toContain(i.assetClass);
  });

  it('have every contract field filled consistently', () => {
    for (const i of DEMO_INSTRUMENTS) {
      for (const value of [i.tickSize, i.lotSize, i.multiplier]) expect(isDecimal(value)).toBe(true);
      expect(i.pricePrecision).toBe(decimalPlaces(i.tickSize));
      expect(i.currency).toMatch(/^[A-Z]{3}$/);
      expect(i.venueSymbols.demo).toBeTruthy();
      expect(i.venueSymbols.sim).toBeTruthy();
      if (i.minQuantity) expect(() => toSteps(i.minQuantity!, i.lotSize)).not.toThrow();
      expect(MARKET_MODELS[i.id as keyof typeof MARKET_MODELS]).toBeDefined();
    }
  });

  it('include the E-mini future with its contract terms', () => {
    const es = DEMO_INSTRUMENTS.find((i) => i.id === 'ESZ6');
    expect(es).toMatchObject({
      assetClass: 'future',
      tickSize: '0.25',
      multiplier: '50',
      expiry: '2026-12-18',
    });
  });
});
