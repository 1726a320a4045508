import { type Indicator, isDefinedPlugin } from '@qmo/sdk';
import {
  checkIndicatorDescription,
  checkIndicatorParams,
  checkIndicatorPlugin,
  checkPluginImports,
  readPluginPackage,
} from '@qmo/sdk/testing';
import { describe, expect, it } from 'vitest';
import plugin, { GROUP, gannIndicators, sq9 } from '../src/index.js';

describe('manifest', () => {
  it('is accepted by readManifest', () => {
    expect(readPluginPackage(new URL('../package.json', import.meta.url)).manifest).toMatchObject({
      id: 'indicator-gann',
      kind: 'indicator',
      version: '1.0.0',
      main: 'dist/index.js',
      engines: { qmo: '^1.0.0' },
      capabilities: [],
    });
  });

  it('default-exports a plugin definition of the manifest kind', () => {
    expect(isDefinedPlugin(plugin)).toBe(true);
    expect(plugin.kind).toBe('indicator');
  });
});

describe('plugin', () => {
  it('registers every indicator, needing no capability and no timer', async () => {
    await checkIndicatorPlugin(plugin, ['gann-sq9', 'gann-fan', 'gann-box', 'gann-cycles'], {
      id: 'indicator-gann',
    });
  });

  it('imports nothing of ours but @qmo/sdk', () => {
    checkPluginImports(new URL('../src/', import.meta.url), ['@qmo/sdk', 'zod']);
  });
});

describe.each(gannIndicators.map((i) => [i.id, i] as const))('%s', (_id, indicator) => {
  it('describes itself for the UI', () => {
    checkIndicatorDescription(indicator, { group: GROUP });
  });

  it('has parameters with descriptions, defaults and bounds a form can be built from', () => {
    // prices (fixed pivots, box corners) have no upper bound
    const { fields } = checkIndicatorParams(indicator, { numericBounds: 'lower' });
    expect(Object.keys(fields).length).toBeGreaterThan(0);
  });
});

describe('parameters', () => {
  it('have the documented defaults', () => {
    const defaults = Object.fromEntries(gannIndicators.map((i) => [i.id, i.params.parse({})]));
    expect(defaults).toEqual({
      'gann-sq9': {
        reference: 'lastClose',
        pivotBars: 100,
        stepDegrees: 45,
        increment: 2,
        count: 8,
        priceScale: 1,
        cardinalCross: false,
        ordinalCross: false,
      },
      'gann-fan': { pivot: 'auto', direction: 'up', lookback: 100 },
      'gann-box': { pivots: 'auto', lookback: 100, timeSpan: 'pivots', diagonals: true },
      'gann-cycles': {
        pivot: 'low',
        lookback: 100,
        days: 'calendar',
        counts: [30, 45, 60, 90, 120, 144, 180, 225, 270, 315, 360],
        anniversaries: 5,
        seasonal: true,
        horizonDays: 400,
      },
    });
  });

  it('are checked by create(), with a typed error', () => {
    // as the host calls it: with parameters it has not checked
    const loose: Indicator<unknown> = sq9;
    expect(() => loose.create({ count: 0 })).toThrow(
      expect.objectContaining({ code: 'QMO_INVALID_ARGUMENT' }),
    );
    expect(() => loose.create({ reference: 'fixed' })).toThrow(/fixedPrice/);
  });
});
