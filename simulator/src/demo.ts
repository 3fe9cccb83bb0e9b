/**
 * The demo entry (`npm start`): the core server (dispatch-core's `runCore`) plus, in demo mode, the simulator
 * driving the fleet through the real device servers and raising calls, so every screen is alive on first run.
 * On by default with the embedded database, off with DATABASE_URL; SIMULATOR=on|off. This file composes the
 * two, so dispatch-core never imports the simulator.
 */
import { randomBytes } from 'node:crypto';
import { runCore, runMain, serviceSession } from '@c120/dispatch-core';
import { envChoice } from '@c120/shared/settings';
import { optionsFromEnv } from './options.ts';
import { startSimulator } from './simulator.ts';

runMain('dispatch-core', async () => {
  // The demo's own settings are checked before the core starts, like the core's (one error style).
  const simulate = envChoice(process.env, 'SIMULATOR', ['on', 'off'], process.env.DATABASE_URL ? 'off' : 'on') === 'on';
  if (simulate) optionsFromEnv(process.env);
  await runCore({
    // Its callers ring through the PBX seam. Without a configured TELEPHONY_TOKEN the seam gets a random one for
    // this process only (for the in-process simulator, printed nowhere): never a fixed, well-known secret.
    prepare: (settings) => {
      if (simulate && settings.core.telephonyToken === null) {
        settings.core.telephonyToken = randomBytes(32).toString('base64url');
      }
    },
    attach: async (server, db, settings) => {
      if (!simulate) return { banner: 'simulator: off', stop: async () => {} };
      const { osmandPort, jt808Port } = server.devices;
      // The simulator signs in as a service account (no password; this token never leaves the process).
      const token = await serviceSession(db, server.app.core.auth, 'simulator', '模拟器（演示）');
      const simulator = await startSimulator({
        ...optionsFromEnv({ ...process.env, CORE_URL: server.url }),
        token,
        telephonyToken: settings.core.telephonyToken,
        jt808: jt808Port ? { host: '127.0.0.1', port: jt808Port } : null,
        osmandUrl: osmandPort ? `http://127.0.0.1:${osmandPort}` : null,
        log: (line: string) => server.app.log.info(`simulator: ${line}`),
      });
      return { banner: 'simulator: on (SIMULATOR=off to disable)', stop: () => simulator.stop() };
    },
  });
});
