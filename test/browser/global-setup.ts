import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Browser tests run against the real built console: build it first when missing or stale. */
export default function setup(): void {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const r = spawnSync('node', ['scripts/ensure-console-build.mjs'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('console build failed');
}
