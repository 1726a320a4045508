import type { Instrument, PluginManifest, PluginPackageJson } from '@qmo/sdk';
import { readPluginPackage, testInstruments, testOrderFactory } from '@qmo/sdk/testing';

export const START = Date.UTC(2026, 0, 5, 9, 0, 0);

const PACKAGE_JSON = new URL('../package.json', import.meta.url);

export function packageJson(): PluginPackageJson {
  return readPluginPackage(PACKAGE_JSON).packageJson;
}

export function manifest(): PluginManifest {
  return readPluginPackage(PACKAGE_JSON).manifest;
}

export const AAPL: Instrument = testInstruments.AAPL;
export const ESZ6: Instrument = {
  ...testInstruments.ESZ6,
  venueSymbols: { ...testInstruments.ESZ6.venueSymbols, lmax: 'ESZ26' },
};
export const EURUSD: Instrument = testInstruments.EURUSD;

/** The instruments the host knows in these tests. */
export const INSTRUMENTS: readonly Instrument[] = [AAPL, ESZ6, EURUSD];

/** An order as the engine sends it (PendingNew, nothing filled). */
export const makeOrder = testOrderFactory({
  venue: 'fix',
  state: 'PendingNew',
  createdAt: START,
  updatedAt: START,
});
