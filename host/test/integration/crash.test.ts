import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Execution, Order, OrderState } from '@qmo/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { type ChildHost, childEnv, killChildHosts, runCli, startChildHost } from './child-host.js';
import { type Answer, send, signInCookie } from './sweep-client.js';
import { REPO_ROOT, tempDataDir } from './test-host.js';
import { eventually } from './trading-client.js';

/*
 * Crash test: the host runs as a child process (the built CLI) over PGlite in a fresh folder; N
 * orders are acknowledged over HTTP — resting, marketable (they fill) and canceled ones, the last
 * batch concurrently — and the process is SIGKILLed right after the last acknowledgement. Started
 * again on the same folder, the host must have every acknowledged order in its acknowledged state or
 * a later one on the order lifecycle, resting orders working again, and an audit chain that verifies.
 */

const TIMEOUT = 240_000;
const ADMIN = { email: 'admin@crash.test', password: 'crash-password-123' };

/** Each state an order can move to (core/src/trading/order-state-machine.ts). */
const NEXT: Record<OrderState, OrderState[]> = {
  PendingNew: ['New', 'Rejected', 'PartiallyFilled', 'Filled', 'PendingCancel', 'Canceled', 'Expired'],
  New: ['PartiallyFilled', 'Filled', 'PendingCancel', 'PendingReplace', 'Canceled', 'Expired'],
  PartiallyFilled: ['PartiallyFilled', 'Filled', 'PendingCancel', 'PendingReplace', 'Canceled', 'Expired'],
  PendingCancel: [
    'Filled',
    'PendingNew',
    'New',
    'PartiallyFilled',
    'Rejected',
    'Replaced',
    'Canceled',
    'Expired',
  ],
  PendingReplace: ['Filled', 'PendingCancel', 'New', 'PartiallyFilled', 'Replaced', 'Canceled', 'Expired'],
  Filled: [],
  Canceled: [],
  Replaced: [],
  Rejected: [],
  Expired: [],
};

/** The acknowledged state and every state reachable from it. */
function reachable(from: OrderState): Set<OrderState> {
  const seen = new Set<OrderState>([from]);
  const queue = [from];
  while (queue.length > 0) {
    for (const next of NEXT[queue.shift()!]) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

type Kind = 'resting' | 'marketable' | 'canceled';
interface Acked {
  kind: Kind;
  /** The order as the last acknowledgement of it showed it (POST 201, or DELETE 202 for a cancel). */
  ack: Order;
}

function configSource(dataDir: string): string {
  const plugin = (id: string) => join(REPO_ROOT, 'plugins', id);
  const config = {
    host: '127.0.0.1',
    port: 0,
    dataDir,
    logLevel: 'warn',
    plugins: {
      search: [],
      load: [plugin('feed-demo'), plugin('venue-sim'), plugin('risk-limits')],
      config: {
        'feed-demo': { seed: 17, historyDays: 1, tickIntervalMs: 100 },
        // A slow venue: the last batch is still on its way to the venue when the host is killed.
        'venue-sim': { latencyMs: 300 },
      },
    },
    marketData: { sources: { '*': ['demo'] }, backfillDays: 1 },
    trading: {
      defaultVenue: 'sim',
      desks: [{ id: 'alpha', name: 'Alpha desk' }],
      accounts: [{ id: 'A1', name: 'Alpha one', desk: 'alpha', currency: 'USD', startingEquity: '10000000' }],
      limits: { '*': { 'max-order-qty': { maxQuantity: '1000000' } } },
    },
  };
  return `// Written by host/test/integration/crash.test.ts\nexport default ${JSON.stringify(config, null, 2)};\n`;
}

describe('crash: SIGKILL right after the last acknowledgement loses nothing', { timeout: TIMEOUT }, () => {
  const data = tempDataDir();
  const configFile = join(data.dir, 'qmo.config.ts');
  const env = childEnv({ QMO_ADMIN_EMAIL: ADMIN.email, QMO_ADMIN_PASSWORD: ADMIN.password });
  const children: ChildHost[] = [];

  afterAll(async () => {
    await killChildHosts(children);
    data.remove();
  }, TIMEOUT);

  it('every acknowledged order survives in its state or a later one; resting orders work again; the audit chain verifies', async () => {
    writeFileSync(configFile, configSource(data.dir));
    const start = async () => {
      const host = await startChildHost({ configFile, cwd: data.dir, env });
      children.push(host);
      return host;
    };

    // ── First life ────────────────────────────────────────────────────────────────────────────
    let host = await start();
    const cookie = await signInCookie(host.url, ADMIN.email, ADMIN.password);
    const call = <T = any>(method: string, path: string, body?: unknown): Promise<Answer<T>> =>
      send<T>(host.url, { kind: 'cookie', cookie }, method, path, body);
    const quote = await eventually(
      async () => {
        const q = (await call('GET', '/api/v1/marketdata/EURUSD/quote')).body.quote;
        return q?.bid && q?.ask ? { bid: Number(q.bid), ask: Number(q.ask) } : undefined;
      },
      'a EURUSD quote',
      60_000,
    );

    const acked = new Map<string, Acked>();
    let n = 0;
    const requestOf = (kind: 'resting' | 'far-sell' | 'buy-now' | 'sell-now') => {
      const clientOrderId = `crash-${++n}`;
      const common = { clientOrderId, account: 'A1', timeInForce: 'GTC', type: 'limit' } as const;
      switch (kind) {
        case 'resting':
          return { ...common, instrument: 'AAPL', side: 'buy', limitPrice: '1.00', quantity: String(n) };
        case 'far-sell':
          return {
            ...common,
            instrument: 'EURUSD',
            side: 'sell',
            limitPrice: (quote.ask * 3).toFixed(5),
            quantity: '1000',
          };
        case 'buy-now':
          return {
            ...common,
            instrument: 'EURUSD',
            side: 'buy',
            limitPrice: (quote.ask * 1.02).toFixed(5),
            quantity: String(1000 * (1 + (n % 3))),
          };
        case 'sell-now':
          return {
            ...common,
            instrument: 'EURUSD',
            side: 'sell',
            limitPrice: (quote.bid * 0.98).toFixed(5),
            quantity: '1000',
          };
      }
    };
    const submit = async (kind: Parameters<typeof requestOf>[0]): Promise<Order> => {
      const answer = await call<Order>('POST', '/api/v1/orders', requestOf(kind));
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      acked.set(answer.body.orderId, {
        kind: kind === 'resting' || kind === 'far-sell' ? 'resting' : 'marketable',
        ack: answer.body,
      });
      return answer.body;
    };
    const cancel = async (orderId: string): Promise<void> => {
      const answer = await call<Order>('DELETE', `/api/v1/orders/${orderId}`);
      expect(answer.status, JSON.stringify(answer.body)).toBe(202);
      acked.set(orderId, { kind: 'canceled', ack: answer.body });
    };

    // 20 one after the other: resting, marketable both ways, and resting ones canceled straight away.
    const restingIds: string[] = [];
    for (let i = 0; i < 4; i++) {
      restingIds.push((await submit('resting')).orderId);
      restingIds.push((await submit('resting')).orderId);
      await submit('buy-now');
      await cancel((await submit('far-sell')).orderId);
      await submit('sell-now');
    }
    // The last 10 orders and 2 cancels at once; the host dies as soon as the last of them is acknowledged.
    const kinds = [
      'resting',
      'buy-now',
      'resting',
      'sell-now',
      'far-sell',
      'buy-now',
      'resting',
      'buy-now',
      'resting',
      'sell-now',
    ] as const;
    const last = await Promise.all([
      ...kinds.map((k) => submit(k)),
      cancel(restingIds[0]!),
      cancel(restingIds[1]!),
    ]);
    host.child.kill('SIGKILL');
    const killedAt = Date.now();
    const lastBatch = new Set(last.flatMap((o) => (o ? [o.orderId] : [])));
    expect(last).toHaveLength(12);
    expect(acked.size).toBe(30);
    const killed = await host.exited;
    expect(killed.signal).toBe('SIGKILL');

    // ── Second life, same folder ──────────────────────────────────────────────────────────────
    host = await start();
    const restarted: Order[] = [];
    for (const orderId of acked.keys()) {
      const answer = await call<Order>('GET', `/api/v1/orders/${orderId}`);
      expect(answer.status, `order ${orderId} after the restart: ${JSON.stringify(answer.body)}`).toBe(200);
      restarted.push(answer.body);
    }

    const checkLifecycle = (orders: Order[]) => {
      for (const order of orders) {
        const { ack } = acked.get(order.orderId)!;
        expect(
          reachable(ack.state).has(order.state),
          `${order.clientOrderId}: acknowledged ${ack.state}, found ${order.state} after the crash`,
        ).toBe(true);
        expect(Number(order.cumQuantity)).toBeGreaterThanOrEqual(Number(ack.cumQuantity));
        const same = [
          'clientOrderId',
          'account',
          'instrument',
          'side',
          'type',
          'quantity',
          'limitPrice',
          'timeInForce',
        ] as const;
        for (const field of same) expect(order[field], `${order.clientOrderId}.${field}`).toBe(ack[field]);
      }
    };
    checkLifecycle(restarted);

    // The engine settles what was in flight: resting orders work again, cancels end, marketable orders fill.
    const settled = await eventually(
      async () => {
        const orders = await Promise.all(
          [...acked.keys()].map(async (id) => (await call<Order>('GET', `/api/v1/orders/${id}`)).body),
        );
        const done = orders.every((o) => {
          const { kind } = acked.get(o.orderId)!;
          return kind === 'resting'
            ? o.state === 'New'
            : kind === 'canceled'
              ? o.state === 'Canceled'
              : o.state === 'Filled';
        });
        return done ? orders : undefined;
      },
      'resting orders New, canceled ones Canceled, marketable ones Filled',
      60_000,
    );
    checkLifecycle(settled);

    // Fills exactly once: the executions of each filled order add up to its CumQty.
    for (const order of settled.filter((o) => o.state === 'Filled')) {
      const fills = (await call<Execution[]>('GET', `/api/v1/executions?orderId=${order.orderId}`)).body;
      const total = fills.reduce((sum, f) => sum + Number(f.quantity), 0);
      expect(total, `executions of ${order.clientOrderId}`).toBe(Number(order.cumQuantity));
      expect(new Set(fills.map((f) => f.executionId)).size).toBe(fills.length);
    }

    // A restored resting order is live at the venue again: it can be canceled.
    const survivor = settled.find((o) => acked.get(o.orderId)!.kind === 'resting')!;
    expect((await call('DELETE', `/api/v1/orders/${survivor.orderId}`)).status).toBe(202);
    await eventually(
      async () =>
        (await call<Order>('GET', `/api/v1/orders/${survivor.orderId}`)).body.state === 'Canceled'
          ? true
          : undefined,
      'the restored order canceled',
    );

    // Each acknowledged order has its audit record; the chain verifies over HTTP and, host stopped, with the CLI.
    const exported = await fetch(`${host.url}/api/v1/audit/export?format=jsonl&account=A1`, {
      headers: { cookie },
    });
    const records = (await exported.text())
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as { ts: number; action: string; subject: string | null; payload: unknown },
      );
    for (const orderId of acked.keys()) {
      expect(
        records.some((r) => r.action === 'order.new' && JSON.stringify(r).includes(orderId)),
        `audit record order.new of ${orderId}`,
      ).toBe(true);
    }
    for (const [orderId, { kind }] of acked) {
      if (kind === 'canceled') {
        expect(
          records.some((r) => r.action === 'order.cancel.requested' && JSON.stringify(r).includes(orderId)),
        ).toBe(true);
      }
    }
    // The crash did catch work in flight: orders of the last batch reached the venue only in the second life.
    const finishedAfterCrash = records.filter(
      (r) =>
        r.ts > killedAt &&
        ['order.accepted', 'order.fill', 'order.canceled'].includes(r.action) &&
        lastBatch.has(r.subject ?? ''),
    );
    expect(
      finishedAfterCrash.length,
      'venue events of the last batch recorded after the restart',
    ).toBeGreaterThan(0);

    const verified = await call('GET', '/api/v1/audit/verify');
    expect(verified.status).toBe(200);
    expect(verified.body.ok).toBe(true);

    host.child.kill('SIGTERM');
    const stopped = await host.exited;
    expect(stopped.code, host.output()).toBe(0);
    const cli = await runCli(['audit', 'verify', '--config', configFile, '--data', data.dir], {
      cwd: data.dir,
      env,
    });
    expect(cli.code, `${cli.stdout}${cli.stderr}`).toBe(0);
    expect(cli.stdout).toMatch(/audit trail OK: \d+ records/);
  });
});
