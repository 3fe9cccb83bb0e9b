#!/usr/bin/env node
// Top frames of a V8 .cpuprofile (node --cpu-prof): self time by function, and inclusive time by function, so a
// bench run can say where the server's time went. Usage: node scripts/cpuprofile-top.mjs file.cpuprofile [N]
import { readFileSync } from 'node:fs';

const [file, n = '25'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/cpuprofile-top.mjs <file.cpuprofile> [top N]');
  process.exit(2);
}
const prof = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of prof.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
const self = new Map();
for (let i = 0; i < prof.samples.length; i++) {
  const dt = prof.timeDeltas[i] ?? 0;
  self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + dt);
}
const label = (node) => {
  const f = node.callFrame;
  const where = f.url
    ? `${f.url.replace(/^file:\/\/.*?\/(node_modules|dispatch-core|gps-ingest|db)\//, '$1/')}:${f.lineNumber + 1}`
    : '';
  return `${f.functionName || '(anonymous)'} ${where}`.trim();
};
const total = [...self.values()].reduce((a, b) => a + b, 0);
const selfBy = new Map();
const inclBy = new Map();
for (const [id, t] of self) {
  const node = byId.get(id);
  selfBy.set(label(node), (selfBy.get(label(node)) ?? 0) + t);
  // Inclusive: once per distinct label on the stack.
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(byId.get(cur));
    if (seen.has(l)) continue;
    seen.add(l);
    inclBy.set(l, (inclBy.get(l) ?? 0) + t);
  }
}
const pct = (t) => `${((100 * t) / total).toFixed(1).padStart(5)}%`;
const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, Number(n));
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled`);
console.log('-- self time');
for (const [l, t] of top(selfBy)) console.log(`${pct(t)}  ${l}`);
console.log('-- inclusive time');
for (const [l, t] of top(inclBy)) console.log(`${pct(t)}  ${l}`);
