import { build } from 'hdr-histogram-js';
import { formatMs, formatNumber, formatRate } from '../lib/format.mjs';
import { metric } from '../lib/results.mjs';
import { collectGarbage, sleep, timeAsync } from '../lib/timing.mjs';
import { startTradingRig, tradingBackends } from '../lib/trading-rig.mjs';

/** Instruments traded (4 asset classes) and the quantity of each order (a valid number of lots). */
const TRADED = [
  { id: 'ESZ6', quantity: '1' },
  { id: 'AAPL', quantity: '10' },
  { id: 'BTC-USD', quantity: '0.01' },
  { id: 'EURUSD', quantity: '10000' },
];
/** Demo instruments the accounts may not trade: restricted-instruments runs, and passes. */
const RESTRICTED = ['XAUUSD', 'SPX'];
export const ACCOUNTS = 4;
const EQUITY = '1000000000';
/** Working orders kept per account: past this the driver cancels its oldest order (not awaited). */
const WORKING_CAP = 25;
const CONCURRENCY = 8;
/**
 * The wide phases: as many submitters as accounts (a gateway with many sessions), so no submission
 * waits for another's risk check and the store can commit many of them together.
 */
const WIDE = 64;
const RATES = [200, 1_000, 5_000];
/** Every rule of risk-limits, in the plugin's own order (cheapest first). */
export const RULES = [
  'restricted-instruments',
  'max-order-qty',
  'max-order-notional',
  'price-collar',
  'order-rate',
  'max-position',
  'gross-exposure',
  'net-exposure',
  'margin',
  'session-loss-cap',
];

/** Limits under which every rule does its full check and lets the bench's orders through. */
export const LIMITS = {
  'restricted-instruments': { instruments: RESTRICTED },
  'max-order-qty': { maxQuantity: '1000000', perInstrument: { ESZ6: '500' } },
  'max-order-notional': { maxNotional: '50000000' },
  'price-collar': { maxDeviationPercent: 5, requireReference: true },
  'order-rate': { maxOrders: 1_000_000, windowMs: 1_000 },
  'max-position': { maxPosition: '100000000', perInstrument: { ESZ6: '100000' } },
  'gross-exposure': { maxGrossExposure: '100000000000' },
  'net-exposure': { maxNetExposure: '100000000000' },
  margin: { initialMarginPercent: { fx: 3.33, crypto: 50, future: 5, equity: 20, index: 10, commodity: 5 } },
  'session-loss-cap': { maxLoss: '100000000', onBreach: 'REDUCING' },
};

/** Latency histogram in nanoseconds (3 significant digits, up to 2 minutes). */
const histogram = () =>
  build({ bitBucketSize: 64, numberOfSignificantValueDigits: 3, highestTrackableValue: 120e9 });

function latencySummary(h) {
  const s = h.summary;
  const ms = (ns) => ns / 1e6;
  return {
    samples: s.totalCount,
    p50: ms(s.p50),
    p99: ms(s.p99),
    'p99.9': ms(s.p99_9),
    max: ms(h.maxValue),
    mean: ms(h.mean),
  };
}

/**
 * Builds the order stream and submits it: limit orders on 4 instruments round-robin over 4
 * accounts, priced from the feed's last quote — one in three marketable (1 tick through the
 * touch: fills against venue-sim's house liquidity), the others 2–3 ticks behind it (resting) —
 * sides alternating per (account, instrument).
 */
export class OrderDriver {
  constructor(rig, prefix, accounts = ACCOUNTS) {
    this.engine = rig.engine;
    this.marketData = rig.marketData;
    this.prefix = prefix;
    this.accounts = accounts;
    this.n = 0;
    this.grid = Object.fromEntries(
      TRADED.map(({ id }) => {
        const i = rig.instruments.get(id);
        return [id, { tick: Number(i.tickSize), digits: i.pricePrecision }];
      }),
    );
    this.working = Array.from({ length: accounts }, () => []);
    this.resetCounts();
  }

  resetCounts() {
    this.acked = 0;
    this.rejects = {};
    this.cancels = 0;
    this.cancelsRefused = 0;
  }

  price(instrument, quotePrice, offsetTicks) {
    const { tick, digits } = this.grid[instrument];
    const ticks = Math.round(Number(quotePrice) / tick) + offsetTicks;
    return (ticks * tick).toFixed(digits);
  }

  next() {
    const n = this.n++;
    const a = n % this.accounts;
    const traded = TRADED[Math.floor(n / this.accounts) % TRADED.length];
    const k = Math.floor(n / (this.accounts * TRADED.length));
    const side = k % 2 === 0 ? 'buy' : 'sell';
    const marketable = k % 3 === 0;
    const quote = this.marketData.lastQuote(traded.id);
    const behind = 1 + (k % 3);
    const limitPrice =
      side === 'buy'
        ? marketable
          ? this.price(traded.id, quote.ask, 1)
          : this.price(traded.id, quote.bid, -behind)
        : marketable
          ? this.price(traded.id, quote.bid, -1)
          : this.price(traded.id, quote.ask, behind);
    return {
      account: a,
      request: {
        clientOrderId: `${this.prefix}-${n}`,
        account: `bench-${a}`,
        instrument: traded.id,
        side,
        type: 'limit',
        quantity: traded.quantity,
        limitPrice,
        timeInForce: 'DAY',
      },
    };
  }

  /** Submits the next order; resolves with the nanoseconds from the submit() call to its resolution. */
  async submitOne(record) {
    const { account, request } = this.next();
    const t0 = process.hrtime.bigint();
    const { order } = await this.engine.submit(request, 'bench');
    const ns = Number(process.hrtime.bigint() - t0);
    record?.recordValue(Math.max(1, ns));
    this.acked++;
    if (order.state === 'Rejected') {
      const code = order.rejectReason?.code ?? '?';
      this.rejects[code] = (this.rejects[code] ?? 0) + 1;
    } else {
      const fifo = this.working[account];
      fifo.push(order.orderId);
      if (fifo.length > WORKING_CAP) this.cancel(fifo.shift());
    }
    return ns;
  }

  /** Cancels an order the driver placed earlier (it may have filled meanwhile: then the engine refuses). */
  cancel(orderId) {
    this.cancels++;
    this.engine.cancel(orderId, 'bench').catch(() => this.cancelsRefused++);
  }
}

/** As many orders as one submitter (or `concurrency` submitters) can push through in `seconds`. */
export async function maxRate(driver, seconds, concurrency) {
  const h = histogram();
  driver.resetCounts();
  const end = performance.now() + seconds * 1000;
  const t0 = performance.now();
  const worker = async () => {
    while (performance.now() < end) {
      // Each submission starts on its own event-loop turn, as requests arriving over the network do:
      // a loop of promises alone would never let the venue's timers (and the feed's) run.
      await new Promise(setImmediate);
      await driver.submitOne(h);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  return { rate: driver.acked / elapsed, orders: driver.acked, latency: latencySummary(h) };
}

/**
 * Open loop: order i is due at start + i/rate; a timer issues every order that is due without
 * waiting for earlier ones to resolve. Latency = submit() call → resolution; the lateness of
 * each call against its schedule is kept too (the timer's own delay).
 */
export async function paced(driver, rate, seconds) {
  const h = histogram();
  const lateness = histogram();
  driver.resetCounts();
  const total = Math.round(rate * seconds);
  const pending = [];
  const start = performance.now();
  let issued = 0;
  await new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - start) * rate) / 1000) + 1);
      while (issued < due) {
        const scheduled = start + (issued * 1000) / rate;
        lateness.recordValue(Math.max(1, Math.round((performance.now() - scheduled) * 1e6)));
        pending.push(driver.submitOne(h));
        issued++;
      }
      if (issued >= total) return resolve();
      setTimeout(tick, Math.max(0, start + (issued * 1000) / rate - performance.now()));
    };
    tick();
  });
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  return {
    offered: rate,
    rate: driver.acked / elapsed,
    orders: driver.acked,
    latency: latencySummary(h),
    lateness: latencySummary(lateness),
  };
}

const PENDING = ['PendingNew', 'PendingCancel', 'PendingReplace'];

/** Waits until the engine's queues are idle and the venue answered every order (nothing Pending*). */
async function settle(engine, timeoutMs = 60_000) {
  const until = performance.now() + timeoutMs;
  for (;;) {
    await engine.idle();
    if ((await engine.orders({ states: PENDING, limit: 1 })).length === 0) return;
    if (performance.now() > until) throw new Error('orders still pending at the venue after 60 s');
    await sleep(5);
  }
}

/**
 * The store's own floor: sequential transactions that write one small audit record and nothing
 * else (the audit append lock and hash chain included), for `seconds`.
 */
async function storeFloor(store, seconds) {
  const h = histogram();
  const end = performance.now() + seconds * 1000;
  const t0 = performance.now();
  let n = 0;
  while (performance.now() < end) {
    await new Promise(setImmediate);
    const s0 = process.hrtime.bigint();
    await store.transaction((tx) =>
      tx.audit({ ts: Date.now(), actor: 'bench', action: 'bench.floor', payload: { n } }),
    );
    h.recordValue(Math.max(1, Number(process.hrtime.bigint() - s0)));
    n++;
  }
  return { rate: n / ((performance.now() - t0) / 1000), latency: latencySummary(h) };
}

/** Half of a rate, to 2 significant digits (at least 1/s). */
function halfOf(rate) {
  const half = rate / 2;
  const scale = 10 ** Math.max(0, Math.floor(Math.log10(half)) - 1);
  return Math.max(1, Math.floor(half / scale) * scale);
}

/** Counts the store's transactions (submits, venue events, cancels: everything the engine writes). */
function countTransactions(store) {
  const counter = { count: 0 };
  const transaction = store.transaction.bind(store);
  store.transaction = (work) => {
    counter.count++;
    return transaction(work);
  };
  return counter;
}

const countFills = (bus) => {
  const counter = { fills: 0 };
  const sub = bus.on('execution.created', () => counter.fills++);
  return { counter, dispose: () => sub.dispose() };
};

const rejectText = (rejects) =>
  Object.keys(rejects).length === 0
    ? '0'
    : Object.entries(rejects)
        .map(([code, n]) => `${n} ${code}`)
        .join(', ');

/**
 * Submit → acknowledgement through the 10 rules of risk-limits and venue-sim, per trading store:
 * orders/s at the maximum rate (sequential awaits; 8 concurrent submitters) and the latency of
 * submit() at steady open-loop rates, as an HDR histogram.
 */
export default {
  name: 'order-ack',
  title: 'Order submit → acknowledgement',
  async run({ progress, options }) {
    const seconds = options.orderSeconds;
    const warmup = options.quick ? 0.5 : 1;
    const only = process.env.BENCH_ORDER_STORES?.split(',').map((s) => s.trim());
    const backends = tradingBackends().filter((b) => !only || only.includes(b.name));
    const throughputRows = [];
    const latencyRows = [];
    const results = [];
    const details = [];
    const skipped = [];
    let rulesRun = null;

    for (const backend of backends) {
      progress(`${backend.name}: opening store, starting kernel + plugins + engine…`);
      const db = await backend.open();
      details.push(`${backend.label}: ${db.detail}.`);
      const transactions = countTransactions(db.store);
      let rig;
      try {
        rig = await startTradingRig({ store: db.store, riskRuleOrder: RULES });
        const { engine } = rig;
        for (let a = 0; a < WIDE; a++) {
          await engine.upsertAccount(
            {
              id: `bench-${a}`,
              name: `Bench ${a}`,
              desk: 'bench',
              currency: 'USD',
              startingEquity: EQUITY,
            },
            'bench',
          );
        }
        for (const rule of RULES) await engine.setRiskLimits('*', rule, LIMITS[rule], 'bench');
        await rig.quotesFor([...TRADED.map((t) => t.id), ...RESTRICTED]);
        // House liquidity is mirrored from the feed every refreshMs (500 ms): let the first one land.
        await sleep(600);

        const driver = new OrderDriver(rig, backend.name);
        const wideDriver = new OrderDriver(rig, `${backend.name}-wide`, WIDE);
        const fills = countFills(rig.kernel.bus);
        const phase = async (label, run, by = driver) => {
          collectGarbage();
          const f0 = fills.counter.fills;
          const t0 = transactions.count;
          const outcome = await run();
          const drain = await timeAsync(() => settle(engine));
          return {
            ...outcome,
            label,
            transactionsPerOrder: (transactions.count - t0) / outcome.orders,
            drainMs: drain.ms,
            fills: fills.counter.fills - f0,
            cancels: by.cancels,
            cancelsRefused: by.cancelsRefused,
            rejects: { ...by.rejects },
          };
        };

        progress(`${backend.name}: store floor (audit-only transactions)…`);
        const floor = await storeFloor(db.store, warmup);

        progress(`${backend.name}: warm-up ${warmup} s…`);
        await phase('warm-up', () => maxRate(driver, warmup, 1));

        progress(`${backend.name}: max rate, sequential, ${seconds} s…`);
        const seq = await phase('sequential', () => maxRate(driver, seconds, 1));
        progress(`${backend.name}: max rate, ${CONCURRENCY} concurrent, ${seconds} s…`);
        const conc = await phase('concurrent', () => maxRate(driver, seconds, CONCURRENCY));
        progress(`${backend.name}: max rate, ${WIDE} concurrent over ${WIDE} accounts, ${seconds} s…`);
        const wide = await phase('wide', () => maxRate(wideDriver, seconds, WIDE), wideDriver);
        const steady = [];
        const ceiling = Math.max(seq.rate, conc.rate, wide.rate);
        const rates = RATES.filter((rate) => rate <= ceiling);
        for (const rate of RATES.filter((r) => r > ceiling)) {
          // Offered above what the store sustains, the queue (and the latency) would only grow with time.
          skipped.push(
            `${backend.label}: ${rate}/s not run, above the maximum measured (${formatRate(ceiling)}).`,
          );
        }
        // Below every listed rate, the store still gets a steady rate: half its maximum.
        if (rates.length < RATES.length) rates.push(halfOf(ceiling));
        for (const rate of rates.sort((a, b) => a - b)) {
          progress(`${backend.name}: ${rate} orders/s open loop, ${seconds} s…`);
          steady.push(await phase(`${rate}/s`, () => paced(wideDriver, rate, seconds), wideDriver));
        }

        // One acknowledged order's verdicts: every rule ran and passed.
        const sample = (await engine.orders({ accounts: ['bench-0'], limit: 1 }))[0];
        if (sample) {
          const verdicts = await engine.verdicts(sample.orderId);
          rulesRun = `${verdicts.length} verdicts on a sample order, ${verdicts.filter((v) => v.pass).length} pass`;
        }
        fills.dispose();

        const all = [seq, conc, wide, ...steady];
        throughputRows.push([
          backend.label,
          formatMs(floor.latency.p50),
          formatRate(seq.rate),
          formatMs(seq.latency.p50),
          formatRate(conc.rate),
          formatMs(conc.latency.p50),
          formatRate(wide.rate),
          formatMs(wide.latency.p50),
          formatMs(wide.latency.p99),
          formatMs(Math.max(seq.drainMs, conc.drainMs, wide.drainMs)),
          formatNumber(
            all.reduce((sum, p) => sum + p.transactionsPerOrder * p.orders, 0) /
              all.reduce((sum, p) => sum + p.orders, 0),
          ),
          formatNumber(all.reduce((s, p) => s + p.orders, 0)),
          formatNumber(all.reduce((s, p) => s + p.fills, 0)),
          rejectText(
            all.reduce((acc, p) => {
              for (const [c, n] of Object.entries(p.rejects)) acc[c] = (acc[c] ?? 0) + n;
              return acc;
            }, {}),
          ),
        ]);
        for (const p of steady) {
          latencyRows.push([
            backend.label,
            p.label,
            p.rate < 0.95 * p.offered ? `${formatRate(p.rate)} (overloaded)` : formatRate(p.rate),
            formatNumber(p.latency.samples),
            formatMs(p.latency.p50),
            formatMs(p.latency.p99),
            formatMs(p.latency['p99.9']),
            formatMs(p.latency.max),
            formatMs(p.lateness.p99),
          ]);
        }
        const base = { backend: backend.name, store: backend.label };
        results.push(
          metric('order-ack', `${backend.name}.store-floor`, 'tx/s', floor.rate, {
            ...base,
            description: 'sequential store transactions writing one small audit record (no order)',
            latencyMs: floor.latency,
          }),
          metric('order-ack', `${backend.name}.max-sequential`, 'orders/s', seq.rate, {
            ...base,
            description: 'submit() → resolution, one submitter awaiting each order',
            orders: seq.orders,
            latencyMs: seq.latency,
            drainMs: seq.drainMs,
            transactionsPerOrder: seq.transactionsPerOrder,
            fills: seq.fills,
            rejects: seq.rejects,
          }),
          metric('order-ack', `${backend.name}.max-concurrent-${CONCURRENCY}`, 'orders/s', conc.rate, {
            ...base,
            description: `${CONCURRENCY} submitters, each awaiting its order`,
            orders: conc.orders,
            latencyMs: conc.latency,
            drainMs: conc.drainMs,
            transactionsPerOrder: conc.transactionsPerOrder,
            fills: conc.fills,
            rejects: conc.rejects,
          }),
          metric('order-ack', `${backend.name}.max-concurrent-${WIDE}-accounts`, 'orders/s', wide.rate, {
            ...base,
            description: `${WIDE} submitters over ${WIDE} accounts, each awaiting its order`,
            orders: wide.orders,
            latencyMs: wide.latency,
            drainMs: wide.drainMs,
            transactionsPerOrder: wide.transactionsPerOrder,
            fills: wide.fills,
            rejects: wide.rejects,
          }),
          ...steady.flatMap((p) =>
            ['p50', 'p99', 'p99.9', 'max'].map((q) =>
              metric(
                'order-ack',
                `${backend.name}.rate-${p.label.replace('/s', '')}.latency-${q}`,
                'ms',
                p.latency[q],
                {
                  ...base,
                  description: `submit() call → resolution (durable acknowledgement), open loop at ${p.label}`,
                  achievedRate: p.rate,
                  orders: p.orders,
                  latencyMs: p.latency,
                  schedulerLatenessMs: p.lateness,
                  drainMs: p.drainMs,
                  transactionsPerOrder: p.transactionsPerOrder,
                  fills: p.fills,
                  rejects: p.rejects,
                },
              ),
            ),
          ),
        );
      } finally {
        await rig?.close().catch(() => {});
        await db.close();
      }
    }

    const common = [
      `In this process: Kernel with feed-demo (seed 42, 250 ms ticks: reference prices and marks), venue-sim (defaults: 2 ms latency, house liquidity re-mirrored every 500 ms) and risk-limits, registered via kernel.register from their package.json manifests; TradingEngine over each store. No HTTP, no auth.`,
      `All 10 risk-limits rules configured to run and pass (${RULES.join(', ')}); ${rulesRun ?? 'verdicts not read'}.`,
      `Orders: DAY limit orders on ${TRADED.map((t) => t.id).join(', ')} over ${ACCOUNTS} accounts (${WIDE} in the wide phases; equity ${Number(EQUITY).toLocaleString('en-US')} USD each), sides alternating per account and instrument; 1 in 3 marketable (1 tick through the touch, fills against house liquidity), the rest 2–3 ticks behind it. Past ${WORKING_CAP} working orders per account the driver cancels the oldest (fire and forget), so the working set stays bounded.`,
      ...details,
    ];
    return {
      results,
      tables: [
        {
          title: 'Order submit → acknowledgement at the maximum rate',
          columns: [
            'Store',
            'audit-only tx p50',
            'sequential orders/s',
            'p50',
            `${CONCURRENCY} concurrent orders/s`,
            'p50',
            `${WIDE} concurrent, ${WIDE} accounts`,
            'p50',
            'p99',
            'drain after',
            'store tx per order',
            'orders (all phases)',
            'fills',
            'rejects',
          ],
          rows: throughputRows,
          notes: [
            `Acknowledgement = engine.submit() resolved: validated, 10 risk rules run, order + verdicts + audit record written in one transaction (PendingNew). The venue (its 2 ms latency queue), fills, cancels and their transactions run in the background on the same event loop and store; "drain after" = time from the end of a phase until the venue had answered every order (nothing Pending*), the largest of the three phases.`,
            'Audit-only tx = the store on its own: one transaction writing a small audit record (append lock + hash chain), sequential; an order costs several such transactions (submit, venue accept, fill or cancel request + confirmation): “store tx per order” counts them over all phases (drains included).',
            `${seconds} s per phase after a ${warmup} s warm-up; sequential = one submitter awaiting each order; concurrent = ${CONCURRENCY} such submitters over the ${ACCOUNTS} accounts (the engine risk-checks an account's submissions one at a time and writes them concurrently); ${WIDE} concurrent = ${WIDE} submitters over ${WIDE} accounts. The drizzle store group-commits: transactions submitted while one runs are committed together in the next one. Each submission starts on its own event-loop turn (setImmediate), as requests arriving over the network do.`,
            ...common,
          ],
        },
        {
          title: 'Order acknowledgement latency at steady rates (HDR histogram)',
          columns: [
            'Store',
            'offered',
            'achieved',
            'orders',
            'p50',
            'p99',
            'p99.9',
            'max',
            'timer lateness p99',
          ],
          rows: latencyRows,
          notes: [
            `Open loop over the ${WIDE} accounts: order i is due at start + i/rate and a timer submits every due order without waiting for earlier ones; ${seconds} s per rate: ${RATES.map((r) => `${r}/s`).join(', ')} where the store's maximum allows, else also half its maximum. Latency = from the submit() call to its resolution (durable acknowledgement), hdr-histogram-js, 3 significant digits.`,
            'Timer lateness = how late the submit() calls were against their schedule (event-loop delay), not included in the latency. Achieved = orders ÷ time until the last one resolved; “overloaded” below 95 % of the offered rate (the process could not keep up: the event loop, not only the store, was saturated).',
            ...skipped,
          ],
        },
      ],
    };
  },
};
