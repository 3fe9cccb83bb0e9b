/** Public API of the county simulator (README.md). */
export { startSimulator } from './simulator.ts';
export type { RunningSimulator, SimulatorStats } from './simulator.ts';
export { optionsFromEnv, resolveOptions, movementScale, ingestSpeedLimitFor, SimulatorEnvError } from './options.ts';
export type { SimulatorOptions } from './options.ts';
export { seedDevices, syntheticFleet, devicesOf, jsonDeviceOf } from './devices.ts';
export type { SimDevice, SimProtocol, SyntheticFleetOptions, UnitRecord } from './devices.ts';
export { DEFAULT_CREW_TIMING } from './crew.ts';
export type { CrewTiming } from './crew.ts';
export { DEFAULT_CALL_MIX } from './calls.ts';
export type { CallMix } from './calls.ts';
export { DEFAULT_SPEEDS } from './route.ts';
export type { SpeedBands } from './route.ts';
