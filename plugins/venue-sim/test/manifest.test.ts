import { readdirSync, readFileSync } from 'node:fs';
import { isDefinedPlugin, readManifest } from '@qmo/sdk';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import plugin, { feeOf, venueSimConfigSchema } from '../src/index.js';
import { manifest, packageJson } from './helpers.js';

describe('manifest', () => {
  it('is accepted by readManifest', () => {
    expect(readManifest(packageJson())).toMatchObject({
      ok: true,
      manifest: {
        id: 'venue-sim',
        kind: 'venue',
        version: '1.0.0',
        main: 'dist/index.js',
        engines: { qmo: '^1.0.0' },
        capabilities: ['marketdata:read', 'marketdata:publish'],
      },
    });
  });

  it('documents the config schema the plugin validates with', () => {
    expect(manifest().config).toEqual(z.toJSONSchema(venueSimConfigSchema, { io: 'input' }));
  });

  it('default-exports a plugin definition of the manifest kind', () => {
    expect(isDefinedPlugin(plugin)).toBe(true);
    expect(plugin.kind).toBe(manifest().kind);
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

describe('config', () => {
  it('has defaults', () => {
    expect(venueSimConfigSchema.parse({})).toEqual({
      venue: 'sim',
      latencyMs: 2,
      takerFeeBps: '1',
      makerFeeBps: '-0.2',
      refreshMs: 500,
      houseDepth: 10,
      houseSizeFactor: '1',
      marketOpen: true,
    });
  });

  it('keeps fee rates exact and refuses bad values and unknown keys', () => {
    expect(venueSimConfigSchema.parse({ makerFeeBps: '-0.25', takerFeeBps: 0.1 })).toMatchObject({
      makerFeeBps: '-0.25',
      takerFeeBps: '0.1',
    });
    expect(venueSimConfigSchema.safeParse({ takerFeeBps: 1e-7 }).success).toBe(false);
    expect(venueSimConfigSchema.safeParse({ houseSizeFactor: -1 }).success).toBe(false);
    expect(venueSimConfigSchema.safeParse({ venue: 'Sim' }).success).toBe(false);
    expect(venueSimConfigSchema.safeParse({ latency: 2 }).success).toBe(false);
  });
});

describe('fees', () => {
  it.each([
    ['230.01', '100', '1', '1', '2.3'],
    ['150', '1', '1', '1', '0.02'], // 0.015 → 0.02
    ['250', '1', '1', '1', '0.02'], // 0.025 → 0.02 (half-even)
    ['350', '1', '1', '1', '0.04'], // 0.035 → 0.04
    ['250', '1', '1', '-1', '-0.02'],
    ['230.01', '100', '1', '-0.2', '-0.46'],
    ['6000.25', '2', '50', '1', '60'], // 6000.25 × 2 × 50 = 600 025; × 1 bp = 60.0025 → 60.00
    ['1.08123', '1000000', '1', '0.2', '21.62'], // 1 081 230 × 0.2 bp = 21.6246
    ['10', '1', '1', '1', '0'],
  ])('%s × %s × %s at %s bp = %s', (price, quantity, multiplier, bps, fee) => {
    expect(feeOf(price as never, quantity as never, multiplier as never, bps as never)).toBe(fee);
  });
});
