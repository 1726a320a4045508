import type { Marker } from '@qmo/sdk';
import { z } from 'zod';
import { defineAstroIndicator } from '../define-indicator.js';
import { Anchored } from '../drawing/anchored.js';
import { windowAt } from '../drawing/event-window.js';
import { frozenList } from '../drawing/frozen.js';
import { TimelineCache } from '../drawing/timelines.js';
import { LunarEclipseSource, MoonPhaseSource, SolarEclipseSource } from '../events/moon-sources.js';
import { horizonParam, labelStyleParam } from '../params.js';
import type { AstroEvent, EventSource } from '../search/event.js';
import { EventFeed } from '../search/event-feed.js';

export const moonParams = z.object({
  quarters: z.boolean().default(true).describe('First and last quarters as well as new and full moons'),
  eclipses: z.boolean().default(true).describe('Lunar and solar eclipses'),
  horizonDays: horizonParam(60),
  labelStyle: labelStyleParam,
});
export type MoonParams = z.output<typeof moonParams>;

const isEclipse = (event: AstroEvent) => event.key === 'eclipse';

function marker(event: AstroEvent): Marker {
  const dark = event.kind === 'new-moon' || event.kind.startsWith('solar');
  return Object.freeze({
    time: event.time,
    position: 'above',
    shape: isEclipse(event) ? 'square' : 'circle',
    text: event.label,
    color: isEclipse(event) ? '#ef5350' : dark ? '#787b86' : '#f5d76e',
  });
}

/**
 * Lunar phases (astronomy-engine SearchMoonQuarter) and eclipses (SearchLunarEclipse,
 * SearchGlobalSolarEclipse, at their peak) as timelines and markers, up to a horizon ahead.
 */
export const astroMoon = defineAstroIndicator<MoonParams>({
  id: 'astro-moon',
  name: 'Lunar phases and eclipses',
  description: 'New moon, quarters, full moon, lunar and solar eclipses, up to a horizon ahead',
  params: moonParams,
  outputs: [
    { key: 'phases', shape: 'timelines', label: 'Lunar phases', pane: 'price' },
    { key: 'eclipses', shape: 'timelines', label: 'Eclipses', pane: 'price' },
    { key: 'markers', shape: 'markers', label: 'Phase and eclipse markers', pane: 'price' },
  ],
  stepper({ quarters, eclipses, horizonDays, labelStyle }) {
    const state = new Anchored((origin) => {
      const sources: EventSource[] = [new MoonPhaseSource(origin, quarters, labelStyle)];
      if (eclipses)
        sources.push(new LunarEclipseSource(origin, labelStyle), new SolarEclipseSource(origin, labelStyle));
      return {
        feed: new EventFeed(origin, sources),
        phases: new TimelineCache((event) => !isEclipse(event)),
        eclipses: new TimelineCache(isEclipse, () => '#ef5350'),
        markers: { count: -1, list: frozenList<Marker>([]), all: [] as Marker[] },
      };
    });
    return {
      step(bar, commit) {
        const s = state.get(bar.time, commit);
        const view = windowAt(s.feed, bar.time, horizonDays);
        if (view.count !== s.markers.count) {
          for (let i = s.markers.all.length; i < view.count; i++)
            s.markers.all.push(marker(view.events[i] as AstroEvent));
          s.markers.list = frozenList(s.markers.all.slice(0, view.count));
          s.markers.count = view.count;
        }
        return {
          phases: s.phases.of(view.events, view.count),
          eclipses: s.eclipses.of(view.events, view.count),
          markers: s.markers.list,
        };
      },
    };
  },
});
