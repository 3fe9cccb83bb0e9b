export { seedDemoCounty, type SeedCounts } from './seed.ts';
export { loadSeedData, SEED_DATA_DIR, type SeedData } from './data-files.ts';
export { demoAuthCode, demoDeviceToken } from './demo-tokens.ts';
