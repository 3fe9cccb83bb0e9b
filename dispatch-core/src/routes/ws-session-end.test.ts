import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { testEngine } from '@c120/db/testing';
import { WS_CLOSE } from '../events/index.ts';
import { insertUser } from '../repositories/users.ts';
import { buildTestApp, type TestApp } from '../testing/app.ts';

interface Closed {
  code: number;
  reason: string;
}

/** An open, subscribed socket and a promise of its close. */
interface Watched {
  ws: WebSocket;
  closed: Promise<Closed>;
  isClosed(): boolean;
}

describe(`WebSockets end with their session on ${testEngine()}`, () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<TestApp['as']>>;
  let n = 0;

  beforeAll(async () => {
    t = await buildTestApp();
    admin = await t.as('admin');
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A fresh dispatcher account with one session: its id, token and an open, synced socket. */
  async function signedIn(): Promise<{ userId: number; token: string; watched: Watched }> {
    const user = await insertUser(t.db, {
      username: `ws-user-${++n}`,
      displayName: `ws ${n}`,
      role: 'dispatcher',
      passwordHash: '!',
    });
    const { token } = await t.app.core.auth.openSession(user.id);
    return { userId: user.id, token, watched: await open(token) };
  }

  async function open(token: string): Promise<Watched> {
    const ws = await t.app.injectWS('/ws', { headers: { authorization: `Bearer ${token}` } });
    let done = false;
    const closed = new Promise<Closed>((resolve) =>
      ws.on('close', (code: number, reason: Buffer) => {
        done = true;
        resolve({ code, reason: reason.toString() });
      }),
    );
    const synced = new Promise<void>((resolve) =>
      ws.on('message', (d: { toString(): string }) => {
        if ((JSON.parse(d.toString()) as { type: string }).type === 'sys.synced') resolve();
      }),
    );
    ws.send(JSON.stringify({ type: 'subscribe' }));
    await synced;
    return { ws, closed, isClosed: () => done };
  }

  const within = <T>(p: Promise<T>, ms = 1000): Promise<T> =>
    Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`not within ${ms} ms`)), ms))]);

  it('sign-out closes that session’s sockets at once with 4401, and no other socket', async () => {
    const a = await signedIn();
    const second = await open(a.token);
    const b = await signedIn();
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { authorization: `Bearer ${a.token}` },
    });
    expect(out.statusCode).toBe(204);
    expect(await within(a.watched.closed)).toEqual({ code: WS_CLOSE.sessionEnded, reason: 'session ended' });
    expect((await within(second.closed)).code).toBe(WS_CLOSE.sessionEnded);
    expect(b.watched.isClosed()).toBe(false);
    // The ended session cannot open a new one.
    await expect(open(a.token)).rejects.toThrow();
    b.watched.ws.close();
  });

  it('disabling the user or resetting the password closes their sockets at once', async () => {
    const disabled = await signedIn();
    const reset = await signedIn();
    const patch = (id: number, payload: object) => admin({ method: 'PATCH', url: `/api/admin/users/${id}`, payload });
    expect((await patch(disabled.userId, { disabled: true })).statusCode).toBe(200);
    expect((await within(disabled.watched.closed)).code).toBe(WS_CLOSE.sessionEnded);
    expect(reset.watched.isClosed()).toBe(false);
    expect((await patch(reset.userId, { password: 'a-new-password-1' })).statusCode).toBe(200);
    expect((await within(reset.watched.closed)).code).toBe(WS_CLOSE.sessionEnded);
  });

  it('a revocation made elsewhere (another instance, by hand) is found by the sweep; live sessions stay', async () => {
    const revoked = await signedIn();
    const live = await signedIn();
    await t.db.query('UPDATE sessions SET revoked_at = now() WHERE user_id = $1', [revoked.userId]);
    expect(revoked.watched.isClosed()).toBe(false); // nothing on this instance knew
    expect(await t.app.core.sessionSockets.sweep()).toBe(1);
    expect((await within(revoked.watched.closed)).code).toBe(WS_CLOSE.sessionEnded);
    await t.db.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [live.userId]);
    const another = await signedIn();
    expect(await t.app.core.sessionSockets.sweep()).toBe(1);
    expect((await within(live.watched.closed)).code).toBe(WS_CLOSE.sessionEnded);
    expect(another.watched.isClosed()).toBe(false);
    another.watched.ws.close();
  });
});
