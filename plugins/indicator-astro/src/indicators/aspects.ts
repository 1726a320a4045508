import { z } from 'zod';
import { defineAstroIndicator } from '../define-indicator.js';
import { Anchored } from '../drawing/anchored.js';
import { windowAt } from '../drawing/event-window.js';
import { RunningRange } from '../drawing/price-range.js';
import { TimelineCache } from '../drawing/timelines.js';
import { ZoneCache } from '../drawing/zone-cache.js';
import { AspectSource, aspectLabel } from '../events/aspect-source.js';
import { MAJOR_ASPECTS, MINOR_ASPECTS, PAIRS, splitPair } from '../events/aspects.js';
import { bandPercentParam, horizonParam, labelStyleParam, zonePriceParam } from '../params.js';
import { EventFeed } from '../search/event-feed.js';

export const aspectParams = z.object({
  pairs: z
    .array(z.enum(PAIRS as [string, ...string[]]))
    .min(1)
    .refine((list) => new Set(list).size === list.length, 'each pair at most once')
    .default(['sun-mars', 'venus-mars', 'mars-jupiter', 'jupiter-saturn'])
    .describe('Pairs of bodies whose aspects are shown'),
  minor: z.boolean().default(false).describe('Also the minor aspects: 30°, 45°, 135°, 150°'),
  orb: z
    .number()
    .min(0)
    .max(15)
    .default(3)
    .describe('Degrees either side of exact counted as within orb (0: no zones)'),
  horizonDays: horizonParam(90),
  zonePrice: zonePriceParam,
  bandPercent: bandPercentParam,
  labelStyle: labelStyleParam,
});
export type AspectParams = z.output<typeof aspectParams>;

/**
 * Aspects between pairs of bodies (0, 60, 90, 120, 180°, optionally 30, 45, 135, 150°): exact instants
 * as timelines and the spells within orb as zones, found by root-finding on the angular separation.
 */
export const astroAspects = defineAstroIndicator<AspectParams>({
  id: 'astro-aspects',
  name: 'Aspects',
  description: 'Exact aspects between pairs of bodies and the periods within orb, up to a horizon ahead',
  params: aspectParams,
  outputs: [
    { key: 'exact', shape: 'timelines', label: 'Exact aspects', pane: 'price' },
    { key: 'orb', shape: 'zones', label: 'Within orb', pane: 'price' },
  ],
  stepper({ pairs, minor, orb, horizonDays, zonePrice, bandPercent, labelStyle }) {
    const angles = minor ? [...MAJOR_ASPECTS, ...MINOR_ASPECTS].sort((a, b) => a - b) : [...MAJOR_ASPECTS];
    const range = new RunningRange();
    const labelOf = (key: string) => {
      const [pair = '', separation = '0'] = key.split(':');
      const [a, b] = splitPair(pair);
      return aspectLabel(a, b, Math.abs(Number(separation)), labelStyle);
    };
    const state = new Anchored((origin) => {
      const source = new AspectSource(origin, pairs, angles, orb, labelStyle);
      return {
        feed: new EventFeed(origin, [source]),
        lines: new TimelineCache((event) => event.edge === 'point'),
        zones: new ZoneCache(origin, source.activeAtOrigin(), labelOf, { price: zonePrice, bandPercent }),
      };
    });
    return {
      step(bar, commit) {
        const { feed, lines, zones } = state.get(bar.time, commit);
        const view = windowAt(feed, bar.time, horizonDays);
        return {
          exact: lines.of(view.events, view.count),
          orb: zones.of(view.events, view.count, view.end, range.step(bar, commit)),
        };
      },
    };
  },
});
