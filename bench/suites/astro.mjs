import {
  AspectSource,
  astroIngress,
  BODIES,
  EventFeed,
  IngressSource,
  LunarEclipseSource,
  MoonPhaseSource,
  PLANETS,
  SolarEclipseSource,
  StationSource,
} from '@qmo/plugin-indicator-astro';
import { formatMs, formatNumber, formatRate } from '../lib/format.mjs';
import { packageVersion } from '../lib/packages.mjs';
import { metric } from '../lib/results.mjs';
import { collectGarbage, median, summarize, time } from '../lib/timing.mjs';

const FROM = Date.UTC(2025, 0, 1);
const TO = Date.UTC(2026, 0, 1);
const ASPECT_PAIRS = [
  'sun-moon',
  'sun-mars',
  'venus-mars',
  'mars-jupiter',
  'jupiter-saturn',
  'saturn-neptune',
];
const MAJOR = [0, 60, 90, 120, 180];

/** One search each: a fresh source from the start of the year, run to its end (no cache carried over). */
const SEARCHES = [
  {
    key: 'ingresses',
    name: 'Ingresses, 10 bodies (Sun … Pluto, Moon included)',
    sources: () => [new IngressSource(FROM, BODIES, 'glyphs')],
  },
  {
    key: 'aspects',
    name: `Aspects, ${ASPECT_PAIRS.length} pairs × 0/60/90/120/180°, 3° orb (exact + orb edges)`,
    sources: () => [new AspectSource(FROM, ASPECT_PAIRS, MAJOR, 3, 'glyphs')],
  },
  {
    key: 'stations',
    name: 'Stations, 8 planets (Mercury … Pluto)',
    sources: () => [new StationSource(FROM, PLANETS, 'glyphs')],
  },
  {
    key: 'phases',
    name: 'Lunar phases (SearchMoonQuarter chain)',
    sources: () => [new MoonPhaseSource(FROM, true, 'glyphs')],
  },
  {
    key: 'eclipses',
    name: 'Lunar + solar eclipses (SearchLunarEclipse, SearchGlobalSolarEclipse)',
    sources: () => [new LunarEclipseSource(FROM, 'glyphs'), new SolarEclipseSource(FROM, 'glyphs')],
  },
];

const runYear = (search) => new EventFeed(FROM, search.sources()).upTo(TO).length;

/** A year of hourly bars through the ingress indicator (defaults: 6 bodies, 90-day horizon). */
function runIndicator(bars) {
  const instance = astroIngress.create(astroIngress.params.parse({}));
  let last = null;
  for (const bar of bars) last = instance.next(bar);
  return last.ingresses.length;
}

/**
 * Astro event searches over one year (2025) of the indicator-astro plugin on astronomy-engine: each
 * run builds fresh sources and searches the whole year; median of N runs after a warm-up.
 */
export default {
  name: 'astro',
  title: 'Astro event searches per second over a year',
  async run({ progress, options }) {
    const runs = options.quick ? 2 : 5;
    const engine = packageVersion('astronomy-engine');
    const rows = [];
    const results = [];
    for (const search of SEARCHES) {
      progress(`${search.key}…`);
      const events = runYear(search);
      const samples = [];
      for (let round = 0; round < runs; round++) {
        collectGarbage();
        samples.push(time(() => runYear(search)).ms);
      }
      const ms = median(samples);
      rows.push([
        search.name,
        formatNumber(events),
        formatMs(ms),
        formatRate(events / (ms / 1000)),
        formatRate(1000 / ms),
      ]);
      results.push(
        metric('astro', `${search.key}.year`, 'searches/s', 1000 / ms, {
          events,
          msPerYear: summarize(samples),
          eventsPerSecond: events / (ms / 1000),
        }),
      );
    }
    progress('indicator over a year of hourly bars…');
    const bars = Array.from({ length: 8_760 }, (_, i) => {
      const price = 100 + Math.sin(i / 50);
      return {
        time: FROM + i * 3_600_000,
        open: price,
        high: price + 0.5,
        low: price - 0.5,
        close: price,
        volume: 1,
      };
    });
    runIndicator(bars);
    const samples = [];
    for (let round = 0; round < runs; round++) {
      collectGarbage();
      samples.push(time(() => runIndicator(bars)).ms);
    }
    const ms = median(samples);
    rows.push([
      'astro-ingress indicator, 8,760 hourly bars via next() (defaults: 6 bodies, 90-day horizon)',
      formatNumber(runIndicator(bars)),
      formatMs(ms),
      '—',
      formatRate(1000 / ms),
    ]);
    results.push(
      metric('astro', 'ingress-indicator.bars', 'bars/s', bars.length / (ms / 1000), {
        msPerYear: summarize(samples),
      }),
    );
    return {
      results,
      tables: [
        {
          title: `Astro event searches over 2025 (astronomy-engine ${engine})`,
          columns: ['Search (one year)', 'events', 'time per year (median)', 'events/s', 'years/s'],
          rows,
          notes: [
            `Each run builds fresh sources at 2025-01-01 and searches to 2026-01-01; median of ${runs} runs after a warm-up. Ingresses and aspects: six-hour grid, root-finding to 1 s; stations: daily grid on the longitude speed; phases and eclipses: astronomy-engine's own searches, chained.`,
            'The indicator row includes the 90 days beyond the year that its horizon shows, and everything it does per bar (window, cached timeline lists).',
          ],
        },
      ],
    };
  },
};
