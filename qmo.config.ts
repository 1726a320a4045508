import { defineConfig } from '@qmo/host';

/** The configuration `npm start` runs: embedded database, demo market, first-party plugins. */
export default defineConfig({
  port: 8000,
  dataDir: '.qmo-data',
  plugins: {
    search: ['./plugins'],
    config: {
      'feed-demo': { seed: 42, historyDays: 30 },
    },
  },
  marketData: {
    // Best source first: the host fails over down the list when a source goes stale or errors.
    sources: { '*': ['demo'] },
    staleAfterMs: 5_000,
    failbackAfterMs: 15_000,
    backfillDays: 30,
  },
  branding: {
    productName: 'QMO',
    logoUrl: null,
    colors: {
      primary: '#3b82f6',
      background: '#0b0e14',
      surface: '#131722',
      text: '#d1d4dc',
      up: '#26a69a',
      down: '#ef5350',
    },
  },
});
