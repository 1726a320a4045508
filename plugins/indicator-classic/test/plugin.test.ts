import { isDefinedPlugin } from '@qmo/sdk';
import {
  checkIndicatorDescription,
  checkIndicatorParams,
  checkIndicatorPlugin,
  checkPluginImports,
  readPluginPackage,
} from '@qmo/sdk/testing';
import { describe, expect, it } from 'vitest';
import plugin, { classicIndicators, GROUP, sma } from '../src/index.js';

describe('manifest', () => {
  it('is accepted by readManifest', () => {
    expect(readPluginPackage(new URL('../package.json', import.meta.url)).manifest).toMatchObject({
      id: 'indicator-classic',
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
    await checkIndicatorPlugin(plugin, ['sma', 'ema', 'bollinger', 'vwap', 'rsi', 'macd', 'atr'], {
      id: 'indicator-classic',
    });
  });

  it('imports nothing of ours but @qmo/sdk', () => {
    checkPluginImports(new URL('../src/', import.meta.url), ['@qmo/sdk', 'zod']);
  });
});

describe.each(classicIndicators.map((i) => [i.id, i] as const))('%s', (_id, indicator) => {
  it('describes itself for the UI', () => {
    checkIndicatorDescription(indicator, { group: GROUP });
  });

  it('has parameters with defaults, bounds and descriptions a form can be built from', () => {
    const { fields } = checkIndicatorParams(indicator);
    for (const field of Object.values(fields)) expect(['number', 'integer']).toContain(field.type);
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
