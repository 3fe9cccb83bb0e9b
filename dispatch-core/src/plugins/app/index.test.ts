import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { accessPlugin, gracefulClosePlugin, rateLimitPlugin } from './index.ts';

describe('infrastructure plugins declare their dependencies', () => {
  it('refuses the rate limiter before the access check (it keys by the signed-in user)', async () => {
    const app = Fastify();
    await expect(app.register(rateLimitPlugin, { perMinute: 10 }).ready()).rejects.toThrow(/access/);
    await app.close();
  });

  it('refuses the access check without the core and the origin check', async () => {
    const app = Fastify();
    await expect(app.register(accessPlugin).ready()).rejects.toThrow(/core|origin-check/);
    await app.close();
  });

  it('refuses graceful close without the core', async () => {
    const app = Fastify();
    await expect(app.register(gracefulClosePlugin).ready()).rejects.toThrow(/core/);
    await app.close();
  });
});
