// npm run db:seed — migrates, then loads the demo county (idempotent: run it as often as you like).
import { migrate } from '../migrate/migrator.ts';
import { seedDemoCounty } from '../seed/seed.ts';
import { openFromEnvOrExit } from './open-from-env.ts';

const db = await openFromEnvOrExit();
try {
  await migrate(db);
  const counts = await seedDemoCounty(db);
  console.log(`${db.description}: demo county seeded`, counts);
} finally {
  await db.close();
}
