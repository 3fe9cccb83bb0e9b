import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Core } from './core.ts';

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
  }
  // Who may call a route (the access convention; the auth branch adds the same augmentation and enforces it).
  interface FastifyContextConfig {
    roles?: readonly ('admin' | 'dispatcher' | 'crew' | 'official')[];
    public?: boolean;
  }
}

// Access convention: every route says who may call it (enforced by the auth plugin, which adds the same
// augmentation).
declare module 'fastify' {
  interface FastifyContextConfig {
    roles?: readonly ('admin' | 'dispatcher' | 'crew' | 'official')[];
    public?: boolean;
  }
}
