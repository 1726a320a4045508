import { defineSteppedIndicator, type Indicator, type SteppedIndicatorSpec } from '@qmo/sdk';

export const GROUP = 'Gann';

/** An `Indicator` of the Gann group (the SDK's stepped indicator: `batch` is `create` fed bar by bar). */
export function defineGannIndicator<P>(spec: Omit<SteppedIndicatorSpec<P>, 'group'>): Indicator<P> {
  return defineSteppedIndicator({ ...spec, group: GROUP });
}
