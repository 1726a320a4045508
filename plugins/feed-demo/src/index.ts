import { definePlugin, extensionPoints } from '@qmo/sdk';
import { demoFeedConfigSchema } from './config.js';
import { createDemoFeed } from './feed.js';

export { type DemoFeedConfig, type DemoFeedConfigInput, demoFeedConfigSchema } from './config.js';
export { createDemoFeed, type DemoFeedOptions } from './feed.js';
export {
  DEMO_INSTRUMENT_IDS,
  DEMO_INSTRUMENTS,
  type DemoInstrumentId,
  demoInstruments,
} from './instruments.js';

/** A seeded, deterministic synthetic market: history, quotes, trades and L2 books for six instruments. */
export default definePlugin({
  kind: 'feed',
  config: demoFeedConfigSchema,
  activate(context) {
    const feed = createDemoFeed({ config: context.config, clock: context.clock, timers: context.timers });
    context.register(extensionPoints.feeds, feed);
  },
});
