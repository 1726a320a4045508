import { atr, bollinger, ema, macd, rsi, sma } from '@qmo/plugin-indicator-classic';
import { computeSeries } from '@qmo/sdk';
import technicalindicators from 'technicalindicators';
import * as tradingSignals from 'trading-signals';
import { formatDelta, formatRate } from '../lib/format.mjs';
import { packageVersion } from '../lib/packages.mjs';
import { randomWalkBars } from '../lib/random.mjs';
import { metric } from '../lib/results.mjs';
import { collectGarbage, median, summarize, time } from '../lib/timing.mjs';

/** Values before this bar are not compared: libraries seed EMAs differently, and the difference decays by then. */
const SETTLE = 1_000;

/**
 * Each indicator: QMO's instance and batch, trading-signals' streaming class (`C` is the module, or
 * its Faster* classes), technicalindicators' batch; `*Out` maps one output to its numbers (null → NaN).
 */
const SPECS = [
  {
    label: 'SMA(20)',
    qmo: sma,
    params: { period: 20 },
    qmoOut: (o) => [o.sma],
    ts: (C) => new C.SMA(20),
    tsInput: 'closes',
    tsOut: (r) => [r],
    ti: (TI, d) => TI.SMA.calculate({ period: 20, values: d.closes }),
    tiOut: (v) => [v],
  },
  {
    label: 'EMA(20)',
    qmo: ema,
    params: { period: 20 },
    qmoOut: (o) => [o.ema],
    ts: (C) => new C.EMA(20),
    tsInput: 'closes',
    tsOut: (r) => [r],
    ti: (TI, d) => TI.EMA.calculate({ period: 20, values: d.closes }),
    tiOut: (v) => [v],
  },
  {
    label: 'RSI(14)',
    qmo: rsi,
    params: { period: 14 },
    qmoOut: (o) => [o.rsi],
    ts: (C) => new C.RSI(14),
    tsInput: 'closes',
    tsOut: (r) => [r],
    ti: (TI, d) => TI.RSI.calculate({ period: 14, values: d.closes }),
    tiOut: (v) => [v],
  },
  {
    label: 'MACD(12,26,9)',
    qmo: macd,
    params: { fast: 12, slow: 26, signal: 9 },
    qmoOut: (o) => [o.macd, o.signal, o.histogram],
    ts: (C) => new C.MACD(new C.EMA(12), new C.EMA(26), new C.EMA(9)),
    tsInput: 'closes',
    tsOut: (r) => (r ? [r.macd, r.signal, r.histogram] : [null, null, null]),
    ti: (TI, d) =>
      TI.MACD.calculate({
        values: d.closes,
        fastPeriod: 12,
        slowPeriod: 26,
        signalPeriod: 9,
        SimpleMAOscillator: false,
        SimpleMASignal: false,
      }),
    tiOut: (v) => [v.MACD, v.signal, v.histogram],
  },
  {
    label: 'Bollinger(20,2)',
    qmo: bollinger,
    params: { period: 20, multiplier: 2 },
    qmoOut: (o) => (o.bands ? [o.bands.upper, o.bands.middle, o.bands.lower] : [null, null, null]),
    ts: (C) => new C.BollingerBands(20, 2),
    tsInput: 'closes',
    tsOut: (r) => (r ? [r.upper, r.middle, r.lower] : [null, null, null]),
    ti: (TI, d) => TI.BollingerBands.calculate({ period: 20, values: d.closes, stdDev: 2 }),
    tiOut: (v) => [v.upper, v.middle, v.lower],
  },
  {
    label: 'ATR(14)',
    qmo: atr,
    params: { period: 14 },
    qmoOut: (o) => [o.atr],
    ts: (C) => new C.ATR(14),
    tsInput: 'bars',
    tsOut: (r) => [r],
    ti: (TI, d) => TI.ATR.calculate({ high: d.highs, low: d.lows, close: d.closes, period: 14 }),
    tiOut: (v) => [v],
  },
];

/**
 * Hot loops compiled separately per (library, indicator) with `new Function`, so one library's call
 * site does not go megamorphic on the other's classes and each loop is as monomorphic as the caller's.
 */
const qmoLoop = () =>
  new Function(
    'instance',
    'bars',
    'let last; for (let i = 0; i < bars.length; i++) last = instance.next(bars[i]); return last;',
  );
const tsLoop = () =>
  new Function(
    'indicator',
    'inputs',
    'for (let i = 0; i < inputs.length; i++) indicator.add(inputs[i]); return indicator.getResult();',
  );

/** trading-signals variants present in the installed version: v8 has number classes only; v3–v6 had Big.js classes plus Faster* ones. */
function tradingSignalsVariants(version) {
  const variants = [];
  const hasFaster = typeof tradingSignals.FasterSMA === 'function';
  variants.push({
    key: hasFaster ? 'big' : 'number',
    label: `trading-signals ${version}${hasFaster ? ' (Big.js)' : ''}`,
    C: tradingSignals,
  });
  if (hasFaster) {
    const exported = { ...tradingSignals };
    const faster = new Proxy({}, { get: (_, name) => exported[`Faster${String(name)}`] });
    variants.push({ key: 'faster', label: `trading-signals ${version} Faster*`, C: faster });
  }
  return variants;
}

const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
const num = (v) => (v === null || v === undefined ? Number.NaN : Number(v));

/** Per output component, a Float64Array of length `bars` (NaN where there is no value). */
function collect(count, components, fill) {
  const series = Array.from({ length: components }, () => new Float64Array(count).fill(Number.NaN));
  fill((i, values) => {
    for (let c = 0; c < components; c++) series[c][i] = num(values[c]);
  });
  return series;
}

function maxAbsDelta(a, b) {
  let worst = 0;
  let compared = 0;
  for (let c = 0; c < a.length; c++) {
    for (let i = SETTLE; i < a[c].length; i++) {
      const x = a[c][i];
      const y = b[c][i];
      if (Number.isNaN(x) && Number.isNaN(y)) continue;
      if (Number.isNaN(x) !== Number.isNaN(y))
        return { delta: Number.NaN, compared, mismatch: `value on one side only at bar ${i}` };
      const d = Math.abs(x - y);
      if (d > worst) worst = d;
      compared++;
    }
  }
  return { delta: worst, compared };
}

/**
 * Incremental indicator updates per second on one seeded 1,000,000-bar OHLCV series, QMO vs
 * trading-signals (streaming) and vs technicalindicators (batch), the same data for all; the median
 * of N timed runs after a warm-up run, implementations alternating within each round.
 */
export default {
  name: 'indicators',
  title: 'Indicator updates per second',
  async run({ progress, options }) {
    const count = options.bars;
    const runs = options.indicatorRuns;
    const tsVersion = packageVersion('trading-signals');
    const tiVersion = packageVersion('technicalindicators');
    const qmoVersion = packageVersion('@qmo/plugin-indicator-classic');
    const variants = tradingSignalsVariants(tsVersion);
    progress(`generating ${count.toLocaleString('en-US')} bars…`);
    const bars = randomWalkBars(count);
    const data = {
      bars,
      closes: bars.map((b) => b.close),
      highs: bars.map((b) => b.high),
      lows: bars.map((b) => b.low),
    };

    const streamRows = [];
    const batchRows = [];
    const results = [];
    for (const spec of SPECS) {
      progress(`${spec.label}…`);
      const components = spec.qmoOut(spec.qmo.create(spec.params).next(bars[0])).length;
      // Streaming runs keep nothing (their garbage is young: a minor collection suffices after them);
      // a batch run leaves a million outputs behind, so a full collection follows it.
      const impls = [
        {
          key: 'qmo.stream',
          gc: 'full',
          run: (
            (loop) => () =>
              loop(spec.qmo.create(spec.params), bars)
          )(qmoLoop()),
        },
        ...variants.map((v) => ({
          key: `ts.${v.key}`,
          gc: 'minor',
          run: (
            (loop) => () =>
              loop(spec.ts(v.C), data[spec.tsInput])
          )(tsLoop()),
        })),
        { key: 'qmo.batch', gc: 'minor', run: () => computeSeries(spec.qmo, spec.params, bars).length },
        { key: 'ti.batch', gc: 'full', run: () => spec.ti(technicalindicators, data) },
      ];
      const samples = Object.fromEntries(impls.map((i) => [i.key, []]));
      const kept = {};
      for (let round = 0; round <= runs; round++) {
        for (const impl of impls) {
          collectGarbage(impl.gc === 'minor');
          const { ms, value } = time(impl.run);
          if (round > 0) samples[impl.key].push(count / (ms / 1000));
          // technicalindicators' last output (the last run of all, so keeping it slows no timed run) is checked below.
          if (round === runs && impl.key === 'ti.batch') kept.ti = value;
        }
      }

      // Agreement, outside the timed runs: every output component of every bar from SETTLE on.
      const qmoSeries = collect(count, components, (put) => {
        const instance = spec.qmo.create(spec.params);
        for (let i = 0; i < count; i++) put(i, spec.qmoOut(instance.next(bars[i])));
      });
      const tsDeltas = variants.map((v) => {
        const series = collect(count, components, (put) => {
          const indicator = spec.ts(v.C);
          const inputs = data[spec.tsInput];
          for (let i = 0; i < count; i++) {
            indicator.add(inputs[i]);
            put(i, spec.tsOut(indicator.getResult()));
          }
        });
        return maxAbsDelta(qmoSeries, series);
      });
      const tiOutput = kept.ti;
      const tiSeries = collect(count, components, (put) => {
        const offset = count - tiOutput.length;
        for (let k = 0; k < tiOutput.length; k++) put(offset + k, spec.tiOut(tiOutput[k]));
      });
      // QMO's batch() is create() fed bar by bar (the Indicator contract), so its outputs are qmoSeries.
      const tiDelta = maxAbsDelta(qmoSeries, tiSeries);
      kept.ti = null;
      collectGarbage();

      const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
      const deltaCell = (d) => (d.mismatch ? `differs (${d.mismatch})` : formatDelta(d.delta));
      streamRows.push([
        spec.label,
        formatRate(m['qmo.stream']),
        ...variants.map((v) => formatRate(m[`ts.${v.key}`])),
        ...variants.map((v) => ratio(m['qmo.stream'], m[`ts.${v.key}`])),
        tsDeltas.map(deltaCell).join(' / '),
      ]);
      batchRows.push([
        spec.label,
        formatRate(m['qmo.batch']),
        formatRate(m['ti.batch']),
        ratio(m['qmo.batch'], m['ti.batch']),
        deltaCell(tiDelta),
      ]);
      results.push(
        metric('indicators', `stream.${spec.label}`, 'updates/s', m['qmo.stream'], {
          impl: `@qmo/plugin-indicator-classic ${qmoVersion} create(params).next(bar)`,
          stats: summarize(samples['qmo.stream']),
          peers: variants.map((v, i) => ({
            name: `${v.label} add()`,
            value: m[`ts.${v.key}`],
            stats: summarize(samples[`ts.${v.key}`]),
            maxAbsDelta: tsDeltas[i].delta,
            compared: tsDeltas[i].compared,
          })),
        }),
        metric('indicators', `batch.${spec.label}`, 'updates/s', m['qmo.batch'], {
          impl: `@qmo/plugin-indicator-classic ${qmoVersion} computeSeries()/batch()`,
          stats: summarize(samples['qmo.batch']),
          peers: [
            {
              name: `technicalindicators ${tiVersion} .calculate()`,
              value: m['ti.batch'],
              stats: summarize(samples['ti.batch']),
              maxAbsDelta: tiDelta.delta,
              compared: tiDelta.compared,
            },
          ],
        }),
      );
    }

    const bars1 = `${count.toLocaleString('en-US')} seeded random-walk OHLCV bars (same array for every library)`;
    const runsNote = `updates/s = bars ÷ time of one pass; median of ${runs} runs after a warm-up run, implementations alternating each round; QMO ÷ peer above 1 means QMO is faster.`;
    return {
      results,
      tables: [
        {
          title: 'Incremental indicator updates (streaming)',
          columns: [
            'Indicator',
            `QMO ${qmoVersion} next()`,
            ...variants.map((v) => `${v.label} add()`),
            ...variants.map(() => 'QMO ÷ peer'),
            'max |Δ| vs peer',
          ],
          rows: streamRows,
          notes: [
            bars1,
            runsNote,
            `max |Δ|: largest absolute difference over every output component of every bar from bar ${SETTLE.toLocaleString('en-US')} on (trading-signals seeds EMAs with the first price, QMO with an SMA; the gap decays long before).`,
            ...(variants.length === 1
              ? [
                  `trading-signals ${tsVersion} has number-based classes only (no Big.js/Faster* split), so there is one peer column.`,
                ]
              : []),
          ],
        },
        {
          title: 'Whole-series computation (batch)',
          columns: [
            'Indicator',
            `QMO ${qmoVersion} batch()`,
            `technicalindicators ${tiVersion} .calculate()`,
            'QMO ÷ peer',
            'max |Δ| vs peer',
          ],
          rows: batchRows,
          notes: [
            bars1,
            runsNote,
            'technicalindicators’ RSI rounds to 2 decimals, hence its Δ; its outputs start at the first complete value and are aligned from the end.',
          ],
        },
      ],
    };
  },
};
