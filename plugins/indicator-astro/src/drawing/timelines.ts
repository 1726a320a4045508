import type { TimeLine } from '@qmo/sdk';
import type { AstroEvent } from '../search/event.js';
import { frozenList } from './frozen.js';

/**
 * The timelines of the first `count` events that pass `keep`, as one frozen array per count: bars
 * that see the same events share it, so a long series of bars costs one array per event.
 */
export class TimelineCache {
  private readonly lines: TimeLine[] = [];
  private seen = 0;
  private count = -1;
  private current: TimeLine[] = frozenList([]);

  constructor(
    private readonly keep: (event: AstroEvent) => boolean = () => true,
    private readonly color: (event: AstroEvent) => string | undefined = () => undefined,
  ) {}

  of(events: readonly AstroEvent[], count: number): TimeLine[] {
    if (count === this.count) return this.current;
    // Bars out of time order: built afresh, the cache stays as it was.
    if (count < this.seen)
      return frozenList(
        events
          .slice(0, count)
          .filter(this.keep)
          .map((e) => this.line(e)),
      );
    for (; this.seen < count; this.seen++) {
      const event = events[this.seen] as AstroEvent;
      if (this.keep(event)) this.lines.push(this.line(event));
    }
    this.count = count;
    this.current = frozenList([...this.lines]);
    return this.current;
  }

  private line(event: AstroEvent): TimeLine {
    const color = this.color(event);
    return Object.freeze(
      color === undefined
        ? { time: event.time, label: event.label }
        : { time: event.time, label: event.label, color },
    );
  }
}
