/** How one unit of a group ended: its value, or the error it failed with (it alone rolled back). */
export type UnitOutcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Runs a group of units in one database transaction; returns each unit's outcome once it committed. */
export type GroupRunner<C> = (works: readonly ((context: C) => Promise<unknown>)[]) => Promise<UnitOutcome[]>;

interface PendingUnit<C> {
  work: (context: C) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Most units one group commits (a bound on the statement and the time a group holds the lock). */
export const MAX_GROUP_UNITS = 256;

/**
 * Group commit: a unit submitted while no group runs starts a group at once (no added latency);
 * units submitted while a group runs wait and are all run by the next group, in the order they
 * were submitted, in one transaction. A unit's promise settles only after its group's transaction
 * has ended: with its value once committed, with its own error when it failed (the runner rolled
 * it back alone), with the transaction's error when the whole group failed (nothing committed).
 */
export class GroupCommitQueue<C> {
  private pending: PendingUnit<C>[] = [];
  private running = false;

  constructor(
    private readonly runGroup: GroupRunner<C>,
    private readonly maxUnits = MAX_GROUP_UNITS,
  ) {}

  run<T>(work: (context: C) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.pending.length > 0) {
        const group = this.pending.splice(0, this.maxUnits);
        let outcomes: UnitOutcome[];
        try {
          outcomes = await this.runGroup(group.map((unit) => unit.work));
        } catch (error) {
          for (const unit of group) unit.reject(error);
          continue;
        }
        group.forEach((unit, i) => {
          const outcome = outcomes[i];
          if (outcome === undefined) unit.reject(new Error('group commit: the unit was not run'));
          else if (outcome.ok) unit.resolve(outcome.value);
          else unit.reject(outcome.error);
        });
      }
    } finally {
      this.running = false;
    }
  }
}
