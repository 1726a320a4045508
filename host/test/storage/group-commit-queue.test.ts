import { describe, expect, it } from 'vitest';
import { GroupCommitQueue, type UnitOutcome } from '../../src/db/group-commit.js';

/** A queue whose groups are recorded; each unit's work gets the group's number. */
function recordingQueue(maxUnits?: number, fail?: (group: number) => Error | null) {
  const groups: number[][] = [];
  const queue = new GroupCommitQueue<number>(async (works) => {
    const group = groups.length;
    groups.push([]);
    const outcomes: UnitOutcome[] = [];
    for (const work of works) {
      try {
        outcomes.push({ ok: true, value: await work(group) });
      } catch (error) {
        outcomes.push({ ok: false, error });
      }
    }
    const error = fail?.(group);
    if (error) throw error;
    return outcomes;
  }, maxUnits);
  const unit = (id: number) =>
    queue.run(async (group) => {
      groups[group]!.push(id);
      return id;
    });
  return { queue, groups, unit };
}

describe('GroupCommitQueue', () => {
  it('runs the first unit at once and the units queued meanwhile as the next group, in order', async () => {
    const { groups, unit } = recordingQueue();
    const values = await Promise.all([1, 2, 3, 4, 5].map(unit));
    expect(values).toEqual([1, 2, 3, 4, 5]);
    expect(groups).toEqual([[1], [2, 3, 4, 5]]);
  });

  it('caps the units of a group', async () => {
    const { groups, unit } = recordingQueue(2);
    await Promise.all([1, 2, 3, 4, 5, 6].map(unit));
    expect(groups).toEqual([[1], [2, 3], [4, 5], [6]]);
  });

  it('rejects a failing unit with its own error and resolves the others', async () => {
    const { queue, unit } = recordingQueue();
    const outcomes = await Promise.allSettled([
      unit(1),
      unit(2),
      queue.run(async () => {
        throw new Error('unit 3');
      }),
      unit(4),
    ]);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual([
      1,
      2,
      'unit 3',
      4,
    ]);
  });

  it('rejects every unit of a group whose transaction failed, and runs the next group', async () => {
    const { groups, unit } = recordingQueue(undefined, (group) => (group === 1 ? new Error('commit') : null));
    const first = await Promise.allSettled([1, 2, 3].map(unit));
    expect(first.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(await unit(4)).toBe(4);
    expect(groups).toEqual([[1], [2, 3], [4]]);
  });
});
