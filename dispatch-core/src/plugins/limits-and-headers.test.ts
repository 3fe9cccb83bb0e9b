import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@c120/db/testing';
import { buildTestApp, type Injector, type TestApp } from '../testing/app.ts';
import { clientKey } from './rate-limit.ts';

const BOOTSTRAP = 'window.started = true;';

describe(`rate limits and security headers on ${testEngine()}`, () => {
  let t: TestApp;
  let consoleDir: string;
  beforeAll(async () => {
    consoleDir = await mkdtemp(path.join(tmpdir(), 'c120-console-'));
    await writeFile(path.join(consoleDir, 'index.html'), `<!doctype html><script>${BOOTSTRAP}</script>`);
    t = await buildTestApp({
      httpRateLimitPerMinute: 5,
      consoleDir,
      tileOrigins: ['https://tiles.example.cn'],
    });
  });
  afterAll(async () => {
    await t?.close();
    await rm(consoleDir, { recursive: true, force: true });
  });

  it('refuses a client over its allowance with 429 and a reason, counts it, and spares other clients', async () => {
    // Signed-in clients are keyed by user: a dispatcher floods, an official at the same address is unaffected.
    const official = await t.as('official');
    const admin = await t.as('admin');
    const get = (as: Injector) => as({ url: '/api/incidents', remoteAddress: '10.0.0.1' });
    for (let i = 0; i < 5; i++) expect((await get(t.inject)).statusCode).toBe(200);
    const refused = await get(t.inject);
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ statusCode: 429, code: 'rate_limited' });
    expect(refused.json<{ message: string }>().message).toMatch(/too many requests .*limit 5 per minute.*retry in/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await get(official)).statusCode).toBe(200);
    // Health, readiness and metrics stay reachable for the flooding client (monitoring must see it).
    for (const url of ['/healthz', '/readyz']) {
      expect((await t.inject({ url, remoteAddress: '10.0.0.1' })).statusCode).toBe(200);
    }
    for (let i = 0; i < 6; i++)
      expect((await admin({ url: '/metrics', remoteAddress: '10.0.0.1' })).statusCode).toBe(200);
    const metrics = (await admin('/metrics')).body;
    expect(metrics).toContain('http_responses_total{status="429"} 1');
  });

  it('keys the allowance by the signed-in user when there is one, else by address', () => {
    const asUser = { ip: '10.0.0.9', user: { id: 7 } } as unknown as FastifyRequest;
    const anonymous = { ip: '10.0.0.9' } as unknown as FastifyRequest;
    expect(clientKey(asUser)).toBe('user:7');
    expect(clientKey(anonymous)).toBe('ip:10.0.0.9');
  });

  it('sends a CSP the console works under, and the other security headers, on console and API answers', async () => {
    const hash = `'sha256-${createHash('sha256').update(BOOTSTRAP).digest('base64')}'`;
    for (const url of ['/', '/crew', '/healthz']) {
      const res = await t.app.inject({ url, remoteAddress: '10.0.0.3' });
      expect(res.statusCode).toBe(200);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain(`script-src 'self' ${hash}`);
      expect(csp).not.toContain('unsafe-eval');
      expect(csp).toContain("worker-src 'self' blob:");
      expect(csp).toMatch(/connect-src 'self' https:\/\/\*\.tianditu\.gov\.cn https:\/\/tiles\.example\.cn/);
      expect(csp).toMatch(/img-src 'self' data: blob: https:\/\/\*\.tianditu\.gov\.cn https:\/\/tiles\.example\.cn/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });
});
