import { z } from 'zod';
import type { PlanetId } from '../astro/bodies.js';
import { defineAstroIndicator } from '../define-indicator.js';
import { Anchored } from '../drawing/anchored.js';
import { windowAt } from '../drawing/event-window.js';
import { RunningRange } from '../drawing/price-range.js';
import { TimelineCache } from '../drawing/timelines.js';
import { ZoneCache } from '../drawing/zone-cache.js';
import { retrogradeLabel, StationSource } from '../events/station-source.js';
import {
  bandPercentParam,
  bodiesParam,
  horizonParam,
  labelStyleParam,
  planetEnum,
  zonePriceParam,
} from '../params.js';
import { EventFeed } from '../search/event-feed.js';

export const retrogradeParams = z.object({
  bodies: bodiesParam(
    planetEnum,
    ['mercury', 'venus', 'mars'],
    'Planets whose stations and retrograde spells are shown',
  ),
  horizonDays: horizonParam(180),
  zonePrice: zonePriceParam,
  bandPercent: bandPercentParam,
  labelStyle: labelStyleParam,
});
export type RetrogradeParams = z.output<typeof retrogradeParams>;

const RETROGRADE_COLOR = 'rgba(239, 83, 80, 0.12)';

/**
 * Stations (zeros of the geocentric longitude speed) as timelines, station retrograde red and station
 * direct green, and the retrograde spells between them as zones.
 */
export const astroRetrograde = defineAstroIndicator<RetrogradeParams>({
  id: 'astro-retrograde',
  name: 'Retrogrades and stations',
  description: 'Station retrograde and direct instants of the chosen planets and their retrograde periods',
  params: retrogradeParams,
  outputs: [
    { key: 'stations', shape: 'timelines', label: 'Stations', pane: 'price' },
    { key: 'retrograde', shape: 'zones', label: 'Retrograde', pane: 'price' },
  ],
  stepper({ bodies, horizonDays, zonePrice, bandPercent, labelStyle }) {
    const range = new RunningRange();
    const state = new Anchored((origin) => {
      const source = new StationSource(origin, bodies, labelStyle);
      return {
        feed: new EventFeed(origin, [source]),
        lines: new TimelineCache(
          () => true,
          (event) => (event.kind === 'station-retrograde' ? '#ef5350' : '#26a69a'),
        ),
        zones: new ZoneCache(
          origin,
          source.activeAtOrigin(),
          (key) => retrogradeLabel(key as PlanetId, labelStyle),
          { price: zonePrice, bandPercent, color: () => RETROGRADE_COLOR },
        ),
      };
    });
    return {
      step(bar, commit) {
        const { feed, lines, zones } = state.get(bar.time, commit);
        const view = windowAt(feed, bar.time, horizonDays);
        return {
          stations: lines.of(view.events, view.count),
          retrograde: zones.of(view.events, view.count, view.end, range.step(bar, commit)),
        };
      },
    };
  },
});
