/**
 * Public API of @c120/dispatch-core: what other packages, tests and benchmarks may use. Everything else under
 * src/ is internal (the lint rule in eslint.config.js refuses imports of another package's src/).
 * Other entry points: `@c120/dispatch-core/contracts` (HTTP shapes), `/events` (WebSocket frames),
 * `/unit-status` (the status state machine the console shares), `/testing` (test support).
 */
export { startServer, prepareData, type RunningServer } from './server.ts';
export { buildApp, type BuildAppOptions } from './app.ts';
export type { App } from './app-types.ts';
export { loadConfig, ConfigError, DEFAULT_CONFIG, demoEnabled, type CoreConfig } from './config.ts';
export { runCore, runMain, type Attached, type RunCoreOptions } from './run.ts';
export { loadProcessSettings, type ProcessSettings } from './settings.ts';
export { ensureDemoAccounts, DEMO_ACCOUNTS, type DemoAccount } from './auth/demo-accounts.ts';
export { serviceSession, ensureServiceAccount } from './auth/service-accounts.ts';
export { hashPassword, verifyPassword, MIN_PASSWORD_LENGTH } from './auth/secrets.ts';
export { toPositionTuple } from './core.ts';
