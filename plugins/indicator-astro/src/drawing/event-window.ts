import { ceilToDay, DAY_MS } from '../astro/time.js';
import type { AstroEvent } from '../search/event.js';
import { countUpTo, type EventFeed } from '../search/event-feed.js';

export interface WindowView {
  events: readonly AstroEvent[];
  /** Events of the window: the first `count` of `events`. */
  count: number;
  /** The window's end: `horizonDays` after the bar, rounded up to the next UTC midnight. */
  end: number;
}

/** The events from the first bar to `horizonDays` after the current bar. */
export function windowAt(feed: EventFeed, time: number, horizonDays: number): WindowView {
  const end = ceilToDay(time + horizonDays * DAY_MS);
  const events = feed.upTo(end);
  return { events, count: countUpTo(events, end), end };
}
