import type { SourceChange } from '@qmo/sdk';
import { FakeClock } from '@qmo/sdk/testing';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { SourceManager, type SourcePolicy } from '../src/index.js';

const ES = 'ESZ6';
const policy: SourcePolicy = {
  priorities: { '*': ['cme', 'yahoo', 'demo'] },
  staleAfterMs: 5_000,
  failbackAfterMs: 30_000,
};

describe('SourceManager: source failover', () => {
  let clock: FakeClock;
  let changes: SourceChange[];
  let sources: SourceManager;

  const tick = (...from: string[]) => {
    for (const s of from) sources.observe(s, ES);
  };
  /** Advances time in 1 s steps, with the given sources sending a message every step. */
  const run = (ms: number, ...from: string[]) => {
    for (let t = 0; t < ms; t += 1_000) {
      clock.advance(1_000);
      tick(...from);
      sources.evaluate();
    }
  };
  const health = () => Object.fromEntries(sources.report()[0]!.candidates.map((c) => [c.source, c.state]));

  beforeEach(() => {
    clock = new FakeClock(0);
    changes = [];
    sources = new SourceManager(policy, clock, (c) => changes.push(c));
    sources.addSource('cme', [ES]);
    sources.addSource('yahoo', [ES]);
    sources.addSource('demo', [ES]);
  });

  it('starts with nothing active, every source idle', () => {
    expect(sources.active(ES)).toBeNull();
    expect(sources.active('UNKNOWN')).toBeNull();
    expect(health()).toEqual({ cme: 'idle', yahoo: 'idle', demo: 'idle' });
    sources.evaluate();
    expect(changes).toEqual([]);
  });

  it('with all sources live, the best one (cme) is active', () => {
    expect(sources.observe('cme', ES)).toBe(true);
    expect(sources.observe('yahoo', ES)).toBe(false);
    expect(sources.observe('demo', ES)).toBe(false);
    sources.evaluate();
    expect(sources.active(ES)).toBe('cme');
    expect(changes).toEqual([{ instrument: ES, from: null, to: 'cme', reason: 'initial', ts: 0 }]);
    expect(health()).toEqual({ cme: 'live', yahoo: 'live', demo: 'live' });
  });

  it('a message for an unknown instrument or from an unknown source is not active', () => {
    expect(sources.observe('cme', 'NQZ6')).toBe(false);
    expect(sources.observe('bloomberg', ES)).toBe(false);
    expect(sources.active(ES)).toBeNull();
  });

  it('stale cme → yahoo (stale), yahoo error → demo (error), cme back → failback only after the hysteresis', () => {
    tick('cme', 'yahoo', 'demo');
    expect(sources.active(ES)).toBe('cme');

    // cme goes quiet; yahoo and demo keep sending
    run(5_000, 'yahoo', 'demo');
    expect(sources.active(ES)).toBe('cme'); // exactly staleAfterMs: not yet stale
    run(1_000, 'yahoo', 'demo');
    expect(sources.active(ES)).toBe('yahoo');
    expect(changes.at(-1)).toEqual({ instrument: ES, from: 'cme', to: 'yahoo', reason: 'stale', ts: 6_000 });
    expect(health()).toEqual({ cme: 'stale', yahoo: 'live', demo: 'live' });

    // the yahoo sink reports an error
    sources.error('yahoo', ES, new Error('HTTP 503'));
    expect(sources.active(ES)).toBe('demo');
    expect(changes.at(-1)).toEqual({ instrument: ES, from: 'yahoo', to: 'demo', reason: 'error', ts: 6_000 });
    expect(sources.report()[0]!.candidates.find((c) => c.source === 'yahoo')).toEqual({
      source: 'yahoo',
      state: 'error',
      lastMessageAt: 6_000,
      lastError: 'HTTP 503',
    });

    // cme comes back and stays live: no failback before failbackAfterMs
    const cmeBackAt = clock.now() + 1_000;
    run(29_000, 'cme', 'demo');
    expect(clock.now() - cmeBackAt).toBe(28_000);
    expect(sources.active(ES)).toBe('demo');
    run(2_000, 'cme', 'demo');
    expect(sources.active(ES)).toBe('cme');
    expect(changes.at(-1)).toMatchObject({
      from: 'demo',
      to: 'cme',
      reason: 'failback',
      ts: cmeBackAt + 30_000,
    });
    expect(changes.map((c) => c.reason)).toEqual(['initial', 'stale', 'error', 'failback']);
  });

  it('failback waits for the better source to be continuously live (a gap restarts the hysteresis)', () => {
    tick('yahoo');
    expect(sources.active(ES)).toBe('yahoo');
    run(20_000, 'cme', 'yahoo');
    // cme goes quiet for longer than staleAfterMs, then returns
    run(7_000, 'yahoo');
    run(20_000, 'cme', 'yahoo');
    expect(sources.active(ES)).toBe('yahoo');
    run(11_000, 'cme', 'yahoo');
    expect(sources.active(ES)).toBe('cme');
    expect(changes.at(-1)?.reason).toBe('failback');
  });

  it('an errored source recovers when it sends again, but fails back only after the hysteresis', () => {
    tick('cme', 'yahoo');
    sources.error('cme', null, new Error('session lost'));
    expect(sources.active(ES)).toBe('yahoo');
    expect(health().cme).toBe('error');
    run(1_000, 'cme', 'yahoo');
    expect(health().cme).toBe('live');
    expect(sources.active(ES)).toBe('yahoo');
    run(30_000, 'cme', 'yahoo');
    expect(sources.active(ES)).toBe('cme');
  });

  it('an error with no live alternative keeps the active source, reported as error', () => {
    tick('cme');
    sources.error('cme', ES, new Error('bad'));
    expect(sources.active(ES)).toBe('cme');
    expect(changes).toHaveLength(1);
    expect(health().cme).toBe('error');
    // as soon as another source is live, it takes over
    tick('demo');
    expect(sources.active(ES)).toBe('demo');
    expect(changes.at(-1)).toMatchObject({ from: 'cme', to: 'demo', reason: 'error' });
  });

  it('an error for another instrument does not affect this one', () => {
    sources.addSource('cme', ['NQZ6']);
    tick('cme', 'yahoo');
    sources.error('cme', 'NQZ6', new Error('no entitlement'));
    expect(sources.active(ES)).toBe('cme');
    expect(health().cme).toBe('live');
  });

  it('removeSource of the active one switches to the best live one (reason removed), or to none', () => {
    tick('cme', 'yahoo', 'demo');
    sources.removeSource('cme');
    expect(sources.active(ES)).toBe('yahoo');
    expect(changes.at(-1)).toMatchObject({ from: 'cme', to: 'yahoo', reason: 'removed' });
    expect(sources.report()[0]!.candidates.map((c) => c.source)).toEqual(['yahoo', 'demo']);
    sources.removeSource('demo'); // not active: no change
    expect(changes).toHaveLength(2);
    clock.advance(10_000);
    sources.removeSource('yahoo');
    expect(sources.active(ES)).toBeNull();
    expect(changes.at(-1)).toMatchObject({ from: 'yahoo', to: null, reason: 'removed' });
  });

  it('reports idle, live, stale and error states, in priority order, with unlisted sources after', () => {
    sources.addSource('zeta', [ES]);
    sources.addSource('alpha', [ES]);
    tick('cme');
    clock.advance(6_000);
    tick('yahoo');
    sources.error('zeta', ES, new Error('down'));
    const [report] = sources.report();
    expect(report).toEqual({
      instrument: ES,
      active: 'yahoo',
      candidates: [
        { source: 'cme', state: 'stale', lastMessageAt: 0 },
        { source: 'yahoo', state: 'live', lastMessageAt: 6_000 },
        { source: 'demo', state: 'idle', lastMessageAt: null },
        { source: 'alpha', state: 'idle', lastMessageAt: null },
        { source: 'zeta', state: 'error', lastMessageAt: null, lastError: 'down' },
      ],
    });
  });

  it('honours per-instrument priorities over the default', () => {
    const perInstrument = new SourceManager(
      { ...policy, priorities: { ...policy.priorities, [ES]: ['demo', 'cme'] } },
      clock,
      () => {},
    );
    perInstrument.addSource('cme', [ES, 'NQZ6']);
    perInstrument.addSource('demo', [ES, 'NQZ6']);
    // cme speaks first everywhere, so it is active at first on both instruments
    perInstrument.observe('cme', ES);
    perInstrument.observe('cme', 'NQZ6');
    expect(perInstrument.active(ES)).toBe('cme');
    for (let t = 0; t <= 30_000; t += 1_000) {
      for (const s of ['cme', 'demo']) for (const i of [ES, 'NQZ6']) perInstrument.observe(s, i);
      perInstrument.evaluate();
      clock.advance(1_000);
    }
    expect(perInstrument.active(ES)).toBe('demo');
    expect(perInstrument.active('NQZ6')).toBe('cme');
  });
});

describe('SourceManager: invariants (property)', () => {
  const names = ['cme', 'yahoo', 'demo', 'extra'] as const;
  const instruments = ['ESZ6', 'NQZ6'] as const;
  type Step =
    | { kind: 'message'; source: string; instrument: string }
    | { kind: 'error'; source: string; instrument: string | null }
    | { kind: 'advance'; ms: number }
    | { kind: 'evaluate' }
    | { kind: 'remove'; source: string }
    | { kind: 'add'; source: string };

  const step: fc.Arbitrary<Step> = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant('message' as const),
        source: fc.constantFrom(...names),
        instrument: fc.constantFrom(...instruments),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('error' as const),
        source: fc.constantFrom(...names),
        instrument: fc.constantFrom(null, ...instruments),
      }),
    },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('advance' as const),
        ms: fc.integer({ min: 0, max: 12_000 }),
      }),
    },
    { weight: 3, arbitrary: fc.constant({ kind: 'evaluate' as const }) },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('remove' as const), source: fc.constantFrom(...names) }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('add' as const), source: fc.constantFrom(...names) }),
    },
  );

  it('active is null or a candidate; after evaluate, if any candidate is live the active one is live', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 120 }), (steps) => {
        const clock = new FakeClock(0);
        const changes: SourceChange[] = [];
        const sm = new SourceManager(
          { priorities: { '*': ['cme', 'yahoo', 'demo'] }, staleAfterMs: 5_000, failbackAfterMs: 20_000 },
          clock,
          (c) => changes.push(c),
        );
        for (const s of ['cme', 'yahoo', 'demo']) sm.addSource(s, [...instruments]);
        for (const s of steps) {
          switch (s.kind) {
            case 'message': {
              const active = sm.observe(s.source, s.instrument);
              expect(active).toBe(sm.active(s.instrument) === s.source);
              break;
            }
            case 'error':
              sm.error(s.source, s.instrument, new Error('x'));
              break;
            case 'advance':
              clock.advance(s.ms);
              break;
            case 'evaluate':
              sm.evaluate();
              break;
            case 'remove':
              sm.removeSource(s.source);
              break;
            case 'add':
              sm.addSource(s.source, [...instruments]);
              break;
          }
          const reports = sm.report();
          for (const r of reports) {
            const candidates = r.candidates.map((c) => c.source);
            if (r.active !== null) expect(candidates).toContain(r.active);
            expect(sm.active(r.instrument)).toBe(r.active);
            if (s.kind === 'evaluate' && r.candidates.some((c) => c.state === 'live')) {
              expect(r.candidates.find((c) => c.source === r.active)?.state).toBe('live');
            }
          }
        }
        // every change event is consistent: from → to chains per instrument
        for (const instrument of instruments) {
          let current: string | null = null;
          for (const c of changes.filter((x) => x.instrument === instrument)) {
            expect(c.from).toBe(current);
            expect(c.to).not.toBe(c.from);
            current = c.to;
          }
          expect(current).toBe(sm.active(instrument));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never fails back before failbackAfterMs of continuous liveness (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 100, max: 6_000 }), { minLength: 1, maxLength: 60 }), (gaps) => {
        const clock = new FakeClock(0);
        const failbacks: number[] = [];
        const sm = new SourceManager(policy, clock, (c) => {
          if (c.reason === 'failback') failbacks.push(c.ts);
        });
        sm.addSource('cme', ['X']);
        sm.addSource('demo', ['X']);
        sm.observe('demo', 'X');
        let liveSince = -1;
        let last = -Infinity;
        for (const gap of gaps) {
          clock.advance(gap);
          sm.observe('demo', 'X');
          const now = clock.now();
          if (liveSince < 0 || now - last > policy.staleAfterMs) liveSince = now;
          last = now;
          sm.observe('cme', 'X');
          sm.evaluate();
          if (failbacks.length > 0) {
            expect(failbacks[0]! - liveSince).toBeGreaterThanOrEqual(policy.failbackAfterMs);
            return;
          }
        }
      }),
    );
  });
});
