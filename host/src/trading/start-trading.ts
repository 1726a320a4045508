import { type InstrumentRegistry, type Kernel, type MarketDataManager, TradingEngine } from '@qmo/core';
import { type AuditRecord, type Clock, errorMessage, extensionPoints, type Logger } from '@qmo/sdk';
import type { QmoConfig } from '../config/schema.js';
import { DrizzleAuditJournal, DrizzleTradingStore, type QmoDatabase } from '../db/index.js';

export interface TradingServices {
  engine: TradingEngine;
  store: DrizzleTradingStore;
  journal: DrizzleAuditJournal;
}

/**
 * The order flow of a host: the trading store and audit journal on the host's database, the
 * trading engine over the kernel's venue and risk-rule plugins, and the configured desks,
 * accounts and default limits created when missing.
 */
export async function startTrading(options: {
  db: QmoDatabase;
  kernel: Kernel;
  instruments: InstrumentRegistry;
  marketData: MarketDataManager;
  config: QmoConfig['trading'];
  clock: Clock;
  logger: Logger;
}): Promise<TradingServices> {
  const { kernel, logger } = options;
  // Every audit record also reaches the compliance reporters (surveillance, alerts).
  const toReporters = (record: AuditRecord) => {
    for (const reporter of kernel.contributions.list(extensionPoints.complianceReporters)) {
      try {
        reporter.value.onRecord?.(record);
      } catch (error) {
        reporter.fault(error);
      }
    }
  };
  const store = new DrizzleTradingStore(options.db, { clock: options.clock, onAudit: toReporters });
  const journal = new DrizzleAuditJournal(options.db, { onAppended: toReporters });
  await seed(store, options.config);

  const engine = new TradingEngine({
    kernel,
    store,
    instruments: options.instruments,
    marketData: options.marketData,
    logger: logger.child({ component: 'trading' }),
    config: {
      defaultVenue: options.config.defaultVenue,
      venues: options.config.venues,
      riskRuleOrder: options.config.riskRuleOrder,
    },
  });
  await engine.start();
  for (const [account, rules] of Object.entries(options.config.limits)) {
    for (const [rule, limits] of Object.entries(rules)) {
      if (engine.riskLimits(account).some((l) => l.rule === rule)) continue;
      try {
        await engine.setRiskLimits(account, rule, limits, 'system:config');
      } catch (error) {
        logger.error('configured risk limits refused', { account, rule, error: errorMessage(error) });
        throw error;
      }
    }
  }
  return { engine, store, journal };
}

async function seed(store: DrizzleTradingStore, config: QmoConfig['trading']): Promise<void> {
  const desks = new Set((await store.desks()).map((d) => d.id));
  for (const desk of config.desks) if (!desks.has(desk.id)) await store.createDesk(desk, 'system:config');
  const accounts = new Set((await store.accounts()).map((a) => a.id));
  for (const account of config.accounts) {
    if (accounts.has(account.id)) continue;
    await store.upsertAccount(
      { ...account, startingEquity: account.startingEquity as never },
      'system:config',
    );
  }
}
