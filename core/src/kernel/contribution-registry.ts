import { type Disposable, type ExtensionPoint, toDisposable } from '@qmo/sdk';

/** One plugin's contribution to an extension point, with a way to charge the plugin for a fault. */
export interface Contribution<T> {
  readonly pluginId: string;
  readonly pluginVersion: string;
  readonly value: T;
  /** Reports an error thrown by this contribution; counts toward quarantine. */
  fault(error: unknown): void;
}

export interface ContributionWatcher<T> {
  added(contribution: Contribution<T>): void;
  removed(contribution: Contribution<T>): void;
}

/** What plugins have contributed, per extension point, and who watches each point. */
export class ContributionRegistry {
  private readonly entries = new Map<string, Set<Contribution<unknown>>>();
  private readonly watchers = new Map<string, Set<ContributionWatcher<unknown>>>();

  add<T>(point: ExtensionPoint<T>, contribution: Contribution<T>): Disposable {
    const set = this.setOf(this.entries, point.key);
    set.add(contribution as Contribution<unknown>);
    for (const w of this.setOf(this.watchers, point.key)) w.added(contribution as Contribution<unknown>);
    return toDisposable(() => {
      if (!set.delete(contribution as Contribution<unknown>)) return;
      for (const w of this.setOf(this.watchers, point.key)) w.removed(contribution as Contribution<unknown>);
    });
  }

  list<T>(point: ExtensionPoint<T>): Contribution<T>[] {
    return [...(this.entries.get(point.key) ?? [])] as Contribution<T>[];
  }

  /** Calls `added` for what is already there, then for every later change. */
  watch<T>(point: ExtensionPoint<T>, watcher: ContributionWatcher<T>): Disposable {
    const set = this.setOf(this.watchers, point.key);
    set.add(watcher as ContributionWatcher<unknown>);
    for (const c of this.list(point)) watcher.added(c);
    return toDisposable(() => void set.delete(watcher as ContributionWatcher<unknown>));
  }

  private setOf<V>(map: Map<string, Set<V>>, key: string): Set<V> {
    let set = map.get(key);
    if (!set) {
      set = new Set();
      map.set(key, set);
    }
    return set;
  }
}
