import type { IndicatorOutput } from '@qmo/sdk';
import { z } from 'zod';
import { BODIES, BODY_INFO } from '../astro/bodies.js';
import { LongitudeSampler } from '../astro/sampler.js';
import { defineAstroIndicator } from '../define-indicator.js';
import { bodiesParam, bodyEnum, frameParam } from '../params.js';

export const longitudeParams = z.object({
  bodies: bodiesParam(bodyEnum, ['sun', 'moon', 'mercury', 'venus', 'mars'], 'Bodies to draw'),
  frame: frameParam,
});
export type LongitudeParams = z.output<typeof longitudeParams>;

/**
 * Tropical ecliptic longitude of date (0–360°) of each chosen body at each bar, geocentric (apparent)
 * or heliocentric (the Sun and the Moon have none: null). One line per body in a pane of its own.
 */
export const astroLongitude = defineAstroIndicator<LongitudeParams>({
  id: 'astro-longitude',
  name: 'Planetary longitudes',
  description:
    'Geocentric or heliocentric tropical ecliptic longitude of date of the Sun, Moon and planets, 0–360°',
  params: longitudeParams,
  outputs: BODIES.map((body) => ({
    key: body,
    shape: 'line' as const,
    label: `${BODY_INFO[body].glyph} ${BODY_INFO[body].name}`,
    pane: 'own' as const,
  })),
  stepper({ bodies, frame }) {
    const samplers = BODIES.map((body) => (bodies.includes(body) ? new LongitudeSampler(body, frame) : null));
    return {
      step(bar) {
        const output: IndicatorOutput = {};
        BODIES.forEach((body, i) => {
          output[body] = samplers[i]?.at(bar.time) ?? null;
        });
        return output;
      },
    };
  },
});
