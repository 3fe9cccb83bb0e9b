// npm run roads:import -- <file.osm.pbf> — migrates, then replaces the stored road network with the extract's.
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import { migrate } from '../migrate/migrator.ts';
import { importRoads } from '../roads/index.ts';
import { openFromEnvOrExit } from './open-from-env.ts';

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run roads:import -- <file.osm.pbf>');
  process.exit(2);
}
const db = await openFromEnvOrExit();
try {
  await migrate(db);
  const t0 = performance.now();
  const r = await importRoads(db, file, basename(file));
  console.log(
    `${db.description}: road network ${r.networkId} from ${file}: ${r.nodes} nodes, ${r.edges} edges in ${Math.round(performance.now() - t0)} ms`,
  );
} finally {
  await db.close();
}
