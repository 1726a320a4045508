import { priceCollar } from '../src/index.js';
import { verdictTable } from './table.js';

const es = (order: Record<string, unknown>) => ({ order, referencePrice: '6000' });

verdictTable(priceCollar, [
  { name: 'no limit set: any price passes', limits: {}, input: es({ limitPrice: '60000' }), pass: true },
  {
    name: 'at the reference',
    limits: { maxDeviationPercent: 2 },
    input: es({ limitPrice: '6000' }),
    pass: true,
  },
  {
    name: 'exactly 2% above',
    limits: { maxDeviationPercent: 2 },
    input: es({ limitPrice: '6120' }),
    pass: true,
  },
  {
    name: 'one tick beyond 2% above',
    limits: { maxDeviationPercent: 2 },
    input: es({ limitPrice: '6120.25' }),
    code: 'PRICE_COLLAR',
    compared: {
      instrument: 'ESZ6',
      priceField: 'limitPrice',
      price: '6120.25',
      referencePrice: '6000',
      deviation: '120.25',
      deviationPercent: '2.0042',
      maxDeviationPercent: 2,
      lowestAllowed: '5880',
      highestAllowed: '6120',
    },
  },
  {
    name: 'exactly 2% below',
    limits: { maxDeviationPercent: 2 },
    input: es({ limitPrice: '5880' }),
    pass: true,
  },
  {
    name: 'one tick beyond 2% below (a sell)',
    limits: { maxDeviationPercent: 2 },
    input: es({ side: 'sell', limitPrice: '5879.75' }),
    code: 'PRICE_COLLAR',
  },
  {
    name: 'a stop price is collared too',
    limits: { maxDeviationPercent: 2 },
    input: es({ type: 'stop', side: 'sell', stopPrice: '5000' }),
    code: 'PRICE_COLLAR',
    compared: { priceField: 'stopPrice', price: '5000' },
  },
  {
    name: 'stop-limit: limit inside, stop outside',
    limits: { maxDeviationPercent: 2 },
    input: es({ type: 'stop-limit', stopPrice: '6200', limitPrice: '6100' }),
    code: 'PRICE_COLLAR',
    compared: { priceField: 'stopPrice' },
  },
  {
    name: 'stop-limit: both inside',
    limits: { maxDeviationPercent: 2 },
    input: es({ type: 'stop-limit', stopPrice: '6110', limitPrice: '6115' }),
    pass: true,
  },
  {
    name: 'market orders pass',
    limits: { maxDeviationPercent: 0.5, requireReference: true },
    input: es({ type: 'market' }),
    pass: true,
  },
  {
    name: 'no reference: passes by default',
    limits: { maxDeviationPercent: 2 },
    input: { order: { limitPrice: '9000' }, referencePrice: null },
    pass: true,
  },
  {
    name: 'no reference with requireReference: fails closed',
    limits: { maxDeviationPercent: 2, requireReference: true },
    input: { order: { limitPrice: '9000' }, referencePrice: null },
    code: 'NO_REFERENCE_PRICE',
    compared: { instrument: 'ESZ6', referencePrice: null },
  },
  {
    name: 'exact decimals: EURUSD 0.2% of 1.085 is 0.00217 (inside)',
    limits: { maxDeviationPercent: 0.2 },
    input: { instrument: 'EURUSD', order: { limitPrice: '1.08717' }, referencePrice: '1.085' },
    pass: true,
  },
  {
    name: 'exact decimals: EURUSD one pip-tenth beyond 0.2%',
    limits: { maxDeviationPercent: 0.2 },
    input: { instrument: 'EURUSD', order: { limitPrice: '1.08718' }, referencePrice: '1.085' },
    code: 'PRICE_COLLAR',
    compared: { highestAllowed: '1.08717', lowestAllowed: '1.08283' },
  },
  {
    name: 'per-instrument override: BTC 5% equal passes',
    limits: { maxDeviationPercent: 1, perInstrument: { 'BTC-USD': 5 } },
    input: { instrument: 'BTC-USD', order: { limitPrice: '68250' }, referencePrice: '65000' },
    pass: true,
  },
  {
    name: 'per-instrument override: BTC beyond 5%',
    limits: { maxDeviationPercent: 1, perInstrument: { 'BTC-USD': 5 } },
    input: { instrument: 'BTC-USD', order: { limitPrice: '68250.01' }, referencePrice: '65000' },
    code: 'PRICE_COLLAR',
    compared: { maxDeviationPercent: 5 },
  },
  {
    name: 'account-wide collar for instruments without override',
    limits: { maxDeviationPercent: 1, perInstrument: { 'BTC-USD': 5 } },
    input: es({ limitPrice: '6060.25' }),
    code: 'PRICE_COLLAR',
    compared: { maxDeviationPercent: 1 },
  },
]);
