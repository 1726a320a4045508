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
import plugin, { classicIndicators, GROUP, sma } from '../src/index.js';

const pkg = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
) as PluginPackageJson;

describe('manifest', () => {
  it('is accepted by readManifest', () => {
    expect(readManifest(pkg)).toMatchObject({
      ok: true,
      manifest: {
        id: 'indicator-classic',
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
    const host = await startTestPlugin({ plugin, id: 'indicator-classic', capabilities: [], clock });
    expect(host.contributions(extensionPoints.indicators).map((i) => i.id)).toEqual([
      'sma',
      'ema',
      'bollinger',
      'vwap',
      'rsi',
      'macd',
      'atr',
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

describe.each(classicIndicators.map((i) => [i.id, i] as const))('%s', (_id, indicator) => {
  it('describes itself for the UI', () => {
    expect(indicator.group).toBe(GROUP);
    expect(indicator.name).toBeTruthy();
    expect(indicator.description).toBeTruthy();
    expect(indicator.outputs.length).toBeGreaterThan(0);
    expect(new Set(indicator.outputs.map((o) => o.key)).size).toBe(indicator.outputs.length);
    for (const o of indicator.outputs) expect(OUTPUT_SHAPES).toContain(o.shape);
  });

  it('has parameters with defaults, bounds and descriptions a form can be built from', () => {
    const defaults = indicator.params.parse({});
    const schema = z.toJSONSchema(indicator.params, { io: 'input' }) as {
      properties?: Record<
        string,
        { type: string; default: unknown; minimum: number; maximum: number; description: string }
      >;
    };
    for (const [key, field] of Object.entries(schema.properties ?? {})) {
      expect(['number', 'integer']).toContain(field.type);
      expect(field.default).toBe((defaults as Record<string, unknown>)[key]);
      expect(field.minimum).toBeTypeOf('number');
      expect(field.maximum).toBeTypeOf('number');
      expect(field.description).toBeTruthy();
    }
    expect(() => indicator.create(defaults)).not.toThrow();
  });
});

describe('parameters', () => {
  it('have the customary defaults', () => {
    const defaults = Object.fromEntries(classicIndicators.map((i) => [i.id, i.params.parse({})]));
    expect(defaults).toEqual({
      sma: { period: 20 },
      ema: { period: 20 },
      bollinger: { period: 20, multiplier: 2 },
      vwap: {},
      rsi: { period: 14, overbought: 70, oversold: 30 },
      macd: { fast: 12, slow: 26, signal: 9 },
      atr: { period: 14 },
    });
  });

  it('are checked by create(), with a typed error', () => {
    expect(() => sma.create({ period: 0 })).toThrow(
      expect.objectContaining({ code: 'QMO_INVALID_ARGUMENT' }),
    );
    expect(() => sma.create({ period: 2.5 })).toThrow(/period/);
  });
});
