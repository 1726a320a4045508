import { defineConfig } from '@qmo/host';

/** The configuration `npm start` runs: embedded database, demo market, first-party plugins. */
export default defineConfig({
  port: 8000,
  dataDir: '.qmo-data',
  plugins: {
    search: ['./plugins'],
    // venue-fix needs a FIX counterparty (host, port, CompIDs in its config) before it can start.
    disabled: ['venue-fix'],
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
  trading: {
    defaultVenue: 'sim',
    desks: [{ id: 'demo', name: 'Demo desk' }],
    accounts: [
      { id: 'DEMO-1', name: 'Demo account 1', desk: 'demo', currency: 'USD', startingEquity: '1000000' },
      { id: 'DEMO-2', name: 'Demo account 2', desk: 'demo', currency: 'USD', startingEquity: '250000' },
    ],
    // Defaults for every account ("*"); risk officers change them per account in the UI.
    limits: {
      '*': {
        'max-order-qty': {
          perInstrument: {
            EURUSD: '5000000',
            'BTC-USD': '25',
            ESZ6: '100',
            XAUUSD: '1000',
            SPX: '100',
            AAPL: '20000',
          },
        },
        'price-collar': { maxDeviationPercent: 5 },
        'order-rate': { maxOrders: 20, windowMs: 1000 },
        'session-loss-cap': { maxLoss: '50000', onBreach: 'REDUCING' },
      },
    },
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
