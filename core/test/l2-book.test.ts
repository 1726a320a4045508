import type { L2Delta, L2Snapshot } from '@qmo/sdk';
import { describe, expect, it } from 'vitest';
import { L2Book } from '../src/index.js';

const snapshot = (seq: number, bids: [string, string][], asks: [string, string][]): L2Snapshot => ({
  type: 'l2.snapshot',
  instrument: 'ESZ6',
  source: 'cme',
  ts: seq,
  seq,
  bids: bids.map(([price, size]) => ({ price: price as never, size: size as never })),
  asks: asks.map(([price, size]) => ({ price: price as never, size: size as never })),
});
const delta = (seq: number, changes: ['bid' | 'ask', string, string][]): L2Delta => ({
  type: 'l2.delta',
  instrument: 'ESZ6',
  source: 'cme',
  ts: seq,
  seq,
  changes: changes.map(([side, price, size]) => ({ side, price: price as never, size: size as never })),
});
const levels = (s: L2Snapshot) => ({
  bids: s.bids.map((l) => [l.price, l.size]),
  asks: s.asks.map((l) => [l.price, l.size]),
});

describe('L2Book', () => {
  it('is out of sync until the first snapshot, and ignores deltas before it', () => {
    const book = new L2Book('ESZ6', 'cme');
    expect(book.inSync).toBe(false);
    book.apply(delta(0, [['bid', '100', '1']]));
    expect(book.inSync).toBe(false);
    expect(book.snapshot(10).bids).toEqual([]);
  });

  it('applies a snapshot and in-sequence deltas: insert, update, delete', () => {
    const book = new L2Book('ESZ6', 'cme');
    book.apply(
      snapshot(
        10,
        [
          ['100.25', '5'],
          ['100.50', '3'],
        ],
        [
          ['100.75', '4'],
          ['101.00', '2'],
        ],
      ),
    );
    book.apply(
      delta(11, [
        ['bid', '100.50', '7'],
        ['ask', '100.75', '0'],
        ['bid', '100.00', '9'],
      ]),
    );
    book.apply(delta(12, [['ask', '101.25', '1']]));
    expect(book.inSync).toBe(true);
    expect(book.seq).toBe(12);
    const snap = book.snapshot(10);
    expect(levels(snap)).toEqual({
      bids: [
        ['100.50', '7'],
        ['100.25', '5'],
        ['100.00', '9'],
      ],
      asks: [
        ['101.00', '2'],
        ['101.25', '1'],
      ],
    });
    expect(snap).toMatchObject({ type: 'l2.snapshot', instrument: 'ESZ6', source: 'cme', seq: 12, ts: 12 });
  });

  it('keeps level sizes as exact decimal strings and the order counts', () => {
    const book = new L2Book('EURUSD', 'lmax');
    book.apply(snapshot(1, [['1.08501', '1000000.5']], []));
    book.apply({
      ...delta(2, []),
      changes: [{ side: 'ask', price: '1.08503' as never, size: '250000.25' as never, orders: 3 }],
    });
    expect(book.snapshot(5).bids[0]).toEqual({ price: '1.08501', size: '1000000.5' });
    expect(book.snapshot(5).asks[0]).toEqual({ price: '1.08503', size: '250000.25', orders: 3 });
  });

  it('cuts the snapshot to the requested depth, best levels first', () => {
    const book = new L2Book('ESZ6', 'cme');
    book.apply(
      snapshot(
        1,
        [
          ['99', '1'],
          ['101', '1'],
          ['100', '1'],
        ],
        [
          ['103', '1'],
          ['102', '1'],
          ['104', '1'],
        ],
      ),
    );
    expect(levels(book.snapshot(2))).toEqual({
      bids: [
        ['101', '1'],
        ['100', '1'],
      ],
      asks: [
        ['102', '1'],
        ['103', '1'],
      ],
    });
  });

  it('a seq gap marks the book out of sync until the next snapshot', () => {
    const book = new L2Book('ESZ6', 'cme');
    book.apply(snapshot(5, [['100', '1']], [['101', '1']]));
    book.apply(delta(7, [['bid', '100', '50']])); // 6 lost
    expect(book.inSync).toBe(false);
    book.apply(delta(8, [['bid', '100', '60']])); // still out of sync: the gap is not healed by later deltas
    expect(book.inSync).toBe(false);
    expect(book.seq).toBe(5);
    expect(levels(book.snapshot(5)).bids).toEqual([['100', '1']]);
    book.apply(snapshot(20, [['100', '2']], [['101', '3']]));
    expect(book.inSync).toBe(true);
    book.apply(delta(21, [['bid', '100', '4']]));
    expect(book.inSync).toBe(true);
    expect(levels(book.snapshot(5))).toEqual({ bids: [['100', '4']], asks: [['101', '3']] });
  });

  it('a repeated seq is a gap too', () => {
    const book = new L2Book('ESZ6', 'cme');
    book.apply(snapshot(1, [], []));
    book.apply(delta(2, [['bid', '1', '1']]));
    book.apply(delta(2, [['bid', '1', '1']]));
    expect(book.inSync).toBe(false);
  });

  it('a snapshot replaces the whole book', () => {
    const book = new L2Book('ESZ6', 'cme');
    book.apply(
      snapshot(
        1,
        [
          ['100', '1'],
          ['99', '1'],
        ],
        [['101', '1']],
      ),
    );
    book.apply(snapshot(2, [['98', '1']], []));
    expect(levels(book.snapshot(10))).toEqual({ bids: [['98', '1']], asks: [] });
  });
});
