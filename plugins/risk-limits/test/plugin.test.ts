import { readdirSync, readFileSync } from 'node:fs';
import { extensionPoints, isDefinedPlugin, type PluginPackageJson, readManifest } from '@qmo/sdk';
import { FakeClock, startTestPlugin } from '@qmo/sdk/testing';
import { describe, expect, it } from 'vitest';
import plugin, { riskLimitRules } from '../src/index.js';

const pkg = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
) as PluginPackageJson & {
  name: string;
};

const RULE_IDS = [
  'restricted-instruments',
  'max-order-qty',
  'max-order-notional',
  'price-collar',
  'order-rate',
  'max-position',
  'gross-exposure',
  'net-exposure',
  'margin',
  'session-loss-cap',
];

describe('manifest', () => {
  it('is accepted by readManifest', () => {
    expect(pkg.name).toBe('@qmo/plugin-risk-limits');
    expect(readManifest(pkg)).toMatchObject({
      ok: true,
      manifest: {
        id: 'risk-limits',
        kind: 'risk',
        version: '1.0.0',
        main: 'dist/index.js',
        engines: { qmo: '^1.0.0' },
        capabilities: [],
      },
    });
  });

  it('default-exports a plugin definition of the manifest kind', () => {
    expect(isDefinedPlugin(plugin)).toBe(true);
    expect(plugin.kind).toBe('risk');
  });
});

describe('plugin', () => {
  it('registers every rule at risk-rules/v1, needing no capability and no timer', async () => {
    const clock = new FakeClock();
    const host = await startTestPlugin({
      plugin,
      id: 'risk-limits',
      version: '1.0.0',
      capabilities: [],
      clock,
    });
    const registered = host.contributions(extensionPoints.riskRules);
    expect(registered.map((r) => r.id)).toEqual(RULE_IDS);
    expect(registered).toEqual([...riskLimitRules]);
    expect(host.logs.filter((l) => l.level === 'error')).toEqual([]);
    await host.stop();
    expect(host.contributions(extensionPoints.riskRules)).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('has unique rule ids', () => {
    expect(new Set(riskLimitRules.map((r) => r.id)).size).toBe(riskLimitRules.length);
  });

  it('only session-loss-cap monitors the account', () => {
    expect(riskLimitRules.filter((r) => r.monitor).map((r) => r.id)).toEqual(['session-loss-cap']);
  });

  const sources = (() => {
    const dir = new URL('../src/', import.meta.url);
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((file) => [file, readFileSync(new URL(file, dir), 'utf8')] as const);
  })();

  it('imports nothing of ours but @qmo/sdk', () => {
    expect(sources.length).toBeGreaterThan(0);
    for (const [file, source] of sources) {
      for (const [, specifier] of source.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
        expect(specifier, `${file} imports ${specifier}`).toMatch(/^(\.\.?\/.*\.js|@qmo\/sdk|zod)$/);
      }
    }
  });

  it('reads no clock, randomness or environment (verdicts depend on the input only)', () => {
    for (const [file, source] of sources) {
      expect(source, file).not.toMatch(/Date\.now|new Date\(|Math\.random|performance\.now|process\./);
      expect(source, file).not.toMatch(/parseFloat|Number\(/);
    }
  });
});
