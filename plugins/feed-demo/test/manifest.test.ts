import { readdirSync, readFileSync } from 'node:fs';
import { extensionPoints, isDefinedPlugin, readManifest } from '@qmo/sdk';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import plugin, { DEMO_INSTRUMENT_IDS, demoFeedConfigSchema } from '../src/index.js';
import { manifest, packageJson, startFeedPlugin } from './helpers.js';

describe('manifest', () => {
  it('is accepted by readManifest', () => {
    const result = readManifest(packageJson());
    expect(result).toMatchObject({
      ok: true,
      manifest: {
        id: 'feed-demo',
        kind: 'feed',
        version: '1.0.0',
        main: 'dist/index.js',
        engines: { qmo: '^1.0.0' },
        capabilities: ['marketdata:publish'],
      },
    });
  });

  it('documents the config schema the plugin validates with', () => {
    expect(manifest().config).toEqual(z.toJSONSchema(demoFeedConfigSchema, { io: 'input' }));
  });

  it('default-exports a plugin definition of the manifest kind', () => {
    expect(isDefinedPlugin(plugin)).toBe(true);
    expect(plugin.kind).toBe(manifest().kind);
  });
});

describe('config', () => {
  it('has defaults', () => {
    expect(demoFeedConfigSchema.parse({})).toEqual({
      seed: 42,
      source: 'demo',
      tickIntervalMs: 250,
      historyDays: 30,
      bookDepth: 10,
    });
  });

  it('refuses unknown instruments and unknown keys', () => {
    expect(demoFeedConfigSchema.safeParse({ instruments: ['EURUSD', 'NOPE'] }).success).toBe(false);
    expect(demoFeedConfigSchema.safeParse({ sed: 1 }).success).toBe(false);
  });
});

describe('plugin', () => {
  it('registers one feed with the configured source and instruments', async () => {
    const { host, feed } = await startFeedPlugin({ source: 'demo2', instruments: ['AAPL', 'ESZ6'] });
    expect(host.contributions(extensionPoints.feeds)).toHaveLength(1);
    expect(feed.source).toBe('demo2');
    const instruments = await feed.instruments();
    expect(instruments.map((i) => i.id)).toEqual(['ESZ6', 'AAPL']);
    expect(instruments[0]?.venueSymbols.demo2).toBe('ESZ6');
    await host.stop();
  });

  it('offers all instruments by default', async () => {
    const { host, feed } = await startFeedPlugin();
    expect((await feed.instruments()).map((i) => i.id)).toEqual([...DEMO_INSTRUMENT_IDS]);
    await host.stop();
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
