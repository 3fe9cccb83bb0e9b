/**
 * `npm run simulate`: the simulator as its own process, against a running core (`npm start`).
 * Settings from the environment (see README.md); SIM_DEVICES_FILE points at a JSON device list
 * (`SimDevice[]`) for synthetic fleets, otherwise the demo fleet's devices are played.
 */
import { readFile } from 'node:fs/promises';
import type { SimDevice } from './devices.ts';
import { optionsFromEnv, SimulatorEnvError } from './options.ts';
import { startSimulator } from './simulator.ts';

async function main(): Promise<void> {
  const options = optionsFromEnv(process.env);
  const file = process.env.SIM_DEVICES_FILE?.trim();
  const devices = file ? (JSON.parse(await readFile(file, 'utf8')) as SimDevice[]) : undefined;
  const sim = await startSimulator({
    ...options,
    ...(devices ? { devices } : {}),
    log: (line) => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`),
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the simulator`);
    await sim.stop();
    console.log(JSON.stringify(sim.stats()));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  const reason = err instanceof SimulatorEnvError ? err.message : err instanceof Error ? err.message : String(err);
  console.error(`simulator failed to start: ${reason}`);
  process.exit(1);
});
