/** OsmAnd / Traccar Client over HTTP: one fix per request (query form) or a JSON body; a token per device. */
import type http from 'node:http';
import { createOsmAndServer } from '../../transports/osmand-http.ts';
import type { ProtocolDefinition, ProtocolServer } from '../protocol.ts';
import { decodeOsmAnd } from './decode.ts';

export const osmandProtocol = {
  name: 'osmand',
  title: 'OsmAnd / Traccar Client HTTP',
  decoder: decodeOsmAnd,
  auth: 'secret',
  settings: { portEnv: 'OSMAND_PORT', defaultPort: 5055 },
  startServer: (ctx) =>
    httpProtocolServer(createOsmAndServer(ctx.accept, ctx.config.osmand, ctx.metrics, ctx.log, ctx.refusals)),
} as const satisfies ProtocolDefinition<'osmand'>;

function httpProtocolServer(server: http.Server): ProtocolServer {
  return {
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const addr = server.address();
          resolve(typeof addr === 'object' && addr ? addr.port : port);
        });
      }),
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
