// Builds the console when console/build is missing or older than its sources, so `npm start` on a fresh
// clone serves a working console without a separate build step (and a second start does not rebuild).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const built = path.join(root, 'console/build/index.html');

function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const sources = [path.join(root, 'console/src'), path.join(root, 'console/static')].filter((d) => existsSync(d));
const stale = !existsSync(built) || sources.some((d) => newest(d) > statSync(built).mtimeMs);
if (stale) {
  console.log('building the console (first start or sources changed)…');
  const r = spawnSync('npm', ['run', 'build', '--workspace', 'console'], { cwd: root, stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
