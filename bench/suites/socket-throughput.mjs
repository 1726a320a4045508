import { Worker } from 'node:worker_threads';
import { formatMs, formatNumber, formatRate } from '../lib/format.mjs';
import { DEMO_INSTRUMENTS, startBenchHost, tempDir } from '../lib/host.mjs';
import { metric } from '../lib/results.mjs';
import { sleep } from '../lib/timing.mjs';

const CLIENT_COUNTS = [1, 10];
const WARMUP_MS = 1_000;
/** Quotes sent but not yet received by the slowest client, above which the driver waits (keeps buffers bounded). */
const WINDOW = 1_000;
/** Quotes per setImmediate turn of the driver. */
const BURST = 128;
/** Latency under a steady load: this rate, or half the measured maximum when that is lower. */
const LATENCY_RATE = 2_000;

function startClients(url, clients, mode) {
  const counterBuffer = new SharedArrayBuffer(clients * 3 * 4);
  const controlBuffer = new SharedArrayBuffer(4);
  const worker = new Worker(new URL('./helpers/socket-clients.mjs', import.meta.url), {
    workerData: { url, clients, instruments: DEMO_INSTRUMENTS, mode, counterBuffer, controlBuffer },
  });
  const counters = new Int32Array(counterBuffer);
  const control = new Int32Array(controlBuffer);
  const next = (type) =>
    new Promise((resolve, reject) => {
      const onMessage = (m) => {
        if (m.type === 'error') reject(new Error(m.message));
        else if (m.type === type) resolve(m);
        else return;
        worker.off('message', onMessage);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  const column = (k) => Array.from({ length: clients }, (_, c) => Atomics.load(counters, c * 3 + k));
  return {
    ready: next('ready'),
    counted: () => column(0),
    minCounted() {
      let least = Number.POSITIVE_INFINITY;
      for (let c = 0; c < clients; c++) least = Math.min(least, Atomics.load(counters, c * 3));
      return least;
    },
    recordLatency: (on) => Atomics.store(control, 0, on ? 1 : 0),
    async histogram() {
      const reply = next('histogram');
      worker.postMessage({ type: 'histogram' });
      return (await reply).summary;
    },
    async close() {
      const closed = next('closed');
      worker.postMessage({ type: 'close' });
      await closed.catch(() => {});
      await worker.terminate();
    },
  };
}

const sum = (xs) => xs.reduce((a, b) => a + b, 0);

/** Quote-like payloads on the host's bus, as fast as the slowest client keeps up or at a fixed rate. */
function startDriver(bus, templates, clientSet, { rate = null } = {}) {
  const state = { emitted: 0, running: true };
  const started = performance.now();
  let k = 0;
  const turn = () => {
    if (!state.running) return;
    let budget = BURST;
    if (rate === null) budget = Math.min(budget, WINDOW - (state.emitted - clientSet.minCounted()));
    else budget = Math.min(budget, Math.floor(((performance.now() - started) * rate) / 1000) - state.emitted);
    for (let i = 0; i < budget; i++) {
      const template = templates[k++ % templates.length];
      bus.emit('marketdata.quote', {
        ...template,
        source: 'bench',
        ts: performance.timeOrigin + performance.now(),
      });
      state.emitted++;
    }
    setImmediate(turn);
  };
  setImmediate(turn);
  return { state, stop: () => (state.running = false) };
}

/** Counts of market-data events on the host's bus (what the gateway forwards from). */
function busCounter(bus) {
  const counts = { quote: 0, trade: 0, bar: 0, book: 0 };
  const subs = Object.keys(counts).map((t) => bus.on(`marketdata.${t}`, () => counts[t]++));
  return {
    counts,
    dispose: () => {
      for (const s of subs) s.dispose();
    },
  };
}

const latencyCells = (h) => [
  formatMs(h.p50 / 1000),
  formatMs(h.p99 / 1000),
  formatMs(h.p99_9 / 1000),
  formatMs(h.max / 1000),
];

/** Rates as machine-readable figures: `{ key: [value, description] }` → metrics named `<prefix>.<key>` in msg/s. */
const metrics = (prefix, entries) =>
  Object.entries(entries).map(([key, [value, description]]) =>
    metric('socket', `${prefix}.${key}`, 'msg/s', value, { description }),
  );

/** p50 / p99 / p99.9 / max of an HDR summary (µs) as figures in ms. */
const latencyMetrics = (prefix, h, description) =>
  [
    ['p50', h.p50],
    ['p99', h.p99],
    ['p99.9', h.p99_9],
    ['max', h.max],
  ].map(([p, us]) =>
    metric('socket', `${prefix}.latency-${p}`, 'ms', us / 1000, { description, samples: h.totalCount }),
  );

/**
 * Feed → bus → socket.io client throughput and latency, on a real host (PGlite, port 0, first-party
 * plugins) with N clients on a worker thread, each subscribed to the 6 demo instruments:
 *  - end to end from the feed: feed-demo at its fastest (tickIntervalMs 10);
 *  - bus → socket.io: quote-like payloads emitted straight on host.kernel.bus (feed-demo idling).
 */
export default {
  name: 'socket',
  title: 'Feed → bus → socket.io',
  async run({ progress, options }) {
    const seconds = options.socketSeconds;
    const data = tempDir('qmo-bench-socket-');
    const rows = [];
    const results = [];
    try {
      // 1. End to end from feed-demo at tickIntervalMs 10.
      progress('starting host (feed-demo tickIntervalMs 10, fresh PGlite)…');
      let host = await startBenchHost({
        dataDir: data.dir,
        feed: { historyDays: 0, tickIntervalMs: 10 },
        backfillDays: 0,
      });
      await host.ready;
      try {
        for (const n of CLIENT_COUNTS) {
          progress(`feed → ${n} client(s)…`);
          const clients = startClients(host.url, n, 'feed');
          await clients.ready;
          await sleep(WARMUP_MS);
          const bus = busCounter(host.kernel.bus);
          const before = clients.counted();
          const t0 = performance.now();
          clients.recordLatency(true);
          await sleep(seconds * 1000);
          clients.recordLatency(false);
          const dt = (performance.now() - t0) / 1000;
          const after = clients.counted();
          bus.dispose();
          const latency = await clients.histogram();
          await clients.close();
          const received = sum(after) - sum(before);
          const busRate = (bus.counts.quote + bus.counts.trade + bus.counts.bar) / dt;
          const perClient = received / n / dt;
          rows.push([
            'end to end from feed-demo (10 ms ticks)',
            String(n),
            formatRate(busRate),
            formatRate(received / dt),
            formatRate(perClient),
            ...latencyCells(latency),
          ]);
          results.push(
            ...metrics(`feed.clients-${n}`, {
              'bus-events': [busRate, 'quotes + trades + bars emitted on the bus by the feed path'],
              'bus-quotes': [bus.counts.quote / dt, 'quotes emitted on the bus'],
              'receive-total': [
                received / dt,
                'events received by all clients together (quote, trade, bar, book)',
              ],
              'receive-per-client': [perClient, 'events received per client'],
            }),
            ...latencyMetrics(
              `feed.clients-${n}`,
              latency,
              'feed quote ts (Date.now, 1 ms resolution) → client receipt',
            ),
          );
        }
      } finally {
        await host.close();
      }

      // 2. bus → socket.io, same (now migrated) data dir, feed-demo nearly silent.
      progress('starting host (feed-demo idle, quotes driven on the bus)…');
      host = await startBenchHost({
        dataDir: data.dir,
        feed: { historyDays: 0, tickIntervalMs: 60_000 },
        backfillDays: 0,
      });
      await host.ready;
      try {
        const templates = DEMO_INSTRUMENTS.map((instrument) => {
          const quote = host.marketData.lastQuote(instrument);
          if (!quote) throw new Error(`no quote for ${instrument} to use as a template`);
          return quote;
        });
        for (const n of CLIENT_COUNTS) {
          progress(`bus → ${n} client(s): throughput…`);
          const clients = startClients(host.url, n, 'bus');
          await clients.ready;
          const driver = startDriver(host.kernel.bus, templates, clients);
          await sleep(WARMUP_MS);
          const e0 = driver.state.emitted;
          const r0 = clients.counted();
          const t0 = performance.now();
          await sleep(seconds * 1000);
          const dt = (performance.now() - t0) / 1000;
          const e1 = driver.state.emitted;
          const r1 = clients.counted();
          driver.stop();
          const emitRate = (e1 - e0) / dt;
          const receiveTotal = (sum(r1) - sum(r0)) / dt;
          // Let the window drain, then latency at a steady rate below the maximum.
          await sleep(500);
          const rate = Math.max(100, Math.min(LATENCY_RATE, Math.round(emitRate / 2)));
          progress(`bus → ${n} client(s): latency at ${rate} quotes/s…`);
          const paced = startDriver(host.kernel.bus, templates, clients, { rate });
          await sleep(WARMUP_MS / 2);
          clients.recordLatency(true);
          await sleep(seconds * 1000);
          clients.recordLatency(false);
          paced.stop();
          await sleep(200);
          const latency = await clients.histogram();
          await clients.close();
          rows.push([
            `bus → socket.io (max; latency at ${formatNumber(rate)} quotes/s)`,
            String(n),
            formatRate(emitRate),
            formatRate(receiveTotal),
            formatRate(receiveTotal / n),
            ...latencyCells(latency),
          ]);
          results.push(
            ...metrics(`bus.clients-${n}`, {
              emit: [
                emitRate,
                `quote-like payloads emitted on host.kernel.bus (at most ${WINDOW} unreceived by the slowest client)`,
              ],
              'socket-deliveries': [emitRate * n, 'emits × clients: frames socket.io had to send'],
              'receive-total': [receiveTotal, 'quotes received by all clients together'],
              'receive-per-client': [receiveTotal / n, 'quotes received per client'],
            }),
            ...latencyMetrics(
              `bus.clients-${n}`,
              latency,
              `bus emit (performance.timeOrigin + now) → client receipt at a steady ${rate} quotes/s`,
            ),
          );
        }
      } finally {
        await host.close();
      }
    } finally {
      data.remove();
    }
    return {
      results,
      tables: [
        {
          title: 'Feed → bus → socket.io clients',
          columns: [
            'Path',
            'clients',
            'bus msg/s',
            'received msg/s (all clients)',
            'per client',
            'p50',
            'p99',
            'p99.9',
            'max',
          ],
          rows,
          notes: [
            `Host in this process (PGlite, port 0, feed-demo + indicator-classic, 6 instruments); socket.io clients (websocket transport) on a worker thread, each subscribed to all 6 instruments; ${seconds} s measured after ${WARMUP_MS / 1000} s warm-up.`,
            'Feed path: bus msg/s counts quotes + trades + bars the feed produced (books go out as throttled snapshots); clients receive every event type; latency from the quote’s feed timestamp (Date.now, 1 ms resolution) to receipt.',
            `Bus path: quote-like payloads (a real quote with ts = performance.timeOrigin + performance.now()) emitted on host.kernel.bus from a setImmediate loop, never more than ${WINDOW.toLocaleString('en-US')} ahead of the slowest client; each is delivered to every client. Latency measured afterwards at a steady rate (${LATENCY_RATE.toLocaleString('en-US')} quotes/s, or half the maximum when lower), HDR histogram.`,
          ],
        },
      ],
    };
  },
};
