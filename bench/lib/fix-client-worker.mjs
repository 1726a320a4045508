/**
 * The FIX client of the round-trip benchmark, on its own thread (its own event loop, so the host's
 * loop is not shared with the load generator): the SDK's FixInitiator logs on to the host's
 * acceptor and sends NewOrderSingle messages, closed loop or at a steady rate; latency is taken
 * from the moment an order is due (open loop) or sent (closed loop) to its first ExecutionReport
 * (PendingNew: the order is durable and risk-checked) and to the venue's answer (New, Trade or
 * Canceled for an IOC).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FixInitiator, loadFix44Dictionary, MemoryMessageStore } from '@qmo/sdk/fix';
import { build } from 'hdr-histogram-js';

const { port, senderCompId, targetCompId, account } = workerData;
const histogram = () =>
  build({ bitBucketSize: 64, numberOfSignificantValueDigits: 3, highestTrackableValue: 120e9 });
const nowNs = () => Number(process.hrtime.bigint());

/** ClOrdID → { t0 (ns), acked, answered } of orders waiting for their reports. */
const inFlight = new Map();
let ack = histogram();
let venue = histogram();
let counts = { acked: 0, answered: 0, rejected: 0, fills: 0 };
let onAnswer = () => {};
let prices = {};
let n = 0;

function utc(ms) {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 23)}`;
}

const initiator = new FixInitiator({
  dictionary: loadFix44Dictionary(),
  host: '127.0.0.1',
  port,
  reconnect: { initialDelayMs: 100, maxDelayMs: 1000 },
  session: {
    settings: { senderCompId, targetCompId, heartBtInt: 30 },
    store: new MemoryMessageStore(),
    application: {
      onLogon: () => parentPort.postMessage({ type: 'ready' }),
      onMessage(view) {
        if (view.getString(35) !== '8') return;
        const id = view.getString(11);
        const order = inFlight.get(id);
        if (!order) return;
        const execType = view.getString(150);
        const t = nowNs();
        if (!order.acked) {
          order.acked = true;
          counts.acked++;
          ack.recordValue(Math.max(1, t - order.t0));
        }
        if (execType === 'A') return;
        if (execType === 'F') counts.fills++;
        if (execType === '8') counts.rejected++;
        if (!order.answered) {
          order.answered = true;
          counts.answered++;
          venue.recordValue(Math.max(1, t - order.t0));
        }
        // An IOC ends with its fill or its cancel; a rejected order with its reject.
        if (execType === 'F' || execType === '4' || execType === '8') {
          inFlight.delete(id);
          onAnswer();
        }
      },
    },
  },
});

/** Order n: 4 instruments round robin, sides alternating per instrument, one in three marketable, all IOC. */
function nextOrder() {
  const k = n++;
  const ids = Object.keys(prices);
  const id = ids[k % ids.length];
  const p = prices[id];
  const round = Math.floor(k / ids.length);
  const buy = round % 2 === 0;
  const marketable = round % 3 === 0;
  const ticks = (v) => Math.round(Number(v) / p.tick);
  const priceTicks = buy
    ? marketable
      ? ticks(p.ask) + Math.ceil(ticks(p.ask) * 0.002)
      : ticks(p.bid) - Math.ceil(ticks(p.bid) * 0.01)
    : marketable
      ? ticks(p.bid) - Math.ceil(ticks(p.bid) * 0.002)
      : ticks(p.ask) + Math.ceil(ticks(p.ask) * 0.01);
  return {
    clOrdId: `rt-${k}`,
    fields: [
      [1, account],
      [11, `rt-${k}`],
      [21, '1'],
      [55, id],
      [54, buy ? '1' : '2'],
      [60, utc(Date.now())],
      [38, p.quantity],
      [40, '2'],
      [44, (priceTicks * p.tick).toFixed(p.digits)],
      [59, '3'],
    ],
  };
}

function send(t0) {
  const order = nextOrder();
  inFlight.set(order.clOrdId, { t0, acked: false, answered: false });
  initiator.session.sendApplication('D', order.fields);
}

function summary(h) {
  const ms = (ns) => ns / 1e6;
  return {
    samples: h.totalCount,
    p50: ms(h.getValueAtPercentile(50)),
    p99: ms(h.getValueAtPercentile(99)),
    'p99.9': ms(h.getValueAtPercentile(99.9)),
    max: ms(h.maxValue),
    mean: ms(h.mean),
  };
}

function reset() {
  ack = histogram();
  venue = histogram();
  counts = { acked: 0, answered: 0, rejected: 0, fills: 0 };
}

/** Waits until every order sent has its final report, or `ms` passed. */
function drain(ms) {
  return new Promise((resolve) => {
    if (inFlight.size === 0) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    onAnswer = () => {
      if (inFlight.size === 0) {
        clearTimeout(timer);
        onAnswer = () => {};
        resolve(true);
      }
    };
  });
}

/** As fast as the host answers, `window` orders outstanding at a time. */
async function closedLoop(seconds, window) {
  reset();
  const start = performance.now();
  const end = start + seconds * 1000;
  let sent = 0;
  await new Promise((resolve) => {
    onAnswer = () => {
      while (inFlight.size < window && performance.now() < end) {
        send(nowNs());
        sent++;
      }
      if (inFlight.size === 0) resolve();
    };
    for (let i = 0; i < window; i++, sent++) send(nowNs());
  });
  onAnswer = () => {};
  const elapsed = (performance.now() - start) / 1000;
  return { sent, rate: counts.answered / elapsed, ack: summary(ack), venue: summary(venue), ...counts };
}

/** Open loop: order i is due at start + i/rate and is sent by a 1 ms timer when due; latency counts from when it was due. */
async function openLoop(rate, seconds) {
  reset();
  const total = Math.round(rate * seconds);
  const startNs = nowNs();
  let sent = 0;
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((nowNs() - startNs) * rate) / 1e9) + 1);
      while (sent < due) {
        send(startNs + Math.round((sent * 1e9) / rate));
        sent++;
      }
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
  const elapsedSend = (nowNs() - startNs) / 1e9;
  const drained = await drain(60_000);
  const elapsed = (nowNs() - startNs) / 1e9;
  return {
    sent,
    offered: rate,
    sendSeconds: elapsedSend,
    rate: counts.answered / elapsed,
    drained,
    ack: summary(ack),
    venue: summary(venue),
    ...counts,
  };
}

parentPort.on('message', async (msg) => {
  try {
    if (msg.type === 'prices') {
      prices = msg.prices;
      parentPort.postMessage({ type: 'ok' });
    } else if (msg.type === 'closed')
      parentPort.postMessage({ type: 'result', result: await closedLoop(msg.seconds, msg.window) });
    else if (msg.type === 'open')
      parentPort.postMessage({ type: 'result', result: await openLoop(msg.rate, msg.seconds) });
    else if (msg.type === 'stop') {
      await initiator.stop();
      parentPort.postMessage({ type: 'stopped' });
    }
  } catch (error) {
    parentPort.postMessage({ type: 'error', message: String(error?.stack ?? error) });
  }
});

initiator.start();
