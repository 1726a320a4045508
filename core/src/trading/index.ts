export { AccountBook, type AccountInput, restrictiveness, TRADING_STATES } from './account-book.js';
export { expiryTime, hasExpired } from './expiry.js';
export { Fraction } from './fraction.js';
export { KeyedQueue } from './keyed-queue.js';
export { Marks } from './marks.js';
export {
  applyOrderEvent,
  changedRequest,
  confirmReplacement,
  createOrder,
  isCancelable,
  isFinalState,
  isReplaceable,
  isWorking,
  type OrderEvent,
  type OrderEventType,
  type OrderGrid,
  OrderTransitionError,
  type TransitionContext,
} from './order-state-machine.js';
export { validateOrderRequest } from './order-validation.js';
export {
  type AccountPnl,
  type DeskPnl,
  type MarkOf,
  type PnlFigures,
  type PnlReport,
  Portfolio,
  type StrategyPnl,
} from './portfolio.js';
export {
  KILL_SWITCH,
  type RiskCheckRequest,
  RiskEngine,
  type RiskEngineOptions,
  type RiskOutcome,
  reducesPosition,
} from './risk-engine.js';
export { describeRule, orderedRules, RiskLimitBook, type RiskRuleInfo, ruleName } from './risk-rules.js';
export {
  type KillSwitchScope,
  type ReplaceOptions,
  type SubmitResult,
  TradingEngine,
  type TradingEngineConfig,
  type TradingEngineOptions,
} from './trading-engine.js';
