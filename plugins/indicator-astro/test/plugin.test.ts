import { readdirSync, readFileSync } from 'node:fs';
import {
  extensionPoints,
  isDefinedPlugin,
  OUTPUT_SHAPES,
  type PluginPackageJson,
  readManifest,
} from '@qmo/sdk';
import { FakeClock, startTestPlugin } from '@qmo/sdk/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import plugin, { astroIndicators, astroIngress, GROUP, type IngressParams } from '../src/index.js';

const pkg = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
) as PluginPackageJson;

describe('manifest', () => {
  it('is accepted by readManifest', () => {
    expect(readManifest(pkg)).toMatchObject({
      ok: true,
      manifest: {
        id: 'indicator-astro',
        kind: 'indicator',
        version: '1.0.0',
        main: 'dist/index.js',
        engines: { qmo: '^1.0.0' },
        capabilities: [],
      },
    });
  });

  it('default-exports a plugin definition of the manifest kind', () => {
    expect(isDefinedPlugin(plugin)).toBe(true);
    expect(plugin.kind).toBe('indicator');
  });
});

describe('plugin', () => {
  it('registers every indicator, needing no capability and no timer', async () => {
    const clock = new FakeClock();
    const host = await startTestPlugin({ plugin, id: 'indicator-astro', capabilities: [], clock });
    expect(host.contributions(extensionPoints.indicators).map((i) => i.id)).toEqual([
      'astro-longitude',
      'astro-ingress',
      'astro-retrograde',
      'astro-aspects',
      'astro-moon',
      'astro-price-lines',
    ]);
    await host.stop();
    expect(host.contributions(extensionPoints.indicators)).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('imports nothing of ours but @qmo/sdk (and astronomy-engine, its own dependency)', () => {
    const dir = new URL('../src/', import.meta.url);
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const source = readFileSync(new URL(file, dir), 'utf8');
      for (const [, specifier] of source.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
        expect(specifier, `${file} imports ${specifier}`).toMatch(
          /^(\.\.?\/.*\.js|@qmo\/sdk|zod|astronomy-engine)$/,
        );
      }
    }
  });
});

describe.each(astroIndicators.map((i) => [i.id, i] as const))('%s', (_id, indicator) => {
  it('describes itself for the UI', () => {
    expect(indicator.group).toBe(GROUP);
    expect(GROUP).toBe('Astro');
    expect(indicator.name).toBeTruthy();
    expect(indicator.description).toBeTruthy();
    expect(indicator.outputs.length).toBeGreaterThan(0);
    expect(new Set(indicator.outputs.map((o) => o.key)).size).toBe(indicator.outputs.length);
    for (const o of indicator.outputs) expect(OUTPUT_SHAPES).toContain(o.shape);
  });

  it('has parameters with defaults and descriptions a form can be built from', () => {
    const defaults = indicator.params.parse({}) as Record<string, unknown>;
    const schema = z.toJSONSchema(indicator.params, { io: 'input' }) as {
      properties?: Record<
        string,
        {
          type: string;
          default: unknown;
          minimum?: number;
          maximum?: number;
          enum?: unknown[];
          description: string;
        }
      >;
    };
    for (const [key, field] of Object.entries(schema.properties ?? {})) {
      expect(field.default, key).toEqual(defaults[key]);
      expect(field.description, key).toBeTruthy();
      if (field.type === 'number' || field.type === 'integer') {
        expect(field.minimum, key).toBeTypeOf('number');
        expect(field.maximum, key).toBeTypeOf('number');
      }
    }
    expect(() => indicator.create(defaults)).not.toThrow();
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
