import { orderRate } from '../src/index.js';
import { NOW } from './helpers.js';
import { verdictTable } from './table.js';

const times = (...agoMs: number[]) => agoMs.map((ago) => NOW - ago);

verdictTable(orderRate, [
  {
    name: 'no limit set',
    limits: {},
    input: { recentOrderTimes: times(1, 2, 3, 4, 5, 6, 7, 8, 9) },
    pass: true,
  },
  { name: 'no recent orders', limits: { maxOrders: 1 }, input: { recentOrderTimes: [] }, pass: true },
  {
    name: '4 in the last second, this is the 5th of 5',
    limits: { maxOrders: 5 },
    input: { recentOrderTimes: times(900, 500, 100, 0) },
    pass: true,
  },
  {
    name: '5 in the last second: the 6th is rejected',
    limits: { maxOrders: 5 },
    input: { recentOrderTimes: times(999, 900, 500, 100, 0) },
    code: 'ORDER_RATE',
    compared: { recentOrders: 5, windowMs: 1000, maxOrders: 5 },
  },
  {
    name: 'orders older than the window do not count (exactly 1000 ms ago is out)',
    limits: { maxOrders: 5 },
    input: { recentOrderTimes: times(5000, 1000, 500, 100, 0) },
    pass: true,
  },
  {
    name: 'a longer window',
    limits: { maxOrders: 3, windowMs: 60_000 },
    input: { recentOrderTimes: times(59_000, 30_000, 1) },
    code: 'ORDER_RATE',
    compared: { recentOrders: 3, windowMs: 60_000, maxOrders: 3 },
  },
  {
    name: 'a longer window: the oldest has left it',
    limits: { maxOrders: 3, windowMs: 60_000 },
    input: { recentOrderTimes: times(60_000, 30_000, 1) },
    pass: true,
  },
  {
    name: 'replaces count like new orders',
    limits: { maxOrders: 1 },
    input: { action: 'replace', recentOrderTimes: times(10) },
    code: 'ORDER_RATE',
  },
]);
