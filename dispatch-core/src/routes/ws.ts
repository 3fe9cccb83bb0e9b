import { TokenBucket } from '@c120/shared/token-bucket';
import type { App } from '../app-types.ts';
import type { ClientMessage, ServerFrame } from '../events/index.ts';
import { SIGNED_IN } from '../auth/roles.ts';
import { eventFilterFor } from '../auth/crew-scope.ts';
import { currentUser } from '../plugins/auth.ts';

function parseMessage(raw: string): ClientMessage | null {
  try {
    const msg = JSON.parse(raw) as Partial<ClientMessage>;
    if (msg.type !== 'subscribe') return null;
    if (msg.afterSeq !== undefined && !(Number.isSafeInteger(msg.afterSeq) && msg.afterSeq >= 0)) return null;
    if (msg.positions !== undefined && typeof msg.positions !== 'boolean') return null;
    if (msg.coverage !== undefined && typeof msg.coverage !== 'boolean') return null;
    return msg as ClientMessage;
  } catch {
    return null;
  }
}

/**
 * Messages one socket may send: a console subscribes once per connection (again after a resync), so a few a
 * second is plenty. Each subscribe may replay thousands of events from the database: a client that keeps
 * sending them is closed (1008) and counted (`ws_flood_disconnects_total`).
 */
const WS_MESSAGES_PER_SECOND = 2;
const WS_MESSAGE_BURST = 10;

/**
 * `/ws`: send `{type:'subscribe', afterSeq?, positions?, coverage?}`; receive replay, `sys.synced`, then live frames. The
 * upgrade needs a session (cookie or Bearer); a crew subscriber receives only its unit's and its incidents'
 * events (`sys.hidden` in place of the others, so its seq stays gap-free) and only its unit's positions. When the
 * session ends (sign-out, revocation, expiry, user disabled) the socket is closed with 4401 (realtime/session-sockets.ts).
 */
export default async function wsRoutes(app: App): Promise<void> {
  const hub = app.core.hub;
  const sessions = app.core.sessionSockets;
  app.get('/ws', { websocket: true, config: { roles: SIGNED_IN }, schema: { hide: true } }, (socket, req) => {
    const user = currentUser(req);
    const scope = { events: eventFilterFor(user), unitId: user.role === 'crew' ? user.unitId : null };
    const client = {
      send: (data: string) => socket.send(data),
      // Position ticks: the same bytes for every console, sent as a text frame without re-encoding per socket.
      sendShared: (utf8: Buffer) => socket.send(utf8, { binary: false }),
      get bufferedAmount() {
        return socket.bufferedAmount;
      },
      close: (code: number, reason: string) => socket.close(code, reason),
    };
    const budget = new TokenBucket(WS_MESSAGES_PER_SECOND, WS_MESSAGE_BURST, Date.now());
    let flooded = false;
    socket.on('message', (data: { toString(): string }) => {
      if (flooded) return; // messages already on the wire when it was closed
      if (!budget.take(Date.now())) {
        flooded = true;
        hub.unsubscribe(client);
        app.httpMetrics.wsFloodDisconnects++;
        socket.close(1008, 'too many messages: at most one subscribe per connection is needed');
        return;
      }
      const msg = parseMessage(data.toString());
      if (!msg) {
        const err: ServerFrame = {
          type: 'sys.error',
          message: 'expected {"type":"subscribe","afterSeq":<number>,"positions":<boolean>,"coverage":<boolean>}',
          fatal: false,
        };
        socket.send(JSON.stringify(err));
        return;
      }
      // Coverage frames are for the county view (dispatchers, officials, admins), not for a crew's scope.
      void hub.subscribe(client, msg.afterSeq, msg.positions ?? true, {
        scope,
        coverage: (msg.coverage ?? false) && user.role !== 'crew',
      });
    });
    const untrack = sessions.add({
      sessionId: user.sessionId,
      userId: user.id,
      close: (code, reason) => {
        hub.unsubscribe(client); // nothing more for this socket, even if its close handshake is slow
        socket.close(code, reason);
      },
    });
    socket.on('close', () => {
      untrack();
      hub.unsubscribe(client);
    });
    socket.on('error', () => {
      untrack();
      hub.unsubscribe(client);
    });
  });
}
