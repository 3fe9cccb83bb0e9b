export * from '@c120/shared/vocabulary';
export * from './config.ts';
export type { Database, Engine, Executor, Orm, Queryable, QueryResult, Row, Transaction } from './client/types.ts';
export { openDatabase } from './client/open.ts';
export { DatabaseUnavailableError } from './client/pg.ts';
export { migrate, loadMigrations, type Migration, type MigrateResult } from './migrate/migrator.ts';
export { ensurePositionPartitions, dropOldPositionPartitions } from './maintenance/partitions.ts';
export { HOT_TABLES, vacuumHotTables } from './maintenance/hot-vacuum.ts';
export * as schema from './schema/index.ts';
