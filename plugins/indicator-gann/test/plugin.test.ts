import { readdirSync, readFileSync } from 'node:fs';
import {
  extensionPoints,
  type Indicator,
  isDefinedPlugin,
  OUTPUT_SHAPES,
  type PluginPackageJson,
  readManifest,
} from '@qmo/sdk';
import { FakeClock, startTestPlugin } from '@qmo/sdk/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import plugin, { GROUP, gannIndicators, sq9 } from '../src/index.js';

const pkg = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
) as PluginPackageJson;

describe('manifest', () => {
  it('is accepted by readManifest', () => {
    expect(readManifest(pkg)).toMatchObject({
      ok: true,
      manifest: {
        id: 'indicator-gann',
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
    const host = await startTestPlugin({ plugin, id: 'indicator-gann', capabilities: [], clock });
    expect(host.contributions(extensionPoints.indicators).map((i) => i.id)).toEqual([
      'gann-sq9',
      'gann-fan',
      'gann-box',
      'gann-cycles',
    ]);
    await host.stop();
    expect(host.contributions(extensionPoints.indicators)).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('imports nothing of ours but @qmo/sdk', () => {
    const dir = new URL('../src/', import.meta.url);
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const source = readFileSync(new URL(file, dir), 'utf8');
      for (const [, specifier] of source.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
        expect(specifier, `${file} imports ${specifier}`).toMatch(/^(\.\.?\/.*\.js|@qmo\/sdk|zod)$/);
      }
    }
  });
});

describe.each(gannIndicators.map((i) => [i.id, i] as const))('%s', (_id, indicator) => {
  it('describes itself for the UI', () => {
    expect(indicator.group).toBe(GROUP);
    expect(indicator.name).toBeTruthy();
    expect(indicator.description).toBeTruthy();
    expect(indicator.outputs.length).toBeGreaterThan(0);
    expect(new Set(indicator.outputs.map((o) => o.key)).size).toBe(indicator.outputs.length);
    for (const o of indicator.outputs) expect(OUTPUT_SHAPES).toContain(o.shape);
  });

  it('has parameters with descriptions, defaults and bounds a form can be built from', () => {
    const defaults = indicator.params.parse({}) as Record<string, unknown>;
    const schema = z.toJSONSchema(indicator.params, { io: 'input' }) as {
      properties?: Record<
        string,
        { type: string; default?: unknown; minimum?: number; enum?: unknown[]; description?: string }
      >;
    };
    expect(Object.keys(schema.properties ?? {}).length).toBeGreaterThan(0);
    for (const [key, field] of Object.entries(schema.properties ?? {})) {
      expect(field.description, key).toBeTruthy();
      expect(field.default, key).toEqual(defaults[key]);
      if (field.type === 'number' || field.type === 'integer') {
        expect(field.minimum ?? (field as { exclusiveMinimum?: number }).exclusiveMinimum, key).toBeTypeOf(
          'number',
        );
      }
    }
    expect(() => indicator.create(defaults)).not.toThrow();
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
