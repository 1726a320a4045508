import 'reflect-metadata';

export { EventBus, type Handler } from './bus/event-bus.js';
export { InstrumentRegistry } from './instruments/instrument-registry.js';
export { checkEngineCompatibility } from './kernel/compatibility.js';
export {
  type Contribution,
  ContributionRegistry,
  type ContributionWatcher,
} from './kernel/contribution-registry.js';
export { type OrderResult, orderByDependencies } from './kernel/dependency-order.js';
export { discoverPlugins, type PluginCandidate, type PluginSources } from './kernel/discovery.js';
export { Kernel, type KernelOptions, type PluginEntry, type PluginReport } from './kernel/kernel.js';
export { BarAggregator } from './marketdata/bar-aggregator.js';
export { L2Book } from './marketdata/l2-book.js';
export { MarketDataManager, type MarketDataManagerOptions } from './marketdata/market-data-manager.js';
export {
  type InstrumentSources,
  type SourceHealth,
  SourceManager,
  type SourcePolicy,
  type SourceStatus,
} from './marketdata/source-manager.js';
export type * from './ports/index.js';
export * from './trading/index.js';
