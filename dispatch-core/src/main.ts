/**
 * Process entry of dispatch-core alone (no simulator): settings, database, server, graceful stop (run.ts).
 * `npm start` runs the demo entry instead (simulator/src/demo.ts), which adds the simulator in demo mode.
 */
import { runCore, runMain } from './run.ts';

runMain('dispatch-core', () => runCore());
