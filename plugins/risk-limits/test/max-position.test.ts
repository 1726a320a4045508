import { maxPosition } from '../src/index.js';
import { workingOrder } from './helpers.js';
import { verdictTable } from './table.js';

verdictTable(maxPosition, [
  {
    name: 'no limit set',
    limits: {},
    input: { positions: [['ESZ6', '500']], order: { quantity: '500' } },
    pass: true,
  },
  {
    name: 'flat, buy up to the maximum',
    limits: { maxPosition: '10' },
    input: { order: { quantity: '10' } },
    pass: true,
  },
  {
    name: 'long 8, buy 2: equal to the maximum',
    limits: { maxPosition: '10' },
    input: { positions: [['ESZ6', '8']], order: { quantity: '2' } },
    pass: true,
  },
  {
    name: 'long 8, buy 3: above',
    limits: { maxPosition: '10' },
    input: { positions: [['ESZ6', '8']], order: { quantity: '3' } },
    code: 'MAX_POSITION',
    compared: {
      instrument: 'ESZ6',
      position: '8',
      workingSameSide: '0',
      orderQuantity: '3',
      projectedPosition: '11',
      maxPosition: '10',
      limitScope: 'account',
    },
  },
  {
    name: 'positions of several strategies add up',
    limits: { maxPosition: '10' },
    input: {
      positions: [
        ['ESZ6', '5'],
        ['ESZ6', '4'],
      ],
      order: { quantity: '2' },
    },
    code: 'MAX_POSITION',
    compared: { position: '9', projectedPosition: '11' },
  },
  {
    name: 'working buys count against a buy',
    limits: { maxPosition: '10' },
    input: {
      positions: [['ESZ6', '8']],
      workingOrders: [workingOrder({ instrument: 'ESZ6', side: 'buy', quantity: '2' })],
      order: { quantity: '1' },
    },
    code: 'MAX_POSITION',
    compared: { workingSameSide: '2', projectedPosition: '11' },
  },
  {
    name: 'only the leaves of a partly filled working order count',
    limits: { maxPosition: '10' },
    input: {
      positions: [['ESZ6', '8']],
      workingOrders: [
        workingOrder({
          instrument: 'ESZ6',
          side: 'buy',
          quantity: '5',
          cumQuantity: '4',
          leavesQuantity: '1',
          state: 'PartiallyFilled',
        }),
      ],
      order: { quantity: '1' },
    },
    pass: true,
  },
  {
    name: 'working sells do not offset a buy',
    limits: { maxPosition: '10' },
    input: {
      positions: [['ESZ6', '8']],
      workingOrders: [workingOrder({ instrument: 'ESZ6', side: 'sell', quantity: '5' })],
      order: { quantity: '3' },
    },
    code: 'MAX_POSITION',
  },
  {
    name: 'working orders in other instruments do not count',
    limits: { maxPosition: '10' },
    input: {
      positions: [['ESZ6', '8']],
      workingOrders: [workingOrder({ instrument: 'BTC-USD', side: 'buy', quantity: '5' })],
      order: { quantity: '2' },
    },
    pass: true,
  },
  {
    name: 'short 8, sell 3: above',
    limits: { maxPosition: '10' },
    input: { positions: [['ESZ6', '-8']], order: { side: 'sell', quantity: '3' } },
    code: 'MAX_POSITION',
    compared: { orderQuantity: '-3', projectedPosition: '-11' },
  },
  {
    name: 'long 8, sell 18: flips to short 10 (equal)',
    limits: { maxPosition: '10' },
    input: { positions: [['ESZ6', '8']], order: { side: 'sell', quantity: '18' } },
    pass: true,
  },
  {
    name: 'long 8, sell 19: flips to short 11',
    limits: { maxPosition: '10' },
    input: { positions: [['ESZ6', '8']], order: { side: 'sell', quantity: '19' } },
    code: 'MAX_POSITION',
  },
  {
    name: 'above a lowered limit, a reducing order passes',
    limits: { maxPosition: '10' },
    input: { positions: [['ESZ6', '15']], order: { side: 'sell', quantity: '2' } },
    pass: true,
  },
  {
    name: 'above a lowered limit, an increasing order is rejected',
    limits: { maxPosition: '10' },
    input: { positions: [['ESZ6', '15']], order: { quantity: '1' } },
    code: 'MAX_POSITION',
  },
  {
    name: 'exact decimals: 1.2 + 0.3 BTC equal to 1.5',
    limits: { maxPosition: '1.5' },
    input: { instrument: 'BTC-USD', positions: [['BTC-USD', '1.2']], order: { quantity: '0.3' } },
    pass: true,
  },
  {
    name: 'exact decimals: 1.2 + 0.30001 BTC above 1.5',
    limits: { maxPosition: '1.5' },
    input: { instrument: 'BTC-USD', positions: [['BTC-USD', '1.2']], order: { quantity: '0.30001' } },
    code: 'MAX_POSITION',
    compared: { projectedPosition: '1.50001' },
  },
  {
    name: 'per-instrument override: EURUSD 1,000,000 equal passes',
    limits: { maxPosition: '10', perInstrument: { EURUSD: '1000000' } },
    input: { instrument: 'EURUSD', positions: [['EURUSD', '900000']], order: { quantity: '100000' } },
    pass: true,
  },
  {
    name: 'per-instrument override: EURUSD above',
    limits: { maxPosition: '10', perInstrument: { EURUSD: '1000000' } },
    input: { instrument: 'EURUSD', positions: [['EURUSD', '900000']], order: { quantity: '101000' } },
    code: 'MAX_POSITION',
    compared: { maxPosition: '1000000', limitScope: 'instrument' },
  },
]);
