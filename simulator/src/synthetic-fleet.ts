/**
 * Creates a synthetic fleet for load runs and writes its device list for the simulator:
 *
 *   npx tsx simulator/src/synthetic-fleet.ts 2000 .data/sim-devices.json
 *   SIM_DEVICES_FILE=.data/sim-devices.json SIM_TRANSPORT=json npm run simulate
 *
 * Core has no API for device credentials, so this writes to the database directly, through the demo-county
 * seed loader (units + their `json` credentials, idempotent). It needs the database to itself or shared:
 * PostgreSQL (`DATABASE_URL`) while core runs, or the embedded PGlite folder while core is stopped.
 * Optional third argument: share of units with a JT/T 808 terminal (the rest report JSON batches).
 */
import { writeFile } from 'node:fs/promises';
import { migrate, openDatabase, resolveDatabaseConfig } from '@c120/db';
import { loadSeedData, seedDemoCounty } from '@c120/db/seed';
import { syntheticFleet } from './devices.ts';

const [countArg, outArg, jt808Arg] = process.argv.slice(2);
const count = Number(countArg);
if (!Number.isInteger(count) || count < 1 || count > 10_000 || !outArg) {
  console.error('usage: synthetic-fleet.ts <count 1–10000> <devices.json> [jt808 share 0–1]');
  process.exit(2);
}
const db = await openDatabase(resolveDatabaseConfig());
try {
  await migrate(db);
  const data = await loadSeedData();
  const fleet = syntheticFleet(count, {
    stationCodes: data.stations.map((s) => s.code),
    jt808Share: jt808Arg ? Number(jt808Arg) : 0,
  });
  const counts = await seedDemoCounty(db, { ...data, units: [...data.units, ...fleet.units] });
  await writeFile(outArg, JSON.stringify(fleet.devices, null, 1));
  console.log(`${db.description}: ${counts.units} units (${count} synthetic); devices written to ${outArg}`);
} finally {
  await db.close();
}
