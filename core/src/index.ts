import 'reflect-metadata';
export * from './ports/index.js';
