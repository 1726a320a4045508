import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extensionPoints, services, systemClock, type VenueAdapter } from '@qmo/sdk';
import {
  RecordingVenueEvents,
  StaticInstrumentDirectory,
  startTestPlugin,
  type TestHost,
} from '@qmo/sdk/testing';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import plugin, { type VenueFixConfigInput } from '../src/index.js';
import { INSTRUMENTS, manifest } from './helpers.js';

/** Waits for a condition the counterparty brings about over the network (no timing asserted). */
export const until = (check: () => void) => vi.waitFor(check, { timeout: 15_000, interval: 10 });

/** Waits until the adapter reports its session connected. */
export const connected = (events: RecordingVenueEvents) =>
  until(() => expect(events.of('connection').at(-1)?.[0]).toBe('connected'));

/** The FIX counterparty a test runs against (listening on 127.0.0.1). */
export interface Counterparty {
  readonly port: number;
  stop(): Promise<void>;
}

export interface StartedPlugin {
  host: TestHost<unknown>;
  adapter: VenueAdapter;
  events: RecordingVenueEvents;
}

export interface VenueFixHarness<C extends Counterparty> {
  /** This test's temporary folder. */
  readonly dir: string;
  /** This test's counterparty. */
  readonly counterparty: C;
  /** The plugin hosts started in this test (stopped after it). */
  readonly hosts: TestHost<unknown>[];
  /**
   * The plugin on `<dir>/plugin` (the same folder each time: a second start is a restart),
   * initiating to `port` (the counterparty's by default), its adapter connecting.
   */
  startPlugin(config?: Partial<VenueFixConfigInput>, port?: number): Promise<StartedPlugin>;
}

/**
 * Per test: a temporary folder (named from `prefix`) and a counterparty from `startCounterparty`;
 * after it, the plugin hosts are stopped, then the counterparty, and the folder is removed.
 */
export function useVenueFixHarness<C extends Counterparty>(
  prefix: string,
  startCounterparty: () => Promise<C>,
): VenueFixHarness<C> {
  let dir: string | undefined;
  let counterparty: C | undefined;
  const hosts: TestHost<unknown>[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    counterparty = await startCounterparty();
  });

  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.stop();
    await counterparty?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const harness: VenueFixHarness<C> = {
    get dir() {
      if (dir === undefined) throw new Error('no test is running');
      return dir;
    },
    get counterparty() {
      if (counterparty === undefined) throw new Error('no test is running');
      return counterparty;
    },
    hosts,
    async startPlugin(config = {}, port = harness.counterparty.port) {
      const m = manifest();
      const host = (await startTestPlugin({
        plugin,
        id: m.id,
        version: m.version,
        capabilities: m.capabilities,
        clock: systemClock,
        dataDir: join(harness.dir, 'plugin'),
        config: {
          host: '127.0.0.1',
          port,
          senderCompId: 'QMO',
          targetCompId: 'VENUE',
          reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
          ...config,
        },
        services: [[services.instruments, new StaticInstrumentDirectory(INSTRUMENTS)]],
      })) as TestHost<unknown>;
      hosts.push(host);
      const [adapter] = host.contributions(extensionPoints.venues) as VenueAdapter[];
      if (!adapter) throw new Error('no venue registered');
      const events = new RecordingVenueEvents();
      await adapter.connect(events);
      return { host, adapter, events };
    },
  };
  return harness;
}
