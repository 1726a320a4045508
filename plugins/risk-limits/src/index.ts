import { definePlugin, extensionPoints, type RiskRule } from '@qmo/sdk';
import { grossExposure } from './rules/gross-exposure.js';
import { margin } from './rules/margin.js';
import { maxOrderNotional } from './rules/max-order-notional.js';
import { maxOrderQty } from './rules/max-order-qty.js';
import { maxPosition } from './rules/max-position.js';
import { netExposure } from './rules/net-exposure.js';
import { orderRate } from './rules/order-rate.js';
import { priceCollar } from './rules/price-collar.js';
import { restrictedInstruments } from './rules/restricted-instruments.js';
import { sessionLossCap } from './rules/session-loss-cap.js';

export { orderPrice, orderReducesPosition, signedQuantity } from './orders.js';
export { reducesPosition } from './reduces-position.js';
export {
  type GrossExposureLimits,
  grossExposure,
  grossExposureLimits,
} from './rules/gross-exposure.js';
export { type MarginLimits, margin, marginLimits } from './rules/margin.js';
export {
  type MaxOrderNotionalLimits,
  maxOrderNotional,
  maxOrderNotionalLimits,
} from './rules/max-order-notional.js';
export { type MaxOrderQtyLimits, maxOrderQty, maxOrderQtyLimits } from './rules/max-order-qty.js';
export { type MaxPositionLimits, maxPosition, maxPositionLimits } from './rules/max-position.js';
export { type NetExposureLimits, netExposure, netExposureLimits } from './rules/net-exposure.js';
export { type OrderRateLimits, orderRate, orderRateLimits } from './rules/order-rate.js';
export { type PriceCollarLimits, priceCollar, priceCollarLimits } from './rules/price-collar.js';
export {
  type RestrictedInstrumentsLimits,
  restrictedInstruments,
  restrictedInstrumentsLimits,
} from './rules/restricted-instruments.js';
export {
  type SessionLossCapLimits,
  sessionLoss,
  sessionLossCap,
  sessionLossCapLimits,
} from './rules/session-loss-cap.js';
export { POSITIVE_DECIMAL } from './schema.js';

/** Every rule of the plugin, cheapest first. */
// biome-ignore lint/suspicious/noExplicitAny: a list of rules with different limit types, like extensionPoints.riskRules
export const riskLimitRules: readonly RiskRule<any>[] = Object.freeze([
  restrictedInstruments,
  maxOrderQty,
  maxOrderNotional,
  priceCollar,
  orderRate,
  maxPosition,
  grossExposure,
  netExposure,
  margin,
  sessionLossCap,
]);

/** Pre-trade risk limits. Pure rules: no timers, no services, no capabilities. */
export default definePlugin({
  kind: 'risk',
  activate(context) {
    for (const rule of riskLimitRules) context.register(extensionPoints.riskRules, rule);
  },
});
