import { createExtensionPoint } from './extension-point.js';
import type { Advisor } from './kinds/advisor.js';
import type { ExecutionAlgo } from './kinds/algo.js';
import type { ComplianceReporter } from './kinds/compliance.js';
import type { MarketDataFeed } from './kinds/feed.js';
import type { Indicator } from './kinds/indicator.js';
import type { RiskRule } from './kinds/risk.js';
import type { VenueAdapter } from './kinds/venue.js';

/** The extension points of this SDK major. One per plugin kind. */
export const extensionPoints = {
  // Venues may publish their own books and trades as a market-data source.
  feeds: createExtensionPoint<MarketDataFeed>({
    id: 'feeds',
    version: 1,
    kinds: ['feed', 'venue'],
    capability: 'marketdata:publish',
  }),
  venues: createExtensionPoint<VenueAdapter>({ id: 'venues', version: 1, kinds: ['venue'] }),
  algos: createExtensionPoint<ExecutionAlgo<any>>({
    id: 'algos',
    version: 1,
    kinds: ['algo'],
    capability: 'orders:submit',
  }),
  riskRules: createExtensionPoint<RiskRule<any>>({ id: 'risk-rules', version: 1, kinds: ['risk'] }),
  complianceReporters: createExtensionPoint<ComplianceReporter>({
    id: 'compliance-reporters',
    version: 1,
    kinds: ['compliance'],
    capability: 'audit:read',
  }),
  indicators: createExtensionPoint<Indicator<any>>({ id: 'indicators', version: 1, kinds: ['indicator'] }),
  advisors: createExtensionPoint<Advisor<any>>({ id: 'advisors', version: 1, kinds: ['advisor'] }),
} as const;
