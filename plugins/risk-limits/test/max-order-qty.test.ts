import { maxOrderQty } from '../src/index.js';
import { verdictTable } from './table.js';

const es = (quantity: string, side: 'buy' | 'sell' = 'buy') => ({ order: { quantity, side } });

verdictTable(maxOrderQty, [
  { name: 'no limit set: any quantity passes', limits: {}, input: es('100000'), pass: true },
  { name: 'below the maximum', limits: { maxQuantity: '10' }, input: es('5'), pass: true },
  { name: 'equal to the maximum', limits: { maxQuantity: '10' }, input: es('10'), pass: true },
  {
    name: 'above the maximum',
    limits: { maxQuantity: '10' },
    input: es('11'),
    code: 'MAX_ORDER_QTY',
    compared: { instrument: 'ESZ6', quantity: '11', maxQuantity: '10', limitScope: 'account' },
  },
  {
    name: 'sells are limited too',
    limits: { maxQuantity: '10' },
    input: es('11', 'sell'),
    code: 'MAX_ORDER_QTY',
  },
  {
    name: 'exact decimals: 0.3 BTC against 0.3',
    limits: { maxQuantity: '0.3' },
    input: { instrument: 'BTC-USD', order: { quantity: '0.30000' } },
    pass: true,
  },
  {
    name: 'exact decimals: 0.30001 BTC against 0.3',
    limits: { maxQuantity: '0.3' },
    input: { instrument: 'BTC-USD', order: { quantity: '0.30001' } },
    code: 'MAX_ORDER_QTY',
    compared: { quantity: '0.30001', maxQuantity: '0.3' },
  },
  {
    name: 'tighter per-instrument override: equal passes',
    limits: { maxQuantity: '100', perInstrument: { ESZ6: '5' } },
    input: es('5'),
    pass: true,
  },
  {
    name: 'tighter per-instrument override: above rejects',
    limits: { maxQuantity: '100', perInstrument: { ESZ6: '5' } },
    input: es('6'),
    code: 'MAX_ORDER_QTY',
    compared: { maxQuantity: '5', limitScope: 'instrument' },
  },
  {
    name: 'looser per-instrument override',
    limits: { maxQuantity: '5', perInstrument: { EURUSD: '5000000' } },
    input: { instrument: 'EURUSD', order: { quantity: '5000000' } },
    pass: true,
  },
  {
    name: 'the account-wide maximum applies to instruments without override',
    limits: { maxQuantity: '5', perInstrument: { EURUSD: '5000000' } },
    input: es('6'),
    code: 'MAX_ORDER_QTY',
    compared: { limitScope: 'account' },
  },
  {
    name: 'only overrides set: other instruments unlimited',
    limits: { perInstrument: { ESZ6: '5' } },
    input: { instrument: 'EURUSD', order: { quantity: '90000000' } },
    pass: true,
  },
  {
    name: 'a replace is checked on its new total quantity',
    limits: { maxQuantity: '10' },
    input: { action: 'replace', order: { quantity: '12' } },
    code: 'MAX_ORDER_QTY',
  },
]);
