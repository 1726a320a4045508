import { readdirSync, readFileSync } from 'node:fs';
import { isDefinedPlugin, readManifest } from '@qmo/sdk';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import plugin, { venueFixConfigSchema } from '../src/index.js';
import { manifest, packageJson } from './helpers.js';

const REQUIRED = { host: 'venue.example', port: 9876, senderCompId: 'QMO', targetCompId: 'VENUE' };

describe('manifest', () => {
  it('is accepted by readManifest', () => {
    expect(readManifest(packageJson())).toMatchObject({
      ok: true,
      manifest: {
        id: 'venue-fix',
        kind: 'venue',
        version: '1.0.0',
        main: 'dist/index.js',
        engines: { qmo: '^1.0.0' },
        capabilities: ['net:*'],
      },
    });
  });

  it('documents the config schema the plugin validates with', () => {
    expect(manifest().config).toEqual(z.toJSONSchema(venueFixConfigSchema, { io: 'input' }));
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
        expect(specifier, `${file} imports ${specifier}`).toMatch(
          /^(\.\.?\/.*\.js|@qmo\/sdk(\/fix)?|zod|node:.+)$/,
        );
      }
    }
  });
});

describe('config', () => {
  it('needs the counterparty and has defaults for the rest', () => {
    expect(venueFixConfigSchema.safeParse({}).success).toBe(false);
    expect(venueFixConfigSchema.parse(REQUIRED)).toEqual({
      ...REQUIRED,
      venue: 'fix',
      heartBtInt: 30,
      resetOnLogon: false,
      tls: false,
      symbols: {},
      reconnect: { initialDelayMs: 1000, maxDelayMs: 30_000 },
    });
  });

  it('takes TLS as a flag or PEM files, a throttle and a backoff, and refuses unknown keys', () => {
    const parsed = venueFixConfigSchema.parse({
      ...REQUIRED,
      tls: { caFile: 'ca.pem' },
      maxOrdersPerSecond: 50,
      reconnect: { initialDelayMs: 100 },
      symbols: { ESZ6: 'ESZ26' },
      account: 'ACC-9',
    });
    expect(parsed).toMatchObject({
      tls: { caFile: 'ca.pem' },
      maxOrdersPerSecond: 50,
      reconnect: { initialDelayMs: 100, maxDelayMs: 30_000 },
      symbols: { ESZ6: 'ESZ26' },
      account: 'ACC-9',
    });
    expect(venueFixConfigSchema.safeParse({ ...REQUIRED, tls: { ca: 'x' } }).success).toBe(false);
    expect(venueFixConfigSchema.safeParse({ ...REQUIRED, maxOrdersPerSecond: 0 }).success).toBe(false);
    expect(venueFixConfigSchema.safeParse({ ...REQUIRED, port: 70_000 }).success).toBe(false);
    expect(
      venueFixConfigSchema.safeParse({ ...REQUIRED, reconnect: { initialDelayMs: 5000, maxDelayMs: 1000 } })
        .success,
    ).toBe(false);
    expect(venueFixConfigSchema.safeParse({ ...REQUIRED, venue: 'FIX' }).success).toBe(false);
    expect(venueFixConfigSchema.safeParse({ ...REQUIRED, hostname: 'x' }).success).toBe(false);
  });
});
