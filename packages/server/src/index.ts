export { buildApp, VERSION } from './app.js';
export { type Config, loadConfig } from './config.js';
export { type Database, openDatabase, openPglite, openPostgres } from './db/connection.js';
export { migrate } from './db/migrate.js';
export { runImport } from './modules/imports/service.js';
export { seedDemo } from './seed/demo.js';
export { ensureGeography } from './seed/geography.js';
export { ensureReferenceData } from './seed/reference.js';
