import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { formatMs, formatNumber, formatRate } from '../lib/format.mjs';
import { REPO_ROOT, tempDir } from '../lib/host.mjs';
import { metric } from '../lib/results.mjs';
import { collectGarbage, sleep } from '../lib/timing.mjs';
import { LIMITS, RULES } from './order-ack.mjs';

/**
 * FIX order round trip over loopback: a buy-side client (the SDK's FixInitiator on a worker thread)
 * sends NewOrderSingle to a real host (FIX acceptor → TradingEngine with the 10 risk-limits rules →
 * durable write → venue-sim) and times the ExecutionReports that come back. All orders are IOC limit
 * orders on 4 instruments, one in three marketable (fills against venue-sim's house liquidity), so
 * nothing accumulates on the book; sides alternate so positions stay small.
 */
const TRADED = [
  { id: 'ESZ6', quantity: '1' },
  { id: 'AAPL', quantity: '10' },
  { id: 'BTC-USD', quantity: '0.01' },
  { id: 'EURUSD', quantity: '10000' },
];
const RATES = [1_000, 5_000];
const WINDOW = 16;
const ADMIN = { email: 'admin@bench.local', password: 'bench-admin-password' };
const TRADER = { email: 'fix-trader@bench.local', password: 'bench-trader-password' };

function backends(databaseUrl = process.env.DATABASE_URL || undefined) {
  const list = [
    {
      name: 'pglite',
      label: 'PGlite (embedded, durable)',
      async open() {
        const data = tempDir('qmo-bench-fix-');
        return { dataDir: data.dir, databaseUrl: undefined, close: async () => data.remove() };
      },
    },
  ];
  if (databaseUrl) {
    list.push({
      name: 'postgres',
      label: 'PostgreSQL (local)',
      async open() {
        const { default: postgres } = await import('postgres');
        const name = `qmo_bench_fix_${process.pid}_${randomBytes(4).toString('hex')}`;
        const admin = postgres(databaseUrl, { max: 1, onnotice: () => {} });
        await admin.unsafe(`create database ${name}`);
        const target = new URL(databaseUrl);
        target.pathname = `/${name}`;
        const data = tempDir('qmo-bench-fix-');
        return {
          dataDir: data.dir,
          databaseUrl: target.toString(),
          async close() {
            data.remove();
            await admin.unsafe(`drop database if exists ${name} with (force)`);
            await admin.end();
          },
        };
      },
    });
  }
  return list;
}

function benchConfig({ dataDir, databaseUrl }) {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    ...(databaseUrl ? { databaseUrl } : {}),
    logLevel: process.env.BENCH_LOG_LEVEL ?? 'silent',
    plugins: {
      search: [],
      load: ['./plugins/feed-demo', './plugins/venue-sim', './plugins/risk-limits'],
      config: { 'feed-demo': { seed: 42, historyDays: 1 } },
    },
    marketData: { sources: { '*': ['demo'] }, backfillDays: 1 },
    trading: {
      defaultVenue: 'sim',
      riskRuleOrder: RULES,
      desks: [{ id: 'bench', name: 'Bench desk' }],
      accounts: [
        { id: 'FIX1', name: 'FIX bench', desk: 'bench', currency: 'USD', startingEquity: '1000000000' },
      ],
      limits: { '*': LIMITS },
    },
    fix: {
      acceptor: { port: 0, sessions: [{ senderCompId: 'QMO', targetCompId: 'BENCH', user: TRADER.email }] },
    },
  };
}

async function http(host, method, path, body, cookie) {
  const res = await fetch(`${host.url}${path}`, {
    method,
    headers: {
      origin: host.url,
      ...(cookie ? { cookie } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return { res, body: await res.json().catch(() => null) };
}

/** The FIX session's user: a trader granted the bench desk (created by the bootstrap admin). */
async function createTrader(host) {
  const { res } = await http(host, 'POST', '/api/auth/sign-in/email', ADMIN);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const user = await http(
    host,
    'POST',
    '/api/v1/users',
    { ...TRADER, role: 'trader', name: 'FIX bench' },
    cookie,
  );
  await http(
    host,
    'PUT',
    `/api/v1/users/${user.body.id}/grants`,
    { accountIds: [], deskIds: ['bench'] },
    cookie,
  );
}

async function pricesOf(host) {
  const { body } = await http(host, 'GET', '/api/v1/instruments');
  const list = Array.isArray(body) ? body : (body.instruments ?? body.items);
  const out = {};
  for (const { id, quantity } of TRADED) {
    const quote = host.marketData.lastQuote(id);
    const instrument = list.find((i) => i.id === id);
    if (!quote || !instrument) throw new Error(`no quote or instrument for ${id}`);
    out[id] = {
      bid: quote.bid,
      ask: quote.ask,
      tick: Number(instrument.tickSize),
      digits: instrument.pricePrecision,
      quantity,
    };
  }
  return out;
}

/** The client thread, with a request/answer helper. */
function startClient(port) {
  const worker = new Worker(new URL('../lib/fix-client-worker.mjs', import.meta.url), {
    workerData: { port, senderCompId: 'BENCH', targetCompId: 'QMO', account: 'FIX1' },
  });
  let waiting = null;
  worker.on('message', (msg) => {
    const w = waiting;
    waiting = null;
    if (msg.type === 'error') w?.reject(new Error(msg.message));
    else w?.resolve(msg);
  });
  worker.on('error', (error) => waiting?.reject(error));
  const next = () => new Promise((resolve, reject) => (waiting = { resolve, reject }));
  return {
    ready: next(),
    async ask(msg) {
      const answer = next();
      worker.postMessage(msg);
      return answer;
    },
    async stop() {
      await this.ask({ type: 'stop' });
      await worker.terminate();
    },
  };
}

export default {
  name: 'fix-roundtrip',
  title: 'FIX order round trip over loopback',
  async run({ progress, options }) {
    const seconds = options.orderSeconds;
    const { resolveConfig, startHost } = await import('@qmo/host');
    const latencyRows = [];
    const maxRows = [];
    const results = [];
    const notes = [];

    for (const backend of backends()) {
      progress(`${backend.name}: starting the host with a FIX acceptor…`);
      const db = await backend.open();
      let host;
      let client;
      try {
        const loaded = resolveConfig(benchConfig(db), null, REPO_ROOT, {}, {});
        host = await startHost(loaded, {
          uiDir: null,
          env: { QMO_ADMIN_EMAIL: ADMIN.email, QMO_ADMIN_PASSWORD: ADMIN.password },
        });
        await host.ready;
        await createTrader(host);
        client = startClient(host.fixPort);
        await client.ready;
        await sleep(600); // venue-sim mirrors its house liquidity every 500 ms
        const refreshPrices = async () => client.ask({ type: 'prices', prices: await pricesOf(host) });
        await refreshPrices();

        progress(`${backend.name}: warm-up…`);
        await client.ask({ type: 'closed', seconds: options.quick ? 0.5 : 1, window: WINDOW });
        await refreshPrices();
        collectGarbage();
        progress(`${backend.name}: closed loop, ${WINDOW} orders outstanding, ${seconds} s…`);
        const max = (await client.ask({ type: 'closed', seconds, window: WINDOW })).result;
        maxRows.push([
          backend.label,
          formatRate(max.rate),
          formatMs(max.ack.p50),
          formatMs(max.venue.p50),
          formatNumber(max.answered),
          formatNumber(max.fills),
          formatNumber(max.rejected),
        ]);
        results.push(
          metric('fix-roundtrip', `${backend.name}.max`, 'orders/s', max.rate, { window: WINDOW, ...max }),
        );

        const rates = RATES.filter((r) => r <= max.rate * 0.9);
        for (const r of RATES.filter((r) => r > max.rate * 0.9))
          notes.push(
            `${backend.label}: ${r}/s not run, above 90 % of the closed-loop maximum (${formatRate(max.rate)}).`,
          );
        if (rates.length < RATES.length) rates.push(Math.max(10, Math.round(max.rate / 2 / 10) * 10));
        for (const rate of rates.sort((a, b) => a - b)) {
          await refreshPrices();
          collectGarbage();
          progress(`${backend.name}: ${rate} orders/s open loop, ${seconds} s…`);
          const p = (await client.ask({ type: 'open', rate, seconds })).result;
          latencyRows.push([
            backend.label,
            `${formatNumber(rate)}/s`,
            formatNumber(p.answered),
            formatMs(p.ack.p50),
            formatMs(p.ack.p99),
            formatMs(p.ack['p99.9']),
            formatMs(p.venue.p50),
            formatMs(p.venue.p99),
            formatMs(p.venue['p99.9']),
            p.drained ? 'yes' : 'no',
          ]);
          results.push(
            metric('fix-roundtrip', `${backend.name}.${rate}.ack-p99`, 'ms', p.ack.p99, { rate, ...p }),
          );
        }
      } finally {
        await client?.stop().catch(() => {});
        await host?.close();
        await db.close();
      }
    }

    return {
      results,
      tables: [
        {
          title: `FIX NewOrderSingle → ExecutionReport, closed loop (${WINDOW} orders outstanding)`,
          columns: ['Store', 'orders/s', 'ack p50', 'venue answer p50', 'orders', 'fills', 'rejected'],
          rows: maxRows,
          notes: [
            'ack = first ExecutionReport (PendingNew: risk-checked and durable); venue answer = New, Trade or Canceled (IOC) from venue-sim.',
            'The client runs on its own thread (FixInitiator, in-memory store); the host is the real one: FIX acceptor with its file message store and message log, 10 risk rules, venue-sim.',
          ],
        },
        {
          title: 'FIX round trip at a steady rate (open loop: latency from when each order was due)',
          columns: [
            'Store',
            'offered',
            'orders',
            'ack p50',
            'ack p99',
            'ack p99.9',
            'venue p50',
            'venue p99',
            'venue p99.9',
            'all answered',
          ],
          rows: latencyRows,
          notes: [
            'Open loop: order i is due at start + i/rate and sent by a 1 ms timer; latency counts from when it was due, so queueing behind a slow answer is included (no coordinated omission).',
            ...notes,
          ],
        },
      ],
    };
  },
};
