import { definePlugin, errorMessage, extensionPoints, type MarketDataReader, services } from '@qmo/sdk';
import { venueSimConfigSchema } from './config.js';
import { createSimVenue } from './sim-venue.js';

export { BookPublisher } from './book-publisher.js';
export { CANCEL_CODES, type CancelCode, REJECT_CODES, type RejectCode } from './codes.js';
export { type VenueSimConfig, type VenueSimConfigInput, venueSimConfigSchema } from './config.js';
export { feeOf } from './fees.js';
export { applyBookChanges } from './l3-replay.js';
export {
  type BookChange,
  type EngineEvent,
  type EngineOrder,
  type EngineReplace,
  type EngineResult,
  type L2LevelSteps,
  type L3Book,
  type L3Order,
  MatchingEngine,
  type MatchingEngineOptions,
  OrderBook,
  type OrderStatus,
  type OrderView,
  type TopOfBook,
  validateOrder,
} from './matching-engine.js';
export { type HouseTarget, ReferenceBook } from './reference-book.js';
export { createSimVenue, HOUSE_ACCOUNT, type SimVenue, type SimVenueOptions } from './sim-venue.js';

/**
 * The simulated exchange and paper-trading venue: a price-time-priority matching engine per
 * instrument, house liquidity mirrored from each instrument's reference market, and the venue's
 * own book published as a market-data source.
 */
export default definePlugin({
  kind: 'venue',
  config: venueSimConfigSchema,
  activate(context) {
    let marketData: MarketDataReader | null = null;
    try {
      marketData = context.get(services.marketData);
    } catch (error) {
      context.logger.warn('no market data: the venue runs without house liquidity', {
        error: errorMessage(error),
      });
    }
    const venue = context.track(
      createSimVenue({
        config: context.config,
        clock: context.clock,
        timers: context.timers,
        instruments: context.get(services.instruments),
        marketData,
        logger: context.logger,
      }),
    );
    context.register(extensionPoints.venues, venue.adapter);
    context.register(extensionPoints.feeds, venue.feed);
  },
});
