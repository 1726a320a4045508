import { describe, expect, it } from 'vitest';
import {
  ConfigInvalidError,
  createExtensionPoint,
  createServiceRef,
  DisposableStore,
  errorMessage,
  IncompatibleEngineError,
  QmoError,
  toDisposable,
} from '../src/index.js';

describe('DisposableStore', () => {
  it('releases last in, first out, once', async () => {
    const order: number[] = [];
    const store = new DisposableStore();
    for (const i of [1, 2, 3]) store.add(toDisposable(() => void order.push(i)));
    expect(store.size).toBe(3);
    await store.dispose();
    await store.dispose();
    expect(order).toEqual([3, 2, 1]);
    expect(store.size).toBe(0);
    expect(store.isDisposed).toBe(true);
  });

  it('keeps releasing after a failure and reports every failure', async () => {
    const released: string[] = [];
    const store = new DisposableStore();
    store.add(toDisposable(() => void released.push('a')));
    store.add(
      toDisposable(() => {
        throw new Error('b failed');
      }),
    );
    store.add(toDisposable(async () => void released.push('c')));
    const error = await store.dispose().catch((e) => e);
    expect(error).toBeInstanceOf(AggregateError);
    expect((error as AggregateError).errors.map((e: Error) => e.message)).toEqual(['b failed']);
    expect(released).toEqual(['c', 'a']);
  });

  it('releases at once what is added after it was disposed', async () => {
    const store = new DisposableStore();
    await store.dispose();
    let released = false;
    store.add(
      toDisposable(() => {
        released = true;
      }),
    );
    expect(released).toBe(true);
    expect(store.size).toBe(0);
  });

  it('delete forgets an item without releasing it', async () => {
    let released = false;
    const store = new DisposableStore();
    const item = store.add(
      toDisposable(() => {
        released = true;
      }),
    );
    store.delete(item);
    await store.dispose();
    expect(released).toBe(false);
  });
});

describe('refs, points and errors', () => {
  it('service refs agree across copies through registered symbols', () => {
    const a = createServiceRef<number>({ id: 'acme.x', capability: 'storage' });
    const b = createServiceRef<number>({ id: 'acme.x' });
    expect(a.token).toBe(b.token);
    expect(a.capability).toBe('storage');
    expect('capability' in b).toBe(false);
  });

  it('extension points carry a versioned key', () => {
    const point = createExtensionPoint<string>({ id: 'widgets', version: 2, kinds: ['advisor'] });
    expect(point.key).toBe('widgets/v2');
    expect(Object.isFrozen(point)).toBe(true);
  });

  it('errors have stable codes, names and JSON', () => {
    const error = new IncompatibleEngineError('feed-x', '^2.0.0', '1.0.0');
    expect(error).toBeInstanceOf(QmoError);
    expect(error.name).toBe('IncompatibleEngineError');
    expect(error.toJSON()).toEqual({
      code: 'QMO_INCOMPATIBLE_ENGINE',
      message: 'plugin "feed-x" requires QMO SDK ^2.0.0, this host provides 1.0.0',
      details: { pluginId: 'feed-x', required: '^2.0.0', sdkVersion: '1.0.0' },
    });
    expect(new ConfigInvalidError('bad', [{ path: 'a', message: 'b' }]).details).toEqual({
      issues: [{ path: 'a', message: 'b' }],
    });
    expect(errorMessage(new Error('x'))).toBe('x');
    expect(errorMessage('plain')).toBe('plain');
  });
});
