import type { Bar } from '@qmo/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../src/create-host.js';
import { getJson, startTestHost, tempDataDir } from './test-host.js';

const TIMEOUT = 120_000;
const MINUTE = 60_000;

interface Series {
  points: { time: number; values: Record<string, number | null> }[];
  drawings: Record<string, unknown[]>;
  drawingsTime: number | null;
}

interface Problem {
  status: number;
  errors?: { path: string; message: string }[];
}

/** `asOf` bounds an indicator to the bars closed by then: what bar replay asks for, step by step. */
describe('indicator values as of a past instant (no look-ahead)', { timeout: TIMEOUT }, () => {
  const data = tempDataDir();
  let host: RunningHost;
  let bars: Bar[];

  const series = async (id: string, query: string, params: unknown = {}) => {
    const res = await getJson<Series>(
      host,
      `/api/v1/marketdata/EURUSD/indicators/${id}?${query}&params=${encodeURIComponent(JSON.stringify(params))}`,
    );
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    host = await startTestHost({ dataDir: data.dir, uiDir: null });
    await host.ready;
    const res = await getJson<{ bars: Bar[] }>(host, '/api/v1/marketdata/EURUSD/bars?tf=1m&limit=400');
    bars = res.body.bars.filter((b) => b.closed);
  }, TIMEOUT);

  afterAll(async () => {
    await host?.close();
    data.remove();
  }, TIMEOUT);

  it('ends at the bar closed by asOf, and its values do not change when later bars exist', async () => {
    const from = bars[0]!.ts;
    const cursor = bars[150]!;
    const later = bars[300]!;
    const atCursor = await series('ema', `tf=1m&from=${from}&asOf=${cursor.ts + MINUTE}`, { period: 10 });
    const atLater = await series('ema', `tf=1m&from=${from}&asOf=${later.ts + MINUTE}`, { period: 10 });

    expect(atCursor.points.at(-1)!.time).toBe(cursor.ts);
    expect(atCursor.points.every((p) => p.time <= cursor.ts)).toBe(true);
    expect(atLater.points.at(-1)!.time).toBe(later.ts);
    // EMA depends on every earlier bar: the prefix agrees exactly, whatever came after.
    expect(atLater.points.slice(0, atCursor.points.length)).toEqual(atCursor.points);
  });

  it('an instant inside a bar stops before that bar: it has not closed yet', async () => {
    const cursor = bars[150]!;
    const inside = await series('sma', `tf=1m&asOf=${cursor.ts + 30_000}`, { period: 5 });
    expect(inside.points.at(-1)!.time).toBe(bars[149]!.ts);

    // 5-minute bars: the bucket holding asOf is left out, not filled with its later minutes.
    const bucket = Math.floor(cursor.ts / (5 * MINUTE)) * 5 * MINUTE;
    const five = await series('sma', `tf=5m&asOf=${bucket + 2 * MINUTE}`, { period: 5 });
    expect(five.points.at(-1)!.time).toBe(bucket - 5 * MINUTE);
  });

  it('computes SMA over the bars up to the bound only', async () => {
    const cursor = bars[200]!;
    const sma = await series('sma', `tf=1m&limit=50&asOf=${cursor.ts + MINUTE}`, { period: 5 });
    const closes = bars.slice(196, 201).map((b) => Number(b.close));
    expect(sma.points.at(-1)!.values.sma).toBeCloseTo(closes.reduce((a, b) => a + b, 0) / 5, 9);
  });

  it('gives the drawings of the bound bar, never of a later one', async () => {
    const cursor = bars[120]!;
    const cycles = await series('gann-cycles', `tf=1m&asOf=${cursor.ts + MINUTE}`);
    expect(cycles.drawingsTime).toBe(cursor.ts);
  });

  it('caps asOf at now: no forming bar', async () => {
    const future = Date.now() + 24 * 60 * MINUTE;
    const now = await series('sma', `tf=1m&asOf=${future}`, { period: 5 });
    const after = Date.now();
    expect(now.points.at(-1)!.time).toBeLessThan(Math.floor(after / MINUTE) * MINUTE);
  });

  it('refuses an invalid asOf with a problem naming it, and documents it in OpenAPI', async () => {
    const res = await fetch(`${host.url}/api/v1/marketdata/EURUSD/indicators/sma?asOf=yesterday`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as Problem;
    expect(JSON.stringify(problem)).toContain('asOf');

    const doc = await getJson<{
      paths: Record<string, { get?: { parameters?: { name: string }[] } }>;
    }>(host, '/api/v1/openapi.json');
    const route = doc.body.paths['/api/v1/marketdata/{instrument}/indicators/{indicator}'];
    expect(route?.get?.parameters?.map((p) => p.name)).toContain('asOf');
  });
});
