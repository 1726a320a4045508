export { type BarStep, barsFromSteps, type RandomWalkOptions, randomWalkBars, seededRandom } from './bars.js';
export { deepEqual, firstDifference } from './equal.js';
export { FakeClock } from './fake-clock.js';
export {
  checkIndicatorContract,
  checkIndicatorDescription,
  checkIndicatorOutput,
  checkIndicatorParams,
  checkIndicatorPlugin,
  formingVersions,
  INDICATOR_CONTRACT_CHECKS,
  type IndicatorContractCheck,
  IndicatorContractError,
  type IndicatorContractOptions,
  type IndicatorDescriptionOptions,
  type IndicatorParamsOptions,
  type IndicatorPluginOptions,
  type ParamField,
} from './indicator-contract.js';
export { MemoryPluginStorage } from './memory-storage.js';
export { checkPluginImports, readPluginPackage } from './plugin-package.js';
export { RecordingSink } from './recording-sink.js';
export { type LogEntry, startTestPlugin, type TestHost, type TestHostOptions } from './test-host.js';
export {
  FakeMarketDataReader,
  RecordingVenueEvents,
  StaticInstrumentDirectory,
  type TestOrderFields,
  testInstruments,
  testOrderFactory,
  type VenueEventCall,
} from './venue.js';
