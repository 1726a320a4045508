import { definePlugin, extensionPoints, type Indicator } from '@qmo/sdk';
import { box } from './indicators/box.js';
import { cycles } from './indicators/cycles.js';
import { fan } from './indicators/fan.js';
import { sq9 } from './indicators/sq9.js';

export { GROUP } from './define-indicator.js';
export { BOX_GRID, type BoxParams, box, boxParams } from './indicators/box.js';
export { type CyclesParams, cycles, cyclesParams, GANN_CYCLE_DAYS } from './indicators/cycles.js';
export { type FanParams, fan, fanParams } from './indicators/fan.js';
export { type Sq9Params, sq9, sq9Params } from './indicators/sq9.js';
export { FAN_RATIOS } from './math/fan-ratios.js';
export { solarLongitude } from './math/solar-longitude.js';
export { crossNumber, degreeOf, levelAt } from './math/square-of-nine.js';

/** Every indicator of the plugin, in menu order. */
export const gannIndicators: readonly Indicator<unknown>[] = Object.freeze([sq9, fan, box, cycles]);

/** Square of 9, Gann fan, Gann box and time cycles. Pure computations: no timers, no services. */
export default definePlugin({
  kind: 'indicator',
  activate(context) {
    for (const indicator of gannIndicators) context.register(extensionPoints.indicators, indicator);
  },
});
