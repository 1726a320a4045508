import { readFileSync } from 'node:fs';
import {
  type Bar,
  extensionPoints,
  type MarketDataFeed,
  type PluginPackageJson,
  readManifest,
} from '@qmo/sdk';
import { FakeClock, startTestPlugin, type TestHost } from '@qmo/sdk/testing';
import plugin, { createDemoFeed, type DemoFeedConfigInput, demoFeedConfigSchema } from '../src/index.js';

export const MINUTE = 60_000;
export const DAY = 86_400_000;
/** The test clock starts here (a Monday, 09:00 UTC). */
export const START = Date.UTC(2026, 0, 5, 9, 0, 0);

export function packageJson(): PluginPackageJson {
  return JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as PluginPackageJson;
}

export function manifest() {
  const result = readManifest(packageJson());
  if (!result.ok) throw new Error(`invalid manifest: ${JSON.stringify(result.issues)}`);
  return result.manifest;
}

/** A feed outside any host, on a fake clock. */
export function feedAt(
  config: DemoFeedConfigInput = {},
  start = START,
): { feed: MarketDataFeed; clock: FakeClock } {
  const clock = new FakeClock(start);
  return {
    feed: createDemoFeed({ config: demoFeedConfigSchema.parse(config), clock, timers: clock }),
    clock,
  };
}

/** The plugin started the way the host starts it: manifest capabilities, validated config. */
export async function startFeedPlugin(
  config: DemoFeedConfigInput = {},
): Promise<{ host: TestHost<unknown>; feed: MarketDataFeed; clock: FakeClock }> {
  const clock = new FakeClock(START);
  const m = manifest();
  const host = (await startTestPlugin({
    plugin,
    id: m.id,
    version: m.version,
    capabilities: m.capabilities,
    config,
    clock,
  })) as TestHost<unknown>;
  const [feed] = host.contributions(extensionPoints.feeds);
  if (!feed) throw new Error('the plugin registered no feed');
  return { host, feed, clock };
}

export function barKey(bar: Bar): string {
  return `${bar.instrument}@${bar.ts}:${bar.open}/${bar.high}/${bar.low}/${bar.close}/${bar.volume}`;
}
