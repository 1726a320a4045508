export * from './account.js';
export * from './decimal.js';
export * from './instrument.js';
export * from './marketdata.js';
export * from './order.js';
export * from './position-size.js';
