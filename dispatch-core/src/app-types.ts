import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Core } from './core.ts';
import type { HttpMetrics } from './plugins/http-metrics.ts';

/** The Fastify instance with TypeBox types and the core services decorated on it. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

declare module 'fastify' {
  interface FastifyInstance {
    core: Core;
    httpMetrics: HttpMetrics;
  }
  // Access convention (the auth branch adds the same augmentation and enforces it).
  interface FastifyContextConfig {
    roles?: readonly ('admin' | 'dispatcher' | 'crew' | 'official')[];
    public?: boolean;
  }
}
