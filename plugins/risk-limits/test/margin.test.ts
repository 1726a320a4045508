import { margin } from '../src/index.js';
import { workingOrder } from './helpers.js';
import { verdictTable } from './table.js';

const RATES = { fx: 3.33, crypto: 50, future: 5, equity: 20, index: 10, commodity: 5, option: 100 };

verdictTable(margin, [
  { name: 'no rates set', limits: {}, input: { order: { quantity: '1000' }, equity: '0' }, pass: true },
  { name: 'empty rates', limits: { initialMarginPercent: {} }, input: { equity: '-5' }, pass: true },
  {
    name: 'long 2 ESZ6, buy 1: 900,000 × 5% = 45,000 equal to the equity',
    limits: { initialMarginPercent: RATES },
    input: { positions: [['ESZ6', '2']], order: { quantity: '1' }, equity: '45000' },
    pass: true,
  },
  {
    name: 'long 2 ESZ6, buy 1: 45,000 above the equity',
    limits: { initialMarginPercent: RATES },
    input: { positions: [['ESZ6', '2']], order: { quantity: '1' }, equity: '44999.99' },
    code: 'INSUFFICIENT_MARGIN',
    compared: { requiredMargin: '45000', requiredMarginBefore: '30000', equity: '44999.99' },
  },
  {
    name: 'exact decimals: 1,000,000 EURUSD at 1.085 × 3.33% = 36,130.5 equal to the equity',
    limits: { initialMarginPercent: RATES },
    input: { instrument: 'EURUSD', order: { quantity: '1000000', limitPrice: '1.085' }, equity: '36130.5' },
    pass: true,
  },
  {
    name: 'exact decimals: 36,130.5 above 36,130.49',
    limits: { initialMarginPercent: RATES },
    input: { instrument: 'EURUSD', order: { quantity: '1000000', limitPrice: '1.085' }, equity: '36130.49' },
    code: 'INSUFFICIENT_MARGIN',
    compared: { requiredMargin: '36130.5' },
  },
  {
    name: 'crypto at 50%: 0.5 BTC at 65,000 needs 16,250',
    limits: { initialMarginPercent: RATES },
    input: { instrument: 'BTC-USD', order: { quantity: '0.5' }, equity: '16249' },
    code: 'INSUFFICIENT_MARGIN',
    compared: { requiredMargin: '16250' },
  },
  {
    name: 'margin adds up over instruments',
    limits: { initialMarginPercent: RATES },
    input: {
      positions: [
        ['EURUSD', '-1000000'],
        ['BTC-USD', '1'],
      ],
      order: { quantity: '1' },
      // 36,130.5 + 32,500 + 15,000
      equity: '83630.5',
    },
    pass: true,
  },
  {
    name: 'margin adds up over instruments: a cent short',
    limits: { initialMarginPercent: RATES },
    input: {
      positions: [
        ['EURUSD', '-1000000'],
        ['BTC-USD', '1'],
      ],
      order: { quantity: '1' },
      equity: '83630.49',
    },
    code: 'INSUFFICIENT_MARGIN',
    compared: { requiredMargin: '83630.5', requiredMarginBefore: '68630.5' },
  },
  {
    name: 'working buys add to a buy (4 × 300,000 × 5% = 60,000)',
    limits: { initialMarginPercent: RATES },
    input: {
      workingOrders: [workingOrder({ instrument: 'ESZ6', side: 'buy', quantity: '3', limitPrice: '6000' })],
      order: { quantity: '1' },
      equity: '59999',
    },
    code: 'INSUFFICIENT_MARGIN',
    compared: { requiredMargin: '60000', requiredMarginBefore: '45000' },
  },
  {
    name: 'working orders are valued at their limit price',
    limits: { initialMarginPercent: RATES },
    input: {
      workingOrders: [workingOrder({ instrument: 'ESZ6', side: 'buy', quantity: '3', limitPrice: '5900' })],
      order: { quantity: '1' },
      equity: '59250',
    },
    pass: true,
  },
  {
    name: 'the worse side counts: buy 1 with 3 working sells margins the short 2',
    limits: { initialMarginPercent: RATES },
    input: {
      workingOrders: [workingOrder({ instrument: 'ESZ6', side: 'sell', quantity: '3' })],
      order: { quantity: '1' },
      equity: '30000',
    },
    pass: true,
  },
  {
    name: 'unlisted asset classes need no margin (nor a mark)',
    limits: { initialMarginPercent: { future: 5 } },
    input: {
      instrument: 'BTC-USD',
      positions: [['BTC-USD', '10']],
      marks: { ESZ6: '6000' },
      order: { quantity: '10', limitPrice: '65000' },
      equity: '1',
    },
    pass: true,
  },
  {
    name: 'a reducing order passes even short of margin',
    limits: { initialMarginPercent: RATES },
    input: { positions: [['ESZ6', '4']], order: { side: 'sell', quantity: '1' }, equity: '1000' },
    pass: true,
  },
  {
    name: 'negative equity: an opening order is rejected',
    limits: { initialMarginPercent: RATES },
    input: { instrument: 'BTC-USD', order: { quantity: '0.00001' }, equity: '-10' },
    code: 'INSUFFICIENT_MARGIN',
    compared: { requiredMargin: '0.325', equity: '-10' },
  },
  {
    name: 'a margined position without a mark fails closed',
    limits: { initialMarginPercent: RATES },
    input: { positions: [['BTC-USD', '1']], marks: { ESZ6: '6000' } },
    code: 'NO_MARK',
    compared: { instrument: 'BTC-USD' },
  },
  {
    name: 'a working market order without a mark fails closed',
    limits: { initialMarginPercent: RATES },
    input: {
      marks: { ESZ6: '6000' },
      workingOrders: [
        workingOrder({
          instrument: 'BTC-USD',
          side: 'buy',
          quantity: '1',
          type: 'market',
          limitPrice: undefined,
        }),
      ],
    },
    code: 'NO_MARK',
    compared: { instrument: 'BTC-USD' },
  },
]);
