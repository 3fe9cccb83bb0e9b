/**
 * Starts a load generator in a process of its own and pins it (taskset) to the CPUs the bench keeps for load,
 * away from the server's. Resolves with its result; rejects if it dies without one.
 */
import { fork, spawnSync } from 'node:child_process';
import type { LoadJob, LoadResult } from './load-types.ts';

const TASKSET = spawnSync('taskset', ['-V']).status === 0;

/** Pins every thread of `pid` to `cpus` (a taskset list such as "1" or "0,1"); false where that is not possible. */
export function pin(pid: number, cpus: string | null): boolean {
  if (!TASKSET || cpus === null) return false;
  return spawnSync('taskset', ['-a', '-cp', cpus, String(pid)], { stdio: 'ignore' }).status === 0;
}

export interface RunningLoad {
  /** Resolves when the generator is ready (consoles: all subscribed; others: at once). */
  ready: Promise<void>;
  result: Promise<LoadResult>;
  /** Asks it to finish now (consoles: stop listening and report). */
  stop(): void;
}

export function startLoad(job: LoadJob, cpus: string | null): RunningLoad {
  const child = fork(new URL('./load-worker.ts', import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  if (child.pid !== undefined) pin(child.pid, cpus);
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  if (job.kind !== 'consoles') markReady();
  const result = new Promise<LoadResult>((resolve, reject) => {
    let got: LoadResult | null = null;
    child.on('message', (m: { ready?: boolean; result?: LoadResult }) => {
      if (m.ready) markReady();
      if (m.result) got = m.result;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (got) resolve(got);
      else reject(new Error(`${job.kind} load process exited with ${code} and no result`));
    });
  });
  result.catch(() => markReady());
  child.send(job);
  return { ready, result, stop: () => child.connected && child.send({ stop: true }) };
}
