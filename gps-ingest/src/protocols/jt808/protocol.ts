/**
 * JT/T 808 (部标) over TCP: one session per terminal; register/auth binds the connection to its unit (the auth
 * code), so no token rides on the positions. Its server also carries the downlink (texts, reporting interval).
 */
import { Jt808Server } from '../../transports/jt808/server.ts';
import { TerminalAuthenticator } from '../../transports/jt808/terminal-auth.ts';
import type { ProtocolDefinition } from '../protocol.ts';
import { decodeJt808Message } from './decode.ts';

export const jt808Protocol = {
  name: 'jt808',
  title: 'JT/T 808 TCP',
  decoder: decodeJt808Message,
  auth: 'session',
  settings: { portEnv: 'JT808_PORT', defaultPort: 6808 },
  startServer: (ctx) =>
    new Jt808Server(
      ctx.config.jt808,
      new TerminalAuthenticator(ctx.db, ctx.credentials),
      ctx.accept,
      ctx.metrics,
      ctx.log,
      ctx.refusals,
    ),
} as const satisfies ProtocolDefinition<'jt808'>;
