import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CapabilityDeniedError,
  ConfigInvalidError,
  createServiceRef,
  type Disposable,
  definePlugin,
  ExtensionPointDeniedError,
  extensionPoints,
  type Indicator,
  isDefinedPlugin,
  type MarketDataFeed,
  type PluginContext,
  ServiceUnavailableError,
  services,
} from '../src/index.js';
import { FakeClock, MemoryPluginStorage, RecordingSink, startTestPlugin } from '../src/testing/index.js';

const instrument = {
  id: 'EURUSD',
  assetClass: 'fx' as const,
  symbol: 'EUR/USD',
  tickSize: '0.00001',
  lotSize: '1000',
  pricePrecision: 5,
  currency: 'USD',
  multiplier: '1',
  venueSymbols: {},
  baseCurrency: 'EUR',
} as unknown as import('../src/index.js').Instrument;

function tickingFeed(source = 'demo'): MarketDataFeed {
  return {
    source,
    instruments: () => [instrument],
    subscribe: () => ({ dispose() {} }),
  };
}

const sma: Indicator<{ length: number }> = {
  id: 'sma',
  name: 'SMA',
  group: 'Classic',
  params: z.object({ length: z.number().int().default(3) }),
  outputs: [{ key: 'sma', shape: 'line', label: 'SMA', pane: 'price' }],
  create: () => ({ next: () => ({ sma: null }), peek: () => ({ sma: null }) }),
};

describe('definePlugin', () => {
  it('marks and freezes the definition', () => {
    const plugin = definePlugin({ kind: 'indicator', activate() {} });
    expect(isDefinedPlugin(plugin)).toBe(true);
    expect(Object.isFrozen(plugin)).toBe(true);
    expect(isDefinedPlugin({ kind: 'indicator', activate() {} })).toBe(false);
    expect(isDefinedPlugin(null)).toBe(false);
  });
});

describe('startTestPlugin', () => {
  it('lists contributions and forgets them when released or stopped', async () => {
    let registration: Disposable | undefined;
    const plugin = definePlugin({
      kind: 'indicator',
      activate(ctx) {
        registration = ctx.register(extensionPoints.indicators, sma);
        ctx.register(extensionPoints.indicators, { ...sma, id: 'ema', name: 'EMA' });
      },
    });
    const host = await startTestPlugin({ plugin });
    expect(host.contributions(extensionPoints.indicators).map((i) => i.id)).toEqual(['sma', 'ema']);
    expect(host.contributions(extensionPoints.feeds)).toEqual([]);
    await registration?.dispose();
    expect(host.contributions(extensionPoints.indicators).map((i) => i.id)).toEqual(['ema']);
    await registration?.dispose(); // twice: still only one removal
    expect(host.contributions(extensionPoints.indicators).map((i) => i.id)).toEqual(['ema']);
    await host.stop();
    expect(host.contributions(extensionPoints.indicators)).toEqual([]);
  });

  it('gives the plugin its identity and defaults', async () => {
    let seen: PluginContext<unknown> | undefined;
    const plugin = definePlugin({
      kind: 'feed',
      activate(ctx) {
        seen = ctx;
      },
    });
    const host = await startTestPlugin({ plugin, id: 'feed-x', version: '1.2.3' });
    expect(seen?.plugin).toEqual({ id: 'feed-x', version: '1.2.3', kind: 'feed' });
    expect(host.context).toBe(seen);
    expect(host.clock).toBeInstanceOf(FakeClock);
    await host.stop();
  });

  it('gives the plugin a data folder of its own: a temporary one removed at stop, or the one given', async () => {
    let dir = '';
    const plugin = definePlugin({
      kind: 'venue',
      activate(ctx) {
        dir = ctx.dataDir;
        writeFileSync(join(ctx.dataDir, 'state'), 'kept');
      },
    });
    const host = await startTestPlugin({ plugin, id: 'venue-x' });
    expect(existsSync(join(dir, 'state'))).toBe(true);
    await host.stop();
    expect(existsSync(dir)).toBe(false);

    const given = join(mkdtempSync(join(tmpdir(), 'qmo-test-host-')), 'venue-x');
    try {
      const again = await startTestPlugin({ plugin, id: 'venue-x', dataDir: given });
      expect(dir).toBe(given);
      await again.stop();
      expect(readFileSync(join(given, 'state'), 'utf8')).toBe('kept');
    } finally {
      rmSync(dirname(given), { recursive: true, force: true });
    }
  });

  it('denies a service whose capability was not granted', async () => {
    const plugin = definePlugin({
      kind: 'advisor',
      activate(ctx) {
        ctx.get(services.marketData);
      },
    });
    await expect(startTestPlugin({ plugin, services: [[services.marketData, {}]] })).rejects.toBeInstanceOf(
      CapabilityDeniedError,
    );
    const error = await startTestPlugin({
      plugin,
      id: 'advisor-x',
      services: [[services.marketData, {}]],
    }).catch((e) => e);
    expect(error.capability).toBe('marketdata:read');
    expect(error.message).toContain('advisor-x');
    expect(error.message).toContain('marketdata:read');
  });

  it('hands out a service once the capability is granted; an unprovided one is unavailable', async () => {
    const storage = new MemoryPluginStorage();
    let got: unknown;
    const plugin = definePlugin({
      kind: 'indicator',
      activate(ctx) {
        got = ctx.get(services.storage);
        expect(() => ctx.get(services.instruments)).toThrow(ServiceUnavailableError);
        expect(() => ctx.get(createServiceRef<number>({ id: 'acme.thing' }))).toThrow(/acme\.thing/);
      },
    });
    const host = await startTestPlugin({
      plugin,
      capabilities: ['storage'],
      services: [[services.storage, storage]],
    });
    expect(got).toBe(storage);
    await host.stop();
  });

  it('denies an extension point of another kind and one whose capability is missing', async () => {
    const wrongKind = definePlugin({
      kind: 'indicator',
      activate(ctx) {
        ctx.register(extensionPoints.feeds, tickingFeed());
      },
    });
    await expect(
      startTestPlugin({ plugin: wrongKind, capabilities: ['marketdata:publish'] }),
    ).rejects.toBeInstanceOf(ExtensionPointDeniedError);

    const noCapability = definePlugin({
      kind: 'feed',
      activate(ctx) {
        ctx.register(extensionPoints.feeds, tickingFeed());
      },
    });
    const error = await startTestPlugin({ plugin: noCapability }).catch((e) => e);
    expect(error).toBeInstanceOf(CapabilityDeniedError);
    expect(error.capability).toBe('marketdata:publish');

    const host = await startTestPlugin({ plugin: noCapability, capabilities: ['marketdata:publish'] });
    expect(host.contributions(extensionPoints.feeds).map((f) => f.source)).toEqual(['demo']);
    await host.stop();
  });

  it('validates configuration with the plugin schema and names the bad key', async () => {
    const plugin = definePlugin({
      kind: 'feed',
      config: z.object({
        intervalMs: z.number().int().positive().default(1000),
        symbols: z.array(z.string()).default([]),
      }),
      activate() {},
    });
    const error = await startTestPlugin({ plugin, config: { intervalMs: -5 } }).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigInvalidError);
    expect(error.code).toBe('QMO_CONFIG_INVALID');
    expect(error.issues.map((i: { path: string }) => i.path)).toEqual(['intervalMs']);

    const ok = await startTestPlugin({ plugin, config: { intervalMs: 50 } });
    expect(ok.context.config).toEqual({ intervalMs: 50, symbols: [] });
    await ok.stop();
    const defaults = await startTestPlugin({ plugin });
    expect(defaults.context.config).toEqual({ intervalMs: 1000, symbols: [] });
    await defaults.stop();
  });

  it('stop releases timers (no pending timers on the fake clock) and runs cleanups in reverse', async () => {
    const clock = new FakeClock(0);
    const order: string[] = [];
    let ticks = 0;
    let aborted = false;
    const plugin = definePlugin({
      kind: 'feed',
      activate(ctx) {
        ctx.timers.setInterval(() => ticks++, 100);
        ctx.timers.setTimeout(() => ticks++, 10_000);
        ctx.onDispose(() => void order.push('first'));
        ctx.track({ dispose: () => void order.push('second') });
        ctx.signal.addEventListener('abort', () => {
          aborted = true;
        });
      },
      deactivate() {
        order.push('deactivate');
      },
    });
    const host = await startTestPlugin({ plugin, clock });
    expect(clock.pendingTimers).toBe(2);
    clock.advance(350);
    expect(ticks).toBe(3);
    await host.stop();
    expect(aborted).toBe(true);
    expect(order).toEqual(['deactivate', 'second', 'first']);
    expect(clock.pendingTimers).toBe(0);
    clock.advance(20_000);
    expect(ticks).toBe(3);
  });

  it('records a throwing timer callback as a fault instead of crashing the clock', async () => {
    const clock = new FakeClock(0);
    let ticks = 0;
    const plugin = definePlugin({
      kind: 'feed',
      activate(ctx) {
        ctx.timers.setInterval(() => {
          ticks++;
          throw new Error(`boom ${ticks}`);
        }, 10);
      },
    });
    const host = await startTestPlugin({ plugin, clock });
    clock.advance(30);
    expect(ticks).toBe(3);
    expect(host.faults.map((f) => (f as Error).message)).toEqual(['boom 1', 'boom 2', 'boom 3']);
    await host.stop();
    expect(clock.pendingTimers).toBe(0);
  });

  it('a plugin that throws in activate leaves no timers behind', async () => {
    const clock = new FakeClock(0);
    const plugin = definePlugin({
      kind: 'feed',
      activate(ctx) {
        ctx.timers.setInterval(() => {}, 10);
        throw new Error('cannot connect');
      },
    });
    await expect(startTestPlugin({ plugin, clock })).rejects.toThrow('cannot connect');
    expect(clock.pendingTimers).toBe(0);
  });

  it('captures log lines with the plugin binding', async () => {
    const plugin = definePlugin({
      kind: 'feed',
      activate(ctx) {
        ctx.logger.info('hello', { n: 1 });
        ctx.logger.child({ part: 'socket' }).warn('slow');
      },
    });
    const host = await startTestPlugin({ plugin, id: 'feed-log' });
    expect(host.logs).toEqual([
      { level: 'info', message: 'hello', fields: { plugin: 'feed-log', n: 1 } },
      { level: 'warn', message: 'slow', fields: { plugin: 'feed-log', part: 'socket' } },
    ]);
    await host.stop();
  });

  it('RecordingSink keeps messages by type', () => {
    const sink = new RecordingSink();
    sink.publish({
      type: 'trade',
      instrument: 'EURUSD',
      source: 'demo',
      ts: 1,
      price: '1.1' as never,
      size: '1' as never,
      aggressor: 'buy',
    });
    sink.publish({
      type: 'quote',
      instrument: 'EURUSD',
      source: 'demo',
      ts: 1,
      bid: null,
      bidSize: null,
      ask: null,
      askSize: null,
    });
    sink.error('EURUSD', new Error('gap'));
    expect(sink.ofType('trade')).toHaveLength(1);
    expect(sink.ofType('quote')).toHaveLength(1);
    expect(sink.ofType('l2.delta')).toHaveLength(0);
    expect(sink.errors[0]?.error.message).toBe('gap');
  });

  it('MemoryPluginStorage stores JSON copies and lists keys by prefix', async () => {
    const storage = new MemoryPluginStorage();
    const value = { a: [1, 2] };
    await storage.set('cfg:a', value);
    await storage.set('cfg:b', 2);
    await storage.set('other', 3);
    value.a.push(3);
    expect(await storage.get('cfg:a')).toEqual({ a: [1, 2] });
    expect(await storage.keys('cfg:')).toEqual(['cfg:a', 'cfg:b']);
    await storage.delete('cfg:a');
    expect(await storage.get('cfg:a')).toBeUndefined();
  });
});
