import type { AuditJournal, InstrumentRegistry, Kernel, MarketDataManager, TradingEngine } from '@qmo/core';
import type { Logger } from '@qmo/sdk';
import type { AdvisorService } from '../advisors/advisor-service.js';
import type { AccessControl, QmoAuth } from '../auth/index.js';
import type { Branding } from '../config/schema.js';
import type { DrizzleFixStore, DrizzlePreferenceStore, DrizzleTradingStore } from '../db/index.js';
import type { FixSessionInfo } from '../fix/start-fix.js';
import type { IndicatorModules } from '../indicators/indicator-modules.js';
import type { IndicatorService } from '../indicators/indicator-service.js';
import type { SharedBarReads } from '../indicators/shared-bar-reads.js';
import type { Metrics } from '../observability/metrics.js';
import type { ReplaySessions } from '../replay/replay-sessions.js';

/** What the HTTP routes read from; built once by the host. */
export interface HttpDeps {
  kernel: Kernel;
  marketData: MarketDataManager;
  instruments: InstrumentRegistry;
  indicators: IndicatorService;
  /** Indicator plugins bundled for the browser. */
  indicatorModules: IndicatorModules;
  /** Bar reads shared by overlapping requests (the chart's bars and its indicators). */
  barReads: SharedBarReads;
  advisors: AdvisorService;
  trading: TradingEngine;
  /** Paper sessions of bar replay (in memory). */
  replay: ReplaySessions;
  journal: AuditJournal;
  tradingStore: DrizzleTradingStore;
  /** The FIX acceptor's sessions (none without one) and its message log. */
  fix: { sessions(): FixSessionInfo[]; store: DrizzleFixStore };
  /** Each user's UI preferences. */
  preferences: DrizzlePreferenceStore;
  auth: QmoAuth;
  access: AccessControl;
  metrics: Metrics;
  logger: Logger;
  branding: Branding;
  version: string;
  sdkVersion: string;
  storage: 'pglite' | 'postgres';
  startedAt: number;
  /** Why the host is not ready yet, or null when it is. */
  notReadyReason(): string | null;
  /** Folder of the built web UI, or null when it is not built. */
  uiDir: string | null;
}
