import { defineSteppedIndicator, type Indicator, type SteppedIndicatorSpec } from '@qmo/sdk';

export const GROUP = 'Classic';

/** An `Indicator` of the Classic group (the SDK's stepped indicator: `batch` is `create` fed bar by bar). */
export function defineClassicIndicator<P>(spec: Omit<SteppedIndicatorSpec<P>, 'group'>): Indicator<P> {
  return defineSteppedIndicator({ ...spec, group: GROUP });
}
