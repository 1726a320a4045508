import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DebouncedSave } from './debounced-save.js';

describe('debounced save', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('saves only the last value of a burst, once', async () => {
    const saved: number[] = [];
    const saver = new DebouncedSave<number>(
      async (v) => void saved.push(v),
      500,
      () => {},
    );
    saver.schedule(1);
    saver.schedule(2);
    await vi.advanceTimersByTimeAsync(499);
    expect(saved).toEqual([]);
    saver.schedule(3);
    await vi.advanceTimersByTimeAsync(500);
    expect(saved).toEqual([3]);
  });

  it('reports a failure, flushes on demand and drops what is pending on cancel', async () => {
    const errors: unknown[] = [];
    const saved: string[] = [];
    const saver = new DebouncedSave<string>(
      async (v) => {
        if (v === 'bad') throw new Error('refused');
        saved.push(v);
      },
      500,
      (e) => errors.push(e),
    );
    saver.schedule('bad');
    await saver.flush();
    expect(errors).toHaveLength(1);
    saver.schedule('dropped');
    saver.cancel();
    await vi.advanceTimersByTimeAsync(1000);
    expect(saved).toEqual([]);
  });
});
