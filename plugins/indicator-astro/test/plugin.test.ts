import { isDefinedPlugin } from '@qmo/sdk';
import {
  checkIndicatorDescription,
  checkIndicatorParams,
  checkIndicatorPlugin,
  checkPluginImports,
  readPluginPackage,
} from '@qmo/sdk/testing';
import { describe, expect, it } from 'vitest';
import plugin, { astroIndicators, astroIngress, GROUP, type IngressParams } from '../src/index.js';

describe('manifest', () => {
  it('is accepted by readManifest', () => {
    expect(readPluginPackage(new URL('../package.json', import.meta.url)).manifest).toMatchObject({
      id: 'indicator-astro',
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
    await checkIndicatorPlugin(
      plugin,
      [
        'astro-longitude',
        'astro-ingress',
        'astro-retrograde',
        'astro-aspects',
        'astro-moon',
        'astro-price-lines',
      ],
      { id: 'indicator-astro' },
    );
  });

  it('imports nothing of ours but @qmo/sdk (and astronomy-engine, its own dependency)', () => {
    checkPluginImports(new URL('../src/', import.meta.url), ['@qmo/sdk', 'zod', 'astronomy-engine']);
  });
});

describe.each(astroIndicators.map((i) => [i.id, i] as const))('%s', (_id, indicator) => {
  it('describes itself for the UI', () => {
    expect(GROUP).toBe('Astro');
    checkIndicatorDescription(indicator, { group: GROUP });
  });

  it('has parameters with defaults and descriptions a form can be built from', () => {
    checkIndicatorParams(indicator);
  });
});

describe('parameters', () => {
  it('params.parse({}) yields the defaults', () => {
    const defaults = Object.fromEntries(astroIndicators.map((i) => [i.id, i.params.parse({})]));
    expect(defaults).toEqual({
      'astro-longitude': { bodies: ['sun', 'moon', 'mercury', 'venus', 'mars'], frame: 'geocentric' },
      'astro-ingress': {
        bodies: ['sun', 'mercury', 'venus', 'mars', 'jupiter', 'saturn'],
        horizonDays: 90,
        labelStyle: 'glyphs',
      },
      'astro-retrograde': {
        bodies: ['mercury', 'venus', 'mars'],
        horizonDays: 180,
        zonePrice: 'range',
        bandPercent: 5,
        labelStyle: 'glyphs',
      },
      'astro-aspects': {
        pairs: ['sun-mars', 'venus-mars', 'mars-jupiter', 'jupiter-saturn'],
        minor: false,
        orb: 3,
        horizonDays: 90,
        zonePrice: 'range',
        bandPercent: 5,
        labelStyle: 'glyphs',
      },
      'astro-moon': { quarters: true, eclipses: true, horizonDays: 60, labelStyle: 'glyphs' },
      'astro-price-lines': {
        body: 'sun',
        frame: 'geocentric',
        pricePerDegree: 1,
        offset: 0,
        lines: 5,
        rangeBars: 500,
        marginPercent: 10,
      },
    });
  });

  it('are checked by create(), with a typed error', () => {
    const create = (params: unknown) => astroIngress.create(params as IngressParams);
    expect(() => create({ bodies: [] })).toThrow(expect.objectContaining({ code: 'QMO_INVALID_ARGUMENT' }));
    expect(() => create({ bodies: ['sun', 'sun'] })).toThrow(/at most once/);
    expect(() => create({ bodies: ['earth'] })).toThrow(/bodies/);
  });
});
