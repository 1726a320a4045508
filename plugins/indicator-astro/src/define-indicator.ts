import { defineSteppedIndicator, type Indicator, type SteppedIndicatorSpec } from '@qmo/sdk';

export const GROUP = 'Astro';

/** An `Indicator` of the Astro group (the SDK's stepped indicator: `batch` is `create` fed bar by bar). */
export function defineAstroIndicator<P>(spec: Omit<SteppedIndicatorSpec<P>, 'group'>): Indicator<P> {
  return defineSteppedIndicator({ ...spec, group: GROUP });
}
