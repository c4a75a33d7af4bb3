export * from './api.js';
export * from './areas.js';
export * from './cid.js';
export * from './dates.js';
export * from './errors.js';
export * from './roles.js';
export * from './text.js';
export * from './validation.js';
