import type { Bar, Instrument, Quote } from '@qmo/sdk';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../src/create-host.js';
import { getJson, startTestHost, tempDataDir } from './test-host.js';

const TIMEOUT = 120_000;

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
}

function nextEvent<T>(
  socket: Socket,
  event: string,
  match: (payload: T) => boolean = () => true,
): Promise<T> {
  return new Promise((resolve) => {
    const handler = (payload: T) => {
      if (!match(payload)) return;
      socket.off(event, handler);
      resolve(payload);
    };
    socket.on(event, handler);
  });
}

describe('host on PGlite', { timeout: TIMEOUT }, () => {
  const data = tempDataDir();
  let host: RunningHost;
  let barsBeforeRestart: Bar[];

  beforeAll(async () => {
    host = await startTestHost({ dataDir: data.dir, uiDir: null });
    await host.ready;
  }, TIMEOUT);

  afterAll(async () => {
    await host?.close();
    data.remove();
  }, TIMEOUT);

  it('reports status: plugins running and the active source per instrument', async () => {
    const { status, body } = await getJson<{
      version: string;
      sdkVersion: string;
      storage: string;
      ready: boolean;
      uptimeSeconds: number;
      plugins: { id: string; version: string; kind: string; state: string }[];
      sources: { instrument: string; active: string | null }[];
    }>(host, '/api/v1/status');
    expect(status).toBe(200);
    expect(body.storage).toBe('pglite');
    expect(body.ready).toBe(true);
    expect(body.sdkVersion).toBe('1.0.0');
    expect(body.plugins.map((p) => [p.id, p.kind, p.state])).toEqual([
      ['feed-demo', 'feed', 'running'],
      ['indicator-classic', 'indicator', 'running'],
      ['indicator-gann', 'indicator', 'running'],
    ]);
    expect(body.sources.find((s) => s.instrument === 'EURUSD')?.active).toBe('demo');
  });

  it('lists the instruments of every asset class the demo market offers', async () => {
    const { body } = await getJson<(Instrument & { activeSource: string | null })[]>(
      host,
      '/api/v1/instruments',
    );
    expect(body.map((i) => i.id).sort()).toEqual(['AAPL', 'BTC-USD', 'ESZ6', 'EURUSD', 'SPX', 'XAUUSD']);
    expect(new Set(body.map((i) => i.assetClass))).toEqual(
      new Set(['fx', 'crypto', 'future', 'commodity', 'index', 'equity']),
    );
  });

  it('serves backfilled bars, aggregated per timeframe', async () => {
    const { status, body } = await getJson<{ bars: Bar[] }>(
      host,
      '/api/v1/marketdata/EURUSD/bars?tf=1m&limit=500',
    );
    expect(status).toBe(200);
    expect(body.bars.length).toBe(500);
    expect(body.bars.every((b, i) => i === 0 || b.ts > body.bars[i - 1]!.ts)).toBe(true);
    barsBeforeRestart = body.bars.filter((b) => b.closed);
    const hourly = await getJson<{ bars: Bar[] }>(host, '/api/v1/marketdata/EURUSD/bars?tf=1h&limit=24');
    expect(hourly.body.bars.length).toBe(24);
    expect(hourly.body.bars.every((b) => b.ts % 3_600_000 === 0)).toBe(true);
  });

  it('answers an unknown instrument with 404 and a malformed query with 400, as problem+json', async () => {
    const unknown = await getJson<Problem>(host, '/api/v1/marketdata/NOPE/bars');
    expect(unknown.status).toBe(404);
    expect(unknown.type).toContain('application/problem+json');
    expect(unknown.body.detail).toContain('NOPE');

    const bad = await getJson<Problem>(host, '/api/v1/marketdata/EURUSD/bars?tf=7m&from=abc');
    expect(bad.status).toBe(400);
    expect(bad.type).toContain('application/problem+json');
    expect(bad.body.errors?.map((e) => e.path).sort()).toEqual(['query.from', 'query.tf']);

    const route = await getJson<Problem>(host, '/api/v1/nothing-here');
    expect(route.status).toBe(404);
  });

  it('computes a contributed indicator over the stored bars', async () => {
    const list = await getJson<{ id: string; group: string; defaults: Record<string, unknown> }[]>(
      host,
      '/api/v1/indicators',
    );
    expect(list.body.map((i) => i.id)).toEqual(
      expect.arrayContaining(['sma', 'ema', 'rsi', 'macd', 'bollinger', 'atr', 'vwap']),
    );
    const params = encodeURIComponent(JSON.stringify({ period: 5 }));
    const sma = await getJson<{ points: { time: number; values: { sma: number | null } }[] }>(
      host,
      `/api/v1/marketdata/EURUSD/indicators/sma?tf=1m&limit=50&params=${params}`,
    );
    expect(sma.status).toBe(200);
    expect(sma.body.points).toHaveLength(50);
    const bars = (await getJson<{ bars: Bar[] }>(host, '/api/v1/marketdata/EURUSD/bars?tf=1m&limit=50')).body
      .bars;
    const closes = bars.map((b) => Number(b.close));
    const expected = closes.slice(0, 5).reduce((a, b) => a + b, 0) / 5;
    expect(sma.body.points[4]!.values.sma).toBeCloseTo(expected, 9);

    const badParams = await getJson<Problem>(
      host,
      `/api/v1/marketdata/EURUSD/indicators/sma?params=${encodeURIComponent('{"period":-1}')}`,
    );
    expect(badParams.status).toBe(400);
  });

  it('serves the Gann indicators: levels, rays in price per ms, timelines into the future', async () => {
    const list = await getJson<{ id: string; group: string }[]>(host, '/api/v1/indicators');
    expect(list.body.filter((i) => i.group === 'Gann').map((i) => i.id)).toEqual(
      expect.arrayContaining(['gann-sq9', 'gann-fan', 'gann-box', 'gann-cycles']),
    );
    interface Point {
      time: number;
      price: number;
    }
    type Values = Record<
      string,
      { price: number; time: number; label?: string; anchor: Point; through: Point }[]
    >;
    interface Answer {
      points: { time: number; values: Record<string, unknown> }[];
      drawings: Values;
      drawingsTime: number | null;
    }
    const series = async (id: string, params: unknown) =>
      (
        await getJson<Answer>(
          host,
          `/api/v1/marketdata/EURUSD/indicators/${id}?tf=1m&limit=60&params=${encodeURIComponent(JSON.stringify(params))}`,
        )
      ).body;

    const sq9 = await series('gann-sq9', { reference: 'fixed', fixedPrice: 40, stepDegrees: 225, count: 1 });
    expect(sq9.drawings.levels!.map((l) => l.price)).toEqual([
      (Math.sqrt(40) - 1.25) ** 2,
      40,
      (Math.sqrt(40) + 1.25) ** 2,
    ]);
    // Drawing lists come once (the last bar's), never per bar.
    expect(sq9.points).toHaveLength(60);
    expect(sq9.points.every((p) => Object.keys(p.values).length === 0)).toBe(true);
    expect(sq9.drawingsTime).toBe(sq9.points.at(-1)!.time);

    const fan = await series('gann-fan', { pricePerBar: 0.001 });
    const oneByOne = fan.drawings.fan!.find((r) => r.label === '1×1')!;
    const slope =
      (oneByOne.through.price - oneByOne.anchor.price) / (oneByOne.through.time - oneByOne.anchor.time);
    expect(slope).toBeCloseTo(0.001 / 60_000, 12);

    const cycles = await series('gann-cycles', {});
    expect(cycles.drawings.seasons!.every((l) => l.time > cycles.drawingsTime!)).toBe(true);
    expect(cycles.drawings.cycles!.length).toBeGreaterThan(0);
  });

  it('sends drawing lists once: the payload does not grow with the history by the lists', async () => {
    const size = async (limit: number) =>
      (
        await fetch(`${host.url}/api/v1/marketdata/EURUSD/indicators/gann-cycles?tf=1m&limit=${limit}`)
      ).text();
    const small = await size(10);
    const large = await size(600);
    // 590 more bars add only their empty points, not 590 more copies of the lists.
    expect(large.length - small.length).toBeLessThan(590 * 64);
  });

  it('documents the indicator routes in OpenAPI and names invalid parameters in the problem', async () => {
    const doc = await getJson<{ paths: Record<string, Record<string, unknown>> }>(
      host,
      '/api/v1/openapi.json',
    );
    expect(doc.body.paths['/api/v1/indicators']?.get).toBeDefined();
    expect(doc.body.paths['/api/v1/marketdata/{instrument}/indicators/{indicator}']?.get).toBeDefined();
    const bad = await getJson<Problem>(
      host,
      `/api/v1/marketdata/EURUSD/indicators/sma?params=${encodeURIComponent('{"period":-1}')}`,
    );
    expect(bad.body.errors?.map((e) => e.path)).toEqual(['params.period']);
    const notJson = await getJson<Problem>(host, '/api/v1/marketdata/EURUSD/indicators/sma?params=%7B');
    expect(notJson.status).toBe(400);
    expect(notJson.body.errors?.map((e) => e.path)).toEqual(['query.params']);
  });

  it('streams live quotes over socket.io and reports a subscription to an unknown instrument', async () => {
    const socket = io(host.url, { transports: ['websocket'], forceNew: true });
    try {
      const quote = nextEvent<Quote>(socket, 'quote', (q) => q.instrument === 'BTC-USD');
      const ack = await socket.emitWithAck('subscribe', { instrument: 'BTC-USD' });
      expect(ack).toEqual({ ok: true });
      const q = await quote;
      expect(q.source).toBe('demo');
      expect(Number(q.bid)).toBeLessThan(Number(q.ask));

      const error = nextEvent<{ instrument: string; code: string }>(socket, 'subscription_error');
      const refused = await socket.emitWithAck('subscribe', { instrument: 'NOPE' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'QMO_UNKNOWN_INSTRUMENT' } });
      expect(await error).toMatchObject({ instrument: 'NOPE', code: 'QMO_UNKNOWN_INSTRUMENT' });

      const malformed = await socket.emitWithAck('subscribe', { instrument: 42 });
      expect(malformed).toMatchObject({ ok: false, error: { code: 'QMO_INVALID_ARGUMENT' } });
    } finally {
      socket.close();
    }
  });

  it('exposes health and Prometheus metrics', async () => {
    expect((await fetch(`${host.url}/health/live`)).status).toBe(200);
    expect((await fetch(`${host.url}/health/ready`)).status).toBe(200);
    const metrics = await (await fetch(`${host.url}/metrics`)).text();
    expect(metrics).toMatch(/qmo_plugins\{state="running"\} 3/);
    expect(metrics).toMatch(/qmo_marketdata_messages_total\{type="quote",source="demo"\} \d+/);
  });

  it('keeps the bars written before a restart', async () => {
    await host.close();
    host = await startTestHost({ dataDir: data.dir, uiDir: null });
    await host.ready;
    const from = barsBeforeRestart[0]!.ts;
    const to = barsBeforeRestart.at(-1)!.ts + 1;
    const { body } = await getJson<{ bars: Bar[] }>(
      host,
      `/api/v1/marketdata/EURUSD/bars?tf=1m&from=${from}&to=${to}`,
    );
    expect(body.bars.filter((b) => b.closed)).toEqual(barsBeforeRestart);
  });
});
