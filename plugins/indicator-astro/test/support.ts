import type { AstroEvent, EventSource } from '../src/index.js';
import { EventFeed } from '../src/index.js';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** Every event of `sources` in [from, to]. */
export function eventsBetween(from: number, to: number, ...sources: EventSource[]): AstroEvent[] {
  return [...new EventFeed(from, sources).upTo(to)];
}

/** The first event of `kind` whose label contains `text`, between `from` and `to`. */
export function findEvent(events: readonly AstroEvent[], kind: string, text = ''): AstroEvent {
  const found = events.find((e) => e.kind === kind && e.label.includes(text));
  if (!found) throw new Error(`no ${kind} event labelled "${text}" among ${events.length}`);
  return found;
}

/** |actual − expected| in minutes. */
export function minutesOff(actual: number, expectedIso: string): number {
  return Math.abs(actual - Date.parse(expectedIso)) / MINUTE;
}
