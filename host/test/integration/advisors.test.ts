import { mentor, mentorParams } from '@qmo/plugin-advisor-mentor';
import { atr, ema, rsi } from '@qmo/plugin-indicator-classic';
import { sq9 } from '@qmo/plugin-indicator-gann';
import {
  type Bar,
  bucketStart,
  computeSeries,
  type Indicator,
  type IndicatorOutput,
  type Instrument,
  type Money,
  type RiskAssessment,
  toIndicatorBar,
} from '@qmo/sdk';
import { FakeClock } from '@qmo/sdk/testing';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { windowOf } from '../../src/advisors/advisor-window.js';
import type { RunningHost } from '../../src/create-host.js';
import { startTestHost, tempDataDir, twoDeskTradingConfig } from './test-host.js';
import { ApiClient } from './trading-client.js';

const TIMEOUT = 180_000;
const ADMIN = { email: 'admin@qmo.test', password: 'admin-password-123' };
const TRADER = { email: 'trader@qmo.test', password: 'trader-password-123' };
const MINUTE = 60_000;

// biome-ignore lint/suspicious/noExplicitAny: indicators of different parameter types, as the host holds them
const LOCAL: Record<string, Indicator<any>> = { ema, rsi, atr, 'gann-sq9': sq9 };

const base = twoDeskTradingConfig({}, 13);
const config = {
  ...base,
  plugins: {
    ...base.plugins,
    search: [],
    load: [
      './plugins/feed-demo',
      './plugins/venue-sim',
      './plugins/risk-limits',
      './plugins/indicator-classic',
      './plugins/indicator-gann',
      './plugins/advisor-mentor',
    ],
  },
};

interface Published {
  subscription: string;
  account: string | null;
  assessment: RiskAssessment;
}

describe('advisors over HTTP and socket.io', { timeout: TIMEOUT }, () => {
  const data = tempDataDir();
  const clock = new FakeClock(Date.now());
  const env = { QMO_ADMIN_EMAIL: ADMIN.email, QMO_ADMIN_PASSWORD: ADMIN.password };
  let host: RunningHost;
  let trader: ApiClient;

  /** Advances virtual time in feed ticks, so trades arrive and minutes close as they would live. */
  const advance = (ms: number) => {
    for (let t = 0; t < ms; t += 100) clock.advance(100);
  };

  beforeAll(async () => {
    host = await startTestHost({ dataDir: data.dir, clock, uiDir: null, env, config });
    await host.ready;
    const admin = await ApiClient.signIn(host, ADMIN.email, ADMIN.password);
    const created = await admin.post('/api/v1/users', { ...TRADER, role: 'trader', name: 'trader' });
    expect(created.status).toBe(201);
    await admin.put(`/api/v1/users/${created.body.id}/grants`, { accountIds: [], deskIds: ['alpha'] });
    trader = await ApiClient.signIn(host, TRADER.email, TRADER.password);
  }, TIMEOUT);

  afterAll(async () => {
    await host?.close();
    data.remove();
  }, TIMEOUT);

  it('lists Mentor with its parameter schema and the indicators it reads', async () => {
    const list = await trader.get('/api/v1/advisors');
    expect(list.status).toBe(200);
    const described = list.body.find((a: { id: string }) => a.id === 'mentor');
    expect(described).toMatchObject({
      name: 'Mentor',
      plugin: 'advisor-mentor',
      defaults: { riskPercent: 1 },
    });
    expect(described.params.properties).toHaveProperty('atrMultiple');
    expect(described.requires.map((r: { indicator: string }) => r.indicator)).toContain('atr');
  });

  it('answers a decision with its inputs, the same later for the same asOf, equal to computing on the bars up to then', async () => {
    const asOf = bucketStart(clock.now(), '1m') - 5 * MINUTE + 1_234;
    const path = `/api/v1/advisors/mentor/assessment?instrument=ESZ6&tf=1m&account=A1&asOf=${asOf}&atrMultiple=1.5`;
    const first = await trader.get<RiskAssessment>(path);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ advisor: 'mentor', instrument: 'ESZ6', tf: '1m', ts: asOf });
    expect(['long', 'short', 'flat']).toContain(first.body.bias);
    expect(first.body.rationale.length).toBeGreaterThan(0);
    expect(first.body.inputs).toMatchObject({
      equity: '1000000',
      riskPercent: 1,
      barTime: bucketStart(asOf, '1m') - MINUTE,
    });
    expect(typeof first.body.inputs.atr).toBe('number');

    advance(2 * MINUTE);
    const again = await trader.get<RiskAssessment>(path);
    expect(again.body).toEqual(first.body);

    // The same decision from the stored bars of the window, computed here with the plugins' own code.
    const window = windowOf(asOf, '1m');
    const bars = await trader.get<{ bars: Bar[] }>(
      `/api/v1/marketdata/ESZ6/bars?tf=1m&from=${window.from}&to=${window.to}&limit=50000`,
    );
    const closed = bars.body.bars.filter((b) => b.closed).map(toIndicatorBar);
    const params = mentorParams.parse({ atrMultiple: 1.5 });
    const indicators: Record<string, IndicatorOutput[]> = {};
    for (const request of mentor.requires(params)) {
      const indicator = LOCAL[request.indicator]!;
      indicators[request.key] = computeSeries(
        indicator,
        indicator.params.parse(request.params ?? {}),
        closed,
      );
    }
    const instruments = await trader.get<Instrument[]>('/api/v1/instruments');
    const instrument = instruments.body.find((i) => i.id === 'ESZ6')!;
    const {
      activeSource: _a,
      sources: _s,
      ...plain
    } = instrument as Instrument & { activeSource: unknown; sources: unknown };
    const local = mentor.evaluate(
      {
        instrument: plain as Instrument,
        tf: '1m',
        bars: closed,
        indicators,
        account: { equity: '1000000' as Money, riskPercent: 1 },
        now: asOf,
      },
      params,
    );
    expect(first.body).toEqual(local);
  });

  it('refuses the anonymous, accounts not granted and bad parameters, as problem+json', async () => {
    const anonymous = await new ApiClient(host).get(
      '/api/v1/advisors/mentor/assessment?instrument=ESZ6&account=A1',
    );
    expect(anonymous.status).toBe(401);
    const notGranted = await trader.get('/api/v1/advisors/mentor/assessment?instrument=ESZ6&account=B1');
    expect(notGranted.status).toBe(403);
    expect(notGranted.type).toContain('application/problem+json');
    expect(notGranted.body.code).toBe('QMO_FORBIDDEN');
    const badParam = await trader.get(
      '/api/v1/advisors/mentor/assessment?instrument=ESZ6&account=A1&riskPercent=0',
    );
    expect(badParam.status).toBe(400);
    expect(badParam.body.errors.map((e: { path: string }) => e.path)).toContain('query.riskPercent');
    const unknown = await trader.get('/api/v1/advisors/nope/assessment?instrument=ESZ6');
    expect(unknown.status).toBe(404);
  });

  it('publishes a risk_assessment when a bar closes, and refuses accounts not granted', async () => {
    const socket: Socket = io(host.url, {
      transports: ['websocket'],
      extraHeaders: { cookie: trader.cookie! },
      forceNew: true,
    });
    const received: Published[] = [];
    const waiters: { check: (p: Published) => boolean; resolve: (p: Published) => void }[] = [];
    socket.on('risk_assessment', (p: Published) => {
      received.push(p);
      for (const w of waiters.splice(0))
        if (w.check(p)) w.resolve(p);
        else waiters.push(w);
    });
    const next = (check: (p: Published) => boolean) =>
      new Promise<Published>((resolve) => {
        const seen = received.find(check);
        if (seen) resolve(seen);
        else waiters.push({ check, resolve });
      });
    try {
      await new Promise<void>((resolve) => socket.on('accounts', () => resolve()));
      const refused = await socket.emitWithAck('advisor_subscribe', {
        advisor: 'mentor',
        instrument: 'ESZ6',
        tf: '1m',
        account: 'B1',
      });
      expect(refused).toMatchObject({ ok: false, error: { code: 'QMO_FORBIDDEN' } });

      const ack = await socket.emitWithAck('advisor_subscribe', {
        advisor: 'mentor',
        instrument: 'ESZ6',
        tf: '1m',
        account: 'A1',
        params: { gann: false },
      });
      expect(ack).toMatchObject({ ok: true });
      const initial = await next((p) => p.subscription === ack.subscription);
      expect(initial.assessment).toMatchObject({ advisor: 'mentor', instrument: 'ESZ6' });

      const boundary = bucketStart(clock.now(), '1m') + MINUTE;
      advance(boundary - clock.now() + 1_000);
      const closed = await next((p) => p.subscription === ack.subscription && p.assessment.ts === boundary);
      expect(closed.account).toBe('A1');
      expect(closed.assessment.inputs).toMatchObject({ barTime: boundary - MINUTE });
      // The live assessment equals the one recomputed for that instant.
      const recomputed = await trader.get<RiskAssessment>(
        `/api/v1/advisors/mentor/assessment?instrument=ESZ6&tf=1m&account=A1&asOf=${boundary}&gann=false`,
      );
      expect(recomputed.body).toEqual(closed.assessment);
    } finally {
      socket.close();
    }
  });
});
