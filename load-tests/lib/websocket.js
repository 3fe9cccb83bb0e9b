// k6/websockets is the stable module in newer k6; the k6 v1.3.0 binary shipped for this project only has
// k6/experimental/websockets. Try the stable one first so the scripts run unchanged on either.
let WS;
try {
  WS = require('k6/websockets').WebSocket;
} catch (_e) {
  WS = require('k6/experimental/websockets').WebSocket;
}
export const WebSocket = WS;
