export * from './acceptor.js';
export * from './initiator.js';
export * from './types.js';
