import { grossExposure, netExposure } from '../src/index.js';
import { position } from './helpers.js';
import { verdictTable } from './table.js';

// Long 2 ESZ6 (2 × 6000 × 50 = 600,000), short 1,000,000 EURUSD (−1,085,000), long 1 BTC (65,000):
// gross 1,750,000, net |−420,000| = 420,000.
const book = [
  ['ESZ6', '2'],
  ['EURUSD', '-1000000'],
  ['BTC-USD', '1'],
] as const;
const positions = book.map(([i, q]) => [i, q] as [string, string]);

verdictTable(grossExposure, [
  { name: 'no limit set', limits: {}, input: { positions, order: { quantity: '1000' } }, pass: true },
  {
    name: 'no limit set: a position without a mark passes',
    limits: {},
    input: { positions, marks: { ESZ6: '6000' } },
    pass: true,
  },
  {
    name: 'buy 1 ESZ6 at 6000: 2,050,000 equal to the maximum',
    limits: { maxGrossExposure: '2050000' },
    input: { positions, order: { quantity: '1', limitPrice: '6000' } },
    pass: true,
  },
  {
    name: 'buy 1 ESZ6 at 6000: 2,050,000 above the maximum',
    limits: { maxGrossExposure: '2049999.99' },
    input: { positions, order: { quantity: '1', limitPrice: '6000' } },
    code: 'GROSS_EXPOSURE',
    compared: { grossExposure: '2050000', grossExposureBefore: '1750000', maxGrossExposure: '2049999.99' },
  },
  {
    name: 'the order is valued at its own price, positions at their marks',
    limits: { maxGrossExposure: '899500' },
    input: { positions: [['ESZ6', '2']], order: { quantity: '1', limitPrice: '5990' } },
    pass: true,
  },
  {
    name: 'the order at its own price, one tick more',
    limits: { maxGrossExposure: '899500' },
    input: { positions: [['ESZ6', '2']], order: { quantity: '1', limitPrice: '5990.25' } },
    code: 'GROSS_EXPOSURE',
    compared: { grossExposure: '899512.5' },
  },
  {
    name: 'a sell adds gross exposure through the short',
    limits: { maxGrossExposure: '1000000' },
    input: { order: { side: 'sell', quantity: '4' } },
    code: 'GROSS_EXPOSURE',
    compared: { grossExposure: '1200000', grossExposureBefore: '0' },
  },
  {
    name: 'over the limit, an order that reduces gross exposure passes',
    limits: { maxGrossExposure: '1000000' },
    input: { positions, order: { side: 'sell', quantity: '1' } },
    pass: true,
  },
  {
    name: 'exact decimals: 3000 EURUSD at 1.1 equal to 3300',
    limits: { maxGrossExposure: '3300' },
    input: { instrument: 'EURUSD', order: { quantity: '3000', limitPrice: '1.1' } },
    pass: true,
  },
  {
    name: 'a position without a mark fails closed',
    limits: { maxGrossExposure: '100000000' },
    input: { positions, marks: { ESZ6: '6000', EURUSD: '1.085' } },
    code: 'NO_MARK',
    compared: { instrument: 'BTC-USD', position: '1' },
  },
  {
    name: 'a flat position needs no mark',
    limits: { maxGrossExposure: '100000000' },
    input: {
      positions: [
        ['ESZ6', '1'],
        ['BTC-USD', '0'],
      ],
      marks: { ESZ6: '6000' },
    },
    pass: true,
  },
  {
    name: 'strategies netting to flat need no mark',
    limits: { maxGrossExposure: '100000000' },
    input: {
      positions: [position('BTC-USD', '1', { strategy: 'a' }), position('BTC-USD', '-1', { strategy: 'b' })],
      marks: { ESZ6: '6000' },
    },
    pass: true,
  },
  {
    name: 'a market order with no price at all fails closed',
    limits: { maxGrossExposure: '100000000' },
    input: { order: { type: 'market' }, referencePrice: null, marks: {} },
    code: 'NO_REFERENCE_PRICE',
  },
  {
    name: 'a market order is valued at the reference price',
    limits: { maxGrossExposure: '300000' },
    input: { order: { type: 'market', quantity: '1' }, referencePrice: '6000' },
    pass: true,
  },
]);

verdictTable(netExposure, [
  {
    name: 'no limit set',
    limits: {},
    input: { positions, order: { side: 'sell', quantity: '1000' } },
    pass: true,
  },
  {
    name: 'sell 1 ESZ6: |−720,000| equal to the maximum',
    limits: { maxNetExposure: '720000' },
    input: { positions, order: { side: 'sell', quantity: '1', limitPrice: '6000' } },
    pass: true,
  },
  {
    name: 'sell 1 ESZ6: |−720,000| above the maximum',
    limits: { maxNetExposure: '719999.99' },
    input: { positions, order: { side: 'sell', quantity: '1', limitPrice: '6000' } },
    code: 'NET_EXPOSURE',
    compared: { netExposure: '720000', netExposureBefore: '420000', maxNetExposure: '719999.99' },
  },
  {
    name: 'a hedge passes even above the limit (net falls to 120,000)',
    limits: { maxNetExposure: '100000' },
    input: { positions, order: { quantity: '1', limitPrice: '6000' } },
    pass: true,
  },
  {
    name: 'long ESZ6 offsets short EURUSD',
    limits: { maxNetExposure: '500000' },
    input: { positions: [['EURUSD', '-1000000']], order: { quantity: '2', limitPrice: '6000' } },
    pass: true,
  },
  {
    name: 'from flat, long 2 BTC above 100,000',
    limits: { maxNetExposure: '100000' },
    input: { instrument: 'BTC-USD', order: { quantity: '2', limitPrice: '65000' } },
    code: 'NET_EXPOSURE',
    compared: { netExposure: '130000', netExposureBefore: '0' },
  },
  {
    name: 'a position without a mark fails closed',
    limits: { maxNetExposure: '100000000' },
    input: { positions, marks: { ESZ6: '6000', 'BTC-USD': '65000' } },
    code: 'NO_MARK',
    compared: { instrument: 'EURUSD', position: '-1000000' },
  },
]);
