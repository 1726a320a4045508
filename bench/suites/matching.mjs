import { MatchingEngine } from '@qmo/plugin-venue-sim';
import { OrderBook as NobOrderBook } from 'nodejs-order-book';
import { formatNumber, formatRate } from '../lib/format.mjs';
import { CENTER, generateOrderStream, OP, OP_NAMES, SIDE_NAMES } from '../lib/order-stream.mjs';
import { packageVersion } from '../lib/packages.mjs';
import { metric } from '../lib/results.mjs';
import { collectGarbage, median, summarize, time } from '../lib/timing.mjs';

const INSTRUMENT = 'BENCH';

/**
 * Per engine, the stream turned into that engine's own arguments before any timing, so neither
 * pays for building its inputs:
 *  - QMO MatchingEngine: submit(instrument, EngineOrder) / replace(instrument, id, { price }) /
 *    cancel(instrument, id). Its account is the order id, so self-trade prevention never fires.
 *  - nodejs-order-book: limit({ id, side, size, price, timeInForce }) / modify(id, { price }) /
 *    cancel(id). No accountId: its STP stays off.
 */
function qmoArgs(cmd) {
  switch (cmd.op) {
    case OP.GTC:
    case OP.IOC:
      return {
        orderId: cmd.id,
        account: cmd.id,
        side: SIDE_NAMES[cmd.side],
        type: 'limit',
        quantity: cmd.size,
        price: cmd.price,
        timeInForce: cmd.op === OP.GTC ? 'GTC' : 'IOC',
      };
    case OP.MOVE:
      return { price: cmd.price };
    default:
      return null;
  }
}

function nobArgs(cmd) {
  switch (cmd.op) {
    case OP.GTC:
    case OP.IOC:
      return {
        id: cmd.id,
        side: SIDE_NAMES[cmd.side],
        size: cmd.size,
        price: cmd.price,
        timeInForce: cmd.op === OP.GTC ? 'GTC' : 'IOC',
      };
    case OP.MOVE:
      return { price: cmd.price };
    default:
      return null;
  }
}

function prepare(stream) {
  const pack = (cmds, argsOf) => ({
    ops: Uint8Array.from(cmds, (c) => c.op),
    ids: cmds.map((c) => c.id),
    args: cmds.map(argsOf),
  });
  return {
    qmo: { prefill: pack(stream.prefill, qmoArgs), main: pack(stream.commands, qmoArgs) },
    nob: { prefill: pack(stream.prefill, nobArgs), main: pack(stream.commands, nobArgs) },
  };
}

/** Runs packed commands on a QMO MatchingEngine; `check` inspects each result (verification pass only). */
function runQmo(engine, { ops, ids, args }, check) {
  for (let i = 0; i < ops.length; i++) {
    let result;
    switch (ops[i]) {
      case OP.GTC:
      case OP.IOC:
        result = engine.submit(INSTRUMENT, args[i]);
        break;
      case OP.MOVE:
        result = engine.replace(INSTRUMENT, ids[i], args[i]);
        break;
      default:
        result = engine.cancel(INSTRUMENT, ids[i]);
    }
    if (check) check(result, i);
  }
}

function runNob(book, { ops, ids, args }, check) {
  for (let i = 0; i < ops.length; i++) {
    let result;
    switch (ops[i]) {
      case OP.GTC:
      case OP.IOC:
        result = book.limit(args[i]);
        break;
      case OP.MOVE:
        result = book.modify(ids[i], args[i]);
        break;
      default:
        result = book.cancel(ids[i]);
    }
    if (check) check(result, i);
  }
}

/** The resting orders of each book, best price first and oldest first within a price: `id@price×size`. */
function qmoResting(engine) {
  const l3 = engine.book(INSTRUMENT).l3();
  return {
    bids: l3.bids.map((o) => `${o.orderId}@${o.price}×${o.size}`),
    asks: l3.asks.map((o) => `${o.orderId}@${o.price}×${o.size}`),
    levels: engine.book(INSTRUMENT).levels('bid').length + engine.book(INSTRUMENT).levels('ask').length,
  };
}

function nobResting(book) {
  const snap = book.snapshot();
  const flat = (levels) => levels.flatMap((l) => l.orders.map((o) => `${o.id}@${o.price}×${o.size}`));
  return { bids: flat(snap.bids), asks: flat(snap.asks), levels: book.bids.depth() + book.asks.depth() };
}

const sumSizes = (list) => list.reduce((s, e) => s + Number(e.slice(e.indexOf('×') + 1)), 0);

/** One untimed pass of each engine: errors/rejects, trades, and the resting books at the end. */
function verify(packed) {
  const qmo = new MatchingEngine();
  runQmo(qmo, packed.qmo.prefill);
  const qmoCounts = { trades: 0, refused: 0, firstRefusal: null };
  runQmo(qmo, packed.qmo.main, (result, i) => {
    for (const e of result.events) {
      if (e.type === 'trade') qmoCounts.trades++;
      else if (e.type === 'rejected' || e.type === 'replaceRejected' || e.type === 'cancelRejected') {
        qmoCounts.refused++;
        qmoCounts.firstRefusal ??= `command ${i}: ${e.type} ${e.code}`;
      }
    }
  });
  const nob = new NobOrderBook();
  runNob(nob, packed.nob.prefill);
  const nobCounts = { trades: 0, refused: 0, firstRefusal: null };
  runNob(nob, packed.nob.main, (result, i) => {
    if (result === undefined) {
      nobCounts.refused++;
      nobCounts.firstRefusal ??= `command ${i}: cancel of an unknown order`;
      return;
    }
    if (result.err) {
      nobCounts.refused++;
      nobCounts.firstRefusal ??= `command ${i}: ${result.err.message}`;
    }
  });
  const q = qmoResting(qmo);
  const n = nobResting(nob);
  const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
  return {
    qmo: {
      ...qmoCounts,
      orders: q.bids.length + q.asks.length,
      levels: q.levels,
      volume: sumSizes([...q.bids, ...q.asks]),
    },
    nob: {
      ...nobCounts,
      orders: n.bids.length + n.asks.length,
      levels: n.levels,
      volume: sumSizes([...n.bids, ...n.asks]),
    },
    identicalBooks: same(q.bids, n.bids) && same(q.asks, n.asks),
  };
}

/**
 * Matching engine commands per second on exchange-core's mix, QMO's venue-sim MatchingEngine
 * (pure, no plugin around it) against nodejs-order-book, on the same seeded command stream in the
 * same run: each timed run starts from an empty book, places the prefill (not timed), then runs
 * the stream; median of N runs after a warm-up run, engines alternating.
 */
export default {
  name: 'matching',
  title: 'Matching engine commands per second',
  async run({ progress, options }) {
    const count = options.matchingCommands;
    const runs = options.matchingRuns;
    const nobVersion = packageVersion('nodejs-order-book');
    const qmoVersion = packageVersion('@qmo/plugin-venue-sim');
    progress(`generating ${count.toLocaleString('en-US')} commands…`);
    const stream = generateOrderStream({ count });
    const packed = prepare(stream);
    const { stats } = stream;

    progress('verification pass (untimed)…');
    const check = verify(packed);

    const impls = [
      {
        key: 'qmo',
        run() {
          const engine = new MatchingEngine();
          runQmo(engine, packed.qmo.prefill);
          return time(() => runQmo(engine, packed.qmo.main)).ms;
        },
      },
      {
        key: 'nob',
        run() {
          const book = new NobOrderBook();
          runNob(book, packed.nob.prefill);
          return time(() => runNob(book, packed.nob.main)).ms;
        },
      },
    ];
    const samples = { qmo: [], nob: [] };
    for (let round = 0; round <= runs; round++) {
      progress(round === 0 ? 'warm-up round…' : `round ${round}/${runs}…`);
      for (const impl of round % 2 === 0 ? impls : [...impls].reverse()) {
        collectGarbage();
        const ms = impl.run();
        if (round > 0) samples[impl.key].push(count / (ms / 1000));
      }
    }
    const m = { qmo: median(samples.qmo), nob: median(samples.nob) };
    const pct = (x) => `${(x * 100).toFixed(1)} %`;
    const mixText = OP_NAMES.map((name) => `${name} ${pct(stats.mix[name])}`).join(', ');
    const rows = [
      [
        `QMO MatchingEngine (@qmo/plugin-venue-sim ${qmoVersion})`,
        formatRate(m.qmo),
        formatRate(Math.min(...samples.qmo)),
        formatRate(Math.max(...samples.qmo)),
        `${(m.qmo / m.nob).toFixed(2)}×`,
        formatNumber(check.qmo.orders),
        formatNumber(check.qmo.levels),
        formatNumber(check.qmo.trades),
        formatNumber(check.qmo.refused),
      ],
      [
        `nodejs-order-book ${nobVersion}`,
        formatRate(m.nob),
        formatRate(Math.min(...samples.nob)),
        formatRate(Math.max(...samples.nob)),
        '1.00×',
        formatNumber(check.nob.orders),
        formatNumber(check.nob.levels),
        '—',
        formatNumber(check.nob.refused),
      ],
    ];
    const stream1 = {
      commands: count,
      seed: 20_250_101,
      mix: stats.mix,
      meanRestingOrders: stats.meanRestingOrders,
      meanPriceLevels: stats.meanPriceLevels,
      modelFinalRestingOrders: stats.finalRestingOrders,
      modelTrades: stats.trades,
    };
    return {
      results: [
        metric('matching', 'qmo.commands', 'commands/s', m.qmo, {
          impl: `@qmo/plugin-venue-sim ${qmoVersion} MatchingEngine`,
          stats: summarize(samples.qmo),
          stream: stream1,
          end: check.qmo,
          peers: [
            {
              name: `nodejs-order-book ${nobVersion} OrderBook`,
              value: m.nob,
              stats: summarize(samples.nob),
              end: check.nob,
            },
          ],
          identicalBooks: check.identicalBooks,
        }),
      ],
      tables: [
        {
          title: 'Matching engine on exchange-core’s command mix',
          columns: [
            'Engine',
            'commands/s (median)',
            'min',
            'max',
            'vs nodejs-order-book',
            'resting orders at end',
            'price levels at end',
            'trades',
            'refused',
          ],
          rows,
          notes: [
            `One seeded stream of ${count.toLocaleString('en-US')} commands (${mixText}) after a prefill of ${stream.prefill.length.toLocaleString('en-US')} resting GTC orders (not timed); on average ${formatNumber(stats.meanRestingOrders)} resting orders over ${formatNumber(stats.meanPriceLevels)} price levels around ${CENTER.toLocaleString('en-US')} ticks. The generator tracks the book with its own reference model so every move and cancel names a resting order (the generator's model ends with ${stats.finalRestingOrders.toLocaleString('en-US')} resting orders after ${stats.trades.toLocaleString('en-US')} trades; nodejs-order-book reports no trade count of its own).`,
            `commands/s = commands ÷ time of one pass over the stream on a fresh, prefilled book; median of ${runs} runs after a warm-up, engines alternating. Inputs are built per engine before timing; results are not inspected in timed runs.`,
            `End state (untimed verification pass): ${check.identicalBooks ? 'the two books are identical order by order (id, price, size, queue position)' : 'the two books differ'}; resting volume ${formatNumber(check.qmo.volume)} vs ${formatNumber(check.nob.volume)} lots. “refused” = rejected/unknown-order answers (${check.qmo.firstRefusal ?? 'none'} / ${check.nob.firstRefusal ?? 'none'}).`,
            'Bridged: a move is QMO replace(id, { price }) (quantity stays the total) and nodejs-order-book modify(id, { price }) (size stays the remaining size) — both re-queue the order at the back and match it if it now crosses; IOC = limit with timeInForce IOC in both; QMO’s self-trade prevention (always on, per account) is kept out by giving every order its own account. QMO does more per command: it returns its events (fills for both sides, trades), L3 book changes and the top of book, and remembers the last 10,000 ended order ids to answer late cancels.',
          ],
        },
      ],
    };
  },
};
