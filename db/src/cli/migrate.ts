// npm run db:migrate — applies pending migrations to DATABASE_URL (or the embedded database).
import { migrate } from '../migrate/migrator.ts';
import { ensurePositionPartitions } from '../maintenance/partitions.ts';
import { openFromEnvOrExit } from './open-from-env.ts';

const db = await openFromEnvOrExit();
try {
  const result = await migrate(db);
  await ensurePositionPartitions(db);
  console.log(
    `${db.description}: ${result.applied.length ? 'applied ' + result.applied.join(', ') : 'up to date'} (schema version ${result.current})`,
  );
} finally {
  await db.close();
}
