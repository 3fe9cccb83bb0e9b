/**
 * node --expose-gc --import tsx db/bench/import-memory.ts [file.osm.pbf] — memory of the road import's read
 * (the two streaming passes), without a database: peak RSS while reading, and the heap still held after it
 * (what grows with the extract: the kept ways and the coordinates of their nodes), per million OSM nodes.
 * REPEAT=n streams the file n times in a row as one extract (n× the elements and kept ways; node ids repeat,
 * so the node store does not grow): a stand-in for a larger file, to see whether the peak follows the size.
 */
import { fileURLToPath } from 'node:url';
import { pbfFileSource, readExtract, type OsmSource } from '../src/roads/index.ts';

const file = process.argv[2] ?? fileURLToPath(new URL('../roads/data/monaco.osm.pbf', import.meta.url));
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const mb = (b: number) => (b / 1048576).toFixed(1);
gc();
const heap0 = process.memoryUsage().heapUsed;
const rss0 = process.memoryUsage.rss();
let peak = rss0;
const t0 = performance.now();
const REPEAT = Number(process.env.REPEAT ?? 1);
const one = pbfFileSource(file);
const source: OsmSource = {
  name: file,
  async scan(onElement, onProgress) {
    for (let i = 0; i < REPEAT; i++) await one.scan(onElement, onProgress);
  },
};
const extract = await readExtract(source, () => {
  peak = Math.max(peak, process.memoryUsage.rss());
});
const ms = performance.now() - t0;
gc();
const held = process.memoryUsage().heapUsed - heap0;
const keptRefs =
  extract.roads.reduce((n, w) => n + w.nodes.length, 0) + extract.areas.reduce((n, a) => n + a.nodes.length, 0);
const perM = (b: number) => mb((b / extract.osmNodes) * 1e6);
console.log(
  `${file} ×${REPEAT}: ${extract.osmNodes} OSM nodes, ${extract.coords.size} kept nodes, ${extract.roads.length} road ways, ` +
    `${extract.areas.length} areas, ${extract.poiNodes.length + extract.poiWays.length} POIs, ${keptRefs} node refs; read in ${Math.round(ms)} ms`,
);
console.log(
  `RSS ${mb(rss0)} MB before, peak ${mb(peak)} MB (+${mb(peak - rss0)} MB = ${perM(peak - rss0)} MB per million OSM nodes); ` +
    `heap held after the read ${mb(held)} MB (${perM(held)} MB per million OSM nodes; node store ${mb(extract.coords.bytes)} MB, ` +
    `${(held / Math.max(1, extract.coords.size)).toFixed(0)} bytes per kept node)`,
);
