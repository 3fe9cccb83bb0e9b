// npm run roads:import -- <file.osm.pbf> — migrates, then replaces the stored road network, map features and
// search names with the extract's. Prints a progress bar on a terminal, and the time and peak memory at the end.
import { basename } from 'node:path';
import { migrate } from '../migrate/migrator.ts';
import { importRoads, type ImportPhase } from '../roads/index.ts';
import { openFromEnvOrExit } from './open-from-env.ts';

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run roads:import -- <file.osm.pbf>');
  process.exit(2);
}

const PHASES: Record<ImportPhase, string> = { ways: '1/3 ways', nodes: '2/3 nodes', store: '3/3 write' };
const mb = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;
let lastDraw = 0;
function progress(phase: ImportPhase, done: number, total: number): void {
  const now = Date.now();
  if (now - lastDraw < 200 && done < total) return;
  lastDraw = now;
  const share = total > 0 ? Math.min(1, done / total) : 1;
  const bar = '#'.repeat(Math.round(share * 30)).padEnd(30, '-');
  const line = `${PHASES[phase]} [${bar}] ${Math.round(share * 100)}%  rss ${mb(process.memoryUsage.rss())}`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}`);
  else if (share === 1) process.stderr.write(`${line}\n`);
}

const db = await openFromEnvOrExit();
try {
  await migrate(db);
  const r = await importRoads(db, file, basename(file), progress);
  if (process.stderr.isTTY) process.stderr.write('\n');
  console.log(
    `${db.description}: road network ${r.networkId} from ${file}: ${r.nodes} nodes, ${r.edges} edges, ` +
      `${r.streets} street names, ${r.pois} places/POIs/addresses, ${r.features} water/landuse features ` +
      `(${r.osmNodes} OSM nodes read) in ${Math.round(r.ms)} ms, peak RSS ${mb(r.peakRssBytes)} ` +
      `(${mb(r.peakRssBytes - r.startRssBytes)} above the start; node store ${mb(r.nodeStoreBytes)})`,
  );
} finally {
  await db.close();
}
