import type { Clock, InstrumentId, SourceChange } from '@qmo/sdk';

export interface SourcePolicy {
  /** Ordered sources per instrument, best first; key "*" is the default order. */
  priorities: Record<string, string[]>;
  /** The active source is stale when it has sent nothing for this long. */
  staleAfterMs: number;
  /** A better source must stay live this long before the instrument fails back to it (hysteresis). */
  failbackAfterMs: number;
}

export type SourceHealth = 'idle' | 'live' | 'stale' | 'error';

export interface SourceStatus {
  source: string;
  state: SourceHealth;
  lastMessageAt: number | null;
  lastError?: string;
}

export interface InstrumentSources {
  instrument: InstrumentId;
  active: string | null;
  candidates: SourceStatus[];
}

interface Candidate {
  source: string;
  lastMessageAt: number | null;
  /** When the source last became continuously live. */
  liveSince: number | null;
  erroredAt: number | null;
  lastError?: string;
}

interface InstrumentState {
  active: string | null;
  candidates: Map<string, Candidate>;
}

/**
 * Chooses, per instrument, which source's data is used: the best live one in the configured
 * order. Fails over when the active source goes stale or errors, fails back to a better
 * source only after it has stayed live for `failbackAfterMs`.
 */
export class SourceManager {
  private readonly instruments = new Map<InstrumentId, InstrumentState>();

  constructor(
    private readonly policy: SourcePolicy,
    private readonly clock: Clock,
    private readonly onChange: (change: SourceChange) => void,
  ) {}

  addSource(source: string, instruments: readonly InstrumentId[]): void {
    for (const id of instruments) {
      const state = this.stateOf(id);
      if (!state.candidates.has(source))
        state.candidates.set(source, { source, lastMessageAt: null, liveSince: null, erroredAt: null });
    }
  }

  removeSource(source: string): void {
    for (const [instrument, state] of this.instruments) {
      if (!state.candidates.delete(source)) continue;
      if (state.active === source)
        this.switchTo(instrument, state, this.bestLive(instrument, state), 'removed');
    }
  }

  /** Records a message; returns true when it comes from the instrument's active source. */
  observe(source: string, instrument: InstrumentId): boolean {
    const state = this.instruments.get(instrument);
    const candidate = state?.candidates.get(source);
    if (!state || !candidate) return false;
    const now = this.clock.now();
    if (candidate.liveSince === null || !this.isLive(candidate, now)) candidate.liveSince = now;
    candidate.lastMessageAt = now;
    candidate.erroredAt = null;
    if (state.active === null) this.switchTo(instrument, state, this.bestLive(instrument, state), 'initial');
    else if (state.active !== source) {
      const active = state.candidates.get(state.active);
      if (!this.isLive(active, now))
        this.switchTo(instrument, state, this.bestLive(instrument, state), failoverReason(active));
    }
    return state.active === source;
  }

  /** A source reported a failure for one instrument, or for all of its instruments when `instrument` is null. */
  error(source: string, instrument: InstrumentId | null, error: Error): void {
    const now = this.clock.now();
    for (const [id, state] of this.instruments) {
      if (instrument !== null && id !== instrument) continue;
      const candidate = state.candidates.get(source);
      if (!candidate) continue;
      candidate.erroredAt = now;
      candidate.liveSince = null;
      candidate.lastError = error.message;
      if (state.active === source) {
        const next = this.bestLive(id, state);
        if (next !== null) this.switchTo(id, state, next, 'error');
      }
    }
  }

  /** Re-evaluates staleness and failback; call it periodically. */
  evaluate(): void {
    const now = this.clock.now();
    for (const [id, state] of this.instruments) {
      const active = state.active === null ? undefined : state.candidates.get(state.active);
      if (!this.isLive(active, now)) {
        const next = this.bestLive(id, state);
        if (next !== null && next !== state.active) this.switchTo(id, state, next, failoverReason(active));
        continue;
      }
      const order = this.orderOf(id, state);
      const activeRank = order.indexOf(state.active!);
      for (const source of order.slice(0, activeRank)) {
        const c = state.candidates.get(source)!;
        if (this.isLive(c, now) && c.liveSince !== null && now - c.liveSince >= this.policy.failbackAfterMs) {
          this.switchTo(id, state, source, 'failback');
          break;
        }
      }
    }
  }

  active(instrument: InstrumentId): string | null {
    return this.instruments.get(instrument)?.active ?? null;
  }

  report(): InstrumentSources[] {
    const now = this.clock.now();
    return [...this.instruments.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([instrument, state]) => ({
        instrument,
        active: state.active,
        candidates: this.orderOf(instrument, state).map((source) => {
          const c = state.candidates.get(source)!;
          return {
            source,
            state: this.healthOf(c, now),
            lastMessageAt: c.lastMessageAt,
            ...(c.lastError ? { lastError: c.lastError } : {}),
          };
        }),
      }));
  }

  private healthOf(c: Candidate, now: number): SourceHealth {
    if (c.erroredAt !== null) return 'error';
    if (c.lastMessageAt === null) return 'idle';
    return now - c.lastMessageAt > this.policy.staleAfterMs ? 'stale' : 'live';
  }

  private isLive(c: Candidate | undefined, now: number): boolean {
    return c !== undefined && this.healthOf(c, now) === 'live';
  }

  /** Configured order first, then any other source of the instrument by name. */
  private orderOf(instrument: InstrumentId, state: InstrumentState): string[] {
    const configured = this.policy.priorities[instrument] ?? this.policy.priorities['*'] ?? [];
    const listed = configured.filter((s) => state.candidates.has(s));
    const rest = [...state.candidates.keys()].filter((s) => !listed.includes(s)).sort();
    return [...listed, ...rest];
  }

  private bestLive(instrument: InstrumentId, state: InstrumentState): string | null {
    const now = this.clock.now();
    return this.orderOf(instrument, state).find((s) => this.isLive(state.candidates.get(s), now)) ?? null;
  }

  private switchTo(
    instrument: InstrumentId,
    state: InstrumentState,
    to: string | null,
    reason: SourceChange['reason'],
  ): void {
    if (state.active === to) return;
    const from = state.active;
    state.active = to;
    this.onChange({ instrument, from, to, reason, ts: this.clock.now() });
  }

  private stateOf(instrument: InstrumentId): InstrumentState {
    let state = this.instruments.get(instrument);
    if (!state) {
      state = { active: null, candidates: new Map() };
      this.instruments.set(instrument, state);
    }
    return state;
  }
}

/** Why the active source is left: it reported an error (erroredAt may be 0 on a virtual clock), or it went quiet. */
function failoverReason(active: Candidate | undefined): 'error' | 'stale' {
  return active !== undefined && active.erroredAt !== null ? 'error' : 'stale';
}
