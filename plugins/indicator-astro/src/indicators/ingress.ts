import { z } from 'zod';
import { defineAstroIndicator } from '../define-indicator.js';
import { Anchored } from '../drawing/anchored.js';
import { windowAt } from '../drawing/event-window.js';
import { TimelineCache } from '../drawing/timelines.js';
import { IngressSource } from '../events/ingress-source.js';
import { bodiesParam, bodyEnum, horizonParam, labelStyleParam } from '../params.js';
import { EventFeed } from '../search/event-feed.js';

export const ingressParams = z.object({
  bodies: bodiesParam(
    bodyEnum,
    ['sun', 'mercury', 'venus', 'mars', 'jupiter', 'saturn'],
    'Bodies whose sign changes are shown',
  ),
  horizonDays: horizonParam(90),
  labelStyle: labelStyleParam,
});
export type IngressParams = z.output<typeof ingressParams>;

/** Sign ingresses (every 30° of geocentric longitude) from the first bar to the horizon, as timelines. */
export const astroIngress = defineAstroIndicator<IngressParams>({
  id: 'astro-ingress',
  name: 'Ingresses',
  description:
    'Instants the chosen bodies enter a new zodiac sign, found by root-finding, up to a horizon ahead',
  params: ingressParams,
  outputs: [{ key: 'ingresses', shape: 'timelines', label: 'Ingresses', pane: 'price' }],
  stepper({ bodies, horizonDays, labelStyle }) {
    const state = new Anchored((origin) => ({
      feed: new EventFeed(origin, [new IngressSource(origin, bodies, labelStyle)]),
      lines: new TimelineCache(),
    }));
    return {
      step(bar, commit) {
        const { feed, lines } = state.get(bar.time, commit);
        const view = windowAt(feed, bar.time, horizonDays);
        return { ingresses: lines.of(view.events, view.count) };
      },
    };
  },
});
