import { readFileSync } from 'node:fs';
import { extensionPoints, isDefinedPlugin, type PluginPackageJson, readManifest } from '@qmo/sdk';
import { FakeClock, startTestPlugin } from '@qmo/sdk/testing';
import { describe, expect, it } from 'vitest';
import plugin, { mentor, mentorParams, mentorRequests } from '../src/index.js';

const pkg = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
) as PluginPackageJson;

describe('advisor-mentor plugin', () => {
  it('has an advisor manifest and default-exports its definition', () => {
    expect(readManifest(pkg)).toMatchObject({
      ok: true,
      manifest: { id: 'advisor-mentor', kind: 'advisor', main: 'dist/index.js', capabilities: [] },
    });
    expect(isDefinedPlugin(plugin)).toBe(true);
    expect(plugin.kind).toBe('advisor');
  });

  it('registers Mentor to advisors/v1 with no timer left behind', async () => {
    const clock = new FakeClock();
    const host = await startTestPlugin({ plugin, clock });
    expect(host.contributions(extensionPoints.advisors).map((a) => a.id)).toEqual(['mentor']);
    await host.stop();
    expect(clock.pendingTimers).toBe(0);
  });

  it('asks only for the indicators of the inputs in use; Gann levels are optional', () => {
    expect(
      mentor.requires(mentorParams.parse({})).map((r) => [r.key, r.indicator, r.optional ?? false]),
    ).toEqual([
      ['emaFast', 'ema', false],
      ['emaSlow', 'ema', false],
      ['rsi', 'rsi', false],
      ['atr', 'atr', false],
      ['gann', 'gann-sq9', true],
    ]);
    expect(mentorRequests(mentorParams.parse({ trendWeight: 0, gann: false })).map((r) => r.key)).toEqual([
      'rsi',
      'atr',
    ]);
  });

  it('refuses parameters that cannot work', () => {
    expect(mentorParams.safeParse({ emaFast: 30, emaSlow: 20 }).success).toBe(false);
    expect(mentorParams.safeParse({ trendWeight: 0, momentumWeight: 0 }).success).toBe(false);
    expect(mentorParams.safeParse({ riskPercent: 0 }).success).toBe(false);
    expect(mentorParams.safeParse({ unknown: 1 }).success).toBe(false);
  });
});
