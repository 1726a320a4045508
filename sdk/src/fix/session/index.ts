export * from './file-store.js';
export * from './schedule.js';
export * from './session.js';
export * from './session-id.js';
export * from './store.js';
