import { restrictedInstruments } from '../src/index.js';
import { workingOrder } from './helpers.js';
import { verdictTable } from './table.js';

const btc = (side: 'buy' | 'sell', quantity: string, position?: string) => ({
  instrument: 'BTC-USD',
  order: { side, quantity },
  ...(position === undefined ? {} : { positions: [['BTC-USD', position] as [string, string]] }),
});

verdictTable(restrictedInstruments, [
  { name: 'no restriction set', limits: {}, input: btc('buy', '1'), pass: true },
  { name: 'empty lists', limits: { instruments: [], assetClasses: [] }, input: btc('buy', '1'), pass: true },
  {
    name: 'restricted instrument',
    limits: { instruments: ['BTC-USD'] },
    input: btc('buy', '1'),
    code: 'RESTRICTED_INSTRUMENT',
    compared: {
      instrument: 'BTC-USD',
      assetClass: 'crypto',
      restrictedBy: 'instrument',
      allowReducing: false,
    },
  },
  { name: 'another instrument passes', limits: { instruments: ['BTC-USD'] }, input: {}, pass: true },
  {
    name: 'restricted asset class',
    limits: { assetClasses: ['fx', 'option'] },
    input: { instrument: 'EURUSD' },
    code: 'RESTRICTED_INSTRUMENT',
    compared: { instrument: 'EURUSD', assetClass: 'fx', restrictedBy: 'assetClass' },
  },
  { name: 'another asset class passes', limits: { assetClasses: ['fx', 'option'] }, input: {}, pass: true },
  {
    name: 'without allowReducing a reducing order is rejected too',
    limits: { instruments: ['BTC-USD'] },
    input: btc('sell', '0.5', '1'),
    code: 'RESTRICTED_INSTRUMENT',
  },
  {
    name: 'allowReducing: selling part of a long passes',
    limits: { instruments: ['BTC-USD'], allowReducing: true },
    input: btc('sell', '0.5', '1'),
    pass: true,
  },
  {
    name: 'allowReducing: closing the whole long passes',
    limits: { instruments: ['BTC-USD'], allowReducing: true },
    input: btc('sell', '1', '1'),
    pass: true,
  },
  {
    name: 'allowReducing: flipping the long is rejected',
    limits: { instruments: ['BTC-USD'], allowReducing: true },
    input: btc('sell', '1.00001', '1'),
    code: 'RESTRICTED_INSTRUMENT',
    compared: { allowReducing: true, position: '1' },
  },
  {
    name: 'allowReducing: adding to the long is rejected',
    limits: { instruments: ['BTC-USD'], allowReducing: true },
    input: btc('buy', '0.1', '1'),
    code: 'RESTRICTED_INSTRUMENT',
  },
  {
    name: 'allowReducing: buying back a short passes',
    limits: { assetClasses: ['crypto'], allowReducing: true },
    input: btc('buy', '0.7', '-0.7'),
    pass: true,
  },
  {
    name: 'allowReducing: nothing to reduce when flat',
    limits: { instruments: ['BTC-USD'], allowReducing: true },
    input: btc('sell', '0.1'),
    code: 'RESTRICTED_INSTRUMENT',
    compared: { position: '0' },
  },
  {
    name: 'allowReducing: working sells already closing the long count',
    limits: { instruments: ['BTC-USD'], allowReducing: true },
    input: {
      ...btc('sell', '0.5', '1'),
      workingOrders: [workingOrder({ instrument: 'BTC-USD', side: 'sell', quantity: '0.8' })],
    },
    code: 'RESTRICTED_INSTRUMENT',
  },
]);
