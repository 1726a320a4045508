import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CapabilityDeniedError,
  createServiceRef,
  type DefinedPlugin,
  definePlugin,
  ExtensionPointDeniedError,
  extensionPoints,
  type Indicator,
  type MarketDataFeed,
  type PluginContext,
  type PluginIdentity,
  ServiceUnavailableError,
  services,
} from '@qmo/sdk';
import { FakeClock } from '@qmo/sdk/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Kernel } from '../src/index.js';
import { entry, flush, manifest, recordStates, SDK } from './helpers.js';

const noop = definePlugin({ kind: 'indicator', activate() {} });

function indicator(id: string): Indicator<Record<string, never>> {
  return {
    id,
    name: id.toUpperCase(),
    group: 'Classic',
    params: z.object({}) as never,
    outputs: [{ key: id, shape: 'line', label: id, pane: 'price' }],
    create: () => ({ next: () => ({ [id]: null }), peek: () => ({ [id]: null }) }),
  };
}

function feed(source: string): MarketDataFeed {
  return { source, instruments: () => [], subscribe: () => ({ dispose() {} }) };
}

function newKernel(options: { faultThreshold?: number; sdkVersion?: string } = {}) {
  const clock = new FakeClock(0);
  const kernel = new Kernel({
    sdkVersion: options.sdkVersion ?? SDK,
    clock,
    faultThreshold: options.faultThreshold ?? 5,
  });
  return { kernel, clock };
}

/** A plugin that records its activations and deactivations into `log`. */
function recorder(kind: DefinedPlugin['kind'], name: string, log: string[]): DefinedPlugin<unknown> {
  return definePlugin({
    kind,
    activate: () => void log.push(`start ${name}`),
    deactivate: () => void log.push(`stop ${name}`),
  }) as DefinedPlugin<unknown>;
}

describe('Kernel: plugin data folders', () => {
  it('creates <dataDir>/plugins/<id> before activate and hands it to the plugin', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'qmo-kernel-'));
    try {
      const kernel = new Kernel({ sdkVersion: SDK, clock: new FakeClock(0), dataDir });
      let seen = '';
      const plugin = definePlugin({
        kind: 'venue',
        activate(ctx) {
          seen = ctx.dataDir;
          writeFileSync(join(ctx.dataDir, 'store'), 'x');
        },
      });
      await kernel.register([entry(manifest('venue-x', { kind: 'venue' }), plugin)]);
      await kernel.start();
      expect(kernel.plugin('venue-x')?.state).toBe('running');
      expect(seen).toBe(join(dataDir, 'plugins', 'venue-x'));
      expect(readFileSync(join(seen, 'store'), 'utf8')).toBe('x');
      await kernel.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('Kernel: compatibility and dependencies', () => {
  it('refuses an incompatible engines.qmo, naming the plugin, the range and the SDK version', async () => {
    const { kernel } = newKernel();
    let activated = false;
    const plugin = definePlugin({
      kind: 'indicator',
      activate: () => {
        activated = true;
      },
    });
    await kernel.register([entry(manifest('indicator-future', { engines: { qmo: '^2.0.0' } }), plugin)]);
    await kernel.start();
    const report = kernel.plugin('indicator-future');
    expect(report?.state).toBe('refused');
    expect(report?.error?.code).toBe('QMO_INCOMPATIBLE_ENGINE');
    expect(report?.error?.message).toContain('indicator-future');
    expect(report?.error?.message).toContain('^2.0.0');
    expect(report?.error?.message).toContain(SDK);
    expect(activated).toBe(false);
  });

  it('accepts a compatible range and refuses a past major', async () => {
    const { kernel } = newKernel({ sdkVersion: '1.4.2' });
    await kernel.register([
      entry(manifest('ind-ok', { engines: { qmo: '>=1.2.0 <2.0.0' } }), noop),
      entry(manifest('ind-old', { engines: { qmo: '^0.9.0' } }), noop),
      entry(manifest('ind-too-new', { engines: { qmo: '~1.5.0' } }), noop),
    ]);
    expect(kernel.plugin('ind-ok')?.state).toBe('loaded');
    expect(kernel.plugin('ind-old')?.error?.message).toBe(
      'plugin "ind-old" requires QMO SDK ^0.9.0, this host provides 1.4.2',
    );
    expect(kernel.plugin('ind-too-new')?.state).toBe('refused');
  });

  it('refuses a plugin whose dependency is missing, naming it', async () => {
    const { kernel } = newKernel();
    await kernel.register([
      entry(
        manifest('algo-vwap', { kind: 'algo', requires: { 'venue-sim': '^1.0.0' } }),
        definePlugin({ kind: 'algo', activate() {} }),
      ),
    ]);
    const report = kernel.plugin('algo-vwap');
    expect(report?.state).toBe('refused');
    expect(report?.error?.code).toBe('QMO_MISSING_DEPENDENCY');
    expect(report?.error?.message).toContain('"venue-sim"');
    expect(report?.error?.message).toContain('^1.0.0');
    expect(report?.error?.message).toMatch(/not loaded/);
  });

  it('refuses a plugin whose dependency version is out of range, naming both versions', async () => {
    const { kernel } = newKernel();
    await kernel.register([
      entry(manifest('ind-base', { version: '1.3.0' }), noop),
      entry(manifest('ind-derived', { requires: { 'ind-base': '^2.0.0' } }), noop),
      entry(manifest('ind-happy', { requires: { 'ind-base': '^1.2.0' } }), noop),
    ]);
    const report = kernel.plugin('ind-derived');
    expect(report?.state).toBe('refused');
    expect(report?.error?.code).toBe('QMO_MISSING_DEPENDENCY');
    expect(report?.error?.message).toBe(
      'plugin "ind-derived" requires "ind-base" ^2.0.0, but version 1.3.0 is loaded',
    );
    expect(kernel.plugin('ind-happy')?.state).toBe('loaded');
    expect(kernel.plugin('ind-base')?.state).toBe('loaded');
  });

  it('refuses a dependency cycle naming it, and whatever depends on the cycle', async () => {
    const { kernel } = newKernel();
    const log: string[] = [];
    await kernel.register([
      entry(manifest('ind-a', { requires: { 'ind-b': '^1.0.0' } }), recorder('indicator', 'a', log)),
      entry(manifest('ind-b', { requires: { 'ind-a': '^1.0.0' } }), recorder('indicator', 'b', log)),
      entry(manifest('ind-c', { requires: { 'ind-a': '^1.0.0' } }), recorder('indicator', 'c', log)),
      entry(manifest('ind-d', { requires: { 'ind-c': '^1.0.0' } }), recorder('indicator', 'd', log)),
      entry(manifest('ind-free'), recorder('indicator', 'free', log)),
    ]);
    await kernel.start();
    for (const id of ['ind-a', 'ind-b']) {
      const report = kernel.plugin(id);
      expect(report?.state).toBe('refused');
      expect(report?.error?.code).toBe('QMO_DEPENDENCY_CYCLE');
      expect(report?.error?.message).toContain('ind-a → ind-b → ind-a');
    }
    const c = kernel.plugin('ind-c');
    expect(c?.state).toBe('refused');
    expect(c?.error?.message).toContain('"ind-a"');
    expect(c?.error?.message).toContain('refused');
    expect(kernel.plugin('ind-d')?.state).toBe('refused');
    expect(kernel.plugin('ind-d')?.error?.message).toContain('"ind-c"');
    expect(kernel.plugin('ind-free')?.state).toBe('running');
    expect(log).toEqual(['start free']);
  });

  it('refuses a plugin that requires itself', async () => {
    const { kernel } = newKernel();
    await kernel.register([entry(manifest('ind-self', { requires: { 'ind-self': '^1.0.0' } }), noop)]);
    expect(kernel.plugin('ind-self')?.error?.message).toContain('ind-self → ind-self');
  });

  it('starts plugins after what they require, and stops them in reverse', async () => {
    const { kernel } = newKernel();
    const log: string[] = [];
    await kernel.register([
      entry(
        manifest('ind-top', { requires: { 'ind-mid': '^1.0.0', 'ind-base': '^1.0.0' } }),
        recorder('indicator', 'top', log),
      ),
      entry(manifest('ind-mid', { requires: { 'ind-base': '^1.0.0' } }), recorder('indicator', 'mid', log)),
      entry(manifest('ind-aaa', { requires: { 'ind-top': '^1.0.0' } }), recorder('indicator', 'aaa', log)),
      entry(manifest('ind-base'), recorder('indicator', 'base', log)),
    ]);
    await kernel.start();
    expect(log).toEqual(['start base', 'start mid', 'start top', 'start aaa']);
    log.length = 0;
    await kernel.stop();
    expect(log).toEqual(['stop aaa', 'stop top', 'stop mid', 'stop base']);
  });

  it('resolves requires against plugins registered earlier', async () => {
    const { kernel } = newKernel();
    await kernel.register([entry(manifest('ind-base', { version: '1.1.0' }), noop)]);
    await kernel.register([entry(manifest('ind-later', { requires: { 'ind-base': '^1.1.0' } }), noop)]);
    await kernel.start();
    expect(kernel.plugin('ind-later')?.state).toBe('running');
  });

  it('a plugin refused for a missing dependency loads once it is registered again with it; reported once', async () => {
    const { kernel } = newKernel();
    await kernel.register([entry(manifest('ind-needy', { requires: { 'ind-base': '^1.0.0' } }), noop)]);
    expect(kernel.plugin('ind-needy')?.state).toBe('refused');
    await kernel.register([
      entry(manifest('ind-base'), noop),
      entry(manifest('ind-needy', { requires: { 'ind-base': '^1.0.0' } }), noop),
    ]);
    await kernel.start();
    expect(kernel.plugin('ind-needy')?.state).toBe('running');
    expect(
      kernel
        .plugins()
        .filter((p) => p.id === 'ind-needy')
        .map((p) => p.state),
    ).toEqual(['running']);
  });

  it('refuses a duplicate plugin id and keeps the first', async () => {
    const { kernel } = newKernel();
    const log: string[] = [];
    await kernel.register([
      { ...entry(manifest('ind-dup'), recorder('indicator', 'first', log)), location: '/plugins/one' },
      { ...entry(manifest('ind-dup'), recorder('indicator', 'second', log)), location: '/plugins/two' },
    ]);
    await kernel.register([
      { ...entry(manifest('ind-dup'), recorder('indicator', 'third', log)), location: '/plugins/three' },
    ]);
    await kernel.start();
    expect(log).toEqual(['start first']);
    const reports = kernel.plugins().filter((p) => p.id === 'ind-dup');
    expect(reports.map((r) => [r.state, r.location]).sort()).toEqual([
      ['refused', '/plugins/three'],
      ['refused', '/plugins/two'],
      ['running', '/plugins/one'],
    ]);
    for (const r of reports.filter((r) => r.state === 'refused')) {
      expect(r.error?.code).toBe('QMO_DUPLICATE_PLUGIN');
      expect(r.error?.message).toContain('ind-dup');
    }
  });
});

describe('Kernel: loading', () => {
  it('refuses an in-process definition whose kind differs from the manifest', async () => {
    const { kernel } = newKernel();
    let activated = false;
    const wrong = definePlugin({
      kind: 'feed',
      activate: () => {
        activated = true;
      },
    });
    await kernel.register([entry(manifest('ind-liar', { kind: 'indicator' }), wrong)]);
    await kernel.start();
    const report = kernel.plugin('ind-liar');
    expect(report?.state).toBe('refused');
    expect(report?.error?.code).toBe('QMO_PLUGIN_LOAD_FAILED');
    expect(report?.error?.message).toContain('"indicator"');
    expect(report?.error?.message).toContain('"feed"');
    expect(activated).toBe(false);
  });

  it('refuses an in-process definition not made by definePlugin', async () => {
    const { kernel } = newKernel();
    const plain = { kind: 'indicator', activate() {} } as unknown as DefinedPlugin<unknown>;
    await kernel.register([entry(manifest('ind-plain'), plain)]);
    expect(kernel.plugin('ind-plain')?.state).toBe('refused');
    expect(kernel.plugin('ind-plain')?.error?.message).toContain('definePlugin');
  });

  it('refuses a plugin whose module fails to import', async () => {
    const { kernel } = newKernel();
    await kernel.register([
      {
        manifest: manifest('ind-broken'),
        location: '/nowhere',
        load: () => Promise.reject(new SyntaxError('Unexpected token')),
      },
    ]);
    const report = kernel.plugin('ind-broken');
    expect(report?.state).toBe('refused');
    expect(report?.error?.code).toBe('QMO_PLUGIN_LOAD_FAILED');
    expect(report?.error?.message).toContain('Unexpected token');
  });

  it('refuses invalid configuration with ConfigInvalidError naming the key, and passes valid config parsed', async () => {
    const { kernel } = newKernel();
    const seen: unknown[] = [];
    const configurable = definePlugin({
      kind: 'indicator',
      config: z.object({ period: z.number().int().min(1), color: z.string().default('#f00') }),
      activate: (ctx) => void seen.push(ctx.config),
    });
    await kernel.register(
      [entry(manifest('ind-bad-config'), configurable), entry(manifest('ind-good-config'), configurable)],
      { 'ind-bad-config': { period: 0 }, 'ind-good-config': { period: 14 } },
    );
    await kernel.start();
    const report = kernel.plugin('ind-bad-config');
    expect(report?.state).toBe('refused');
    expect(report?.error?.code).toBe('QMO_CONFIG_INVALID');
    expect(report?.error?.message).toContain('ind-bad-config');
    expect(report?.error?.message).toContain('period');
    expect(kernel.plugin('ind-good-config')?.state).toBe('running');
    expect(seen).toEqual([{ period: 14, color: '#f00' }]);
  });

  it('refuses missing required configuration, naming the key', async () => {
    const { kernel } = newKernel();
    const needsKey = definePlugin({
      kind: 'feed',
      config: z.object({ apiKey: z.string().min(1) }),
      activate() {},
    });
    await kernel.register([entry(manifest('feed-keyed', { kind: 'feed' }), needsKey)]);
    expect(kernel.plugin('feed-keyed')?.error?.code).toBe('QMO_CONFIG_INVALID');
    expect(kernel.plugin('feed-keyed')?.error?.message).toMatch(/apiKey/);
  });
});

describe('Kernel: faults stay inside', () => {
  it('quarantines a plugin that throws in activate; the others keep running', async () => {
    const { kernel, clock } = newKernel();
    let ticks = 0;
    const thrower = definePlugin({
      kind: 'indicator',
      activate(ctx) {
        ctx.timers.setInterval(() => {}, 10);
        ctx.register(extensionPoints.indicators, indicator('doomed'));
        throw new Error('no licence key');
      },
    });
    const rejecter = definePlugin({
      kind: 'indicator',
      async activate() {
        await Promise.resolve();
        throw new Error('async failure');
      },
    });
    const healthy = definePlugin({
      kind: 'indicator',
      activate: (ctx) => void ctx.timers.setInterval(() => ticks++, 10),
    });
    await kernel.register([
      entry(manifest('ind-thrower'), thrower),
      entry(manifest('ind-rejecter'), rejecter),
      entry(manifest('ind-healthy'), healthy),
    ]);
    await kernel.start();
    expect(kernel.plugin('ind-thrower')).toMatchObject({
      state: 'quarantined',
      error: { code: 'QMO_PLUGIN_START_FAILED', message: 'no licence key' },
    });
    expect(kernel.plugin('ind-rejecter')).toMatchObject({
      state: 'quarantined',
      error: { message: 'async failure' },
    });
    expect(kernel.plugins().find((p) => p.id === 'ind-thrower')?.error?.message).toBe('no licence key');
    expect(kernel.plugin('ind-healthy')?.state).toBe('running');
    expect(kernel.heldResources('ind-thrower')).toBe(0);
    expect(kernel.contributions.list(extensionPoints.indicators)).toEqual([]);
    expect(clock.pendingTimers).toBe(1);
    clock.advance(30);
    expect(ticks).toBe(3);
  });

  it('quarantines a plugin whose timer throws repeatedly and releases its timers and registrations', async () => {
    const { kernel, clock } = newKernel({ faultThreshold: 3 });
    let calls = 0;
    let cleaned = false;
    let healthyTicks = 0;
    const flaky = definePlugin({
      kind: 'indicator',
      activate(ctx) {
        ctx.register(extensionPoints.indicators, indicator('flaky'));
        ctx.timers.setTimeout(() => {}, 1_000_000);
        ctx.onDispose(() => {
          cleaned = true;
        });
        ctx.timers.setInterval(() => {
          calls++;
          throw new Error(`tick ${calls} failed`);
        }, 100);
      },
    });
    const healthy = definePlugin({
      kind: 'indicator',
      activate(ctx) {
        ctx.register(extensionPoints.indicators, indicator('healthy'));
        ctx.timers.setInterval(() => healthyTicks++, 100);
      },
    });
    const states = recordStates(kernel);
    await kernel.register([entry(manifest('ind-flaky'), flaky), entry(manifest('ind-healthy'), healthy)]);
    await kernel.start();
    expect(
      kernel.contributions
        .list(extensionPoints.indicators)
        .map((c) => c.value.id)
        .sort(),
    ).toEqual(['flaky', 'healthy']);

    clock.advance(200);
    expect(kernel.plugin('ind-flaky')).toMatchObject({ state: 'running', faults: 2 });
    clock.advance(100);
    await flush();
    const report = kernel.plugin('ind-flaky');
    expect(report?.state).toBe('quarantined');
    expect(report?.faults).toBe(3);
    expect(report?.error?.code).toBe('QMO_PLUGIN_QUARANTINED');
    expect(report?.error?.message).toContain('tick 3 failed');
    expect(cleaned).toBe(true);
    expect(kernel.heldResources('ind-flaky')).toBe(0);
    expect(kernel.contributions.list(extensionPoints.indicators).map((c) => c.pluginId)).toEqual([
      'ind-healthy',
    ]);
    expect(states.filter((s) => s.id === 'ind-flaky').map((s) => s.state)).toContain('quarantined');

    clock.advance(1_000);
    expect(calls).toBe(3); // never called again
    expect(healthyTicks).toBe(13);
    expect(clock.pendingTimers).toBe(1); // only the healthy plugin's interval
  });

  it('counts faults charged through a contribution and through reportFault', async () => {
    const { kernel } = newKernel({ faultThreshold: 2 });
    await kernel.register([
      entry(
        manifest('ind-x'),
        definePlugin({
          kind: 'indicator',
          activate: (ctx) => void ctx.register(extensionPoints.indicators, indicator('x')),
        }),
      ),
    ]);
    await kernel.start();
    const [contribution] = kernel.contributions.list(extensionPoints.indicators);
    contribution?.fault(new Error('compute failed'));
    expect(kernel.plugin('ind-x')).toMatchObject({ state: 'running', faults: 1 });
    kernel.reportFault('ind-x', new Error('again'));
    await flush();
    expect(kernel.plugin('ind-x')).toMatchObject({ state: 'quarantined', faults: 2 });
    expect(kernel.contributions.list(extensionPoints.indicators)).toEqual([]);
    kernel.reportFault('not-a-plugin', new Error('ignored')); // must not throw
  });

  it('a quarantined plugin can be enabled again, with its faults reset', async () => {
    const { kernel, clock } = newKernel({ faultThreshold: 1 });
    let fail = true;
    let activations = 0;
    const plugin = definePlugin({
      kind: 'indicator',
      activate(ctx) {
        activations++;
        ctx.timers.setInterval(() => {
          if (fail) throw new Error('bad tick');
        }, 10);
      },
    });
    await kernel.register([entry(manifest('ind-retry'), plugin)]);
    await kernel.start();
    clock.advance(10);
    await flush();
    expect(kernel.plugin('ind-retry')?.state).toBe('quarantined');
    fail = false;
    await kernel.enable('ind-retry');
    expect(kernel.plugin('ind-retry')).toMatchObject({ state: 'running', faults: 0 });
    expect(kernel.plugin('ind-retry')?.error).toBeUndefined();
    expect(activations).toBe(2);
    clock.advance(100);
    expect(kernel.plugin('ind-retry')?.state).toBe('running');
  });
});

describe('Kernel: capabilities', () => {
  function probe(kind: DefinedPlugin['kind'], action: (ctx: PluginContext<unknown>) => void) {
    const outcome: { error?: unknown; ok?: boolean } = {};
    const plugin = definePlugin({
      kind,
      activate(ctx) {
        try {
          action(ctx as PluginContext<unknown>);
          outcome.ok = true;
        } catch (error) {
          outcome.error = error;
        }
      },
    });
    return { plugin, outcome };
  }

  it('ctx.get of services.marketData without marketdata:read throws CapabilityDeniedError', async () => {
    const { kernel } = newKernel();
    const reader = { marker: 'market data' };
    kernel.provide(services.marketData, reader as never);
    const denied = probe('advisor', (ctx) => ctx.get(services.marketData));
    let got: unknown;
    const allowed = probe('advisor', (ctx) => {
      got = ctx.get(services.marketData);
    });
    await kernel.register([
      entry(manifest('adv-denied', { kind: 'advisor' }), denied.plugin),
      entry(manifest('adv-allowed', { kind: 'advisor', capabilities: ['marketdata:read'] }), allowed.plugin),
    ]);
    await kernel.start();
    expect(denied.outcome.error).toBeInstanceOf(CapabilityDeniedError);
    expect((denied.outcome.error as CapabilityDeniedError).message).toContain('adv-denied');
    expect((denied.outcome.error as CapabilityDeniedError).capability).toBe('marketdata:read');
    expect(allowed.outcome.ok).toBe(true);
    expect(got).toBe(reader);
  });

  it('an uncaught capability denial in activate quarantines with the capability code', async () => {
    const { kernel } = newKernel();
    kernel.provide(services.marketData, {} as never);
    await kernel.register([
      entry(
        manifest('adv-greedy', { kind: 'advisor' }),
        definePlugin({ kind: 'advisor', activate: (ctx) => void ctx.get(services.marketData) }),
      ),
    ]);
    await kernel.start();
    expect(kernel.plugin('adv-greedy')).toMatchObject({
      state: 'quarantined',
      error: { code: 'QMO_CAPABILITY_DENIED' },
    });
  });

  it('a service nobody provides is unavailable; net:* grants any net capability', async () => {
    const { kernel } = newKernel();
    const exchangeApi = createServiceRef<{ ping(): string }>({
      id: 'acme.exchange',
      capability: 'net:api.exchange.test',
    });
    kernel.provide(exchangeApi, { ping: () => 'pong' });
    const missing = probe('feed', (ctx) => ctx.get(services.instruments));
    let pong = '';
    const wildcard = probe('feed', (ctx) => {
      pong = ctx.get(exchangeApi).ping();
    });
    const narrow = probe('feed', (ctx) => ctx.get(exchangeApi));
    await kernel.register([
      entry(manifest('feed-missing', { kind: 'feed' }), missing.plugin),
      entry(manifest('feed-wild', { kind: 'feed', capabilities: ['net:*'] }), wildcard.plugin),
      entry(manifest('feed-narrow', { kind: 'feed', capabilities: ['net:other.test'] }), narrow.plugin),
    ]);
    await kernel.start();
    expect(missing.outcome.error).toBeInstanceOf(ServiceUnavailableError);
    expect(pong).toBe('pong');
    expect(narrow.outcome.error).toBeInstanceOf(CapabilityDeniedError);
  });

  it('registering to feeds without marketdata:publish throws CapabilityDeniedError', async () => {
    const { kernel } = newKernel();
    const denied = probe('feed', (ctx) => ctx.register(extensionPoints.feeds, feed('cme')));
    const allowed = probe('feed', (ctx) => ctx.register(extensionPoints.feeds, feed('yahoo')));
    await kernel.register([
      entry(manifest('feed-cme', { kind: 'feed', capabilities: ['marketdata:read'] }), denied.plugin),
      entry(manifest('feed-yahoo', { kind: 'feed', capabilities: ['marketdata:publish'] }), allowed.plugin),
    ]);
    await kernel.start();
    expect(denied.outcome.error).toBeInstanceOf(CapabilityDeniedError);
    expect((denied.outcome.error as CapabilityDeniedError).capability).toBe('marketdata:publish');
    expect(allowed.outcome.ok).toBe(true);
    expect(kernel.contributions.list(extensionPoints.feeds).map((c) => [c.pluginId, c.value.source])).toEqual(
      [['feed-yahoo', 'yahoo']],
    );
  });

  it('an indicator registering to feeds throws ExtensionPointDeniedError, even with the capability', async () => {
    const { kernel } = newKernel();
    const sneaky = probe('indicator', (ctx) => ctx.register(extensionPoints.feeds, feed('fake')));
    await kernel.register([
      entry(manifest('ind-sneaky', { capabilities: ['marketdata:publish'] }), sneaky.plugin),
    ]);
    await kernel.start();
    expect(sneaky.outcome.error).toBeInstanceOf(ExtensionPointDeniedError);
    expect((sneaky.outcome.error as ExtensionPointDeniedError).point).toBe('feeds/v1');
    expect((sneaky.outcome.error as ExtensionPointDeniedError).message).toContain('ind-sneaky');
    expect(kernel.contributions.list(extensionPoints.feeds)).toEqual([]);
  });
});

describe('Kernel: services and containers', () => {
  it('providePerPlugin gives each plugin its own instance; provide shares one', async () => {
    const { kernel } = newKernel();
    const shared = { name: 'shared' };
    const sharedRef = createServiceRef<typeof shared>({ id: 'test.shared' });
    const scopedRef = createServiceRef<{ owner: string }>({ id: 'test.scoped' });
    const made: PluginIdentity[] = [];
    kernel.provide(sharedRef, shared);
    kernel.providePerPlugin(scopedRef, (plugin) => {
      made.push(plugin);
      return { owner: plugin.id };
    });
    const seen = new Map<string, { shared: unknown; scoped: { owner: string }; again: unknown }>();
    const plugin = definePlugin({
      kind: 'indicator',
      activate(ctx) {
        seen.set(ctx.plugin.id, {
          shared: ctx.get(sharedRef),
          scoped: ctx.get(scopedRef),
          again: ctx.get(scopedRef),
        });
      },
    });
    await kernel.register([
      entry(manifest('ind-one'), plugin),
      entry(manifest('ind-two', { version: '2.0.0' }), plugin),
    ]);
    await kernel.start();
    const one = seen.get('ind-one')!;
    const two = seen.get('ind-two')!;
    expect(one.scoped).toEqual({ owner: 'ind-one' });
    expect(two.scoped).toEqual({ owner: 'ind-two' });
    expect(one.scoped).not.toBe(two.scoped);
    expect(one.again).toBe(one.scoped);
    expect(one.shared).toBe(shared);
    expect(two.shared).toBe(shared);
    expect(made).toEqual([
      { id: 'ind-one', version: '1.0.0', kind: 'indicator' },
      { id: 'ind-two', version: '2.0.0', kind: 'indicator' },
    ]);
  });

  it('a service provided after registration still reaches the plugin through its child container', async () => {
    const { kernel } = newKernel();
    const late = createServiceRef<{ n: number }>({ id: 'test.late' });
    const scoped = createServiceRef<{ owner: string }>({ id: 'test.late-scoped' });
    const seen: unknown[] = [];
    await kernel.register([
      entry(
        manifest('ind-late'),
        definePlugin({
          kind: 'indicator',
          activate(ctx) {
            seen.push(ctx.get(late), ctx.get(scoped));
          },
        }),
      ),
    ]);
    const value = { n: 1 };
    kernel.provide(late, value);
    kernel.providePerPlugin(scoped, (plugin) => ({ owner: plugin.id }));
    await kernel.start();
    expect(kernel.plugin('ind-late')?.state).toBe('running');
    expect(seen).toEqual([value, { owner: 'ind-late' }]);
    expect(seen[0]).toBe(value);
  });

  it('per-plugin storage keeps plugins apart', async () => {
    const { kernel } = newKernel();
    const spaces = new Map<string, Map<string, unknown>>();
    kernel.providePerPlugin(services.storage, (plugin) => {
      const space = new Map<string, unknown>();
      spaces.set(plugin.id, space);
      return {
        get: async (k: string) => space.get(k) as never,
        set: async (k: string, v: unknown) => void space.set(k, v),
        delete: async (k: string) => void space.delete(k),
        keys: async () => [...space.keys()],
      };
    });
    const writer = definePlugin({
      kind: 'indicator',
      async activate(ctx) {
        await ctx.get(services.storage).set('who', ctx.plugin.id);
      },
    });
    await kernel.register([
      entry(manifest('ind-left', { capabilities: ['storage'] }), writer),
      entry(manifest('ind-right', { capabilities: ['storage'] }), writer),
    ]);
    await kernel.start();
    expect(spaces.get('ind-left')?.get('who')).toBe('ind-left');
    expect(spaces.get('ind-right')?.get('who')).toBe('ind-right');
  });
});

describe('Kernel: lifecycle', () => {
  function busyPlugin(log: string[]) {
    return definePlugin({
      kind: 'indicator',
      activate(ctx) {
        log.push('activate');
        ctx.register(extensionPoints.indicators, indicator(`${ctx.plugin.id}-sma`));
        ctx.timers.setInterval(() => log.push('tick'), 1_000);
        ctx.timers.setTimeout(() => log.push('timeout'), 60_000);
        ctx.track({ dispose: () => void log.push('socket closed') });
        ctx.onDispose(async () => void log.push('cleanup'));
        ctx.signal.addEventListener('abort', () => log.push('aborted'));
      },
      deactivate() {
        log.push('deactivate');
      },
    });
  }

  it('stop releases every disposable: no held resources, no pending timers, no contributions', async () => {
    const { kernel, clock } = newKernel();
    const log: string[] = [];
    await kernel.register([entry(manifest('ind-busy'), busyPlugin(log))]);
    await kernel.start();
    expect(kernel.heldResources('ind-busy')).toBe(5);
    expect(clock.pendingTimers).toBe(2);
    expect(kernel.contributions.list(extensionPoints.indicators)).toHaveLength(1);
    expect(kernel.contributions.list(extensionPoints.indicators)[0]).toMatchObject({
      pluginId: 'ind-busy',
      pluginVersion: '1.0.0',
    });
    clock.advance(2_000);
    await kernel.stop();
    expect(kernel.plugin('ind-busy')?.state).toBe('stopped');
    expect(kernel.heldResources('ind-busy')).toBe(0);
    expect(clock.pendingTimers).toBe(0);
    expect(kernel.contributions.list(extensionPoints.indicators)).toEqual([]);
    expect(log).toEqual(['activate', 'tick', 'tick', 'aborted', 'deactivate', 'cleanup', 'socket closed']);
    clock.advance(120_000);
    expect(log.filter((l) => l === 'tick' || l === 'timeout')).toHaveLength(2);
  });

  it('disable releases like stop; enable after disable restarts', async () => {
    const { kernel, clock } = newKernel();
    const log: string[] = [];
    await kernel.register([
      entry(manifest('ind-toggle'), busyPlugin(log)),
      entry(manifest('ind-other'), busyPlugin([])),
    ]);
    await kernel.start();
    expect(clock.pendingTimers).toBe(4);
    await kernel.disable('ind-toggle');
    expect(kernel.plugin('ind-toggle')?.state).toBe('stopped');
    expect(kernel.heldResources('ind-toggle')).toBe(0);
    expect(clock.pendingTimers).toBe(2);
    expect(kernel.contributions.list(extensionPoints.indicators).map((c) => c.pluginId)).toEqual([
      'ind-other',
    ]);
    expect(kernel.plugin('ind-other')?.state).toBe('running');

    await kernel.enable('ind-toggle');
    expect(kernel.plugin('ind-toggle')?.state).toBe('running');
    expect(log.filter((l) => l === 'activate')).toHaveLength(2);
    expect(kernel.heldResources('ind-toggle')).toBe(5);
    expect(clock.pendingTimers).toBe(4);
    clock.advance(1_000);
    expect(log.at(-1)).toBe('tick');
    expect(
      kernel.contributions
        .list(extensionPoints.indicators)
        .map((c) => c.pluginId)
        .sort(),
    ).toEqual(['ind-other', 'ind-toggle']);
    await kernel.enable('ind-toggle'); // already running: nothing happens
    expect(log.filter((l) => l === 'activate')).toHaveLength(2);
    await kernel.stop();
    expect(clock.pendingTimers).toBe(0);
  });

  it('disable stops the plugins that depend on it first', async () => {
    const { kernel } = newKernel();
    const log: string[] = [];
    await kernel.register([
      entry(manifest('ind-base'), recorder('indicator', 'base', log)),
      entry(manifest('ind-user', { requires: { 'ind-base': '^1.0.0' } }), recorder('indicator', 'user', log)),
    ]);
    await kernel.start();
    log.length = 0;
    await kernel.disable('ind-base');
    expect(log).toEqual(['stop user', 'stop base']);
    expect(kernel.plugin('ind-user')?.state).toBe('stopped');
    // a dependant cannot start while what it requires is down
    await kernel.enable('ind-user');
    expect(kernel.plugin('ind-user')).toMatchObject({
      state: 'quarantined',
      error: { code: 'QMO_MISSING_DEPENDENCY' },
    });
    await kernel.enable('ind-base');
    await kernel.enable('ind-user');
    expect(kernel.plugin('ind-user')?.state).toBe('running');
  });

  it('enable/disable of an unknown plugin is a NOT_FOUND error', async () => {
    const { kernel } = newKernel();
    await expect(kernel.disable('ind-ghost')).rejects.toMatchObject({ code: 'QMO_NOT_FOUND' });
    await expect(kernel.enable('ind-ghost')).rejects.toMatchObject({ code: 'QMO_NOT_FOUND' });
    expect(kernel.heldResources('ind-ghost')).toBe(0);
  });

  it('the bus carries every state transition', async () => {
    const { kernel } = newKernel();
    const states = recordStates(kernel);
    await kernel.register([
      entry(manifest('ind-life'), noop),
      entry(
        manifest('ind-crash'),
        definePlugin({
          kind: 'indicator',
          activate: () => {
            throw new Error('crash');
          },
        }),
      ),
      entry(manifest('ind-refused', { engines: { qmo: '^9.0.0' } }), noop),
    ]);
    await kernel.start();
    await kernel.disable('ind-life');
    await kernel.enable('ind-life');
    await kernel.stop();
    const of = (id: string) => states.filter((s) => s.id === id).map((s) => s.state);
    expect(of('ind-life')).toEqual([
      'loaded',
      'starting',
      'running',
      'stopping',
      'stopped',
      'starting',
      'running',
      'stopping',
      'stopped',
    ]);
    expect(of('ind-crash')).toEqual(['loaded', 'starting', 'quarantined']);
    expect(of('ind-refused')).toEqual(['refused']);
    const crash = states.find((s) => s.id === 'ind-crash' && s.state === 'quarantined');
    expect(crash).toMatchObject({ version: '1.0.0', kind: 'indicator', error: { message: 'crash' } });
    expect(states.find((s) => s.id === 'ind-refused')?.error?.code).toBe('QMO_INCOMPATIBLE_ENGINE');
  });

  it('contribution watchers see additions and removals', async () => {
    const { kernel } = newKernel();
    const events: string[] = [];
    kernel.contributions.watch(extensionPoints.indicators, {
      added: (c) => void events.push(`+${c.value.id}@${c.pluginId}`),
      removed: (c) => void events.push(`-${c.value.id}@${c.pluginId}`),
    });
    await kernel.register([
      entry(
        manifest('ind-w'),
        definePlugin({
          kind: 'indicator',
          activate: (ctx) => void ctx.register(extensionPoints.indicators, indicator('w')),
        }),
      ),
    ]);
    await kernel.start();
    await kernel.stop();
    expect(events).toEqual(['+w@ind-w', '-w@ind-w']);
  });

  it('a registration released by the plugin itself leaves the registry at once', async () => {
    const { kernel } = newKernel();
    let release: (() => unknown) | undefined;
    await kernel.register([
      entry(
        manifest('ind-self-release'),
        definePlugin({
          kind: 'indicator',
          activate(ctx) {
            const d = ctx.register(extensionPoints.indicators, indicator('tmp'));
            release = () => d.dispose();
          },
        }),
      ),
    ]);
    await kernel.start();
    expect(kernel.contributions.list(extensionPoints.indicators)).toHaveLength(1);
    await release?.();
    expect(kernel.contributions.list(extensionPoints.indicators)).toHaveLength(0);
  });

  it('reports plugins sorted with their manifest data', async () => {
    const { kernel } = newKernel();
    await kernel.register([
      entry(
        manifest('ind-zeta', { displayName: 'Zeta', description: 'last', capabilities: ['storage'] }),
        noop,
      ),
      entry(manifest('ind-alpha'), noop),
    ]);
    const reports = kernel.plugins();
    expect(reports.map((r) => r.id)).toEqual(['ind-alpha', 'ind-zeta']);
    expect(reports[1]).toEqual({
      id: 'ind-zeta',
      version: '1.0.0',
      kind: 'indicator',
      state: 'loaded',
      location: 'memory:ind-zeta',
      displayName: 'Zeta',
      description: 'last',
      capabilities: ['storage'],
      requires: {},
      faults: 0,
    });
  });
});
