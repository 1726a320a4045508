import { resolve } from 'node:path';
import { definePlugin, extensionPoints, services } from '@qmo/sdk';
import { venueFixConfigSchema } from './config.js';
import { FixVenue } from './fix-venue.js';

export { type VenueFixConfig, type VenueFixConfigInput, venueFixConfigSchema } from './config.js';
export { feeOf } from './fees.js';
export { FixVenue, type FixVenueOptions } from './fix-venue.js';
export { InboundHandler, type InboundOptions } from './inbound.js';
export {
  type BusinessReject,
  type CancelReject,
  type ExecReport,
  readBusinessReject,
  readCancelReject,
  readExecReport,
} from './inbound-messages.js';
export {
  type MessageContext,
  newOrderSingle,
  type OrderRef,
  orderCancelReplaceRequest,
  orderCancelRequest,
  orderStatusRequest,
  withChanges,
} from './order-messages.js';
export { OrderRegistry, type PendingRequest, type TrackedOrder } from './order-registry.js';
export { rejectedOrderMessage, type SentRef, type SessionReject } from './session-rejects.js';
export { VenueSymbols } from './symbols.js';
export { Throttle, type ThrottleOptions } from './throttle.js';

/**
 * A FIX 4.4 venue: an initiator session to the venue's acceptor carries orders, cancels, replaces
 * and status requests; its ExecutionReports come back as venue events.
 */
export default definePlugin({
  kind: 'venue',
  config: venueFixConfigSchema,
  activate(context) {
    const venue = context.track(
      new FixVenue({
        config: context.config,
        clock: context.clock,
        timers: context.timers,
        instruments: context.get(services.instruments),
        logger: context.logger,
        storeDir: resolve(context.dataDir, context.config.storeDir ?? 'fix'),
      }),
    );
    context.register(extensionPoints.venues, venue.adapter);
  },
});
