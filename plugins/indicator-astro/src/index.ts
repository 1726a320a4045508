import { definePlugin, extensionPoints, type Indicator } from '@qmo/sdk';
import { astroAspects } from './indicators/aspects.js';
import { astroIngress } from './indicators/ingress.js';
import { astroLongitude } from './indicators/longitude.js';
import { astroMoon } from './indicators/moon.js';
import { astroPriceLines } from './indicators/price-lines.js';
import { astroRetrograde } from './indicators/retrograde.js';

export { wrap180, wrap360 } from './astro/angles.js';
export { BODIES, type BodyId, PLANETS, type PlanetId } from './astro/bodies.js';
export { FRAMES, type Frame, geoLongitude, geoSpeed, longitude } from './astro/longitude.js';
export { type PriceLine, priceLines } from './astro/price-lines.js';
export { LongitudeSampler } from './astro/sampler.js';
export { meanLongitude, unwrapLongitude } from './astro/unwrap.js';
export { GROUP } from './define-indicator.js';
export { AspectSource } from './events/aspect-source.js';
export { MAJOR_ASPECTS, MINOR_ASPECTS, PAIRS } from './events/aspects.js';
export { IngressSource } from './events/ingress-source.js';
export { LunarEclipseSource, MoonPhaseSource, SolarEclipseSource } from './events/moon-sources.js';
export { StationSource } from './events/station-source.js';
export { type AspectParams, aspectParams, astroAspects } from './indicators/aspects.js';
export { astroIngress, type IngressParams, ingressParams } from './indicators/ingress.js';
export { astroLongitude, type LongitudeParams, longitudeParams } from './indicators/longitude.js';
export { astroMoon, type MoonParams, moonParams } from './indicators/moon.js';
export { astroPriceLines, type PriceLineParams, priceLineParams } from './indicators/price-lines.js';
export { astroRetrograde, type RetrogradeParams, retrogradeParams } from './indicators/retrograde.js';
export type { AstroEvent, EventSource } from './search/event.js';
export { EventFeed } from './search/event-feed.js';

/** Every indicator of the plugin, in menu order. */
// biome-ignore lint/suspicious/noExplicitAny: a list of indicators with different parameter types, like extensionPoints.indicators
export const astroIndicators: readonly Indicator<any>[] = Object.freeze([
  astroLongitude,
  astroIngress,
  astroRetrograde,
  astroAspects,
  astroMoon,
  astroPriceLines,
]);

/** The Astro indicators. Pure computations on time and bars: no timers, no services. */
export default definePlugin({
  kind: 'indicator',
  activate(context) {
    for (const indicator of astroIndicators) context.register(extensionPoints.indicators, indicator);
  },
});
