import type { QmoEvents, Quote } from '@qmo/sdk';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { EventBus } from '../src/index.js';

interface TestEvents {
  'order.filled': { id: string; qty: number };
  'system.tick': number;
}

const quote: Quote = {
  type: 'quote',
  instrument: 'ESZ6',
  source: 'cme',
  ts: 1,
  bid: null,
  bidSize: null,
  ask: null,
  askSize: null,
};

describe('EventBus', () => {
  it('delivers typed payloads to the handlers of that topic only, in subscription order', () => {
    const bus = new EventBus<TestEvents>();
    const seen: string[] = [];
    bus.on('order.filled', (e) => {
      expectTypeOf(e).toEqualTypeOf<{ id: string; qty: number }>();
      seen.push(`a:${e.id}:${e.qty}`);
    });
    bus.on('order.filled', (e) => void seen.push(`b:${e.id}`));
    bus.on('system.tick', (n) => void seen.push(`tick:${n}`));
    bus.emit('order.filled', { id: 'o1', qty: 3 });
    bus.emit('system.tick', 7);
    expect(seen).toEqual(['a:o1:3', 'b:o1', 'tick:7']);
  });

  it('works with the QMO topics by default', () => {
    const bus = new EventBus();
    const got: Quote[] = [];
    bus.on('marketdata.quote', (q) => void got.push(q));
    bus.emit('marketdata.quote', quote);
    expect(got).toEqual([quote]);
    expectTypeOf(bus).toEqualTypeOf<EventBus<QmoEvents>>();
  });

  it('emitting a topic nobody listens to is harmless', () => {
    const bus = new EventBus<TestEvents>();
    expect(() => bus.emit('system.tick', 1)).not.toThrow();
    expect(bus.listenerCount('system.tick')).toBe(0);
  });

  it('a throwing handler does not stop the others and is reported with its topic', () => {
    const reported: [string, unknown][] = [];
    const bus = new EventBus<TestEvents>((topic, error) => void reported.push([topic, error]));
    const seen: number[] = [];
    const failure = new Error('handler broke');
    bus.on('system.tick', (n) => void seen.push(n));
    bus.on('system.tick', () => {
      throw failure;
    });
    bus.on('system.tick', (n) => void seen.push(n * 10));
    bus.emit('system.tick', 2);
    bus.emit('system.tick', 3);
    expect(seen).toEqual([2, 20, 3, 30]);
    expect(reported).toEqual([
      ['system.tick', failure],
      ['system.tick', failure],
    ]);
  });

  it('a throwing handler without an error reporter is still contained', () => {
    const bus = new EventBus<TestEvents>();
    let after = false;
    bus.on('system.tick', () => {
      throw new Error('x');
    });
    bus.on('system.tick', () => {
      after = true;
    });
    expect(() => bus.emit('system.tick', 1)).not.toThrow();
    expect(after).toBe(true);
  });

  it('dispose unsubscribes just that handler, and twice is harmless', () => {
    const bus = new EventBus<TestEvents>();
    const seen: string[] = [];
    const a = bus.on('system.tick', () => void seen.push('a'));
    bus.on('system.tick', () => void seen.push('b'));
    expect(bus.listenerCount('system.tick')).toBe(2);
    a.dispose();
    a.dispose();
    expect(bus.listenerCount('system.tick')).toBe(1);
    bus.emit('system.tick', 1);
    expect(seen).toEqual(['b']);
  });

  it('the same function subscribed to two topics is released per topic', () => {
    const bus = new EventBus<{ a: number; b: number }>();
    const seen: number[] = [];
    const handler = (n: number) => void seen.push(n);
    const onA = bus.on('a', handler);
    bus.on('b', handler);
    onA.dispose();
    bus.emit('a', 1);
    bus.emit('b', 2);
    expect(seen).toEqual([2]);
  });

  it('a handler may unsubscribe itself while being delivered', () => {
    const bus = new EventBus<TestEvents>();
    const seen: string[] = [];
    const once = bus.on('system.tick', () => {
      seen.push('once');
      once.dispose();
    });
    bus.on('system.tick', () => void seen.push('always'));
    bus.emit('system.tick', 1);
    bus.emit('system.tick', 2);
    expect(seen).toEqual(['once', 'always', 'always']);
  });
});
