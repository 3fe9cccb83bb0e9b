/** Test support of @c120/dispatch-core (`@c120/dispatch-core/testing`): tests and benchmarks only. */
export * from './app.ts';
export * from './analytics-fixtures.ts';
export { TcpProxy } from './tcp-proxy.ts';
export { Inbox } from './ws-inbox.ts';
