export * from './session.js';
export * from './store.js';
